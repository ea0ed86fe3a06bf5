import * as z from 'zod';
import { getJson, type MlClient } from './azureHttp';
import { workspaceArmPath, type AzureWorkspaceTarget } from './azureTarget';
import { workspaceResourceUrl } from './workspaceRest';

/**
 * The workspace's data-plane services (run history, MLflow tracking), found as azure-ai-ml finds them:
 * `workspaces.get` gives the `discoveryUrl`, whose document's `api` is the regional host (API.md §2.1).
 */

const DiscoverySchema = z.object({ api: z.string().min(1) });

export interface WorkspaceDataPlane {
  /** `{api}/history/v1.0/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}/runs` */
  readonly runsUrl: string;
  /** `{api}/mlflow/v1.0/subscriptions/…/workspaces/{ws}`: MLflow's REST API (`/api/2.0/mlflow/…`) lives under it. */
  readonly mlflowUrl: string;
}

const WorkspaceSchema = z.looseObject({ properties: z.looseObject({ discoveryUrl: z.string().nullish() }) });

export async function workspaceDataPlane(client: MlClient, target: AzureWorkspaceTarget, signal?: AbortSignal): Promise<WorkspaceDataPlane> {
  const ws = await getJson(client, workspaceResourceUrl(client, target), WorkspaceSchema, signal);
  const discoveryUrl = ws.properties.discoveryUrl;
  if (!discoveryUrl) throw new Error(`Workspace ${target.workspace} has no discovery URL, so its run history cannot be found.`);
  const discovery = await getJson(client, discoveryUrl, DiscoverySchema, signal);
  const api = discovery.api.replace(/\/+$/, '');
  const armPath = workspaceArmPath(target);
  return { runsUrl: `${api}/history/v1.0${armPath}/runs`, mlflowUrl: `${api}/mlflow/v1.0${armPath}` };
}

const RunSchema = z.object({ runId: z.string().min(1), status: z.string().nullish() });
const RunPageSchema = z.object({
  value: z.array(RunSchema).nullish(),
  continuationToken: z.string().nullish(),
  nextLink: z.string().nullish(),
});
const MAX_CHILD_PAGES = 100;

/** The ids of a run's direct children, every page (`PaginatedRunList`, followed by `nextLink` or the continuation token). */
export async function listChildRunIds(client: MlClient, runsUrl: string, runId: string, signal?: AbortSignal): Promise<string[]> {
  const first = `${runsUrl}/${encodeURIComponent(runId)}/children`;
  const ids: string[] = [];
  let url: string | undefined = first;
  for (let page = 0; url && page < MAX_CHILD_PAGES; page++) {
    const body: z.infer<typeof RunPageSchema> = await getJson(client, url, RunPageSchema, signal);
    for (const child of body.value ?? []) if (!ids.includes(child.runId)) ids.push(child.runId);
    const token = body.continuationToken ?? undefined;
    url = body.nextLink ? new URL(body.nextLink, first).toString() : token ? `${first}?$continuationtoken=${encodeURIComponent(token)}` : undefined;
  }
  return ids;
}

/** MLflow `GET /api/2.0/mlflow/runs/get` (mlflow.org REST API): `run.data.metrics` holds each metric's latest value. */
const MlflowRunSchema = z.object({
  run: z.object({
    data: z
      .object({ metrics: z.array(z.object({ key: z.string().min(1), value: z.number(), step: z.number().optional(), timestamp: z.number().optional() })).nullish() })
      .nullish(),
  }),
});

/** Runs below a job that are searched for metrics: the job, its steps and their steps. */
const METRIC_DEPTH = 3;

/**
 * The scalar metrics a job's runs logged to MLflow: the job's own and its child runs' (a fine-tuning pipeline logs
 * in its steps), the deepest run winning when two log the same name. Non-finite values are left out.
 */
export async function readJobMetrics(client: MlClient, plane: WorkspaceDataPlane, jobName: string, signal?: AbortSignal): Promise<Record<string, number>> {
  const metrics: Record<string, number> = {};
  const visit = async (runId: string, depth: number): Promise<void> => {
    const body = await getJson(client, `${plane.mlflowUrl}/api/2.0/mlflow/runs/get?run_id=${encodeURIComponent(runId)}`, MlflowRunSchema, signal);
    for (const metric of body.run.data?.metrics ?? []) if (Number.isFinite(metric.value)) metrics[metric.key] = metric.value;
    if (depth >= METRIC_DEPTH) return;
    for (const child of await listChildRunIds(client, plane.runsUrl, runId, signal)) await visit(child, depth + 1);
  };
  await visit(jobName, 0);
  return metrics;
}
