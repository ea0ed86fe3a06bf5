import { formatMetricValue } from '../../src/core/metrics/metricNames';
import { isTaskId, taskDisplayName } from '../../src/core/tasks';
import type { MetricsToWebview } from '../../src/protocol/metricsMessages';
import { el } from '../shared/vscodeApi';

type Comparison = Extract<MetricsToWebview, { type: 'showComparison' }>;

const BETTER: Readonly<Record<string, string>> = { higher: 'higher is better', lower: 'lower is better', none: '' };

/**
 * Runs side by side: a row per metric with its display name and meaning, a column per run, and the best value of
 * each row marked (by a class and a ★ that screen readers hear as "best").
 */
export function comparisonSections(message: Comparison, exportBar: HTMLElement): HTMLElement[] {
  const task = isTaskId(message.task) ? taskDisplayName(message.task) : message.task;
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, 'Metric'),
    ...message.runs.map((run) => el('th', { scope: 'col', class: 'number run', title: run.id }, run.displayName, el('div', { class: 'hint run-id' }, run.id))),
    el('th', { scope: 'col' }, 'What it measures'),
  );
  const rows = message.rows.map((row) =>
    el(
      'tr',
      { 'data-key': row.key },
      el('th', { scope: 'row', title: row.key }, row.displayName),
      ...row.values.map((value, i) => {
        const best = row.best.includes(i);
        const cell = el('td', { class: `number${best ? ' best' : ''}` }, value === null ? '—' : formatMetricValue(value));
        if (best) cell.append(el('span', { class: 'best-mark', title: 'best', 'aria-label': 'best' }, ' ★'));
        return cell;
      }),
      el('td', { class: 'hint' }, [row.meaning, BETTER[row.better]].filter(Boolean).join('; ')),
    ),
  );
  return [
    el('h1', {}, `Compare ${message.runs.length} runs`),
    el('p', { class: 'hint' }, `${task} · ★ marks the best value of each row where a metric has a better direction`),
    el('div', { class: 'section-head' }, el('h2', {}, 'Metrics'), exportBar),
    el('div', { class: 'grid-wrap wide' }, el('table', { class: 'grid', id: 'comparison' }, el('thead', {}, head), el('tbody', {}, ...rows))),
  ];
}
