// First: before any zod schema is built (see zodConfig.ts).
import '../shared/zodConfig';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { describeMetric, formatMetricValue, metricMeaning } from '../../src/core/metrics/metricNames';
import { isTaskId, taskDisplayName } from '../../src/core/tasks';
import { metricsChannel, MetricsStateSchema, type ExportWhat, type MetricsJob, type MetricsToWebview, type MetricsViewReport } from '../../src/protocol/metricsMessages';
import { connect, el } from '../shared/vscodeApi';
import { comparisonSections } from './comparisonView';
import { confusionMatrixTable } from './confusionMatrix';
import { renderCharts } from './lineChart';
import { PredictionsTable } from './predictionsTable';

const root = document.getElementById('root') as HTMLElement;
type ShowMetrics = Extract<MetricsToWebview, { type: 'showMetrics' }>;

const channel = connect(metricsChannel, MetricsStateSchema, (message) => handle(message), (problem) => showNotice(`${problem}. Close the view and open it again; if it persists, see Foundation Models: Show Log.`));

/** The view of one job as last rendered, so that its parts can be redrawn when the job moves on. */
let current: ShowMetrics | undefined;

function handle(message: MetricsToWebview): void {
  switch (message.type) {
    case 'showMetrics':
      channel.setState({ jobId: message.job.id });
      current = message;
      renderJob(message);
      break;
    case 'history':
      renderCurves(message.history, message.live);
      break;
    case 'jobEnded':
      if (!current) return;
      current = { ...current, job: message.job, ...(message.report ? { report: message.report } : {}) };
      byId('job-meta').replaceChildren(meta(current.job, current.report));
      byId('summary').replaceChildren(...summarySections(current.report, current.job));
      break;
    case 'showComparison':
      channel.setState({ compare: message.runs.map((run) => run.id) });
      root.replaceChildren(...comparisonSections(message, exportBar('comparison')));
      break;
  }
}

function byId(id: string): HTMLElement {
  return document.getElementById(id) ?? el('div', { id });
}

function showNotice(text: string): void {
  root.prepend(el('div', { class: 'notice warning' }, text));
}

const taskName = (task: string): string => (isTaskId(task) ? taskDisplayName(task) : task);

function meta(job: MetricsJob, report: MetricsViewReport | undefined): HTMLElement {
  const count = report?.count === undefined ? '' : ` · ${report.count.toLocaleString('en-US')} records`;
  return el('span', {}, `${taskName(job.task)} · ${job.status} · ${job.backend}${count} · `, el('code', {}, job.id));
}

/** Export CSV… and Export JSON… for one thing, and where the last export went. */
function exportBar(what: ExportWhat): HTMLElement {
  const status = el('span', { class: 'hint export-status', id: `export-status-${what}`, 'aria-live': 'polite' });
  const button = (format: 'csv' | 'json') => {
    const b = el('vscode-button', { id: `export-${what}-${format}`, secondary: '', title: `Export the ${what} as ${format.toUpperCase()}` }, `Export ${format.toUpperCase()}…`);
    b.addEventListener('click', () => {
      channel.request('export', { what, format }).then(
        ({ path }) => (status.textContent = path ? `Saved ${path}` : ''),
        (error: unknown) => (status.textContent = error instanceof Error ? error.message : String(error)),
      );
    });
    return b;
  };
  return el('div', { class: 'toolbar' }, button('csv'), button('json'), status);
}

function metricsTable(report: MetricsViewReport): HTMLElement {
  const rows = Object.entries(report.metrics).map(([key, value]) => {
    const metric = describeMetric(key);
    return el('tr', { 'data-key': key }, el('th', { scope: 'row', title: key }, metric.displayName), el('td', { class: 'number' }, formatMetricValue(value)), el('td', { class: 'hint' }, metricMeaning(metric)));
  });
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Metric'), el('th', { scope: 'col', class: 'number' }, 'Value'), el('th', { scope: 'col' }, 'What it measures'));
  return el('table', { class: 'grid', id: 'metrics' }, el('thead', {}, head), el('tbody', {}, ...rows));
}

/** F1 as the share of the cell's width; set through CSSOM, which the CSP allows (style attributes it does not). */
function bar(f1: number): HTMLElement {
  const element = el('div', { class: 'bar', role: 'img', 'aria-label': `F1 ${formatMetricValue(f1)}` });
  element.style.width = `${Math.round(Math.max(0, Math.min(1, f1)) * 100)}%`;
  return element;
}

