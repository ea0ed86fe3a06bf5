import { workspaceArmPath, type AzureWorkspaceTarget } from './azureTarget';

/**
 * The ids Azure ML's REST API takes for assets and computes, as azure-ai-ml resolves them before it sends a job or a
 * deployment (`_operation_orchestrator.get_asset_arm_id`, `_resolve_arm_id_for_pipeline_job`; wire example
 * azure-sdk-for-python `tests/test_configs/pipeline_jobs/rest_non_string_input_pipeline.json` 4e7525437e: a workspace
 * model input's `uri` is `/subscriptions/…/workspaces/{ws}/models/{name}/versions/{v}`).
 */

const PROVIDER = 'Microsoft.MachineLearningServices';

/**
 * A workspace model's `azureml://subscriptions/…/workspaces/{ws}/models/{name}/versions/{v}` (the catalog's asset id)
 * as its ARM id; registry asset ids (`azureml://registries/…`) and anything else stay as they are.
 */
export function armModelId(assetId: string): string {
  const match = /^azureml:\/\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/workspaces\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(assetId);
  if (!match) return assetId;
  const [, sub, rg, ws, name, version] = match;
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${PROVIDER}/workspaces/${ws}/models/${name}/versions/${version}`;
}

/** Serverless compute is named as such; a cluster of the workspace by its ARM id (`…/workspaces/{ws}/computes/{name}`). */
export function computeArmId(target: AzureWorkspaceTarget, compute: string): string {
  if (compute === 'serverless' || compute.startsWith('/subscriptions/')) return compute;
  return `${workspaceArmPath(target)}/computes/${encodeURIComponent(compute)}`;
}
