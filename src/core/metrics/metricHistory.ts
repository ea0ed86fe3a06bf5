import * as z from 'zod';
import { describeMetric, type MetricDirection } from './metricNames';

/**
 * What a fine-tune logged as it went: each metric's values over the run (training loss, validation loss and
 * accuracy, learning rate…). Locally they come from the Hugging Face Trainer's log lines, on Azure from the MLflow
 * metric history of the job's runs; the metrics view draws them as curves, live while the job runs.
 */

export const MetricPointSchema = z.object({ x: z.number(), value: z.number() });
export const MetricSeriesSchema = z.object({ key: z.string().min(1), points: z.array(MetricPointSchema) });
export const MetricHistorySchema = z.object({
  /** What `x` counts: passes over the data (the Trainer's log has no step), or logging steps (MLflow). */
  axis: z.enum(['epoch', 'step']),
  series: z.array(MetricSeriesSchema),
});
export type MetricPoint = z.infer<typeof MetricPointSchema>;
export type MetricSeries = z.infer<typeof MetricSeriesSchema>;
export type MetricHistory = z.infer<typeof MetricHistorySchema>;

// --- The Trainer's log ---------------------------------------------------------------------------------------------

/**
 * One value of a logged dict as Python prints it: a float or int, `nan`/`inf`, or a NumPy scalar (`np.float64(0.5)`,
 * how NumPy 2 prints one that a metric function returned).
 */
const VALUE = String.raw`(?:np\.(?:float|int)(?:16|32|64)\((?<wrapped>[^()]*)\)|(?<plain>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|-?inf))`;
const ENTRY = new RegExp(String.raw`\s*(?:'(?<single>[^'\\]*)'|"(?<double>[^"\\]*)")\s*:\s*${VALUE}\s*(?:,|$)`, 'y');

/**
 * The numbers of a line the Trainer printed (`PrinterCallback.on_log`: `print(logs)`, so a Python dict such as
 * `{'loss': 0.6931, 'grad_norm': 2.1, 'learning_rate': 4.5e-05, 'epoch': 0.5}`), or undefined for any other line.
 * Every entry must be a quoted key and a number: a dict holding anything else is not one of the Trainer's logs.
 * Non-finite values (`nan`, `inf`) are left out.
 */
export function parseTrainerLogLine(line: string): Record<string, number> | undefined {
  const text = line.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  const body = text.slice(1, -1);
  const values: Record<string, number> = {};
  ENTRY.lastIndex = 0;
  let entries = 0;
  while (ENTRY.lastIndex < body.length) {
    const match = ENTRY.exec(body);
    if (!match?.groups) return undefined;
    entries++;
    const key = match.groups.single ?? match.groups.double ?? '';
    const value = Number(match.groups.wrapped ?? match.groups.plain);
    if (key && Number.isFinite(value)) values[key] = value;
  }
  return entries > 0 ? values : undefined;
}

/**
 * What a log line holds that is no curve: the run's timing and throughput, the FLOs, and the Trainer's summaries
 * (`train_loss`: the mean over the whole run, printed once at the end; `test_…`: the held-out part, scored once).
 */
const NOT_A_CURVE = /(^epoch$|^total_flos$|_runtime$|^runtime$|_per_second$|^train_loss$|^test_)/;

/** Whether a logged metric is worth a curve (not the run's timing, throughput or a one-off summary). */
export const isCurveKey = (key: string): boolean => !NOT_A_CURVE.test(key);

/** The curves of a Trainer's log: every number of its logged dicts against the epoch it was logged at. */
export function trainerLogHistory(lines: Iterable<string>): MetricHistory {
  const series = new Map<string, MetricPoint[]>();
  for (const line of lines) {
    const values = parseTrainerLogLine(line);
    const epoch = values?.epoch;
    if (!values || epoch === undefined) continue;
    for (const [key, value] of Object.entries(values)) {
      if (!isCurveKey(key)) continue;
      let points = series.get(key);
      if (!points) series.set(key, (points = []));
      points.push({ x: epoch, value });
    }
  }
  return { axis: 'epoch', series: [...series].map(([key, points]) => ({ key, points })) };
}

// --- Charts --------------------------------------------------------------------------------------------------------

/** One chart of the view: a measure on the training and validation data, each a line. */
export interface MetricChart {
  /** The measure without its part, e.g. `Loss`, `Accuracy`. */
  readonly title: string;
  readonly meaning: string;
  readonly better: MetricDirection;
  readonly lines: readonly { readonly key: string; readonly label: string; readonly points: readonly MetricPoint[] }[];
}

/** Trainer prefixes and what the legend calls them; a key without one is the training data's (`loss`). */
const PART_LABELS: readonly (readonly [prefix: string, label: string])[] = [
  ['eval_', 'validation'],
  ['train_', 'training'],
];

function splitPart(key: string): { base: string; label: string } {
  for (const [prefix, label] of PART_LABELS) if (key.startsWith(prefix) && key.length > prefix.length) return { base: key.slice(prefix.length), label };
  return { base: key, label: 'training' };
}

/** Charts in a useful order: loss first, then the evaluation measures, then what only describes the run. */
function chartRank(chart: MetricChart, base: string): number {
  if (base === 'loss') return 0;
  return chart.better === 'none' ? 2 : 1;
}

/**
 * The series grouped into charts by measure: `loss` and `eval_loss` share the Loss chart (training and validation
 * lines), `eval_accuracy` has the Accuracy chart… Series with no point are left out.
 */
export function metricCharts(history: MetricHistory): MetricChart[] {
  const charts = new Map<string, { chart: MetricChart & { lines: MetricChart['lines'][number][] }; order: number }>();
  history.series.forEach((series, order) => {
    if (series.points.length === 0) return;
    const { base, label } = splitPart(series.key);
    let entry = charts.get(base);
    if (!entry) {
      const { displayName, meaning, better } = describeMetric(base);
      entry = { chart: { title: displayName, meaning, better, lines: [] }, order };
      charts.set(base, entry);
    }
    entry.chart.lines.push({ key: series.key, label, points: [...series.points].sort((a, b) => a.x - b.x) });
  });
  return [...charts]
    .sort(([baseA, a], [baseB, b]) => chartRank(a.chart, baseA) - chartRank(b.chart, baseB) || a.order - b.order)
    .map(([, { chart }]) => chart);
}
