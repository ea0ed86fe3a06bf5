import * as z from 'zod';
import { isCurveKey, type MetricHistory, type MetricPoint } from '../../core/metrics/metricHistory';
import { getJson, type MlClient } from './azureHttp';
import { listChildRunIds, type WorkspaceDataPlane } from './runHistory';

/**
 * A job's metrics over its run, from the workspace's MLflow tracking server: the keys each run logged
 * (`GET /api/2.0/mlflow/runs/get`, `run.data.metrics`), then each key's values (`GET /api/2.0/mlflow/metrics/get-history`
 * with `run_id`, `metric_key`, `max_results`, `page_token`; answer `{metrics: [{key, value, timestamp, step}],
 * next_page_token}`, mlflow.org REST API reference "Get History"). A fine-tuning pipeline logs in its steps, so the
 * job's child runs are searched as `readJobMetrics` searches them.
 */

const MetricSchema = z.object({ key: z.string().min(1), value: z.number(), step: z.number().nullish(), timestamp: z.number().nullish() });
const RunMetricsSchema = z.object({ run: z.object({ data: z.object({ metrics: z.array(MetricSchema).nullish() }).nullish() }) });
const HistoryPageSchema = z.object({ metrics: z.array(MetricSchema).nullish(), next_page_token: z.string().nullish() });

/** Runs below a job searched for metrics: the job, its steps and their steps. */
const DEPTH = 3;
/** MLflow's largest page; the service may answer less and a next page token. */
const PAGE_SIZE = 25_000;
/** Pages read of one metric at the most: a runaway token loop stops here. */
const MAX_PAGES = 100;

/** Every value `runId` logged under `key`, page after page, in the order logged. */
async function keyHistory(client: MlClient, mlflowUrl: string, runId: string, key: string, signal?: AbortSignal): Promise<z.infer<typeof MetricSchema>[]> {
  const values: z.infer<typeof MetricSchema>[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ run_id: runId, metric_key: key, max_results: String(PAGE_SIZE), ...(token ? { page_token: token } : {}) });
    const body = await getJson(client, `${mlflowUrl}/api/2.0/mlflow/metrics/get-history?${query}`, HistoryPageSchema, signal);
    values.push(...(body.metrics ?? []));
    token = body.next_page_token ?? undefined;
    if (!token) break;
  }
  return values;
}

/** The points of one key: by step; where every step is the same (logged without one), in the order logged. */
function pointsOf(values: readonly z.infer<typeof MetricSchema>[]): MetricPoint[] {
  const finite = values.filter((v) => Number.isFinite(v.value));
  const steps = new Set(finite.map((v) => v.step ?? 0));
  if (finite.length > 1 && steps.size === 1) return finite.map((v, i) => ({ x: i, value: v.value }));
  return finite.map((v) => ({ x: v.step ?? 0, value: v.value })).sort((a, b) => a.x - b.x);
}

/**
 * The curves of job `jobName`: each key any of its runs logged (the run with the most values wins where two log the
 * same key), against the MLflow step. What is no curve (runtime, throughput, the epoch itself) is left out.
 */
export async function readMetricHistory(client: MlClient, plane: WorkspaceDataPlane, jobName: string, signal?: AbortSignal): Promise<MetricHistory> {
  const series = new Map<string, MetricPoint[]>();
  const visit = async (runId: string, depth: number): Promise<void> => {
    const run = await getJson(client, `${plane.mlflowUrl}/api/2.0/mlflow/runs/get?run_id=${encodeURIComponent(runId)}`, RunMetricsSchema, signal);
    for (const { key } of run.run.data?.metrics ?? []) {
      if (!isCurveKey(key)) continue;
      const points = pointsOf(await keyHistory(client, plane.mlflowUrl, runId, key, signal));
      if (points.length > (series.get(key)?.length ?? 0)) series.set(key, points);
    }
    if (depth >= DEPTH) return;
    for (const child of await listChildRunIds(client, plane.runsUrl, runId, signal)) await visit(child, depth + 1);
  };
  await visit(jobName, 0);
  return { axis: 'step', series: [...series].map(([key, points]) => ({ key, points })) };
}
