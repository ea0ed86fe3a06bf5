import path from 'node:path';
import {
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  RestError,
  type HttpClient,
  type HttpHeaders,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import pLimit from 'p-limit';
import * as z from 'zod';
import {
  EndpointKindSchema,
  EndpointRecordSchema,
  endpointNameProblem,
  endpointStateFromAzure,
  type DeploymentRecord,
  type EndpointKind,
  type EndpointRecord,
} from '../../core/endpoints/endpointModel';
import type { TokenCredential } from '@azure/core-auth';
import { SPEC_TAG } from './azureJobs';
import { uploadDataFile } from './datastoreUpload';
import type { BatchScoreJobSpec } from '../../core/jobs/jobModel';
import type { CatalogService, DeployRequest, Disposable, EndpointService, InstanceTypeChoice, InvokeResult, OperationOptions } from '../backend';
import type { AzureCloudEndpoints } from './azureCloud';
import { describeAzureError, exchangeJson, isLoopbackHttp, serviceError, type JsonAnswer, type MlClient } from './azureHttp';
import { ModelVersionSchema } from './azureModels';
import { AzureWorkspaceTargetSchema, type AzureWorkspaceTarget } from './azureTarget';
import { listClusters } from './workspaceClusters';
import { DATA_PLANE_API_VERSION, registryDataPlaneBase } from './registryDataPlane';
import { ChangeListeners } from '../changeListeners';
import { isNotFound, WorkspaceRest } from './workspaceRest';
import { abortableDelay } from '../../core/abortableDelay';

/**
 * Azure ML managed online endpoints and batch endpoints of the chosen workspace.
 *
 * Every call is raw REST through the SDK client's pipeline (same sign-in, retries with `Retry-After` on 429/503,
 * cancellation; `WorkspaceRest`), with the api-version `@azure/arm-machinelearning` 2.1.1 speaks (`WORKSPACE_API_VERSION`,
 * `2022-10-01`); answers are validated with zod. Paths, bodies and status codes: `Azure/azure-rest-api-specs`
 * `specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2022-10-01/mfe.json`
 * (commit 29f2c80b060b0c4e47e6b64a8f7bf143bb8fda14) and its `examples/OnlineEndpoint/*`, `examples/OnlineDeployment/*`
 * (`getLogs.json` ba16d1ab34), `examples/BatchEndpoint/*`, `examples/BatchDeployment/*`; shared/azureml/API.md §1.4.7,
 * §1.4.8, §1.5, §2.5, §5.1.
 *
 * Deploying is three long-running operations, each a PUT answered 200/201 with `Azure-AsyncOperation` (or 202 with
 * `Location`, or nothing, in which case the resource's `provisioningState` is polled): the endpoint (when it does not
 * exist yet), the deployment, then the endpoint again with all traffic on the new deployment (online; the endpoint's
 * PATCH takes only tags and identity, `examples/OnlineEndpoint/update.json` 6fa9dd25b2) or with it as the default
 * deployment (batch). The operations are polled here rather than with the SDK's pollers, so that each poll can report
 * progress, `Retry-After` is honoured, cancelling stops only the waiting, and the resume token is plain JSON (the
 * step and the operation URL) that `resumeDeploy` takes after a window reload without sending any PUT again.
 *
 * Batch deployments run on a compute cluster of the workspace: `DeployRequest.compute` names it, or, when left out,
 * `instanceType` does (for batch, `instanceTypes` offers the workspace's clusters).
 */

const PROVIDER = 'Microsoft.MachineLearningServices';
/** The model and task an endpoint serves, kept in its tags so the views can offer the right sample request. */
export const MODEL_TAG = 'foundation-models.model';
export const TASK_TAG = 'foundation-models.task';
/** Used when neither the request nor the model names an instance type (a general-purpose size managed endpoints take). */
const FALLBACK_INSTANCE_TYPE = 'Standard_DS3_v2';
const DEFAULT_DEPLOYMENT = 'default';
const DEFAULT_POLL_MS = 5_000;
const MAX_POLL_MS = 60_000;
const DEFAULT_LOG_LINES = 200;
const USER_AGENT = 'foundation-models-vscode';

// ---------------------------------------------------------------------------------------------------------------
// Resource shapes (only what is read; unknown keys are kept, since a traffic update sends the endpoint back whole)

const StringMapSchema = z.record(z.string(), z.string().nullable()).nullish();
const IdentitySchema = z.looseObject({ type: z.string(), userAssignedIdentities: z.record(z.string(), z.unknown()).nullish() });

const OnlineEndpointSchema = z.looseObject({
  name: z.string().min(1),
  location: z.string().nullish(),
  kind: z.string().nullish(),
  tags: StringMapSchema,
  identity: IdentitySchema.nullish(),
  properties: z.looseObject({
    authMode: z.string().nullish(),
    provisioningState: z.string().nullish(),
    scoringUri: z.string().nullish(),
    traffic: z.record(z.string(), z.number()).nullish(),
  }),
});
type OnlineEndpoint = z.infer<typeof OnlineEndpointSchema>;

const OnlineDeploymentSchema = z.looseObject({
  name: z.string().min(1),
  sku: z.looseObject({ capacity: z.number().nullish() }).nullish(),
  properties: z.looseObject({
    model: z.string().nullish(),
    instanceType: z.string().nullish(),
    provisioningState: z.string().nullish(),
  }),
});
type OnlineDeployment = z.infer<typeof OnlineDeploymentSchema>;

const BatchEndpointSchema = z.looseObject({
  name: z.string().min(1),
  location: z.string().nullish(),
  kind: z.string().nullish(),
  tags: StringMapSchema,
  identity: IdentitySchema.nullish(),
  properties: z.looseObject({
    authMode: z.string().nullish(),
    provisioningState: z.string().nullish(),
    scoringUri: z.string().nullish(),
    defaults: z.looseObject({ deploymentName: z.string().nullish() }).nullish(),
  }),
});
type BatchEndpoint = z.infer<typeof BatchEndpointSchema>;

const BatchDeploymentSchema = z.looseObject({
  name: z.string().min(1),
  properties: z.looseObject({
    model: z.looseObject({ assetId: z.string().nullish() }).nullish(),
    compute: z.string().nullish(),
    resources: z.looseObject({ instanceCount: z.number().nullish() }).nullish(),
    provisioningState: z.string().nullish(),
  }),
});
type BatchDeployment = z.infer<typeof BatchDeploymentSchema>;

/** The `Azure-AsyncOperation` resource (Azure/azure-resource-manager-rpc `v1.0/async-api-reference.md`). */
const OperationStatusSchema = z.looseObject({
  status: z.string().min(1),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});
const ProvisioningSchema = z.looseObject({ properties: z.looseObject({ provisioningState: z.string().nullish() }).nullish(), provisioningState: z.string().nullish() });
const WorkspaceSchema = z.looseObject({ location: z.string().min(1) });
const KeysSchema = z.looseObject({ primaryKey: z.string().nullish() });
const LogsSchema = z.looseObject({ content: z.string().nullish() });
/** `VirtualMachineSize` (machineLearningServices.json 2022-10-01, `examples/VirtualMachineSize/list.json` 15f38e5b50). */
const VmSizeSchema = z.looseObject({
  name: z.string().min(1),
  vCPUs: z.number().nullish(),
  gpus: z.number().nullish(),
  memoryGB: z.number().nullish(),
  supportedComputeTypes: z.array(z.string()).nullish(),
});
type VmSize = z.infer<typeof VmSizeSchema>;

// ---------------------------------------------------------------------------------------------------------------
// The resume token

const STEPS = ['endpoint', 'deployment', 'traffic'] as const;
type Step = (typeof STEPS)[number];

/** Everything a deployment needs, resolved once (model asset, region, cluster), so resuming needs nothing else. */
const PlanSchema = z.object({
  kind: EndpointKindSchema,
  endpoint: z.string().min(1),
  deployment: z.string().min(1),
  location: z.string().min(1),
  /** What the deployment names: a registry asset id or a workspace model's ARM id. */
  model: z.string().min(1),
  /** The catalog id the user picked. */
  modelId: z.string().min(1),
  task: z.string().optional(),
  instanceType: z.string().optional(),
  instanceCount: z.number().int().positive(),
  /** Batch: the cluster's ARM id. */
  compute: z.string().optional(),
});
type Plan = z.infer<typeof PlanSchema>;

/** An operation in flight: what to poll and how. */
const PendingSchema = z.object({
  /** `async`: an `Azure-AsyncOperation` status URL; `location`: a `Location` URL (202 until done); `resource`: the resource's provisioning state. */
  mode: z.enum(['async', 'location', 'resource']),
  url: z.url(),
  resourceUrl: z.url(),
});
type Pending = z.infer<typeof PendingSchema>;

const ResumeTokenSchema = z.object({
  v: z.literal(1),
  target: AzureWorkspaceTargetSchema,
  plan: PlanSchema,
  step: z.enum(STEPS),
  pending: PendingSchema.optional(),
});
type ResumeToken = z.infer<typeof ResumeTokenSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Errors in words a user can act on

/** A deployment step that Azure refused or that ended `Failed`, explained. `code` is the service's. */
export class AzureDeployError extends Error {
  override readonly name = 'AzureDeployError';
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The caller stopped waiting; `message` says what Azure goes on doing. Named `AbortError` so cancellation is recognised. */
export class OperationStoppedError extends Error {
  override readonly name = 'AbortError';
}

/**
 * The body `invoke` gives back for a scoring request the endpoint refused (status 4xx/5xx): what it means and what to
 * do, next to what the endpoint answered.
 */
export interface ScoringProblem {
  readonly problem: string;
  readonly response: unknown;
}

/** An operation that ended `Failed` or `Canceled`, with the service's error. */
class OperationFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface FailureContext {
  readonly plan: Plan | undefined;
  readonly status: number | undefined;
  readonly code: string;
  readonly message: string;
}

interface ErrorAdvice {
  /** The codes this entry explains; `matches` may also recognise the message. */
  readonly codes: readonly string[];
  /** Where the codes are documented. */
  readonly source: string;
  matches(failure: FailureContext): boolean;
  advice(failure: FailureContext): string;
}

const sizeAndPlace = (plan: Plan | undefined): string =>
  plan ? `${plan.kind === 'online' ? `${plan.instanceType ?? 'the instance type'} × ${plan.instanceCount}` : 'the cluster'} in ${plan.location}` : 'this size';

/**
 * Service errors of deployments mapped to what to do. First match wins; anything else falls back to the service's
 * own message (and `describeAzureError` for sign-in and permission problems).
 */
export const DEPLOY_ERROR_ADVICE: readonly ErrorAdvice[] = [
  {
    codes: ['OutOfQuota', 'QuotaExceeded', 'ResourceQuotaExceeded'],
    source:
      'OutOfQuota: MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-troubleshoot-online-endpoints.md (112100ce80, "ERROR: OutOfQuota"); ' +
      'QuotaExceeded, ResourceQuotaExceeded: learn.microsoft.com azure-resource-manager/troubleshooting/error-resource-quota',
    matches: (f) => ['outofquota', 'quotaexceeded', 'resourcequotaexceeded'].includes(f.code.toLowerCase()) || /\bquota\b/i.test(f.message),
    advice: (f) =>
      `Not enough quota for ${sizeAndPlace(f.plan)}. Request more quota for this VM family (Azure portal → Azure Machine Learning → Quota), ` +
      'delete endpoints you no longer use, or pick a smaller instance type or fewer instances.',
  },
  {
    codes: ['SkuNotAvailable', 'InstanceTypeNotSupported', 'NotSupportedSku', 'OutOfCapacity'],
    source:
      'SkuNotAvailable: learn.microsoft.com azure-resource-manager/troubleshooting/error-sku-not-available; region-wide VM capacity: ' +
      'how-to-troubleshoot-online-endpoints.md ("Region-wide VM capacity"); InstanceTypeNotSupported, NotSupportedSku, OutOfCapacity: ' +
      'names seen for instance types a model or region refuses (not confirmed in public source)',
    matches: (f) =>
      ['skunotavailable', 'instancetypenotsupported', 'notsupportedsku', 'outofcapacity'].includes(f.code.toLowerCase()) ||
      /(instance type|instance_type|sku|vm size|requested size)\b[^.]*\b(not (supported|available|allowed)|unavailable|disallowed)/i.test(f.message) ||
      /\bcapacity\b[^.]*\b(region|available)/i.test(f.message),
    advice: (f) =>
      `${f.plan?.instanceType ?? 'This instance type'} cannot be used ${f.plan ? `in ${f.plan.location}` : 'here'} for this model. ` +
      'Pick another instance type (Deploy Model… lists the ones the model allows), or use a workspace in another region.',
  },
  {
    codes: ['Conflict', 'EndpointAlreadyExists', 'ResourceExists'],
    source:
      'Conflict (409): ARM common error for a resource in the way; online endpoint names are unique per region ' +
      '(MicrosoftDocs/azure-ai-docs articles/machine-learning/how-to-deploy-with-rest.md, "Set endpoint name"); the other two: [U]',
    matches: (f) =>
      ['endpointalreadyexists', 'resourceexists'].includes(f.code.toLowerCase()) ||
      ((f.status === 409 || f.code.toLowerCase() === 'conflict') && /already exists|not unique|already (in use|taken)|is taken/i.test(f.message)),
    advice: (f) => `The name "${f.plan?.endpoint ?? 'chosen'}" is already taken (endpoint names are unique in each Azure region). Pick another endpoint name.`,
  },
  {
    codes: ['ResourceNotFound', 'NotFound'],
    source: 'ResourceNotFound: how-to-troubleshoot-online-endpoints.md ("ERROR: ResourceNotFound", "Unable to download user model")',
    matches: (f) => /model/i.test(f.message) && (['resourcenotfound', 'notfound'].includes(f.code.toLowerCase()) || /not (be )?found|does not exist/i.test(f.message)),
    advice: (f) =>
      `Azure cannot find the model${f.plan ? ` ${f.plan.model}` : ''}. Refresh the catalog and pick the model again; a workspace model must be registered in this workspace.`,
  },
  {
    codes: ['ImageBuildFailure'],
    source: 'how-to-troubleshoot-online-endpoints.md ("ERROR: ImageBuildFailure")',
    matches: (f) => f.code.toLowerCase() === 'imagebuildfailure',
    advice: () => "Azure could not build the model's container image. Read the build log the error names, then deploy again.",
  },
  {
    codes: ['ResourceNotReady'],
    source: 'how-to-troubleshoot-online-endpoints.md ("ERROR: ResourceNotReady")',
    matches: (f) => f.code.toLowerCase() === 'resourcenotready',
    advice: () => "The model's container did not start. Read the deployment logs (InferenceServer), or pick an instance type with more memory.",
  },
  {
    codes: ['OperationCanceled'],
    source: 'how-to-troubleshoot-online-endpoints.md ("ERROR: OperationCanceled")',
    matches: (f) => f.code.toLowerCase() === 'operationcanceled',
    advice: () => 'Azure canceled the operation because another operation on the same endpoint took precedence. Wait a minute and deploy again.',
  },
  {
    codes: ['AuthorizationFailed'],
    source: 'ARM common error (403)',
    matches: (f) => f.status === 403 || f.code.toLowerCase() === 'authorizationfailed',
    advice: () => 'Your account may not create endpoints in this workspace. Ask for the "AzureML Data Scientist" role (or Contributor) on it.',
  },
];

function explainFailure(error: unknown, what: string, plan: Plan | undefined): Error {
  if (error instanceof OperationStoppedError || error instanceof AzureDeployError) return error;
  let code = '';
  let message = '';
  let status: number | undefined;
  if (error instanceof OperationFailure) {
    ({ code, message } = error);
  } else if (error instanceof RestError) {
    code = error.code ?? '';
    message = error.message;
    status = error.statusCode;
  } else {
    return new Error(describeAzureError(error, what), { cause: error });
  }
  const failure: FailureContext = { plan, status, code, message };
  const entry = DEPLOY_ERROR_ADVICE.find((candidate) => candidate.matches(failure));
  if (!entry) {
    if (error instanceof RestError && (status === 401 || status === 404 || status === 429)) return new AzureDeployError(describeAzureError(error, what), code || undefined, { cause: error });
    return new AzureDeployError(`${what} failed${code ? ` (${code})` : ''}: ${message || 'no reason given'}`, code || undefined, { cause: error });
  }
  const said = message ? ` Azure said: ${code ? `${code}: ` : ''}${message}` : code ? ` (${code})` : '';
  return new AzureDeployError(`${what} failed. ${entry.advice(failure)}${said}`, code || undefined, { cause: error });
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** Seconds or an HTTP date (`Retry-After`), or milliseconds (`retry-after-ms`, `x-ms-retry-after-ms`). */
function retryAfterMs(headers: HttpHeaders): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(headers.get(name));
    if (headers.get(name) && Number.isFinite(value) && value >= 0) return value;
  }
  const raw = headers.get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error instanceof RestError && error.code === 'REQUEST_SEND_ERROR' && /abort/i.test(error.message)));
}

function elapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/**
 * Deployment names follow the endpoint name rule: azure-ai-ml checks both with `validate_endpoint_or_deployment_name`
 * (Azure/azure-sdk-for-python `sdk/ml/azure-ai-ml/azure/ai/ml/entities/_endpoint/_endpoint_helpers.py`: 3 to 32 characters, a letter
 * first, letters, digits and hyphens, not ending with a hyphen).
 */
function deploymentNameProblem(name: string): string | undefined {
  return endpointNameProblem(name)?.replace('An endpoint name', 'A deployment name');
}

/** `['Standard_DS3_v2', 'Standard_D4a_v4']` (a Python list, as azureml-assets writes tags), JSON, or a comma list. */
export function parseSkuList(text: string | null | undefined): string[] {
  if (!text) return [];
  const quoted = [...text.matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => (m[1] ?? m[2] ?? '').trim());
  const items = quoted.length > 0 ? quoted : text.replace(/[[\]]/g, '').split(',').map((s) => s.trim());
  return items.filter((s) => /^[A-Za-z0-9_-]+$/.test(s));
}

function uniqueIgnoringCase(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function tagValue(maps: Array<Record<string, string | null> | null | undefined>, name: string): string | undefined {
  for (const map of maps) {
    for (const [key, value] of Object.entries(map ?? {})) if (value && key.toLowerCase() === name) return value;
  }
  return undefined;
}

function describeVmSize(size: VmSize): string | undefined {
  const parts = [
    size.vCPUs ? `${size.vCPUs} vCPUs` : undefined,
    size.memoryGB ? `${size.memoryGB} GB` : undefined,
    size.gpus ? `${size.gpus} GPU${size.gpus === 1 ? '' : 's'}` : size.vCPUs ? 'CPU' : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : undefined;
}

/**
 * A workspace model's `azureml://subscriptions/…/workspaces/{ws}/models/{name}/versions/{v}` as the ARM id a
 * deployment names (Azure/azureml-examples `cli/deploy-rest.sh`, 0d9271a1a4); registry asset ids stay as they are.
 */
export function deploymentModelId(assetId: string): string {
  const match = /^azureml:\/\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/workspaces\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(assetId);
  if (!match) return assetId;
  const [, sub, rg, ws, name, version] = match;
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${PROVIDER}/workspaces/${ws}/models/${name}/versions/${version}`;
}

interface ResolvedModel {
  readonly id: string;
  readonly name: string;
  /** `azureml://…/versions/{v}`. */
  readonly assetId: string;
  readonly task: string | undefined;
}

export interface AzureEndpointsOptions {
  readonly client: () => MlClient;
  readonly cloud: AzureCloudEndpoints;
  readonly target: AzureWorkspaceTarget;
  /** Resolves the model a deployment names (its `source` is the asset id). */
  readonly catalog: CatalogService;
  /** The sign-in, for the tokens of Azure ML's own audience (batch invocation); the ARM client's is not accepted there. */
  readonly credential?: (() => TokenCredential) | undefined;
  /** Wait between polls of an operation that sends no `Retry-After` (5 s by default). */
  readonly pollIntervalMs?: number | undefined;
  /** The longest wait a `Retry-After` may ask for (60 s by default). */
  readonly maxPollIntervalMs?: number | undefined;
}

export class AzureEndpoints implements EndpointService {
  private readonly listeners = new ChangeListeners<EndpointRecord>();
  private readonly lifetime = new AbortController();
  private location: Promise<string> | undefined;
  private regionSizes: Promise<VmSize[]> | undefined;
  private scoring: { pipeline: Pipeline; client: HttpClient } | undefined;
  private readonly rest: WorkspaceRest;

  constructor(private readonly options: AzureEndpointsOptions) {
    this.rest = new WorkspaceRest(options);
  }

  private get client(): MlClient {
    return this.options.client();
  }

  // ----- URLs

  /** `{W}/onlineEndpoints[/{name}]` or `{W}/batchEndpoints[/{name}]`, without query. */
  private endpointPath(kind: EndpointKind, name?: string): string {
    return this.rest.url(kind === 'online' ? 'onlineEndpoints' : 'batchEndpoints', ...(name === undefined ? [] : [name]));
  }

  private deploymentPath(kind: EndpointKind, endpoint: string, deployment?: string): string {
    const base = `${this.endpointPath(kind, endpoint)}/deployments`;
    return deployment === undefined ? base : `${base}/${encodeURIComponent(deployment)}`;
  }

  // ----- HTTP

  private signal(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal;
  }

  private workspaceLocation(signal: AbortSignal | undefined): Promise<string> {
    this.location ??= this.rest.get(this.rest.workspaceUrl, WorkspaceSchema, { signal }).then(
      (ws) => ws.location,
      (error: unknown) => {
        this.location = undefined;
        throw error;
      },
    );
    return this.location;
  }

  // ----- Events

  onDidChange(listener: (endpoint: EndpointRecord) => void): Disposable {
    return this.listeners.add(listener);
  }

  private fire(endpoint: EndpointRecord): void {
    this.listeners.fire(endpoint);
  }

  /** Stops every wait in progress (Azure goes on) and forgets the listeners. */
  dispose(): void {
    this.lifetime.abort();
    this.listeners.clear();
  }

  // ----- Reading

  async list(signal?: AbortSignal): Promise<EndpointRecord[]> {
    const combined = this.signal(signal);
    const limit = pLimit(4);
    const [online, batch] = await Promise.all([
      this.rest.listAll(this.endpointPath('online'), OnlineEndpointSchema, { signal: combined }),
      this.rest.listAll(this.endpointPath('batch'), BatchEndpointSchema, { signal: combined }),
    ]);
    // An endpoint deleted between the two reads lists without deployments rather than failing the whole list.
    const deploymentsOf = <T>(kind: EndpointKind, name: string, schema: z.ZodType<T>) =>
      this.rest.listAll(this.deploymentPath(kind, name), schema, { signal: combined }).catch((error: unknown) => {
        if (isNotFound(error)) return [] as T[];
        throw error;
      });
    const records = await Promise.all([
      ...online.map((endpoint) => limit(async () => this.onlineRecord(endpoint, await deploymentsOf('online', endpoint.name, OnlineDeploymentSchema)))),
      ...batch.map((endpoint) => limit(async () => this.batchRecord(endpoint, await deploymentsOf('batch', endpoint.name, BatchDeploymentSchema)))),
    ]);
    return records.sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
  }

  async get(name: string, kind: EndpointKind, signal?: AbortSignal): Promise<EndpointRecord | undefined> {
    const combined = this.signal(signal);
    if (kind === 'online') {
      const endpoint = await this.rest.find(this.endpointPath('online', name), OnlineEndpointSchema, { signal: combined });
      return endpoint && this.onlineRecord(endpoint, await this.rest.listAll(this.deploymentPath('online', name), OnlineDeploymentSchema, { signal: combined }));
    }
    const endpoint = await this.rest.find(this.endpointPath('batch', name), BatchEndpointSchema, { signal: combined });
    return endpoint && this.batchRecord(endpoint, await this.rest.listAll(this.deploymentPath('batch', name), BatchDeploymentSchema, { signal: combined }));
  }

  private onlineRecord(endpoint: OnlineEndpoint, deployments: OnlineDeployment[]): EndpointRecord {
    const records: DeploymentRecord[] = deployments.map((d) => ({
      name: d.name,
      ...(d.properties.model ? { model: d.properties.model } : {}),
      ...(d.properties.instanceType ? { instanceType: d.properties.instanceType } : {}),
      ...(typeof d.sku?.capacity === 'number' && d.sku.capacity >= 0 ? { instanceCount: Math.round(d.sku.capacity) } : {}),
      state: endpointStateFromAzure(d.properties.provisioningState),
    }));
    return this.record(endpoint.name, 'online', endpoint.properties.provisioningState, endpoint.properties.scoringUri, endpoint.properties.traffic ?? {}, records, endpoint.tags);
  }

  /** A batch endpoint's default deployment shows as taking all of its traffic (jobs that name no deployment go there). */
  private batchRecord(endpoint: BatchEndpoint, deployments: BatchDeployment[]): EndpointRecord {
    const records: DeploymentRecord[] = deployments.map((d) => {
      const cluster = d.properties.compute ? /\/computes\/([^/]+)$/i.exec(d.properties.compute)?.[1] : undefined;
      const count = d.properties.resources?.instanceCount;
      return {
        name: d.name,
        ...(d.properties.model?.assetId ? { model: d.properties.model.assetId } : {}),
        ...(cluster ? { instanceType: cluster } : {}),
        ...(typeof count === 'number' && count >= 0 ? { instanceCount: Math.round(count) } : {}),
        state: endpointStateFromAzure(d.properties.provisioningState),
      };
    });
    const defaultDeployment = endpoint.properties.defaults?.deploymentName;
    return this.record(endpoint.name, 'batch', endpoint.properties.provisioningState, endpoint.properties.scoringUri, defaultDeployment ? { [defaultDeployment]: 100 } : {}, records, endpoint.tags);
  }

  private record(
    name: string,
    kind: EndpointKind,
    provisioningState: string | null | undefined,
    scoringUri: string | null | undefined,
    traffic: Record<string, number>,
    deployments: DeploymentRecord[],
    tags: Record<string, string | null> | null | undefined,
  ): EndpointRecord {
    let state = endpointStateFromAzure(provisioningState);
    if (state === 'ready' && deployments.some((d) => d.state === 'creating' || d.state === 'updating')) state = 'updating';
    const failed = deployments.filter((d) => d.state === 'failed').map((d) => d.name);
    const error =
      state === 'failed'
        ? `Endpoint ${name} failed to provision. Delete it and deploy again.`
        : failed.length > 0
          ? `Deployment ${failed.join(', ')} failed. ${kind === 'online' ? 'Read its logs, then ' : ''}deploy again or delete it.`
          : undefined;
    const task = tags?.[TASK_TAG] ?? undefined;
    return EndpointRecordSchema.parse({
      name,
      kind,
      backend: 'azure',
      state,
      ...(scoringUri ? { scoringUri } : {}),
      traffic,
      deployments,
      ...(task ? { task } : {}),
      ...(error ? { error } : {}),
    });
  }

  // ----- Models and instance types

  private async resolveModel(modelId: string, signal: AbortSignal | undefined): Promise<ResolvedModel> {
    if (modelId.startsWith('azureml://')) {
      const name = /\/models\/([^/]+)/.exec(modelId)?.[1] ?? modelId;
      if (!/\/versions\/[^/]+$/.test(modelId)) throw new Error(`${modelId} names no model version; pick a version to deploy.`);
      return { id: modelId, name, assetId: modelId, task: undefined };
    }
    const model = await this.options.catalog.get(modelId, signal ? { signal } : {});
    if (!model) throw new Error(`Model "${modelId}" is not in the Azure catalog; refresh the catalog and pick it again.`);
    if (!model.source?.startsWith('azureml://')) throw new Error(`${model.name} is not an Azure ML model asset, so Azure ML cannot deploy it.`);
    if (!/\/versions\/[^/]+$/.test(model.source)) throw new Error(`${model.name} has no version to deploy; refresh the catalog.`);
    return { id: model.id, name: model.name, assetId: model.source, task: model.task === 'unknown' ? undefined : model.task };
  }

  /**
   * The inference SKUs a model version allows (`inference_compute_allow_list`, a Python-list tag) and recommends
   * (`inference-recommended-sku`, a comma list property), as azureml-assets writes them (API.md §1.4.3).
   */
  private async modelSkus(assetId: string, signal: AbortSignal | undefined): Promise<{ allowed: string[]; recommended: string[] }> {
    let version: z.infer<typeof ModelVersionSchema>;
    const registry = /^azureml:\/\/registries\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/.exec(assetId);
    if (registry) {
      const [, name = '', model = '', number = ''] = registry;
      const base = await registryDataPlaneBase(this.client, this.options.cloud, name, signal);
      const url = `${base}/models/${encodeURIComponent(model)}/versions/${encodeURIComponent(number)}?api-version=${DATA_PLANE_API_VERSION}`;
      version = await this.rest.send('GET', url, ModelVersionSchema, { signal });
    } else {
      const armId = deploymentModelId(assetId);
      if (!armId.startsWith('/subscriptions/')) return { allowed: [], recommended: [] };
      version = await this.rest.get(`${this.rest.armBase}${armId}`, ModelVersionSchema, { signal });
    }
    const maps = [version.properties.tags, version.properties.properties];
    return {
      allowed: parseSkuList(tagValue(maps, 'inference_compute_allow_list')),
      recommended: parseSkuList(tagValue(maps, 'inference-recommended-sku')),
    };
  }

  /** The region's VM sizes (`GET /subscriptions/{sub}/providers/…/locations/{location}/vmSizes`, not paged). */
  private vmSizes(signal: AbortSignal | undefined): Promise<VmSize[]> {
    this.regionSizes ??= (async () => {
      const location = await this.workspaceLocation(signal);
      const url = `${this.rest.armBase}/subscriptions/${encodeURIComponent(this.options.target.subscriptionId)}/providers/${PROVIDER}/locations/${encodeURIComponent(location)}/vmSizes`;
      return (await this.rest.get(url, z.object({ value: z.array(VmSizeSchema) }), { signal })).value;
    })().catch((error: unknown) => {
      this.regionSizes = undefined;
      throw error;
    });
    return this.regionSizes;
  }

  async instanceTypes(modelId: string, kind: EndpointKind, signal?: AbortSignal): Promise<InstanceTypeChoice[]> {
    const combined = this.signal(signal);
    const model = await this.resolveModel(modelId, combined);
    // The model's lists are a recommendation: when they cannot be read, the region's sizes still serve.
    const skus = await this.modelSkus(model.assetId, combined).catch((error: unknown) => {
      if (isAbort(error)) throw error;
      return { allowed: [], recommended: [] };
    });
    if (kind === 'batch') return this.clusterChoices(skus, combined);

    const named = uniqueIgnoringCase([...skus.recommended, ...skus.allowed]);
    if (named.length > 0) {
      const recommended = new Set((skus.recommended.length > 0 ? skus.recommended : skus.allowed).map((s) => s.toLowerCase()));
      const sizes = await this.vmSizes(combined).catch((error: unknown) => {
        if (isAbort(error)) throw error;
        return [] as VmSize[];
      });
      const byName = new Map(sizes.map((size) => [size.name.toLowerCase(), size]));
      const choices = named.map((name) => {
        const size = byName.get(name.toLowerCase());
        const description = size && describeVmSize(size);
        return { name, recommended: recommended.has(name.toLowerCase()), ...(description ? { description } : {}) };
      });
      return choices.sort((a, b) => Number(b.recommended) - Number(a.recommended));
    }
    const sizes = await this.vmSizes(combined);
    // `MIR` marks the sizes managed online endpoints run on (examples/VirtualMachineSize/list.json); all sizes when none is marked.
    const managed = sizes.filter((size) => size.supportedComputeTypes?.some((t) => t.toUpperCase() === 'MIR'));
    return (managed.length > 0 ? managed : sizes)
      .slice()
      .sort((a, b) => (a.gpus ?? 0) - (b.gpus ?? 0) || (a.vCPUs ?? 0) - (b.vCPUs ?? 0) || a.name.localeCompare(b.name))
      .map((size) => {
        const description = describeVmSize(size);
        return { name: size.name, recommended: false, ...(description ? { description } : {}) };
      });
  }

  /** Batch deployments run on the workspace's clusters; those whose VM size the model allows come first, recommended. */
  private async clusterChoices(skus: { allowed: string[]; recommended: string[] }, signal: AbortSignal): Promise<InstanceTypeChoice[]> {
    const allowed = new Set([...skus.allowed, ...skus.recommended].map((s) => s.toLowerCase()));
    const clusters = await listClusters(this.rest, signal);
    const choices: InstanceTypeChoice[] = clusters.map(({ name, vmSize, gpu, nodes }) => ({
      name,
      recommended: allowed.has(vmSize.toLowerCase()),
      description: ['cluster', vmSize, gpu ? 'GPU' : 'CPU', nodes].filter(Boolean).join(' · '),
    }));
    return choices.sort((a, b) => Number(b.recommended) - Number(a.recommended) || a.name.localeCompare(b.name));
  }

  // ----- Deploying

  async deploy(request: DeployRequest, options: OperationOptions = {}): Promise<EndpointRecord> {
    const problem = endpointNameProblem(request.endpointName);
    if (problem) throw new Error(problem);
    const deployment = request.deploymentName ?? DEFAULT_DEPLOYMENT;
    const deploymentProblem = deploymentNameProblem(deployment);
    if (deploymentProblem) throw new Error(deploymentProblem);
    if (!Number.isInteger(request.instanceCount) || request.instanceCount < 1) throw new Error('The instance count is a whole number of at least 1.');
    const cluster = request.kind === 'batch' ? (request.compute ?? request.instanceType) : undefined;
    if (request.kind === 'batch' && !cluster) throw new Error('A batch deployment runs on a compute cluster of the workspace: choose one.');

    const signal = this.signal(options.signal);
    const what = `Deploying to ${request.endpointName}`;
    let model: ResolvedModel;
    let location: string;
    let instanceType: string | undefined;
    try {
      model = await this.resolveModel(request.modelId, signal);
      location = await this.workspaceLocation(signal);
      if (request.kind === 'online') {
        instanceType = request.instanceType;
        if (!instanceType) {
          const skus = await this.modelSkus(model.assetId, signal).catch(() => ({ allowed: [], recommended: [] }));
          instanceType = skus.recommended[0] ?? skus.allowed[0] ?? FALLBACK_INSTANCE_TYPE;
        }
      }
    } catch (error) {
      if (isAbort(error)) throw new OperationStoppedError('Cancelled before anything was created in Azure.');
      throw error instanceof RestError ? new Error(describeAzureError(error, what), { cause: error }) : error;
    }
    const plan: Plan = {
      kind: request.kind,
      endpoint: request.endpointName,
      deployment,
      location,
      model: deploymentModelId(model.assetId),
      modelId: model.id,
      ...(model.task ? { task: model.task } : {}),
      ...(instanceType ? { instanceType } : {}),
      instanceCount: request.instanceCount,
      ...(cluster ? { compute: cluster.startsWith('/subscriptions/') ? cluster : `${this.rest.workspaceUrl.slice(this.rest.armBase.length)}/computes/${cluster}` } : {}),
    };
    return this.run(plan, 'endpoint', undefined, options);
  }

  async resumeDeploy(token: string, options: OperationOptions = {}): Promise<EndpointRecord> {
    let saved: ResumeToken;
    try {
      const parsed = ResumeTokenSchema.safeParse(JSON.parse(token));
      if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
      saved = parsed.data;
    } catch (error) {
      throw new Error(`The saved deployment cannot be resumed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const { subscriptionId, resourceGroup, workspace } = this.options.target;
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    if (!same(saved.target.subscriptionId, subscriptionId) || !same(saved.target.resourceGroup, resourceGroup) || !same(saved.target.workspace, workspace)) {
      throw new Error(`The deployment to ${saved.plan.endpoint} was started in workspace ${saved.target.workspace}; pick that workspace to follow it.`);
    }
    if (saved.pending && (!this.rest.onArm(saved.pending.url) || !this.rest.onArm(saved.pending.resourceUrl))) {
      throw new Error(`The saved deployment to ${saved.plan.endpoint} points outside ${new URL(this.rest.armBase).host}; it is not followed.`);
    }
    options.progress?.(`Following the deployment to ${saved.plan.endpoint} where it was left`);
    return this.run(saved.plan, saved.step, saved.pending, options);
  }

  /** Runs the steps from `from` on; `pending` is that step's operation when it was already started. */
  private async run(plan: Plan, from: Step, pending: Pending | undefined, options: OperationOptions): Promise<EndpointRecord> {
    const signal = this.signal(options.signal);
    const start = STEPS.indexOf(from);
    for (let index = start; index < STEPS.length; index += 1) {
      const step = STEPS[index] as Step;
      try {
        await this.runStep(plan, step, index === start ? pending : undefined, options, signal);
      } catch (error) {
        const failure = explainFailure(error, this.stepLabel(plan, step), plan);
        // The endpoint as it is now, for the views; reading it must not hide the failure.
        if (!(failure instanceof OperationStoppedError)) {
          const record = await this.get(plan.endpoint, plan.kind).catch(() => undefined);
          if (record) this.fire(record);
        }
        throw failure;
      }
    }
    const record = await this.get(plan.endpoint, plan.kind, signal);
    if (!record) throw new Error(`Endpoint ${plan.endpoint} was deployed but cannot be read back; refresh the Endpoints view.`);
    this.fire(record);
    return record;
  }

  /** The resource a step creates or changes. */
  private stepResource(plan: Plan, step: Step): string {
    return step === 'deployment' ? this.deploymentPath(plan.kind, plan.endpoint, plan.deployment) : this.endpointPath(plan.kind, plan.endpoint);
  }

  private stepLabel(plan: Plan, step: Step): string {
    switch (step) {
      case 'endpoint':
        return `Creating endpoint ${plan.endpoint}`;
      case 'deployment':
        return `Deployment ${plan.deployment} of ${plan.endpoint}`;
      case 'traffic':
        return plan.kind === 'online' ? `Sending the traffic of ${plan.endpoint} to ${plan.deployment}` : `Making ${plan.deployment} the default deployment of ${plan.endpoint}`;
    }
  }

  /** What stays in Azure when the caller stops waiting during `step` (started: its PUT was sent). */
  private leftRunning(plan: Plan, step: Step, started: boolean): string {
    const view = 'It shows in the Endpoints view, where you can delete it.';
    switch (step) {
      case 'endpoint':
        return started ? `Azure goes on creating endpoint ${plan.endpoint} (no deployment yet). ${view}` : 'Nothing was created in Azure.';
      case 'deployment':
        return started
          ? `Azure goes on creating deployment ${plan.deployment} of endpoint ${plan.endpoint}; its instances are billed once they run. ${view}`
          : `Endpoint ${plan.endpoint} stays in Azure without deployment ${plan.deployment}. ${view}`;
      case 'traffic':
        return started
          ? `Azure finishes ${plan.kind === 'online' ? `moving the traffic of ${plan.endpoint} to ${plan.deployment}` : `making ${plan.deployment} the default deployment`} on its own.`
          : `Deployment ${plan.deployment} is running on ${plan.endpoint} but ${plan.kind === 'online' ? 'receives no traffic' : 'is not the default deployment'} yet; deploy again to finish. ${view}`;
    }
  }

  private stopped(plan: Plan, step: Step, started: boolean): () => OperationStoppedError {
    return () => new OperationStoppedError(`Stopped waiting. ${this.leftRunning(plan, step, started)}`);
  }

  private saveToken(plan: Plan, step: Step, pending: Pending, options: OperationOptions): void {
    const token: ResumeToken = { v: 1, target: { ...this.options.target }, plan, step, pending };
    options.onResumeToken?.(JSON.stringify(token));
  }

  /** Sends a step's PUT (unless `pending` says it was sent), then waits for its operation to end. */
  private async runStep(plan: Plan, step: Step, pending: Pending | undefined, options: OperationOptions, signal: AbortSignal): Promise<void> {
    const progress = options.progress;
    let initialDelay: number | undefined;
    if (!pending) {
      if (signal.aborted) throw this.stopped(plan, step, false)();
      let put: { url: string; body: unknown } | undefined;
      try {
        put = await this.stepRequest(plan, step, signal, progress);
      } catch (error) {
        if (isAbort(error)) throw this.stopped(plan, step, false)();
        throw error;
      }
      if (!put) return;
      let answer: JsonAnswer;
      try {
        answer = await this.rest.exchange('PUT', this.rest.withApi(put.url), { body: put.body, signal });
      } catch (error) {
        // The PUT may or may not have reached Azure: say what may be left.
        if (isAbort(error)) throw this.stopped(plan, step, true)();
        throw error;
      }
      pending = this.pendingFrom(answer, this.rest.withApi(put.url));
      if (!pending) return;
      initialDelay = retryAfterMs(answer.headers);
      this.saveToken(plan, step, pending, options);
    } else {
      // A resumed operation always belongs to the step's own resource; anything else is not followed.
      if (pending.resourceUrl !== this.rest.withApi(this.stepResource(plan, step))) {
        throw new Error(`The saved deployment to ${plan.endpoint} does not match its ${step === 'deployment' ? 'deployment' : 'endpoint'}; deploy again.`);
      }
      // Time has passed since the token was saved: ask at once.
      initialDelay = 0;
    }
    await this.waitFor(pending, this.stepLabel(plan, step), signal, progress, this.stopped(plan, step, true), initialDelay);
  }

  /**
   * The PUT of a step (URL without query, body), or `undefined` when there is nothing to do (the endpoint exists, the
   * traffic is already there). An endpoint that is still being created or updated is waited for first.
   */
  private async stepRequest(plan: Plan, step: Step, signal: AbortSignal, progress: ((line: string) => void) | undefined): Promise<{ url: string; body: unknown } | undefined> {
    const endpointUrl = this.endpointPath(plan.kind, plan.endpoint);
    const schema = plan.kind === 'online' ? OnlineEndpointSchema : BatchEndpointSchema;
    if (step === 'endpoint') {
      const existing = await this.rest.find(endpointUrl, schema, { signal });
      if (existing) {
        const state = existing.properties.provisioningState;
        if (state === 'Deleting') throw new Error(`Endpoint ${plan.endpoint} is being deleted. Wait until it is gone, or pick another name.`);
        if (state === 'Creating' || state === 'Updating') {
          progress?.(`Endpoint ${plan.endpoint} is ${state.toLowerCase()}; waiting for it…`);
          const resource = this.rest.withApi(endpointUrl);
          await this.waitFor({ mode: 'resource', url: resource, resourceUrl: resource }, `Endpoint ${plan.endpoint}`, signal, progress, this.stopped(plan, step, true));
        } else {
          progress?.(`Endpoint ${plan.endpoint} exists; adding deployment ${plan.deployment} to it`);
        }
        return undefined;
      }
      progress?.(`Creating endpoint ${plan.endpoint}…`);
      const tags: Record<string, string> = { [MODEL_TAG]: plan.modelId, ...(plan.task ? { [TASK_TAG]: plan.task } : {}) };
      const body =
        plan.kind === 'online'
          ? { location: plan.location, tags, identity: { type: 'SystemAssigned' }, properties: { authMode: 'Key', description: `${plan.modelId}, deployed from VS Code` } }
          : { location: plan.location, tags, properties: { authMode: 'AADToken', description: `${plan.modelId}, deployed from VS Code` } };
      return { url: endpointUrl, body };
    }
    if (step === 'deployment') {
      const url = this.deploymentPath(plan.kind, plan.endpoint, plan.deployment);
      if (plan.kind === 'online') {
        progress?.(`Creating deployment ${plan.deployment} (${plan.instanceType ?? FALLBACK_INSTANCE_TYPE} × ${plan.instanceCount})…`);
        return {
          url,
          body: {
            location: plan.location,
            sku: { name: 'Default', capacity: plan.instanceCount },
            properties: { endpointComputeType: 'Managed', model: plan.model, instanceType: plan.instanceType ?? FALLBACK_INSTANCE_TYPE },
          },
        };
      }
      const cluster = /\/computes\/([^/]+)$/.exec(plan.compute ?? '')?.[1] ?? plan.compute;
      progress?.(`Creating deployment ${plan.deployment} (cluster ${cluster} × ${plan.instanceCount})…`);
      return {
        url,
        body: {
          location: plan.location,
          properties: { model: { referenceType: 'Id', assetId: plan.model }, compute: plan.compute, resources: { instanceCount: plan.instanceCount } },
        },
      };
    }
    // traffic: the endpoint goes back whole (PUT replaces), with only the traffic or default deployment changed.
    const current = await this.rest.get(endpointUrl, schema, { signal });
    const readOnly = new Set(['provisioningState', 'scoringUri', 'swaggerUri']);
    const writable = Object.fromEntries(Object.entries(current.properties).filter(([key]) => !readOnly.has(key)));
    const identity = current.identity
      ? {
          type: current.identity.type,
          ...(current.identity.userAssignedIdentities ? { userAssignedIdentities: Object.fromEntries(Object.keys(current.identity.userAssignedIdentities).map((id) => [id, {}])) } : {}),
        }
      : undefined;
    const envelope = {
      location: current.location ?? plan.location,
      ...(current.tags ? { tags: current.tags } : {}),
      ...(current.kind ? { kind: current.kind } : {}),
      ...(identity ? { identity } : {}),
    };
    if (plan.kind === 'online') {
      const traffic = (current as OnlineEndpoint).properties.traffic ?? {};
      if (traffic[plan.deployment] === 100) return undefined;
      progress?.(`Sending all traffic of ${plan.endpoint} to ${plan.deployment}…`);
      return { url: endpointUrl, body: { ...envelope, properties: { ...writable, traffic: { [plan.deployment]: 100 } } } };
    }
    if ((current as BatchEndpoint).properties.defaults?.deploymentName === plan.deployment) return undefined;
    progress?.(`Making ${plan.deployment} the default deployment of ${plan.endpoint}…`);
    return { url: endpointUrl, body: { ...envelope, properties: { ...writable, defaults: { deploymentName: plan.deployment } } } };
  }

  /** How to follow an accepted request (API.md §1.5): its `Azure-AsyncOperation`, its `Location`, or the resource itself. */
  private pendingFrom(answer: JsonAnswer, resourceUrl: string): Pending | undefined {
    const asyncUrl = answer.headers.get('azure-asyncoperation') ?? answer.headers.get('operation-location');
    if (asyncUrl && this.rest.onArm(asyncUrl)) return { mode: 'async', url: asyncUrl, resourceUrl };
    const location = answer.headers.get('location');
    if (answer.status === 202 && location && this.rest.onArm(location)) return { mode: 'location', url: location, resourceUrl };
    const state = this.provisioningState(answer.body);
    if (answer.status === 202 || (state && !['Succeeded', 'Failed', 'Canceled'].includes(state))) return { mode: 'resource', url: resourceUrl, resourceUrl };
    if (state === 'Failed' || state === 'Canceled') throw new OperationFailure(state, `The resource ended ${state}.`);
    return undefined;
  }

  private provisioningState(body: unknown): string | undefined {
    const parsed = ProvisioningSchema.safeParse(body);
    return parsed.success ? (parsed.data.properties?.provisioningState ?? parsed.data.provisioningState ?? undefined) : undefined;
  }

  /**
   * Polls an operation until it ends, waiting what each answer's `Retry-After` asks (else `pollIntervalMs`), with a
   * progress line per poll. `Failed`/`Canceled` throw the service's error; the signal stops the waiting only.
   */
  private async waitFor(
    pending: Pending,
    label: string,
    signal: AbortSignal,
    progress: ((line: string) => void) | undefined,
    stopped: () => Error,
    initialDelay?: number,
  ): Promise<void> {
    const interval = this.options.pollIntervalMs ?? DEFAULT_POLL_MS;
    const cap = this.options.maxPollIntervalMs ?? MAX_POLL_MS;
    const started = Date.now();
    let current = pending;
    let delay = Math.min(initialDelay ?? interval, cap);
    for (;;) {
      await abortableDelay(delay, signal).catch(() => {
        throw stopped();
      });
      let answer: JsonAnswer;
      try {
        answer = await this.rest.exchange('GET', current.url, { signal });
      } catch (error) {
        if (isAbort(error)) throw stopped();
        if (isNotFound(error)) {
          // An operation Azure no longer knows (a token saved long ago): follow the resource instead.
          if (current.mode === 'async') {
            current = { mode: 'resource', url: current.resourceUrl, resourceUrl: current.resourceUrl };
            delay = 0;
            continue;
          }
          if (current.mode === 'resource') throw new OperationFailure('ResourceNotFound', `${label}: the resource is gone.`);
          return; // a Location of a delete: gone
        }
        if (current.mode === 'location' && error instanceof RestError && error.statusCode !== undefined && error.statusCode < 500 && error.statusCode !== 429) {
          throw new OperationFailure(error.code ?? String(error.statusCode), error.message);
        }
        throw error;
      }
      delay = Math.min(retryAfterMs(answer.headers) ?? interval, cap);
      let state: string;
      if (current.mode === 'async') {
        const status = this.rest.parse(answer.body, OperationStatusSchema, current.url);
        if (status.status === 'Succeeded') return;
        if (status.status === 'Failed' || status.status === 'Canceled') {
          throw new OperationFailure(status.error?.code ?? status.status, status.error?.message ?? `The operation ended ${status.status}.`);
        }
        state = status.status;
      } else if (current.mode === 'location') {
        if (answer.status !== 202) return;
        state = 'InProgress';
      } else {
        const resourceState = this.provisioningState(answer.body);
        if (!resourceState || resourceState === 'Succeeded') return;
        if (resourceState === 'Failed' || resourceState === 'Canceled') throw new OperationFailure(resourceState, `${label} ended ${resourceState}.`);
        state = resourceState;
      }
      progress?.(`${label}: ${state} (${elapsed(Date.now() - started)})`);
    }
  }

  async delete(name: string, kind: EndpointKind, options: OperationOptions = {}): Promise<void> {
    const signal = this.signal(options.signal);
    const url = this.rest.withApi(this.endpointPath(kind, name));
    const label = `Deleting ${kind} endpoint ${name}`;
    const stopped = () => new OperationStoppedError(`Stopped waiting. Azure goes on deleting endpoint ${name}; refresh the Endpoints view later.`);
    options.progress?.(`${label}…`);
    let answer: JsonAnswer;
    try {
      answer = await this.rest.exchange('DELETE', url, { signal });
    } catch (error) {
      if (isAbort(error)) throw stopped();
      if (isNotFound(error)) return;
      throw new Error(describeAzureError(error, label), { cause: error });
    }
    const gone = EndpointRecordSchema.parse({ name, kind, backend: 'azure', state: 'deleting' });
    this.fire(gone);
    if (answer.status === 200 || answer.status === 204) return;
    const location = answer.headers.get('location');
    const asyncUrl = answer.headers.get('azure-asyncoperation');
    const pending: Pending =
      asyncUrl && this.rest.onArm(asyncUrl)
        ? { mode: 'async', url: asyncUrl, resourceUrl: url }
        : location && this.rest.onArm(location)
          ? { mode: 'location', url: location, resourceUrl: url }
          : { mode: 'resource', url, resourceUrl: url };
    try {
      await this.waitFor(pending, label, signal, options.progress, stopped, retryAfterMs(answer.headers));
    } catch (error) {
      if (error instanceof OperationStoppedError) throw error;
      if (error instanceof OperationFailure && error.code === 'ResourceNotFound') return;
      if (error instanceof OperationFailure) throw new AzureDeployError(`${label} failed (${error.code}): ${error.message}`, error.code, { cause: error });
      throw new Error(describeAzureError(error, label), { cause: error });
    }
  }

  // ----- Using an endpoint

  async primaryKey(name: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const keys = await this.rest.post(`${this.endpointPath('online', name)}/listKeys`, KeysSchema, { signal: this.signal(signal) });
      return keys.primaryKey ?? undefined;
    } catch (error) {
      if (isNotFound(error)) throw new Error(`No online endpoint ${name} in workspace ${this.options.target.workspace}.`, { cause: error });
      throw new Error(describeAzureError(error, `Reading the key of ${name}`), { cause: error });
    }
  }

  async deploymentLogs(name: string, deployment: string, options: { lines?: number | undefined; signal?: AbortSignal | undefined } = {}): Promise<string> {
    const url = `${this.deploymentPath('online', name, deployment)}/getLogs`;
    const tail = Math.max(1, Math.floor(options.lines ?? DEFAULT_LOG_LINES));
    try {
      const logs = await this.rest.post(url, LogsSchema, { body: { containerType: 'InferenceServer', tail }, signal: this.signal(options.signal) });
      return logs.content ?? '';
    } catch (error) {
      if (isNotFound(error)) throw new Error(`Endpoint ${name} has no deployment ${deployment}.`, { cause: error });
      throw new Error(describeAzureError(error, `Reading the logs of ${name}/${deployment}`), { cause: error });
    }
  }

  /**
   * POSTs to the endpoint's scoring URI with the key. Not through the ARM client's pipeline (its sign-in policy would
   * replace the key with an ARM token) but a pipeline of its own, without retries: a scoring request is not repeated
   * behind the user's back. Like the local backend, a refused request resolves with its status (so a caller can read
   * the key again on 401); its body is then a `ScoringProblem` that explains the status as Azure documents it for
   * scoring (how-to-troubleshoot-online-endpoints.md) beside the endpoint's own answer. Only a request that gets no
   * answer at all rejects.
   */
  async invoke(name: string, body: unknown, options: { signal?: AbortSignal | undefined; key?: string | undefined; deployment?: string | undefined } = {}): Promise<InvokeResult> {
    const signal = this.signal(options.signal);
    const endpoint = await this.rest.find(this.endpointPath('online', name), OnlineEndpointSchema, { signal }).catch((error: unknown) => {
      throw new Error(describeAzureError(error, `Reading endpoint ${name}`), { cause: error });
    });
    if (!endpoint) throw new Error(`No online endpoint ${name} in workspace ${this.options.target.workspace}.`);
    const uri = endpoint.properties.scoringUri;
    if (!uri) throw new Error(`Endpoint ${name} has no scoring URI yet (it is ${endpoint.properties.provisioningState?.toLowerCase() ?? 'not ready'}); try again when it is ready.`);
    this.scoring ??= {
      pipeline: createPipelineFromOptions({ retryOptions: { maxRetries: 0 }, userAgentOptions: { userAgentPrefix: USER_AGENT } }),
      client: createDefaultHttpClient(),
    };
    const request = createPipelineRequest({ url: uri, method: 'POST', abortSignal: signal, allowInsecureConnection: isLoopbackHttp(uri) });
    request.headers.set('content-type', 'application/json');
    request.headers.set('accept', 'application/json');
    if (options.key) request.headers.set('authorization', `Bearer ${options.key}`);
    if (options.deployment) request.headers.set('azureml-model-deployment', options.deployment);
    request.body = JSON.stringify(body);
    const started = Date.now();
    let response;
    try {
      response = await this.scoring.pipeline.sendRequest(this.scoring.client, request);
    } catch (error) {
      if (isAbort(error)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Endpoint ${name} did not answer at ${new URL(uri).host} (${reason}). Check the network, and that the endpoint still exists.`, { cause: error });
    }
    const durationMs = Date.now() - started;
    const text = response.bodyAsText ?? '';
    let answer: unknown = text;
    try {
      answer = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    if (response.status >= 200 && response.status < 300) return { status: response.status, body: answer, durationMs };
    const problem: ScoringProblem = { problem: this.scoringProblem(name, response.status, response.headers, answer, options), response: answer };
    return { status: response.status, body: problem, durationMs };
  }

  /**
   * Scores a file with a batch endpoint, as `az ml batch-endpoint invoke --input FILE` does: the file goes to the
   * default datastore (`uploadDataFile`), then `POST {scoringUri}` with
   * `{"properties": {"InputData": {"input_data": {"JobInputType": "UriFile", "Uri": "azureml://datastores/…"}}}}`
   * (learn.microsoft.com, how-to-access-data-batch-endpoints-jobs, REST) and a token for Azure ML's audience, the
   * deployment named in `azureml-model-deployment` when given. The answer is the batch job; it is tagged
   * `foundation-models.spec` (a job's tags can be changed after it is created) so that the Jobs view lists it.
   */
  async invokeBatch(name: string, file: string, options: OperationOptions & { deployment?: string | undefined } = {}): Promise<{ jobName: string }> {
    const signal = this.signal(options.signal);
    const endpoint = await this.rest.find(this.endpointPath('batch', name), BatchEndpointSchema, { signal });
    if (!endpoint) throw new Error(`No batch endpoint ${name} in workspace ${this.options.target.workspace}.`);
    const uri = endpoint.properties.scoringUri;
    if (!uri) throw new Error(`Batch endpoint ${name} has no invocation URI yet (it is ${endpoint.properties.provisioningState?.toLowerCase() ?? 'not ready'}).`);
    const credential = this.options.credential?.();
    if (!credential) throw new Error('Invoking a batch endpoint needs a sign-in.');
    const data = await uploadDataFile({
      client: this.options.client(),
      target: this.options.target,
      file,
      assetName: `fm-batch-${name}`,
      blobServiceUrl: this.options.cloud.blobServiceUrl,
      signal,
      progress: options.progress,
    });
    options.progress?.(`Invoking ${name}`);
    const token = await credential.getToken(this.options.cloud.mlScope ?? 'https://ml.azure.com/.default', { abortSignal: signal });
    if (!token) throw new Error('The sign-in gave no token for Azure ML.');
    const answer = await exchangeJson(this.options.client(), {
      method: 'POST',
      url: uri,
      headers: { authorization: `Bearer ${token.token}`, ...(options.deployment ? { 'azureml-model-deployment': options.deployment } : {}) },
      body: { properties: { InputData: { input_data: { JobInputType: 'UriFile', Uri: data.uri } } } },
      signal,
    });
    if (answer.status < 200 || answer.status >= 300) {
      const message = serviceError(answer.body)?.message;
      throw new Error(`Batch endpoint ${name} refused the invocation (${answer.status})${message ? `: ${message}` : ''}.`);
    }
    const job = z.looseObject({ name: z.string().min(1) }).safeParse(answer.body);
    if (!job.success) throw new Error(`Batch endpoint ${name} answered without a job name.`);
    const spec: BatchScoreJobSpec = { kind: 'batchScore', endpoint: name, dataFile: path.basename(file) };
    const jobUrl = this.rest.url('jobs', job.data.name);
    const current = await this.rest.get(jobUrl, z.looseObject({ properties: z.looseObject({ tags: z.record(z.string(), z.string().nullable()).nullish() }) }), { signal });
    await this.rest.put(jobUrl, z.unknown(), {
      body: { properties: { ...current.properties, tags: { ...(current.properties.tags ?? {}), [SPEC_TAG]: JSON.stringify(spec) } } },
      signal,
    });
    return { jobName: job.data.name };
  }

  private scoringProblem(name: string, status: number, headers: HttpHeaders, answer: unknown, options: { key?: string | undefined; deployment?: string | undefined }): string {
    const error = serviceError(answer);
    const detail = error ? error.message : typeof answer === 'string' ? answer.slice(0, 200) : undefined;
    const said = detail ? ` (${detail})` : '';
    switch (true) {
      case status === 401 || status === 403:
        return options.key
          ? `Endpoint ${name} refused the key (${status}). Read the key again: it changes when the keys are regenerated.`
          : `Endpoint ${name} needs its key (${status}): none was sent. Read it with the endpoint's key command first.`;
      case status === 404:
        return options.deployment
          ? `Endpoint ${name} has no deployment ${options.deployment} that can answer (404).${said}`
          : `Endpoint ${name} has no deployment that receives traffic (404). Deploy a model to it, or send traffic to one of its deployments.${said}`;
      case status === 408:
        return `The model behind ${name} took too long to answer (408). Send a smaller request, or raise the deployment's request timeout.`;
      case status === 424: {
        const reason = headers.get('ms-azureml-model-error-reason');
        const code = headers.get('ms-azureml-model-error-statuscode');
        return `The model behind ${name} failed to answer (424${code ? `, model status ${code}` : ''}${reason ? `: ${reason}` : ''}). Read the deployment logs.${said}`;
      }
      case status === 429: {
        const wait = retryAfterMs(headers);
        return `Endpoint ${name} is getting more requests than it can take (429). Wait${wait ? ` ${Math.ceil(wait / 1000)} s` : ' a moment'} and try again, or add instances.`;
      }
      case status >= 500:
        return `Endpoint ${name} had a server error (${status}). Read the deployment logs, then try again.${said}`;
      default:
        return `Endpoint ${name} answered ${status}.${said}`;
    }
  }
}