function perClassTable(perClass: NonNullable<MetricsViewReport['perClass']>): HTMLElement {
  const rows = perClass.map((c) =>
    el(
      'tr',
      {},
      el('th', { scope: 'row' }, c.label),
      el('td', { class: 'number' }, formatMetricValue(c.precision)),
      el('td', { class: 'number' }, formatMetricValue(c.recall)),
      el('td', { class: 'number' }, formatMetricValue(c.f1)),
      el('td', { class: 'bar-cell' }, bar(c.f1)),
      el('td', { class: 'number' }, String(c.support)),
    ),
  );
  const head = el('tr', {}, ...['Class', 'Precision', 'Recall'].map((h) => el('th', { scope: 'col' }, h)), el('th', { scope: 'col', colspan: '2' }, 'F1'), el('th', { scope: 'col' }, 'Support'));
  return el('table', { class: 'grid', id: 'per-class' }, el('thead', {}, head), el('tbody', {}, ...rows));
}

/** The metrics, then the confusion matrix and the per-class figures where the task has classes, then notes. */
function summarySections(report: MetricsViewReport | undefined, job: MetricsJob): HTMLElement[] {
  if (!report) {
    const why = job.status === 'queued' || job.status === 'running' ? 'The metrics come when the job completes.' : `This job reported no metrics (it ${job.status === 'completed' ? 'completed without them' : job.status}).`;
    return [el('h2', {}, 'Metrics'), el('p', { class: 'hint', id: 'no-metrics' }, why)];
  }
  const sections = [el('div', { class: 'section-head' }, el('h2', {}, 'Metrics'), exportBar('metrics')), metricsTable(report)];
  if (report.confusionMatrix && report.confusionMatrix.labels.length > 0) {
    sections.push(
      el('h2', {}, 'Confusion matrix'),
      el('p', { class: 'hint' }, 'A row per reference class, a column per predicted class; the diagonal holds the right answers. Select a count to list those predictions.'),
      el('div', { class: 'grid-wrap wide' }, confusionMatrixTable(report.confusionMatrix, predictionsTable ? (reference, prediction) => showCell(reference, prediction) : undefined)),
    );
  }
  if (report.perClass && report.perClass.length > 0) sections.push(el('h2', {}, 'Per class'), perClassTable(report.perClass));
  for (const note of report.notes ?? []) sections.push(el('p', { class: 'hint' }, note));
  return sections;
}

let predictionsTable: PredictionsTable | undefined;

function showCell(reference: string, prediction: string): void {
  void predictionsTable?.show({ kind: 'cell', reference, prediction });
  byId('predictions-section').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function predictionsSection(message: ShowMetrics): HTMLElement {
  const { predictions } = message;
  const section = el('section', { id: 'predictions-section' });
  if (!predictions.available) {
    predictionsTable = undefined;
    section.append(el('h2', {}, 'Predictions'), el('p', { class: 'hint', id: 'predictions-unavailable' }, predictions.reason));
    return section;
  }
  predictionsTable = new PredictionsTable(predictions, {
    load: (filter, offset, limit) => channel.request('predictions', { filter, offset, limit }),
    open: async (line) => {
      await channel.request('openSource', { line });
    },
  });
  section.append(el('div', { class: 'section-head' }, el('h2', {}, 'Predictions'), exportBar('predictions')), predictionsTable.element);
  return section;
}

function renderCurves(history: Parameters<typeof renderCharts>[1], live: boolean): void {
  const badge = byId('curves-live');
  badge.textContent = live ? 'live' : '';
  badge.toggleAttribute('hidden', !live);
  renderCharts(byId('charts'), history, live);
}

function renderJob(message: ShowMetrics): void {
  const { job, report } = message;
  const sections: HTMLElement[] = [el('h1', {}, job.displayName), el('p', { class: 'hint', id: 'job-meta' }, meta(job, report))];
  if (message.curves) {
    sections.push(
      el('section', { id: 'curves' }, el('div', { class: 'section-head' }, el('h2', {}, 'Training curves'), el('span', { class: 'live-badge', id: 'curves-live', hidden: '' })), el('div', { class: 'charts', id: 'charts' }, el('p', { class: 'hint' }, 'Reading the curves…'))),
    );
  }
  // The predictions table first, so that the confusion matrix's cells can list into it.
  const predictions = predictionsSection(message);
  sections.push(el('section', { id: 'summary' }, ...summarySections(report, job)), predictions);
  root.replaceChildren(...sections);
}

root.textContent = 'Loading…';
channel.post({ type: 'ready' });
