import { describeMetric, type MetricDirection } from './metricNames';

/**
 * Two or more runs side by side: one row per metric any of them reports, one value per run, and which run is best on
 * each row where a metric has a better direction (higher accuracy, lower loss or perplexity).
 */

export interface ComparedRun {
  readonly id: string;
  readonly displayName: string;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface ComparisonRow {
  readonly key: string;
  readonly displayName: string;
  readonly meaning: string;
  readonly better: MetricDirection;
  /** One per run, in the runs' order; undefined where a run does not report the metric. */
  readonly values: readonly (number | undefined)[];
  /** The runs (indices) with the best value; none where no direction, fewer than two values, or all are equal. */
  readonly best: readonly number[];
}

/** The indices of the best values, or none when there is nothing to choose between. */
export function bestOf(values: readonly (number | undefined)[], better: MetricDirection): number[] {
  const present = values.flatMap((value, i) => (value === undefined || !Number.isFinite(value) ? [] : [{ value, i }]));
  if (better === 'none' || present.length < 2) return [];
  const pick = better === 'higher' ? Math.max : Math.min;
  const best = pick(...present.map((p) => p.value));
  const winners = present.filter((p) => p.value === best).map((p) => p.i);
  return winners.length === present.length ? [] : winners;
}

/** Rows in the order the metrics first appear across the runs. */
export function compareRuns(runs: readonly ComparedRun[]): ComparisonRow[] {
  const keys = [...new Set(runs.flatMap((run) => Object.keys(run.metrics)))];
  return keys.map((key) => {
    const { displayName, meaning, better } = describeMetric(key);
    const values = runs.map((run) => (Object.hasOwn(run.metrics, key) ? run.metrics[key] : undefined));
    return { key, displayName, meaning, better, values, best: bestOf(values, better) };
  });
}
