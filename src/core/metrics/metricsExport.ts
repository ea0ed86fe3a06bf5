import { compareRuns, type ComparedRun } from './compareRuns';
import type { MetricsReport } from './index';
import { describeMetric } from './metricNames';
import { predictionText, type PredictionRow } from './predictions';

/**
 * What Export writes: the metrics, the predictions and a comparison, as CSV (RFC 4180: comma-separated, CRLF line
 * ends, fields quoted where they hold a comma, quote or line break) and as JSON.
 */

export type ExportFormat = 'csv' | 'json';

/**
 * A text cell as a spreadsheet will read it: one that starts like a formula (`=`, `+`, `-`, `@`, a tab or carriage
 * return) gets a leading `'`, so that opening the file never runs a formula a record smuggled in (OWASP "CSV
 * injection"). Numbers are written by `csvNumber` and keep their sign.
 */
export function csvText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const csvNumber = (value: number | undefined): string => (value === undefined ? '' : String(value));

function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Rows of already-made cells (numbers through `csvNumber`, texts through `csvText`) as one CSV document. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The report's metrics, one per row: the overall ones (no class), then each class's precision, recall, F1, support. */
export function metricsCsv(report: Pick<MetricsReport, 'metrics' | 'perClass'>): string {
  const rows: string[][] = Object.entries(report.metrics).map(([key, value]) => ['', key, csvText(describeMetric(key).displayName), csvNumber(value)]);
  for (const c of report.perClass ?? []) {
    for (const [key, name] of [['precision', 'Precision'], ['recall', 'Recall'], ['f1', 'F1'], ['support', 'Support']] as const) rows.push([csvText(c.label), key, name, csvNumber(c[key])]);
  }
  return toCsv(['class', 'metric', 'name', 'value'], rows);
}

/** The whole report, with each metric's display name, and the job it belongs to. */
export function metricsJson(job: { id: string; displayName: string; task: string }, report: Partial<MetricsReport> & Pick<MetricsReport, 'metrics'>): string {
  const names = Object.fromEntries(Object.keys(report.metrics).map((key) => [key, describeMetric(key).displayName]));
  return `${JSON.stringify({ job, ...report, names }, null, 2)}\n`;
}

/** One row per prediction: where it came from, what the data says, what the model said, and whether it was right. */
export function predictionsCsv(rows: readonly PredictionRow[]): string {
  return toCsv(
    ['index', 'line', 'input', 'reference', 'prediction', 'correct'],
    rows.map((row) => [
      csvNumber(row.index),
      csvNumber(row.line),
      csvText(row.input ?? ''),
      csvText(predictionText(row.reference, ' | ')),
      csvText(predictionText(row.prediction, ' | ')),
      row.correct === undefined ? '' : String(row.correct),
    ]),
  );
}

export function predictionsJson(rows: readonly PredictionRow[]): string {
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/** One row per metric, one column per run, and which runs are best on it. */
export function comparisonCsv(runs: readonly ComparedRun[]): string {
  const rows = compareRuns(runs).map((row) => [row.key, csvText(row.displayName), ...row.values.map(csvNumber), row.best.map((i) => csvText(runs[i]?.displayName ?? '')).join('; ')]);
  return toCsv(['metric', 'name', ...runs.map((run) => csvText(`${run.displayName} (${run.id})`)), 'best'], rows);
}

export function comparisonJson(runs: readonly ComparedRun[]): string {
  return `${JSON.stringify({ runs: runs.map(({ id, displayName }) => ({ id, displayName })), rows: compareRuns(runs) }, null, 2)}\n`;
}
