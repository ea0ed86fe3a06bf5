import { metricsChannel, MetricsStateSchema, type MetricsToWebview } from '../../src/protocol/metricsMessages';
import { describeMetric, formatMetricValue } from '../../src/core/metrics/metricNames';
import { connect, el } from '../shared/vscodeApi';

const root = document.getElementById('root') as HTMLElement;

const format = (value: number) => formatMetricValue(value);

/** F1 as the share of the cell's width; set through CSSOM, which the CSP allows (style attributes it does not). */
function bar(f1: number): HTMLElement {
  const element = el('div', { class: 'bar', title: `F1 ${format(f1)}`, role: 'img', 'aria-label': `F1 ${format(f1)}` });
  element.style.width = `${Math.round(Math.max(0, Math.min(1, f1)) * 100)}%`;
  return element;
}

function render(message: MetricsToWebview): void {
  const { job, report } = message;
  const metricRows = Object.entries(report.metrics).map(([key, value]) => {
    const { displayName, meaning } = describeMetric(key);
    return el('tr', { 'data-key': key }, el('th', { scope: 'row', title: key }, displayName), el('td', { class: 'number' }, format(value)), el('td', { class: 'hint' }, meaning));
  });
  const sections: HTMLElement[] = [
    el('h1', {}, job.displayName),
    el('p', { class: 'hint' }, `${job.id} · ${job.task} · ${job.status} · ${job.backend}${report.count === undefined ? '' : ` · ${report.count} records`}`),
    el('h2', {}, 'Metrics'),
    el('table', { class: 'grid', id: 'metrics' }, el('thead', {}, el('tr', {}, el('th', {}, 'Metric'), el('th', {}, 'Value'), el('th', {}, 'What it measures'))), el('tbody', {}, ...metricRows)),
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
        el('td', { class: 'bar-cell' }, bar(c.f1)),
        el('td', { class: 'number' }, String(c.support)),
      ),
    );
    sections.push(
      el('h2', {}, 'Per class'),
      el(
        'table',
        { class: 'grid', id: 'per-class' },
        el('thead', {}, el('tr', {}, ...['Class', 'Precision', 'Recall'].map((h) => el('th', {}, h)), el('th', { colspan: '2' }, 'F1'), el('th', {}, 'Support'))),
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
