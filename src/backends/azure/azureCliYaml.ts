import { Document, isMap, isScalar, Scalar } from 'yaml';
import type { BatchDeploymentBody, BatchEndpointBody, OnlineDeploymentBody, OnlineEndpointBody } from './endpoints/deploymentBodies';
import type { Plan } from './endpoints/resumeToken';
import type { NodeInput, RegistryPipelineJobBody } from './registryPipelineJob';

/**
 * The REST bodies this backend sends, written as Azure ML CLI v2 YAML (`az ml job create`, `az ml online-endpoint
 * create`…): the same nodes, components, inputs and settings, in the names the CLI's schemas give them. Conventions
 * from Azure/azureml-examples 085cd6ea39 (`cli/foundation-models/system/finetune/*`, `cli/endpoints/batch/deploy-models/*`,
 * `cli/jobs/basics/hello-pipeline-customize-output-file-serverless.yml`); where the REST body names a thing otherwise
 * (ARM ids, PascalCase enums, ISO durations) one rule below says how the CLI writes it.
 */

export const CLI_SCHEMAS = {
  pipelineJob: 'https://azuremlschemas.azureedge.net/latest/pipelineJob.schema.json',
  onlineEndpoint: 'https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json',
  onlineDeployment: 'https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json',
  batchEndpoint: 'https://azuremlschemas.azureedge.net/latest/batchEndpoint.schema.json',
  batchDeployment: 'https://azuremlschemas.azureedge.net/latest/modelBatchDeployment.schema.json',
} as const;

const ARM_WORKSPACE = '^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.MachineLearningServices/workspaces/[^/]+';

/**
 * A compute as the CLI names it: `azureml:<name>` for a cluster the REST body names by ARM id
 * (`…/workspaces/{ws}/computes/{name}`), `azureml:serverless` for serverless (`settings.default_compute: azureml:…`
 * in the examples).
 */
export function cliCompute(id: string): string {
  if (id === 'serverless') return 'azureml:serverless';
  const name = new RegExp(`${ARM_WORKSPACE}/computes/([^/]+)$`, 'i').exec(id)?.[1];
  return `azureml:${name ? decodeURIComponent(name) : id}`;
}

/**
 * A model as the CLI names it: a workspace model's ARM id (`…/workspaces/{ws}/models/{name}/versions/{v}`) as
 * `azureml:<name>:<v>`; a registry asset (`azureml://registries/…`) as it is.
 */
export function cliModel(id: string): string {
  const match = new RegExp(`${ARM_WORKSPACE}/models/([^/]+)/versions/([^/]+)$`, 'i').exec(id);
  return match ? `azureml:${decodeURIComponent(match[1] ?? '')}:${decodeURIComponent(match[2] ?? '')}` : id;
}

/** An input or output mode (`ReadOnlyMount`, `Upload`…) as the CLI writes it (`ro_mount`, `upload`). */
export function cliMode(mode: string): string {
  const modes: Readonly<Record<string, string>> = { ReadOnlyMount: 'ro_mount', ReadWriteMount: 'rw_mount', Download: 'download', Direct: 'direct', Upload: 'upload', EvalMount: 'eval_mount', EvalDownload: 'eval_download' };
  return modes[mode] ?? mode.toLowerCase();
}

