import { decodeToken, encodeToken, type Reply, type RequestContext } from './armConventions';
import { runTimes, type RunState } from './runs';
import type { FakeJob } from './types';

/**
 * MLflow REST `GET /api/2.0/mlflow/metrics/get-history` under the workspace's tracking path (mlflow.org REST API
 * reference, "Get History": query `run_id` (or the deprecated `run_uuid`), `metric_key` (required), `page_token`,
 * `max_results` (at most 25,000, the default); answer `{metrics: [Metric{key, value, timestamp, step}],
 * next_page_token}`). Errors have MLflow's shape, `{error_code, message}` (mlflow `MlflowException.serialize_as_json`):
 * `RESOURCE_DOES_NOT_EXIST` (404) for an unknown run, `INVALID_PARAMETER_VALUE` (400) for a missing key or a bad
 * `max_results` or token. Pages are no longer than the fake's page size, so paging is always exercised.
 */

const MAX_RESULTS = 25_000;
const MINUTE_MS = 60_000;

function mlflowError(status: number, errorCode: string, message: string): Reply {
  return { status, body: { error_code: errorCode, message } };
}

/** What a run logged over time: its `metricHistory`, or each of its `metrics` once, at step 0. */
export function loggedHistory(job: FakeJob): Record<string, { step: number; value: number }[]> {
  return { ...Object.fromEntries(Object.entries(job.metrics ?? {}).map(([key, value]) => [key, [{ step: 0, value }]])), ...job.metricHistory };
}

/** The latest value of each metric a run logged, as `runs/get` answers `run.data.metrics`. */
export function latestMetrics(state: RunState): { key: string; value: number; timestamp: number; step: number }[] {
  const times = runTimes(state);
  return Object.entries(loggedHistory(state.job)).flatMap(([key, points]) => {
    const last = points.at(-1);
    return last ? [{ key, value: last.value, timestamp: times.end ?? times.created, step: last.step }] : [];
  });
}

export function routeMetricHistory(state: RunState | undefined, runId: string, ctx: RequestContext): Reply {
  const key = ctx.query.get('metric_key');
  if (!key) return mlflowError(400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'metric_key'.");
  const maxText = ctx.query.get('max_results');
  const max = maxText === null ? MAX_RESULTS : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS) return mlflowError(400, 'INVALID_PARAMETER_VALUE', `Invalid value ${maxText} for parameter 'max_results'.`);
  const token = ctx.query.get('page_token');
  const offset = token ? decodeToken(token) : 0;
  if (offset === undefined) return mlflowError(400, 'INVALID_PARAMETER_VALUE', `Invalid page token '${token}'.`);
  if (!state) return mlflowError(404, 'RESOURCE_DOES_NOT_EXIST', `Run '${runId}' not found.`);
  const created = runTimes(state).created;
  const all = (loggedHistory(state.job)[key] ?? []).map((point, i) => ({ key, value: point.value, timestamp: created + (i + 1) * MINUTE_MS, step: point.step }));
  const size = Math.min(max, Math.max(1, Math.floor(ctx.pageSize)));
  const page = all.slice(offset, offset + size);
  return { status: 200, body: { metrics: page, ...(offset + size < all.length ? { next_page_token: encodeToken(offset + size) } : {}) } };
}
