// First: before any zod schema is built (see zodConfig.ts).
import '../shared/zodConfig';
import { metricsChannel, MetricsStateSchema, type MetricsToWebview } from '../../src/protocol/metricsMessages';
import { connect, el } from '../shared/vscodeApi';

const root = document.getElementById('root') as HTMLElement;

/** What a metric measures, for the names the engines report (Azure ML's names where they exist). */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  accuracy: 'share of records whose prediction equals the reference',
  f1_score_macro: 'F1 averaged over classes, each class weighing the same',
  f1_score_micro: 'F1 over all decisions pooled',
  f1_score_weighted: 'F1 averaged over classes, weighted by their support',
  precision_score_macro: 'precision averaged over classes',
  recall_score_macro: 'recall averaged over classes',
  exact_match: 'answers equal to a reference after SQuAD normalization (0–100)',
  f1_score: 'token overlap of answer and reference (SQuAD, 0–100)',
  rouge1: 'unigram overlap F-measure',
  rouge2: 'bigram overlap F-measure',
  rougeL: 'longest common subsequence F-measure',
  rougeLsum: 'summary-level LCS F-measure, sentences split on newlines',
  sacrebleu: 'corpus BLEU as sacrebleu computes it (0–100)',
};

const format = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(4));

/** F1 as the share of the cell's width; set through CSSOM, which the CSP allows (style attributes it does not). */
function bar(f1: number): HTMLElement {
  const element = el('div', { class: 'bar', title: `F1 ${format(f1)}`, role: 'img', 'aria-label': `F1 ${format(f1)}` });
  element.style.width = `${Math.round(Math.max(0, Math.min(1, f1)) * 100)}%`;
  return element;
}

function render(message: MetricsToWebview): void {
  const { job, report } = message;
  const metricRows = Object.entries(report.metrics).map(([name, value]) =>
    el('tr', {}, el('th', { scope: 'row' }, name), el('td', { class: 'number' }, format(value)), el('td', { class: 'hint' }, DESCRIPTIONS[name] ?? '')),
  );
  const sections: HTMLElement[] = [
    el('h1', {}, job.displayName),
    el('p', { class: 'hint' }, `${job.id} · ${job.task} · ${job.status} · ${job.backend}${report.count === undefined ? '' : ` · ${report.count} records`}`),
    el('h2', {}, 'Metrics'),
    el('table', { class: 'grid', id: 'metrics' }, el('thead', {}, el('tr', {}, el('th', {}, 'metric'), el('th', {}, 'value'), el('th', {}, ''))), el('tbody', {}, ...metricRows)),
  ];
  if (report.perClass && report.perClass.length > 0) {
    const rows = report.perClass.map((c) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, c.label),
        el('td', { class: 'number' }, format(c.precision)),
        el('td', { class: 'number' }, format(c.recall)),
        el('td', { class: 'number' }, format(c.f1)),
        el('td', { class: 'number' }, String(c.support)),
        el('td', { class: 'bar-cell' }, bar(c.f1)),
      ),
    );
    sections.push(
      el('h2', {}, 'Per class'),
      el(
        'table',
        { class: 'grid', id: 'per-class' },
        el('thead', {}, el('tr', {}, ...['class', 'precision', 'recall', 'F1', 'support', 'F1'].map((h) => el('th', {}, h)))),
        el('tbody', {}, ...rows),
      ),
    );
  }
  for (const note of report.notes ?? []) sections.push(el('p', { class: 'hint' }, note));
  root.replaceChildren(...sections);
}

const channel = connect(metricsChannel, MetricsStateSchema, (message) => {
  channel.setState({ jobId: message.job.id });
  render(message);
});
root.textContent = 'Loading…';
channel.post({ type: 'ready' });