/** An enum of the REST API (`SystemAssigned`, `AADToken`, `UserIdentity`) in the CLI's snake case. */
export function cliEnum(value: string): string {
  const special: Readonly<Record<string, string>> = { AADToken: 'aad_token', AMLToken: 'aml_token' };
  return special[value] ?? value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * A literal input: the REST body sends every literal as a string; one that reads back as the very same number is
 * written as a number (`num_train_epochs: 3`, as the examples write them), any other as a string, so that `"true"`,
 * `"00"` or a JSON text stay what they were.
 */
export function cliLiteral(value: string): string | number {
  const number = Number(value);
  return value.trim() !== '' && Number.isFinite(number) && String(number) === value ? number : value;
}

/** An ISO 8601 duration of seconds (`PT60S`, `PT1M30S`) in milliseconds, as `request_timeout_ms` takes it. */
export function cliDurationMs(duration: string): number {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(duration);
  if (!match || duration === 'PT') throw new Error(`"${duration}" is not a duration of hours, minutes and seconds.`);
  const [, hours = '0', minutes = '0', seconds = '0'] = match;
  return Math.round(((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000);
}

const mapValues = <T, U>(record: Readonly<Record<string, T>>, map: (value: T) => U): Record<string, U> => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));

function cliInput(input: NodeInput): unknown {
  if (input.job_input_type === 'literal') return cliLiteral(input.value);
  return { type: input.job_input_type, path: input.job_input_type === 'mlflow_model' ? cliModel(input.uri) : input.uri };
}

/** A pipeline job (`jobType: Pipeline`) as `pipelineJob.schema.json` YAML. */
export function pipelineJobYaml(body: RegistryPipelineJobBody): Record<string, unknown> {
  const job = body.properties;
  return {
    $schema: CLI_SCHEMAS.pipelineJob,
    type: 'pipeline',
    display_name: job.displayName,
    experiment_name: job.experimentName,
    tags: job.tags,
    ...(job.identity ? { identity: { type: cliEnum(job.identity.identityType) } } : {}),
    ...(Object.keys(job.inputs).length > 0 ? { inputs: job.inputs } : {}),
    settings: { default_compute: cliCompute(job.settings.default_compute), force_rerun: job.settings.force_rerun, continue_on_step_failure: job.settings.continue_on_step_failure },
    jobs: mapValues(job.jobs, (node) => ({
      type: node.type,
      component: node.componentId,
      inputs: mapValues(node.inputs, cliInput),
      ...(Object.keys(node.outputs).length > 0 ? { outputs: mapValues(node.outputs, (output) => output.value) } : {}),
    })),
    outputs: mapValues(job.outputs, (output) => ({ type: output.jobOutputType, ...(output.uri ? { path: output.uri } : {}), ...(output.mode ? { mode: cliMode(output.mode) } : {}) })),
  };
}

/** An online endpoint (`managedOnlineEndpoint.schema.json`); the CLI takes the workspace's region, so `location` goes. */
export function onlineEndpointYaml(plan: Plan, body: OnlineEndpointBody): Record<string, unknown> {
  const { properties } = body;
  return { $schema: CLI_SCHEMAS.onlineEndpoint, name: plan.endpoint, description: properties.description, auth_mode: cliEnum(properties.authMode), identity: { type: cliEnum(body.identity.type) }, tags: body.tags };
}

/** A managed online deployment (`managedOnlineDeployment.schema.json`): `sku.capacity` is its `instance_count`. */
export function onlineDeploymentYaml(plan: Plan, body: OnlineDeploymentBody): Record<string, unknown> {
  const { properties } = body;
  return {
    $schema: CLI_SCHEMAS.onlineDeployment,
    name: plan.deployment,
    endpoint_name: plan.endpoint,
    model: cliModel(properties.model),
    instance_type: properties.instanceType,
    instance_count: body.sku.capacity,
    request_settings: { request_timeout_ms: cliDurationMs(properties.requestSettings.requestTimeout) },
  };
}

export function batchEndpointYaml(plan: Plan, body: BatchEndpointBody): Record<string, unknown> {
  const { properties } = body;
  return { $schema: CLI_SCHEMAS.batchEndpoint, name: plan.endpoint, description: properties.description, auth_mode: cliEnum(properties.authMode), tags: body.tags };
}

/** A model batch deployment (`modelBatchDeployment.schema.json`, `type: model`) on a cluster of the workspace. */
export function batchDeploymentYaml(plan: Plan, body: BatchDeploymentBody): Record<string, unknown> {
  const { properties } = body;
  return {
    $schema: CLI_SCHEMAS.batchDeployment,
    name: plan.deployment,
    endpoint_name: plan.endpoint,
    type: 'model',
    model: cliModel(properties.model.assetId),
    compute: cliCompute(properties.compute ?? ''),
    resources: { instance_count: properties.resources.instanceCount },
  };
}

/** A comment over a key: the path of keys to it (`['jobs', 'finetune', 'inputs', 'train_file_path']`) and its lines. */
export interface KeyComment {
  readonly path: readonly string[];
  readonly lines: readonly string[];
}

const commentText = (lines: readonly string[]) => lines.map((line) => ` ${line}`).join('\n');

/** The YAML text of `value`, with comment lines at the top and over the keys `comments` name. */
export function yamlText(value: unknown, header: readonly string[], comments: readonly KeyComment[] = []): string {
  const doc = new Document(value);
  doc.commentBefore = commentText(header);
  for (const comment of comments) {
    const parent = doc.getIn(comment.path.slice(0, -1), true);
    const pair = isMap(parent) ? parent.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === comment.path.at(-1)) : undefined;
    if (!pair) throw new Error(`No key ${comment.path.join('.')} to comment on.`);
    const key = isScalar(pair.key) ? pair.key : new Scalar(pair.key);
    key.commentBefore = commentText(comment.lines);
    pair.key = key;
  }
  return doc.toString({ lineWidth: 0 });
}
