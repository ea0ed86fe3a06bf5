/**
 * A local fake of the Azure Machine Learning REST API (ARM control plane, workspace discovery, registry
 * discovery, the registry "MFE" data plane, run history and the SAS log blobs), served over real HTTP on
 * 127.0.0.1 for contract tests.
 *
 * Response shapes (field names and nesting) follow the public REST specification, repository
 * Azure/azure-rest-api-specs, path prefix
 * `specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/`:
 *
 * - Model containers / versions (workspace): `stable/2022-10-01/mfe.json` (read at commit 29f2c80b060b0c4e47e6b64a8f7bf143bb8fda14):
 *   paths `…/workspaces/{workspaceName}/models[/{name}[/versions[/{version}]]]`, query parameters `$skip`
 *   (`PaginationParameter`), `count`, `listViewType`, `$orderBy`, `$top`, `version`, `description`, `offset`, `tags`,
 *   `properties`, `feed`; definitions `ModelContainerResource` → `ModelContainer` → `AssetContainer`
 *   (`isArchived`, `latestVersion`, `nextVersion`) → `ResourceBase` (`description`, `properties`, `tags`);
 *   `ModelVersionResource` → `ModelVersion` (`flavors`, `jobName`, `modelType`, `modelUri`) → `AssetBase`
 *   (`isAnonymous`, `isArchived`); `*ArmPaginatedResult` = `{ value, nextLink }`.
 *   Examples `stable/2022-10-01/examples/ModelContainer/list.json` (15f38e5b507c1875212fabd59839498f3a6e2015),
 *   `…/ModelContainer/get.json` (4c0959c220823a4e013c4254984e4b02bb9722ac),
 *   `…/ModelVersion/list.json` (6357078ba1e30c90b6f7b86437312a4d5e519d73),
 *   `…/ModelVersion/createOrUpdate.json` (272935867ef24145d3b87cb0887b8f250da41e0c): resource `type`
 *   `Microsoft.MachineLearningServices/workspaces/models`, `systemData` keys.
 * - Workspaces: `stable/2022-10-01/machineLearningServices.json` (0bfa9290f3c879e79c90895dec760b534539991d):
 *   `Workspace` (`properties` under `properties`, `identity`, `location`, `tags`, `sku`), `WorkspaceProperties`
 *   (`workspaceId`, `friendlyName`, `discoveryUrl`, `provisioningState`, `mlFlowTrackingUri`, …),
 *   `WorkspaceListResult`, `PaginationParameter` = `$skip`. Examples `…/examples/Workspace/listBySubscription.json`
 *   (598efa66665d99777a23d4ce5b81fc54a29aaaf5) and `…/Workspace/get.json` (4984b1579aa6bada687da829863e82fd2df8d970).
 * - Registry models: `stable/2023-04-01/examples/Registry/ModelContainer/get.json`
 *   (cfc781db243d9f427e8979b6c35d8125d36a1e6e; type `Microsoft.MachineLearningServices/registries/models`, registry
 *   id form), `…/Registry/ModelVersion/get.json` (4984b1579aa6bada687da829863e82fd2df8d970) and
 *   `…/Registry/ModelVersion/list.json` (e2d698331f63443457bb3cb686f66fa62d44925f; `$skipToken`). The data-plane
 *   path (`/mferp/managementfrontend` + ARM-shaped registry path, api-version 2021-10-01-dataplanepreview, `$skiptoken`)
 *   is from Azure/azure-sdk-for-python `sdk/ml/azure-ai-ml/azure/ai/ml/_restclient/v2021_10_01_dataplanepreview/
 *   operations/_model_containers_operations.py` (09876b99d7a1fc923285d19fac9bdb86f24435f9).
 * - Registry discovery (`RegistryDiscoveryDto`): Azure/azure-sdk-for-python
 *   `sdk/ml/azure-ai-ml/azure/ai/ml/_restclient/registry_discovery/models/_models_py3.py` (2081b994718f10b5eddfae7c2e20a9d895ebcbe7).
 * - Subscriptions: `specification/resources/resource-manager/Microsoft.Resources/stable/2022-12-01/subscriptions.json`
 *   (0c1362ad47b1754da517a7cc0b112f78ec554a5a; `Subscription`, `SubscriptionPolicies`, `SubscriptionListResult`) and
 *   example `…/examples/GetSubscriptions.json` (2e174206d017d11794085f1b9680271da091d381).
 * - Errors: `specification/common-types/resource-management/v3/types.json` (05432ee0bc8a3feb5bc0f6fd21f49bb7aeaf13af):
 *   `ErrorResponse` = `{ error: ErrorDetail{ code, message, target?, details?, additionalInfo? } }`.
 * - Seed tags/properties of catalog models: Azure/azureml-assets `assets/models/system/bert-base-uncased/spec.yaml`
 *   (077563f19b46eef37cc9f474a94789b29ec733b7) and the `MLFlowModelTags` / `MLFlowModelProperties` constants of
 *   `scripts/azureml-assets/azureml/assets/validate_assets.py` (tags `task`, `license`, `*_compute_allow_list`;
 *   property `finetuning-tasks`, `*-recommended-sku`, `*-min-sku-spec`).
 *
 * - Jobs: `stable/2022-10-01/mfe.json` operations `Jobs_List` (`$skip`, `jobType`, `tag`, `listViewType`),
 *   `Jobs_Get`, `Jobs_CreateOrUpdate` (200/201), `Jobs_Cancel` (200/202, long-running with final state via `Location`);
 *   `JobBaseResource` → `JobBase` (`jobType`, `displayName`, `status`, `experimentName`, `services`, `computeId`,
 *   `isArchived`, `identity`, `componentId`) + `CommandJob` / `PipelineJob` fields, as the operation specs and
 *   mappers of `@azure/arm-machinelearning` 2.1.1 (`dist/index.js`: `listOperationSpec` of jobs, `cancelOperationSpec`
 *   with `lroResourceLocationConfig: "location"`, `JobBaseProperties`) encode them. Examples
 *   `…/examples/Job/PipelineJob/get.json` (029741f2a57be0df0c346983e76f08dc7a69058a),
 *   `…/Job/CommandJob/createOrUpdate.json` (4c0959c220823a4e013c4254984e4b02bb9722ac) and `…/Job/cancel.json`
 *   (cfc781db243d9f427e8979b6c35d8125d36a1e6e). The cancel `Location` (`…/locations/{loc}/mfeOperationResults/{op}`)
 *   answers 200 on the first poll and the run then turns `Canceled` (the fake's choice; Retry-After 0).
 * - Run history: Azure/azure-sdk-for-python `sdk/ml/azure-ai-ml/azure/ai/ml/_restclient/runhistory/operations/
 *   _runs_operations.py` (1b6870a1361917c1da363b9894c173c8c58b7222: `…/history/v1.0/…/workspaces/{ws}/runs/{runId}`,
 *   `…/details`, `…/children` with `$continuationtoken`, `$top`) and `…/runhistory/models/_models_py3.py`
 *   (45c67c88989e15e906103684a1e6dbdaa3f1a92c: `RunDetails` with `logFiles`, `Run`, `PaginatedRunList`
 *   `{value, continuationToken, nextLink}`, `ErrorResponse` `{error: RootError, correlation, environment, location,
 *   time, componentName}`); statuses and log file names as `azure/ai/ml/operations/_job_ops_helper.py` reads them
 *   (see the shared API.md §2). The discovery document's `api` is this server.
 * - Log blobs: Get Blob with `Range` / `x-ms-range` `bytes=start-[end]` → 206 + `Content-Range`, a start at or past
 *   the end → 416 (learn.microsoft.com "Specifying the range header for Blob service operations"); storage errors
 *   are XML `<Error><Code/><Message/></Error>`. The SAS URLs (`/blob/logs/{runId}/{file}?sv=…&sig=fake`) are the
 *   fake's own; a request with an `Authorization` header is refused (400 `InvalidAuthenticationInfo`, the fake's
 *   choice: a bearer token for ARM has no business going to storage).
 *
 * - Online and batch endpoints and deployments: `stable/2022-10-01/mfe.json` (29f2c80b…) operations
 *   `OnlineEndpoints_*` (`listKeys`), `OnlineDeployments_*` (`getLogs`, `listSkus`), `BatchEndpoints_*`,
 *   `BatchDeployments_*` with their LRO headers; examples `…/examples/OnlineEndpoint/get.json` (6357078ba1e30c90b6f7b86437312a4d5e519d73),
 *   `…/OnlineEndpoint/update.json` (6fa9dd25b2593f407c55aaf2005f1e62439f325b; PATCH takes only tags and identity, so
 *   traffic is set with PUT), `…/OnlineEndpoint/listKeys.json` (ea725a839debfef88b2ddc6343b7c2340ea9d0b6),
 *   `…/OnlineEndpoint/delete.json` (85ed87558270baad1dc40f9d98ded5dad5bc208e), `…/OnlineDeployment/ManagedOnlineDeployment/createOrUpdate.json`
 *   (b4438d8172ec4e6ab6f04e1e8560ccbef95feaab), `…/OnlineDeployment/getLogs.json` (ba16d1ab3479ee43b0db0da3dbc19cc2306a221e),
 *   `…/OnlineDeployment/KubernetesOnlineDeployment/listSkus.json` (41ba57d8debf29a9af6c09b9999ce3b012d8a643),
 *   `…/BatchEndpoint/createOrUpdate.json` (38f22e8ee7c5864cef4be0dba4d52a50cf2d96bd), `…/BatchDeployment/get.json`
 *   (e86d0248ef1fd989c04747f59004c2ccbe191609), `…/VirtualMachineSize/list.json` (15f38e5b507c1875212fabd59839498f3a6e2015).
 *   Request bodies as Azure/azureml-examples `cli/deploy-rest.sh` (0d9271a1a4d48cb23d7bf1c19ae2cf28e911b580) sends them.
 *   Operations, scoring and the fake's choices are described in their section below.
 *
 * Behaviour the specification leaves open is the fake's own choice and documented where it is made
 * (paging token format, ordering without `$orderBy`, error codes for unknown resources).
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface FakeModelVersion {
  version: string;
  description?: string;
  tags?: Record<string, string>;
  properties?: Record<string, string>;
  modelType?: string;
  modelUri?: string;
  flavors?: Record<string, { data?: Record<string, string> }>;
}
export interface FakeModel {
  name: string;
  description?: string;
  tags?: Record<string, string>;
  versions: FakeModelVersion[];
}
/** Run statuses (`KnownJobStatus` of the 2022-10-01 API; run history uses the same strings). */
export type FakeJobStatus =
  | 'NotStarted' | 'Starting' | 'Provisioning' | 'Preparing' | 'Queued' | 'Running' | 'Finalizing'
  | 'CancelRequested' | 'Completed' | 'Failed' | 'Canceled' | 'NotResponding' | 'Paused' | 'Unknown';
/**
 * A job (ARM `jobs/{id}`) and its run (run history `runs/{runId}`, same id). Child jobs of a pipeline are runs
 * too, reachable by id, but not listed by `GET {W}/jobs`.
 */
export interface FakeJob {
  name: string;
  jobType: 'Command' | 'Pipeline';
  displayName?: string;
  experimentName?: string;
  /**
   * The status, or a sequence of them: each run-history `details` GET of this run answers the current one and
   * then moves one step on, staying on the last. `setJobStatus` replaces it.
   */
  status: FakeJobStatus | FakeJobStatus[];
  children?: FakeJob[];
  /** Log files by name (`user_logs/std_log.txt`, …) as UTF-8 text; read when the run is first used, then grown with `appendLog`. */
  logs: Record<string, string>;
  /** The run's error message (`RunDetails.error.error.message`). */
  error?: string;
  /** The JobBase `properties` as submitted with PUT (kept and echoed back). */
  spec?: Record<string, unknown>;
  /** Metrics the run logged to MLflow (`runs/get` answers them). */
  metrics?: Record<string, number>;
}
/** A compute of a workspace (`ComputeResource`, `AmlCompute` unless said otherwise). */
export interface FakeCompute {
  name: string;
  vmSize: string;
  maxNodeCount?: number;
  computeType?: string;
}
/** The storage account behind a workspace's default datastore `workspaceblobstore` (an Azurite account in tests). */
export interface FakeStorage {
  account: string;
  key: string;
  container: string;
}
export interface FakeWorkspace {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  friendlyName?: string;
  models: FakeModel[];
  jobs?: FakeJob[];
  computes?: FakeCompute[];
  /** Without it the workspace has no default datastore. */
  storage?: FakeStorage;
  /** Data asset versions registered with PUT, by `name:version`. */
  dataVersions?: Record<string, { dataType: string; dataUri: string }>;
  /** Managed online endpoints with their deployments (created and changed by PUT, PATCH, DELETE). */
  onlineEndpoints?: FakeOnlineEndpoint[];
  batchEndpoints?: FakeBatchEndpoint[];
  /** How many polls an endpoint or deployment operation answers `InProgress` (202 on a Location) before it ends; 1 by default. */
  operationPolls?: number;
  /** `Retry-After` (seconds) of accepted endpoint operations and of their polls; 0 by default. */
  operationRetryAfterSeconds?: number;
  /** Makes the next deployment PUT (online or batch) fail with this error; cleared when used. */
  failNextDeployment?: FakeDeploymentFailure;
}
export interface FakeRegistry {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  region: string;
  models: FakeModel[];
  /** Component containers with their versions, oldest first (the last is `latestVersion`). */
  components?: Array<{ name: string; versions: string[] }>;
}
export interface FakeSubscription {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
}
export interface FakeAzureMlSeed {
  subscriptions: FakeSubscription[];
  workspaces: FakeWorkspace[];
  registries: FakeRegistry[];
}
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  /** The `x-ms-range` or `Range` header, when sent (log blob reads). */
  range?: string;
  /** The body parsed as JSON, once received (absent when empty or not JSON). */
  body?: unknown;
  at: number;
}
export interface FakeAzureMl {
  readonly url: string; // e.g. http://127.0.0.1:PORT (no trailing slash)
  readonly validToken: string; // requests must carry `Authorization: Bearer <validToken>` (log blobs excepted: SAS)
  readonly requests: RecordedRequest[];
  seed: FakeAzureMlSeed; // mutable; handlers read it on every request
  pageSize: number; // list page size (default 2 so paging is always exercised)
  /** The next `times` requests whose path matches `path` answer `status` (401 or 429 or 500/503) instead; 429/503 carry `Retry-After: retryAfterSeconds` (default 1). */
  failNext(path: RegExp, status: 401 | 429 | 500 | 503, options?: { times?: number; retryAfterSeconds?: number }): void;
  /**
   * The next `times` (default 1) requests whose path matches `path` lose their connection: without `afterBytes`
   * the socket is destroyed before any answer; with it, the status line, headers (with the full Content-Length)
   * and the first `afterBytes` bytes of the body are sent (always at least one byte short), then the socket is
   * destroyed. Checked before `failNext`.
   */
  disconnectNext(path: RegExp, options?: { times?: number; afterBytes?: number }): void;
  /** How many connections `disconnectNext` has cut so far. */
  readonly disconnected: number;
  /** Appends to a log file of a run (any run id: jobs and child jobs), creating the file; bytes may end inside a character. */
  appendLog(runId: string, file: string, text: string | Uint8Array): void;
  /** Sets a run's status (ending any status sequence) and, when given, its error message. */
  setJobStatus(runId: string, status: FakeJobStatus, error?: string): void;
  /** The run's status now (what the next `details` GET answers). */
  jobStatus(runId: string): FakeJobStatus;
  /** Issues a new `validToken` and returns it; the old one is answered 401 from now on. */
  rotateToken(): string;
  /**
   * Called when a PUT creates a job, with the new job (status `NotStarted`, no logs) and its workspace: a test
   * scripts its life here (status sequence, children, logs, metrics).
   */
  onJobCreated: ((job: FakeJob, workspace: FakeWorkspace) => void) | undefined;
  close(): Promise<void>;
}

const DEFAULT_TOKEN = 'fake-azureml-access-token';
const PROVIDER = 'Microsoft.MachineLearningServices';
const DAY_MS = 86_400_000;
/** All seeded timestamps count from here so responses are the same on every run. */
const EPOCH = Date.UTC(2025, 0, 6, 9, 30, 0);

interface Reply {
  status: number;
  /** JSON body; `undefined` sends no body. */
  body: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (log blobs, storage errors), sent as is with `headers['content-type']`. */
  raw?: Buffer;
  /** The handler checked the HTTP method itself (other routes answer GET only). */
  methodChecked?: boolean;
}

interface FailRule {
  path: RegExp;
  status: 401 | 429 | 500 | 503;
  remaining: number;
  retryAfterSeconds: number;
}

type Json = Record<string, unknown>;

function errorReply(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}

const notFound = (message: string): Reply => errorReply(404, 'NotFound', message);

function unauthorized(message: string): Reply {
  return errorReply(401, 'AuthenticationFailed', message, {
    'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
  });
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** A stable GUID-shaped id derived from text (workspaceId, principalId). */
function stableGuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function systemData(createdMs: number, modifiedMs: number, by: string, byType: 'User' | 'Application'): Json {
  return {
    createdAt: iso(createdMs),
    createdBy: by,
    createdByType: byType,
    lastModifiedAt: iso(modifiedMs),
    lastModifiedBy: by,
    lastModifiedByType: byType,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Paging: `{ value, nextLink }`; nextLink is absolute and carries `$skipToken=<opaque>` plus the request's other
// query parameters. The token is base64url JSON `{"offset":N}`. On input, `$skipToken`/`$skiptoken` (any case) wins
// over the spec's `$skip` (which 2022-10-01 documents as a continuation token, and which SDK 2.1.1 re-appends to
// next-page URLs); a bare number is accepted as an offset. Repeated keys: the last one counts.

const TOKEN_KEYS = new Set(['$skiptoken']);
const SKIP_KEYS = new Set(['$skip']);

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function decodeToken(token: string): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'offset' in parsed) {
      const offset = (parsed as { offset: unknown }).offset;
      if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
    }
  } catch {
    // fall through: not a token this fake issued
  }
  return undefined;
}

function lastValue(query: URLSearchParams, keys: Set<string>): string | undefined {
  let found: string | undefined;
  for (const [key, value] of query) if (keys.has(key.toLowerCase()) && value !== '') found = value;
  return found;
}

/** Query value by name, ignoring case of the name (`$orderBy` / `$orderby`). */
function queryValue(query: URLSearchParams, name: string): string | undefined {
  let found: string | undefined;
  for (const [key, value] of query) if (same(key, name)) found = value;
  return found;
}

function serializeQuery(entries: Array<[string, string]>): string {
  const encode = (text: string): string => encodeURIComponent(text).replace(/%24/g, '$');
  return entries.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
}

interface RequestContext {
  readonly baseUrl: string;
  readonly pathname: string;
  readonly query: URLSearchParams;
  readonly pageSize: number;
  readonly method: string;
  /** The request body parsed as JSON (`undefined` when empty or not JSON). */
  readonly body: unknown;
  readonly runs: RunStore;
  readonly onJobCreated: ((job: FakeJob, workspace: FakeWorkspace) => void) | undefined;
}

function paged(items: unknown[], ctx: RequestContext): Reply {
  const raw = lastValue(ctx.query, TOKEN_KEYS) ?? lastValue(ctx.query, SKIP_KEYS);
  const offset = raw === undefined ? 0 : decodeToken(raw);
  if (offset === undefined) return errorReply(400, 'BadRequest', `The continuation token '${raw}' is not valid.`);
  const size = Math.max(1, Math.floor(ctx.pageSize));
  const value = items.slice(offset, offset + size);
  const body: Json = { value };
  if (offset + size < items.length) {
    const kept: Array<[string, string]> = [];
    for (const [key, val] of ctx.query) {
      const lower = key.toLowerCase();
      if (!TOKEN_KEYS.has(lower) && !SKIP_KEYS.has(lower)) kept.push([key, val]);
    }
    kept.push(['$skipToken', encodeToken(offset + size)]);
    body.nextLink = `${ctx.baseUrl}${ctx.pathname}?${serializeQuery(kept)}`;
  }
  return { status: 200, body };
}

// ---------------------------------------------------------------------------------------------------------------
// Model assets (shared by workspaces, ARM registry paths and the registry data plane)

interface ModelScope {
  /** ARM id of the workspace or registry, e.g. `/subscriptions/…/workspaces/ws`. */
  readonly resourceId: string;
  /** `workspaces` or `registries`. */
  readonly kind: 'workspaces' | 'registries';
  readonly models: FakeModel[];
  readonly createdBy: string;
  readonly createdByType: 'User' | 'Application';
  /** Where model files would live, for a default `modelUri`. */
  readonly storageRoot: string;
}

/** Seed order is creation order: model i's version j was created `i` weeks plus `j` days after EPOCH. */
function versionCreatedMs(modelIndex: number, versionIndex: number): number {
  return EPOCH + modelIndex * 7 * DAY_MS + versionIndex * DAY_MS;
}

function numericNext(versions: FakeModelVersion[]): string | undefined {
  const numbers = versions.map((v) => v.version).filter((v) => /^\d+$/.test(v)).map(Number);
  return numbers.length ? String(Math.max(...numbers) + 1) : undefined;
}

function containerJson(scope: ModelScope, model: FakeModel, modelIndex: number): Json {
  const last = model.versions.length - 1;
  const created = versionCreatedMs(modelIndex, 0);
  const modified = versionCreatedMs(modelIndex, Math.max(last, 0));
  const properties: Json = {
    description: model.description ?? null,
    tags: { ...(model.tags ?? {}) },
    properties: {},
    isArchived: false,
  };
  const latest = model.versions[last];
  if (latest) properties.latestVersion = latest.version;
  const next = numericNext(model.versions);
  if (next) properties.nextVersion = next;
  return {
    id: `${scope.resourceId}/models/${model.name}`,
    name: model.name,
    type: `${PROVIDER}/${scope.kind}/models`,
    properties,
    systemData: systemData(created, modified, scope.createdBy, scope.createdByType),
  };
}

function versionJson(scope: ModelScope, model: FakeModel, modelIndex: number, versionIndex: number): Json {
  const version = model.versions[versionIndex];
  if (!version) throw new Error(`no version ${versionIndex} of ${model.name}`);
  const created = versionCreatedMs(modelIndex, versionIndex);
  return {
    id: `${scope.resourceId}/models/${model.name}/versions/${version.version}`,
    name: version.version,
    type: `${PROVIDER}/${scope.kind}/models/versions`,
    properties: {
      description: version.description ?? null,
      tags: { ...(version.tags ?? {}) },
      properties: { ...(version.properties ?? {}) },
      isAnonymous: false,
      isArchived: false,
      flavors: version.flavors ?? null,
      modelType: version.modelType ?? 'custom_model',
      modelUri: version.modelUri ?? `${scope.storageRoot}/${model.name}/${version.version}/`,
    },
    systemData: systemData(created, created, scope.createdBy, scope.createdByType),
  };
}

/** `tags=a,b=c` / `properties=a,b=c` filters of ModelVersions_List: every listed key must be present (with the value when given). */
function matchesFilter(map: Record<string, string> | undefined, filter: string | undefined): boolean {
  if (!filter) return true;
  for (const clause of filter.split(',').map((c) => c.trim()).filter(Boolean)) {
    const eq = clause.indexOf('=');
    const key = eq < 0 ? clause : clause.slice(0, eq);
    if (!map || !(key in map)) return false;
    if (eq >= 0 && map[key] !== clause.slice(eq + 1)) return false;
  }
  return true;
}

function parseTop(query: URLSearchParams): number | undefined {
  const raw = queryValue(query, '$top');
  if (raw === undefined || raw === '') return undefined;
  const top = Number(raw);
  return Number.isInteger(top) && top >= 0 ? top : undefined;
}

function handleModels(scope: ModelScope, tail: string[], ctx: RequestContext): Reply {
  const [name, versionsSegment, version, ...rest] = tail;
  if (rest.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  const archivedOnly = same(queryValue(ctx.query, 'listViewType') ?? '', 'ArchivedOnly');

  if (name === undefined) {
    let containers = scope.models.map((model, i) => containerJson(scope, model, i));
    if (archivedOnly) containers = [];
    const top = parseTop(ctx.query);
    return paged(top === undefined ? containers : containers.slice(0, top), ctx);
  }

  // Asset names are case-sensitive in the spec ("Container name. This is case-sensitive.").
  const modelIndex = scope.models.findIndex((m) => m.name === name);
  const model = scope.models[modelIndex];
  if (!model) return notFound(`Model container '${name}' was not found in ${scope.resourceId}.`);
  if (versionsSegment === undefined) return { status: 200, body: containerJson(scope, model, modelIndex) };
  if (versionsSegment !== 'versions') return notFound(`No route for ${ctx.pathname}.`);

  if (version === undefined) {
    let indices = model.versions.map((_, i) => i);
    // Without $orderBy: creation order (seed order). `createdtime desc|asc` (azure-ai-ml's OrderString) sorts by
    // creation time; other orderings are ignored.
    const orderBy = queryValue(ctx.query, '$orderBy')?.trim().toLowerCase();
    if (orderBy && /^created(time|at|_time)?\b/.test(orderBy) && /\bdesc$/.test(orderBy)) indices.reverse();
    const wanted = queryValue(ctx.query, 'version');
    const description = queryValue(ctx.query, 'description');
    const tags = queryValue(ctx.query, 'tags');
    const properties = queryValue(ctx.query, 'properties');
    indices = indices.filter((i) => {
      const v = model.versions[i];
      if (!v) return false;
      if (wanted && v.version !== wanted) return false;
      if (description && !(v.description ?? '').includes(description)) return false;
      return matchesFilter(v.tags, tags) && matchesFilter(v.properties, properties);
    });
    if (archivedOnly) indices = [];
    const offset = Number(queryValue(ctx.query, 'offset') ?? '0');
    if (Number.isInteger(offset) && offset > 0) indices = indices.slice(offset);
    const top = parseTop(ctx.query);
    if (top !== undefined) indices = indices.slice(0, top);
    return paged(indices.map((i) => versionJson(scope, model, modelIndex, i)), ctx);
  }

  const versionIndex = model.versions.findIndex((v) => v.version === version);
  if (versionIndex < 0) return notFound(`Model version '${name}:${version}' was not found in ${scope.resourceId}.`);
  return { status: 200, body: versionJson(scope, model, modelIndex, versionIndex) };
}

// ---------------------------------------------------------------------------------------------------------------
// Workspaces, subscriptions, registries

function workspaceId(ws: FakeWorkspace): string {
  return `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/${PROVIDER}/workspaces/${ws.name}`;
}

function registryId(reg: FakeRegistry): string {
  return `/subscriptions/${reg.subscriptionId}/resourceGroups/${reg.resourceGroup}/providers/${PROVIDER}/registries/${reg.name}`;
}

function workspaceJson(ws: FakeWorkspace, seed: FakeAzureMlSeed, baseUrl: string, index: number): Json {
  const id = workspaceId(ws);
  const rgId = `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}`;
  const short = ws.name.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 12) || 'ws';
  const tenantId = seed.subscriptions.find((s) => same(s.subscriptionId, ws.subscriptionId))?.tenantId;
  const created = EPOCH - (index + 1) * 30 * DAY_MS;
  return {
    id,
    name: ws.name,
    type: `${PROVIDER}/workspaces`,
    location: ws.location,
    tags: {},
    sku: { name: 'Basic', tier: 'Basic' },
    identity: { type: 'SystemAssigned', principalId: stableGuid(`${id}#principal`), ...(tenantId ? { tenantId } : {}) },
    properties: {
      workspaceId: stableGuid(id),
      friendlyName: ws.friendlyName ?? ws.name,
      description: '',
      storageAccount: `${rgId}/providers/Microsoft.Storage/storageAccounts/${short}storage`,
      keyVault: `${rgId}/providers/Microsoft.KeyVault/vaults/${short}-kv`,
      applicationInsights: `${rgId}/providers/microsoft.insights/components/${short}-insights`,
      containerRegistry: null,
      discoveryUrl: `${baseUrl}/discovery`,
      provisioningState: 'Succeeded',
      hbiWorkspace: false,
      privateLinkCount: 0,
      allowPublicAccessWhenBehindVnet: false,
      publicNetworkAccess: 'Enabled',
      ...(tenantId ? { tenantId } : {}),
      storageHnsEnabled: false,
      mlFlowTrackingUri: `azureml://${ws.location}.api.azureml.ms/mlflow/v1.0${id}`,
      v1LegacyMode: false,
    },
    systemData: systemData(created, created, 'fake-user@contoso.example', 'User'),
  };
}

function subscriptionJson(sub: FakeSubscription): Json {
  return {
    id: `/subscriptions/${sub.subscriptionId}`,
    subscriptionId: sub.subscriptionId,
    tenantId: sub.tenantId,
    displayName: sub.displayName,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    tags: {},
  };
}

function workspaceScope(ws: FakeWorkspace): ModelScope {
  return {
    resourceId: workspaceId(ws),
    kind: 'workspaces',
    models: ws.models,
    createdBy: 'fake-user@contoso.example',
    createdByType: 'User',
    storageRoot:
      `azureml://subscriptions/${ws.subscriptionId}/resourcegroups/${ws.resourceGroup}/workspaces/${ws.name}` +
      '/datastores/workspaceblobstore/paths/LocalUpload',
  };
}

function registryScope(reg: FakeRegistry): ModelScope {
  const account = reg.name.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 16);
  return {
    resourceId: registryId(reg),
    kind: 'registries',
    models: reg.models,
    createdBy: reg.name,
    createdByType: 'Application',
    storageRoot: `https://${account}${reg.region.toLowerCase()}.blob.core.windows.net/models`,
  };
}

/** Routes `subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/registries/{name}/models…`. */
function routeRegistryModels(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply | undefined {
  const [s, sub, r, rg, p, provider, kind, name, models, ...tail] = seg;
  if (
    !same(s ?? '', 'subscriptions') || !same(r ?? '', 'resourceGroups') || !same(p ?? '', 'providers') ||
    !same(provider ?? '', PROVIDER) || !same(kind ?? '', 'registries') || !same(models ?? '', 'models') ||
    sub === undefined || rg === undefined || name === undefined
  ) {
    return undefined;
  }
  const registry = seed.registries.find(
    (reg) => same(reg.subscriptionId, sub) && same(reg.resourceGroup, rg) && same(reg.name, name),
  );
  if (!registry) return notFound(`Registry '${name}' was not found in resource group '${rg}' of subscription '${sub}'.`);
  return handleModels(registryScope(registry), tail, ctx);
}

function route(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const head = seg[0]?.toLowerCase();

  // Workspace discovery document (the workspace's discoveryUrl points here): service base URLs by key.
  if (seg.length === 1 && head === 'discovery') {
    const u = ctx.baseUrl;
    return {
      status: 200,
      body: { api: u, catalog: u, experimentation: u, gallery: u, history: u, hyperdrive: u, labeling: u, modelmanagement: u, pipelines: u, studiometadata: u },
    };
  }

  // Run history: /history/v1.0/subscriptions/…/workspaces/{ws}/runs/{runId}[/details|/children]
  if (head === 'history') return routeHistory(seg, seed, ctx);

  // MLflow tracking: /mlflow/v1.0/subscriptions/…/workspaces/{ws}/api/2.0/mlflow/runs/get?run_id=…
  if (head === 'mlflow') return routeMlflow(seg, seed, ctx);

  // A batch endpoint's invocation URI: POST /batchEndpoints/{name}/jobs (its `scoringUri` here)
  if (head === 'batchendpoints') return { ...routeBatchInvoke(seg, seed, ctx), methodChecked: true };

  // Registry discovery: GET /registrymanagement/v1.0/registries/{registryName}/discovery
  if (head === 'registrymanagement') {
    const [, v, registries, name, discovery, ...rest] = seg;
    if (v === 'v1.0' && same(registries ?? '', 'registries') && name && same(discovery ?? '', 'discovery') && rest.length === 0) {
      const reg = seed.registries.find((r) => same(r.name, name));
      if (!reg) return notFound(`Registry '${name}' was not found.`);
      const tenantId = seed.subscriptions.find((s) => same(s.subscriptionId, reg.subscriptionId))?.tenantId ?? seed.subscriptions[0]?.tenantId;
      return {
        status: 200,
        body: {
          registryName: reg.name,
          tenantId: tenantId ?? null,
          primaryRegion: reg.region,
          regions: [reg.region],
          subscriptionId: reg.subscriptionId,
          resourceGroup: reg.resourceGroup,
          primaryRegionResourceProviderUri: `${ctx.baseUrl}/`,
        },
      };
    }
    return notFound(`No route for ${ctx.pathname}.`);
  }

  // Registry data plane: /mferp/managementfrontend/subscriptions/…/registries/{name}/models…
  if (head === 'mferp') {
    if (same(seg[1] ?? '', 'managementfrontend')) {
      const reply = routeRegistryModels(seg.slice(2), seed, ctx) ?? routeRegistryComponents(seg.slice(2), seed, ctx);
      if (reply) return reply;
    }
    return notFound(`No route for ${ctx.pathname}.`);
  }

  if (head !== 'subscriptions') return notFound(`No route for ${ctx.pathname}.`);

  // GET /subscriptions
  if (seg.length === 1) return paged(seed.subscriptions.map(subscriptionJson), ctx);

  const sub = seg[1] ?? '';
  // Registry models through ARM (api-version ≥ 2023-04-01): same shapes as the data plane.
  const registryReply = routeRegistryModels(seg, seed, ctx);
  if (registryReply) return registryReply;

  const subscription = seed.subscriptions.find((s) => same(s.subscriptionId, sub));
  if (!subscription) return errorReply(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  if (seg.length === 2) return { status: 200, body: subscriptionJson(subscription) };

  // GET /subscriptions/{sub}/providers/Microsoft.MachineLearningServices/workspaces
  if (seg.length === 5 && same(seg[2] ?? '', 'providers') && same(seg[3] ?? '', PROVIDER) && same(seg[4] ?? '', 'workspaces')) {
    const list = seed.workspaces
      .map((ws, i) => ({ ws, i }))
      .filter(({ ws }) => same(ws.subscriptionId, sub))
      .map(({ ws, i }) => workspaceJson(ws, seed, ctx.baseUrl, i));
    return paged(list, ctx);
  }

  // VM sizes of a region; endpoint operations (…/locations/{loc}/mfeOperationsStatus/{op} and …/mfeOperationResults/{op}).
  const locationReply = routeProviderLocation(seg, seed, ctx);
  if (locationReply) return locationReply;

  // Long-running operation results: /subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{loc}/mfeOperationResults/{op}
  if (seg.length === 8 && same(seg[2] ?? '', 'providers') && same(seg[3] ?? '', PROVIDER) && same(seg[4] ?? '', 'locations') && same(seg[6] ?? '', 'mfeOperationResults')) {
    return routeOperationResult(seg[7] ?? '', ctx);
  }

  const [, , r, rg, p, provider, kind, wsName, child, ...tail] = seg;
  if (
    !same(r ?? '', 'resourceGroups') || rg === undefined || !same(p ?? '', 'providers') ||
    !same(provider ?? '', PROVIDER) || !same(kind ?? '', 'workspaces')
  ) {
    return notFound(`No route for ${ctx.pathname}.`);
  }
  const inGroup = seed.workspaces.map((ws, i) => ({ ws, i })).filter(({ ws }) => same(ws.subscriptionId, sub) && same(ws.resourceGroup, rg));

  // GET /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces
  if (wsName === undefined) {
    if (inGroup.length === 0 && !seed.registries.some((reg) => same(reg.subscriptionId, sub) && same(reg.resourceGroup, rg))) {
      return errorReply(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
    }
    return paged(inGroup.map(({ ws, i }) => workspaceJson(ws, seed, ctx.baseUrl, i)), ctx);
  }

  const found = inGroup.find(({ ws }) => same(ws.name, wsName));
  if (!found) {
    return errorReply(404, 'ResourceNotFound', `The Resource '${PROVIDER}/workspaces/${wsName}' under resource group '${rg}' was not found.`);
  }
  if (child === undefined) return { status: 200, body: workspaceJson(found.ws, seed, ctx.baseUrl, found.i) };
  if (same(child, 'models')) {
    if (ctx.method === 'PUT') return { ...putModelVersion(found.ws, tail, ctx), methodChecked: true };
    return handleModels(workspaceScope(found.ws), tail, ctx);
  }
  if (same(child, 'jobs')) return routeJobs(found.ws, tail, ctx);
  if (same(child, 'computes')) return routeComputes(found.ws, tail, ctx);
  if (same(child, 'datastores')) return { ...routeDatastores(found.ws, tail, ctx), methodChecked: true };
  if (same(child, 'data')) return { ...routeDataVersions(found.ws, tail, ctx), methodChecked: true };
  if (same(child, 'onlineEndpoints')) return { ...routeOnlineEndpoints(found.ws, tail, seed, ctx), methodChecked: true };
  if (same(child, 'batchEndpoints')) return { ...routeBatchEndpoints(found.ws, tail, seed, ctx), methodChecked: true };
  return notFound(`No route for ${ctx.pathname}.`);
}

// ---------------------------------------------------------------------------------------------------------------
// Jobs (ARM), run history and log blobs

const IN_PROGRESS: readonly string[] = ['NotStarted', 'Queued', 'Preparing', 'Provisioning', 'Starting', 'Running'];
const TERMINAL: readonly string[] = ['Completed', 'Failed', 'Canceled', 'NotResponding', 'Paused'];
const MINUTE_MS = 60_000;
const FAKE_USER = { userObjectId: '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', userPuId: '10032001A2B3C4D5', userIdp: null, userAltSecId: null, userIss: 'https://sts.windows.net/5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f/', userTenantId: '5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f', userName: 'Fake User', upn: 'fake-user@contoso.example' };

/** The mutable life of one run: status (sequence), error and log bytes. */
interface RunState {
  readonly job: FakeJob;
  readonly ws: FakeWorkspace;
  readonly parent: FakeJob | undefined;
  readonly root: FakeJob;
  readonly runNumber: number;
  sequence: FakeJobStatus[];
  step: number;
  error: string | undefined;
  readonly logs: Map<string, Buffer>;
  revision: number;
}

/** Run states by seed object, created on first use, so tests may edit the seed's jobs before that. */
class RunStore {
  private readonly states = new WeakMap<FakeJob, RunState>();
  private runNumbers = 0;
  /** Cancel operations in flight: operation id → run id. */
  readonly cancels = new Map<string, string>();

  constructor(private readonly seed: () => FakeAzureMlSeed) {}

  /** Finds a run by id in one workspace, or in all of them. Run ids are case-sensitive. */
  find(runId: string, ws?: FakeWorkspace): RunState | undefined {
    const visit = (w: FakeWorkspace, jobs: FakeJob[] | undefined, parent: FakeJob | undefined, root: FakeJob | undefined): RunState | undefined => {
      for (const job of jobs ?? []) {
        if (job.name === runId) return this.state(job, w, parent, root ?? job);
        const found = visit(w, job.children, job, root ?? job);
        if (found) return found;
      }
      return undefined;
    };
    for (const w of ws ? [ws] : this.seed().workspaces) {
      const found = visit(w, w.jobs, undefined, undefined);
      if (found) return found;
    }
    return undefined;
  }

  get(runId: string): RunState {
    const state = this.find(runId);
    if (!state) throw new Error(`The fake has no run '${runId}'.`);
    return state;
  }

  state(job: FakeJob, ws: FakeWorkspace, parent: FakeJob | undefined, root: FakeJob): RunState {
    let state = this.states.get(job);
    if (!state) {
      const sequence = Array.isArray(job.status) ? [...job.status] : [job.status];
      if (sequence.length === 0) sequence.push('NotStarted');
      state = {
        job, ws, parent, root,
        runNumber: ++this.runNumbers,
        sequence,
        step: 0,
        error: job.error,
        logs: new Map(Object.entries(job.logs).map(([file, text]) => [file, Buffer.from(text, 'utf8')])),
        revision: 1,
      };
      this.states.set(job, state);
    }
    return state;
  }
}

function statusOf(state: RunState): FakeJobStatus {
  return state.sequence[Math.min(state.step, state.sequence.length - 1)] ?? 'NotStarted';
}

function setStatus(state: RunState, status: FakeJobStatus): void {
  state.sequence = [status];
  state.step = 0;
  state.revision += 1;
}

/** Moves a status sequence one step on (after a `details` answer). */
function advance(state: RunState): void {
  if (state.step < state.sequence.length - 1) {
    state.step += 1;
    state.revision += 1;
  }
}

function descendants(job: FakeJob): FakeJob[] {
  return (job.children ?? []).flatMap((child) => [child, ...descendants(child)]);
}

/** Timestamps derived from the run number, so answers are the same on every run of the tests. */
function runTimes(state: RunState): { created: number; start?: number; end?: number } {
  const created = EPOCH + state.runNumber * MINUTE_MS;
  const status = statusOf(state);
  const started = !['NotStarted', 'Queued', 'Preparing', 'Provisioning', 'Starting'].includes(status);
  return { created, ...(started ? { start: created + MINUTE_MS } : {}), ...(TERMINAL.includes(status) ? { end: created + 10 * MINUTE_MS } : {}) };
}

function studioUrl(ws: FakeWorkspace, runId: string): string {
  return `https://ml.azure.com/runs/${runId}?wsid=${workspaceId(ws)}&tid=${TENANT_ID}`;
}

/** ARM `JobBaseResource` (mfe.json 2022-10-01): `{id, name, type, properties: JobBase, systemData}`. */
function jobResourceJson(state: RunState): Json {
  const { job, ws } = state;
  const wsId = workspaceId(ws);
  const times = runTimes(state);
  const common: Json = {
    description: null,
    tags: {},
    properties: {},
    displayName: job.displayName ?? job.name,
    status: statusOf(state),
    experimentName: job.experimentName ?? 'Default',
    services: {
      Tracking: { jobServiceType: 'Tracking', port: null, endpoint: `azureml://${ws.location}.api.azureml.ms/mlflow/v1.0${wsId}?`, status: null, errorMessage: null, properties: null },
      Studio: { jobServiceType: 'Studio', port: null, endpoint: studioUrl(ws, job.name), status: null, errorMessage: null, properties: null },
    },
    computeId: `${wsId}/computes/gpu-cluster`,
    isArchived: false,
    identity: null,
    componentId: null,
    jobType: job.jobType,
  };
  const typed: Json =
    job.jobType === 'Command'
      ? {
          command: 'python train.py',
          environmentId: 'azureml://registries/azureml/environments/acft-hf-nlp-gpu/versions/1',
          codeId: null,
          inputs: {},
          outputs: {
            default: { jobOutputType: 'uri_folder', mode: 'ReadWriteMount', uri: `azureml://datastores/workspaceartifactstore/ExperimentRun/dcid.${job.name}`, description: null },
          },
          resources: { instanceCount: 1, instanceType: null, properties: null },
          distribution: null,
          limits: null,
          environmentVariables: {},
          parameters: {},
        }
      : {
          inputs: {},
          outputs: {},
          jobs: Object.fromEntries((job.children ?? []).map((child) => [child.name, { type: child.jobType === 'Pipeline' ? 'pipeline' : 'command', name: child.name }])),
          settings: {},
        };
  const submitted = { ...(job.spec ?? {}) };
  delete submitted.status;
  delete submitted.jobType;
  return {
    id: `${wsId}/jobs/${job.name}`,
    name: job.name,
    type: `${PROVIDER}/workspaces/jobs`,
    properties: { ...common, ...typed, ...submitted },
    systemData: systemData(times.created, times.created, 'fake-user@contoso.example', 'User'),
  };
}

/** Run history `ErrorResponse` → `RootError` (runhistory `_models_py3.py`). */
function runErrorJson(state: RunState, message: string): Json {
  return {
    error: {
      code: 'UserError',
      severity: null,
      message,
      messageFormat: null,
      messageParameters: {},
      referenceCode: null,
      detailsUri: null,
      target: null,
      details: [],
      innerError: null,
      additionalInfo: null,
    },
    correlation: { operation: stableGuid(`${state.job.name}#operation`), request: stableGuid(`${state.job.name}#request`) },
    environment: state.ws.location,
    location: state.ws.location,
    time: iso(runTimes(state).end ?? runTimes(state).created),
    componentName: 'CommonRuntime',
  };
}

/** A fake SAS URL of a log file on this server: `/blob/logs/{runId}/{file}?sv=…&sig=fake`. */
function sasUrl(baseUrl: string, runId: string, file: string): string {
  const path = [runId, ...file.split('/')].map(encodeURIComponent).join('/');
  return `${baseUrl}/blob/logs/${path}?sv=2021-08-06&st=2025-01-06T09%3A00%3A00Z&se=2099-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=fake`;
}

/** The keys both `Run` and `RunDetails` have. */
function runCommonJson(state: RunState): Json {
  const { job, parent, root } = state;
  const times = runTimes(state);
  const message = state.error;
  return {
    runId: job.name,
    runUuid: stableGuid(`${job.name}#run`),
    parentRunId: parent?.name ?? null,
    rootRunId: root.name,
    target: 'gpu-cluster',
    status: statusOf(state),
    startTimeUtc: times.start !== undefined ? iso(times.start) : null,
    endTimeUtc: times.end !== undefined ? iso(times.end) : null,
    error: message !== undefined ? runErrorJson(state, message) : null,
    warnings: null,
    tags: {},
    properties: { 'azureml.runsource': job.jobType === 'Pipeline' ? 'azureml.PipelineRun' : 'azureml.StepRun', ContentSnapshotId: stableGuid(`${job.name}#snapshot`) },
    parameters: {},
    services: {},
    revision: state.revision,
    runTypeV2: { orchestrator: null, traits: [], attribution: null, computeType: job.jobType === 'Pipeline' ? null : 'AmlcDsi' },
    settings: {},
    createdBy: FAKE_USER,
    computeDuration: times.end !== undefined && times.start !== undefined ? '00:09:00' : null,
    effectiveStartTimeUtc: null,
    runNumber: state.runNumber,
    userId: FAKE_USER.userObjectId,
    statusRevision: state.revision,
    hasVirtualParent: false,
    currentComputeTime: null,
    lastStartTimeUtc: null,
    lastModifiedBy: FAKE_USER,
    lastModifiedUtc: iso(times.end ?? times.start ?? times.created),
    duration: times.end !== undefined && times.start !== undefined ? '00:09:00' : null,
    inputs: {},
    outputs: {},
  };
}

/** `RunDetails` (keys per API.md §2.2 / runhistory `_models_py3.py`), `logFiles` pointing at this server's blobs. */
function runDetailsJson(state: RunState, baseUrl: string): Json {
  const common = runCommonJson(state);
  return {
    ...common,
    createdTimeUtc: iso(runTimes(state).created),
    inputDatasets: [],
    outputDatasets: [],
    runDefinition: null,
    logFiles: Object.fromEntries([...state.logs.keys()].map((file) => [file, sasUrl(baseUrl, state.job.name, file)])),
    jobCost: null,
    computeRequest: null,
    compute: { target: 'gpu-cluster', targetType: 'AmlCompute', vmSize: 'Standard_NC6s_v3', instanceCount: 1, gpuCount: 1, priority: 'Dedicated', region: state.ws.location },
  };
}

/** `Run` (runhistory `_models_py3.py`), as `children` lists it. */
function runJson(state: RunState): Json {
  const { job } = state;
  return {
    ...runCommonJson(state),
    createdUtc: iso(runTimes(state).created),
    token: null,
    tokenExpiryTimeUtc: null,
    parentRunUuid: state.parent ? stableGuid(`${state.parent.name}#run`) : null,
    rootRunUuid: stableGuid(`${state.root.name}#run`),
    cancelationReason: null,
    experimentId: stableGuid(`${workspaceId(state.ws)}#experiment#${job.experimentName ?? 'Default'}`),
    options: { generateDataContainerIdIfNotSpecified: true },
    isVirtual: false,
    displayName: job.displayName ?? job.name,
    name: null,
    dataContainerId: `dcid.${job.name}`,
    description: null,
    hidden: false,
    runType: job.jobType === 'Pipeline' ? 'azureml.PipelineRun' : 'azureml.StepRun',
    actionUris: {},
    scriptName: null,
    uniqueChildRunComputeTargets: [],
    jobSpecification: null,
    primaryMetricName: null,
    createdFrom: null,
    cancelUri: null,
    completeUri: null,
    diagnosticsUri: null,
    retainForLifetimeOfWorkspace: false,
    queueingInfo: null,
    activeChildRunId: null,
  };
}

/**
 * `GET …/history/v1.0/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}/runs/{runId}[/details|/children]`.
 * Children answer `PaginatedRunList` `{value, continuationToken, nextLink}`; the token is the fake's offset
 * token, read from `$continuationtoken`; `$top` caps the total.
 */
function routeHistory(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [, version, s, sub, r, rg, p, provider, w, wsName, runsSegment, runId, what, ...rest] = seg;
  if (
    version !== 'v1.0' || !same(s ?? '', 'subscriptions') || !same(r ?? '', 'resourceGroups') || !same(p ?? '', 'providers') ||
    !same(provider ?? '', PROVIDER) || !same(w ?? '', 'workspaces') || !same(runsSegment ?? '', 'runs') ||
    sub === undefined || rg === undefined || wsName === undefined || runId === undefined || rest.length > 0
  ) {
    return notFound(`No route for ${ctx.pathname}.`);
  }
  const ws = seed.workspaces.find((x) => same(x.subscriptionId, sub) && same(x.resourceGroup, rg) && same(x.name, wsName));
  if (!ws) return errorReply(404, 'UserError', `Workspace '${wsName}' was not found in resource group '${rg}'.`);
  const state = ctx.runs.find(runId, ws);
  if (!state) return errorReply(404, 'UserError', `Run ${runId} was not found.`);
  if (what === undefined) return { status: 200, body: runJson(state) };
  if (same(what, 'details')) {
    const body = runDetailsJson(state, ctx.baseUrl);
    advance(state);
    return { status: 200, body };
  }
  if (!same(what, 'children')) return notFound(`No route for ${ctx.pathname}.`);
  let children = (state.job.children ?? []).map((child) => runJson(ctx.runs.state(child, ws, state.job, state.root)));
  const top = parseTop(ctx.query);
  if (top !== undefined) children = children.slice(0, top);
  const raw = queryValue(ctx.query, '$continuationtoken');
  const offset = raw === undefined || raw === '' ? 0 : decodeToken(raw);
  if (offset === undefined) return errorReply(400, 'UserError', `The continuation token '${raw}' is not valid.`);
  const size = Math.max(1, Math.floor(ctx.pageSize));
  const body: Json = { value: children.slice(offset, offset + size), continuationToken: null, nextLink: null };
  if (offset + size < children.length) {
    const token = encodeToken(offset + size);
    const kept: Array<[string, string]> = [];
    for (const [key, val] of ctx.query) if (key.toLowerCase() !== '$continuationtoken') kept.push([key, val]);
    kept.push(['$continuationtoken', token]);
    body.continuationToken = token;
    body.nextLink = `${ctx.baseUrl}${ctx.pathname}?${serializeQuery(kept)}`;
  }
  return { status: 200, body };
}

/**
 * ARM jobs of a workspace (mfe.json 2022-10-01 `Jobs_List`, `Jobs_Get`, `Jobs_CreateOrUpdate`, `Jobs_Cancel`):
 * `GET {W}/jobs` (`$skip`, `jobType`, `tag`, `listViewType`; top-level jobs only), `GET|PUT {W}/jobs/{id}`,
 * `POST {W}/jobs/{id}/cancel` → 202 + `Location` (a `mfeOperationResults` URL) while the run is not terminal
 * (200 when it already is). The run turns `CancelRequested` at once and `Canceled` when the Location is polled.
 */
function routeJobs(ws: FakeWorkspace, tail: string[], ctx: RequestContext): Reply {
  const [id, action, ...rest] = tail;
  const checked = (reply: Reply): Reply => ({ ...reply, methodChecked: true });
  if (rest.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  const wsId = workspaceId(ws);
  if (id === undefined) {
    if (ctx.method !== 'GET') return checked(errorReply(405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.pathname}.`));
    const jobType = queryValue(ctx.query, 'jobType');
    const tag = queryValue(ctx.query, 'tag');
    let jobs = (ws.jobs ?? []).map((job) => ctx.runs.state(job, ws, undefined, job));
    if (jobType) jobs = jobs.filter((state) => same(state.job.jobType, jobType));
    if (tag) jobs = jobs.filter((state) => {
      const tags = (state.job.spec?.tags ?? {}) as Record<string, unknown>;
      return tag in tags;
    });
    if (same(queryValue(ctx.query, 'listViewType') ?? '', 'ArchivedOnly')) jobs = [];
    return checked(paged(jobs.map(jobResourceJson), ctx));
  }
  const state = ctx.runs.find(id, ws);
  if (action === undefined) {
    if (ctx.method === 'GET') {
      return checked(state ? { status: 200, body: jobResourceJson(state) } : errorReply(404, 'UserError', `Job ${id} was not found in ${wsId}.`));
    }
    if (ctx.method === 'PUT') {
      const properties = (ctx.body as { properties?: Record<string, unknown> } | undefined)?.properties;
      const jobType = properties?.jobType;
      if (!properties || (jobType !== 'Command' && jobType !== 'Pipeline')) {
        return checked(errorReply(400, 'UserError', `The job body needs properties.jobType 'Command' or 'Pipeline' (got ${JSON.stringify(jobType)}).`));
      }
      if (state) {
        state.job.spec = { ...(state.job.spec ?? {}), ...properties };
        return checked({ status: 200, body: jobResourceJson(state) });
      }
      const job: FakeJob = {
        name: id,
        jobType,
        ...(typeof properties.displayName === 'string' ? { displayName: properties.displayName } : {}),
        ...(typeof properties.experimentName === 'string' ? { experimentName: properties.experimentName } : {}),
        status: 'NotStarted',
        logs: {},
        spec: { ...properties },
      };
      (ws.jobs ??= []).push(job);
      ctx.onJobCreated?.(job, ws);
      return checked({ status: 201, body: jobResourceJson(ctx.runs.state(job, ws, undefined, job)) });
    }
    return checked(errorReply(405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.pathname}.`));
  }
  if (!same(action, 'cancel')) return notFound(`No route for ${ctx.pathname}.`);
  if (ctx.method !== 'POST') return checked(errorReply(405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.pathname}.`));
  if (!state) return checked(errorReply(404, 'UserError', `Job ${id} was not found in ${wsId}.`));
  if (TERMINAL.includes(statusOf(state))) return checked({ status: 200, body: undefined });
  for (const job of [state.job, ...descendants(state.job)]) {
    const run = ctx.runs.find(job.name, ws);
    if (run && !TERMINAL.includes(statusOf(run))) setStatus(run, 'CancelRequested');
  }
  const operation = `jc:${stableGuid(wsId)}:${id}`;
  ctx.runs.cancels.set(operation, id);
  const location = `${ctx.baseUrl}/subscriptions/${ws.subscriptionId}/providers/${PROVIDER}/locations/${ws.location}/mfeOperationResults/${encodeURIComponent(operation)}?api-version=2022-10-01`;
  return checked({ status: 202, body: undefined, headers: { location, 'retry-after': '0' } });
}

/** `GET /subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{loc}/mfeOperationResults/{op}`: a cancel finishes. */
function routeOperationResult(operation: string, ctx: RequestContext): Reply {
  const runId = ctx.runs.cancels.get(operation);
  const state = runId === undefined ? undefined : ctx.runs.find(runId);
  if (!state) return notFound(`Operation '${operation}' was not found.`);
  for (const job of [state.job, ...descendants(state.job)]) {
    const run = ctx.runs.find(job.name, state.ws);
    if (run && !TERMINAL.includes(statusOf(run))) setStatus(run, 'Canceled');
  }
  ctx.runs.cancels.delete(operation);
  return { status: 200, body: undefined };
}

function storageError(status: number, code: string, message: string, headers: Record<string, string> = {}): Reply {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${stableGuid(message)}\nTime:${iso(EPOCH)}</Message></Error>`;
  return { status, body: undefined, raw: Buffer.from(xml, 'utf8'), headers: { 'content-type': 'application/xml', 'x-ms-error-code': code, ...headers } };
}

/**
 * A log blob behind a SAS URL (Get Blob): no bearer token — a request that carries an `Authorization` header is
 * refused (400 `InvalidAuthenticationInfo`, the fake's choice: our token is not for storage), a wrong `sig` is
 * 403 `AuthenticationFailed`. `Range`/`x-ms-range` `bytes=start-[end]` → 206 with `Content-Range`; a start at or
 * past the end → 416 `InvalidRange` (learn.microsoft.com "Specifying the range header for Blob service operations").
 */
function routeBlob(seg: string[], headers: http.IncomingHttpHeaders, ctx: RequestContext): Reply {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return storageError(405, 'UnsupportedHttpVerb', 'The resource doesn\'t support specified Http Verb.');
  if (headers.authorization !== undefined) {
    return storageError(400, 'InvalidAuthenticationInfo', 'Authentication information is not given in the correct format: a SAS and an Authorization header were both given.');
  }
  if (ctx.query.get('sig') !== 'fake') return storageError(403, 'AuthenticationFailed', 'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.');
  const [, container, runId, ...fileParts] = seg;
  const state = container === 'logs' && runId !== undefined ? ctx.runs.find(runId) : undefined;
  const bytes = state?.logs.get(fileParts.join('/'));
  if (!bytes) return storageError(404, 'BlobNotFound', 'The specified blob does not exist.');
  const blobHeaders: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    'accept-ranges': 'bytes',
    'x-ms-blob-type': 'AppendBlob',
    'x-ms-version': '2021-08-06',
    etag: `"0x${createHash('sha256').update(bytes).digest('hex').slice(0, 15).toUpperCase()}"`,
    'last-modified': new Date(EPOCH).toUTCString(),
  };
  const rangeHeader = headers['x-ms-range'] ?? headers.range;
  const range = typeof rangeHeader === 'string' ? /^bytes=(\d+)-(\d*)$/.exec(rangeHeader.trim()) : null;
  if (!range) return { status: 200, body: undefined, raw: bytes, headers: blobHeaders };
  const start = Number(range[1]);
  const end = range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
  if (start >= bytes.length || end < start) {
    return storageError(416, 'InvalidRange', 'The range specified is invalid for the current size of the resource.', { 'content-range': `bytes */${bytes.length}` });
  }
  return { status: 206, body: undefined, raw: bytes.subarray(start, end + 1), headers: { ...blobHeaders, 'content-range': `bytes ${start}-${end}/${bytes.length}` } };
}

// ---------------------------------------------------------------------------------------------------------------
// Workspace assets a submission uses: computes, the default datastore, data versions, model registration;
// registry components; MLflow metrics.

/**
 * `GET {W}/computes` (`ComputeResource` with `properties.computeType` and, for `AmlCompute`, `properties.properties`
 * = `AmlComputeProperties`: `vmSize`, `vmPriority`, `scaleSettings`; mfe/machineLearningServices.json 2022-10-01).
 */
function routeComputes(ws: FakeWorkspace, tail: string[], ctx: RequestContext): Reply {
  if (tail.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  const wsId = workspaceId(ws);
  return paged(
    (ws.computes ?? []).map((compute) => ({
      id: `${wsId}/computes/${compute.name}`,
      name: compute.name,
      type: `${PROVIDER}/workspaces/computes`,
      location: ws.location,
      properties: {
        computeType: compute.computeType ?? 'AmlCompute',
        computeLocation: ws.location,
        provisioningState: 'Succeeded',
        disableLocalAuth: true,
        properties: {
          vmSize: compute.vmSize,
          vmPriority: 'Dedicated',
          scaleSettings: { maxNodeCount: compute.maxNodeCount ?? 4, minNodeCount: 0, nodeIdleTimeBeforeScaleDown: 'PT120S' },
          currentNodeCount: 0,
          targetNodeCount: 0,
          allocationState: 'Steady',
          osType: 'Linux',
        },
      },
    })),
    ctx,
  );
}

/**
 * `GET {W}/datastores?isDefault=true` (`DatastoreResource`, `AzureBlobDatastore` properties) and
 * `POST {W}/datastores/{name}/listSecrets` (`AccountKeyDatastoreSecrets`), from the workspace's `storage`.
 */
function routeDatastores(ws: FakeWorkspace, tail: string[], ctx: RequestContext): Reply {
  const storage = ws.storage;
  const datastore = storage && {
    id: `${workspaceId(ws)}/datastores/workspaceblobstore`,
    name: 'workspaceblobstore',
    type: `${PROVIDER}/workspaces/datastores`,
    properties: {
      datastoreType: 'AzureBlob',
      accountName: storage.account,
      containerName: storage.container,
      endpoint: 'core.windows.net',
      protocol: 'https',
      credentials: { credentialsType: 'AccountKey' },
      isDefault: true,
    },
  };
  const [name, action, ...rest] = tail;
  if (name === undefined && ctx.method === 'GET') return paged(datastore ? [datastore] : [], ctx);
  if (!datastore || !storage || name !== 'workspaceblobstore' || rest.length > 0) return notFound(`Datastore '${name ?? ''}' was not found.`);
  if (action === undefined && ctx.method === 'GET') return { status: 200, body: datastore };
  if (action === 'listSecrets' && ctx.method === 'POST') return { status: 200, body: { secretsType: 'AccountKey', key: storage.key } };
  return errorReply(405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.pathname}.`);
}

/** `PUT {W}/data/{name}/versions/{version}` (`DataVersionBaseResource`: `properties.dataType`, `dataUri`) → 201. */
function routeDataVersions(ws: FakeWorkspace, tail: string[], ctx: RequestContext): Reply {
  const [name, versions, version, ...rest] = tail;
  if (!name || versions !== 'versions' || !version || rest.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  const key = `${name}:${version}`;
  const id = `${workspaceId(ws)}/data/${name}/versions/${version}`;
  const json = (data: { dataType: string; dataUri: string }) => ({ id, name: version, type: `${PROVIDER}/workspaces/data/versions`, properties: { ...data, isAnonymous: false, isArchived: false } });
  if (ctx.method === 'GET') {
    const data = ws.dataVersions?.[key];
    return data ? { status: 200, body: json(data) } : notFound(`Data version '${key}' was not found.`);
  }
  if (ctx.method !== 'PUT') return errorReply(405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.pathname}.`);
  const properties = (ctx.body as { properties?: { dataType?: unknown; dataUri?: unknown } } | undefined)?.properties;
  if (typeof properties?.dataType !== 'string' || typeof properties.dataUri !== 'string') {
    return errorReply(400, 'UserError', 'A data version needs properties.dataType and properties.dataUri.');
  }
  const data = { dataType: properties.dataType, dataUri: properties.dataUri };
  (ws.dataVersions ??= {})[key] = data;
  return { status: 201, body: json(data) };
}

/** `PUT {W}/models/{name}/versions/{version}` (`ModelVersionResource`) → 201; the container is created with it. */
function putModelVersion(ws: FakeWorkspace, tail: string[], ctx: RequestContext): Reply {
  const [name, versions, version, ...rest] = tail;
  if (!name || versions !== 'versions' || !version || rest.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  const properties = (ctx.body as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!properties || typeof properties.modelUri !== 'string') return errorReply(400, 'UserError', 'A model version needs properties.modelUri.');
  let model = ws.models.find((m) => m.name === name);
  if (!model) {
    model = { name, versions: [] };
    ws.models.push(model);
  }
  const entry: FakeModelVersion = {
    version,
    ...(typeof properties.description === 'string' ? { description: properties.description } : {}),
    tags: { ...((properties.tags as Record<string, string> | undefined) ?? {}) },
    properties: { ...((properties.properties as Record<string, string> | undefined) ?? {}) },
    modelType: typeof properties.modelType === 'string' ? properties.modelType : 'custom_model',
    modelUri: properties.modelUri,
  };
  const existing = model.versions.findIndex((v) => v.version === version);
  if (existing >= 0) model.versions[existing] = entry;
  else model.versions.push(entry);
  const scope = workspaceScope(ws);
  return { status: existing >= 0 ? 200 : 201, body: versionJson(scope, model, ws.models.indexOf(model), model.versions.indexOf(entry)) };
}

/** Registry data plane `…/registries/{name}/components/{component}[/versions[/{version}]]` (`ComponentContainer`, `latestVersion`). */
function routeRegistryComponents(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply | undefined {
  const [s, sub, r, rg, p, provider, kind, name, components, component, versions, version, ...rest] = seg;
  if (
    !same(s ?? '', 'subscriptions') || !same(r ?? '', 'resourceGroups') || !same(p ?? '', 'providers') ||
    !same(provider ?? '', PROVIDER) || !same(kind ?? '', 'registries') || !same(components ?? '', 'components') || rest.length > 0
  ) {
    return undefined;
  }
  const registry = seed.registries.find((reg) => same(reg.subscriptionId, sub ?? '') && same(reg.resourceGroup, rg ?? '') && same(reg.name, name ?? ''));
  if (!registry) return notFound(`Registry '${name ?? ''}' was not found.`);
  const id = `${registryId(registry)}/components`;
  const containerJson = (c: { name: string; versions: string[] }) => ({
    id: `${id}/${c.name}`,
    name: c.name,
    type: `${PROVIDER}/registries/components`,
    properties: { description: null, tags: {}, properties: {}, isArchived: false, latestVersion: c.versions[c.versions.length - 1] ?? null },
  });
  if (component === undefined) return paged((registry.components ?? []).map(containerJson), ctx);
  const found = registry.components?.find((c) => c.name === component);
  if (!found) return notFound(`Component '${component}' was not found in registry '${registry.name}'.`);
  if (versions === undefined) return { status: 200, body: containerJson(found) };
  const versionJson = (v: string) => ({ id: `${id}/${found.name}/versions/${v}`, name: v, type: `${PROVIDER}/registries/components/versions`, properties: { isAnonymous: false, isArchived: false, componentSpec: { name: found.name, version: v, type: 'pipeline' } } });
  if (version === undefined) return paged(found.versions.map(versionJson), ctx);
  return found.versions.includes(version) ? { status: 200, body: versionJson(version) } : notFound(`Component version '${component}:${version}' was not found.`);
}

/**
 * MLflow REST `GET /api/2.0/mlflow/runs/get?run_id=…` under the workspace's tracking path
 * (`{api}/mlflow/v1.0/subscriptions/…/workspaces/{ws}`): `{run: {info, data: {metrics: [{key, value, timestamp, step}], params, tags}}}`
 * (mlflow.org REST API reference, `Run`, `RunData`, `Metric`).
 */
function routeMlflow(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [, version, s, sub, r, rg, , , w, wsName, api, apiVersion, mlflow, runs, get] = seg;
  if (
    version !== 'v1.0' || !same(s ?? '', 'subscriptions') || !same(r ?? '', 'resourceGroups') || !same(w ?? '', 'workspaces') ||
    api !== 'api' || apiVersion !== '2.0' || mlflow !== 'mlflow' || runs !== 'runs' || get !== 'get'
  ) {
    return notFound(`No route for ${ctx.pathname}.`);
  }
  const ws = seed.workspaces.find((x) => same(x.subscriptionId, sub ?? '') && same(x.resourceGroup, rg ?? '') && same(x.name, wsName ?? ''));
  const runId = ctx.query.get('run_id') ?? '';
  const state = ws ? ctx.runs.find(runId, ws) : undefined;
  if (!state) return errorReply(404, 'RESOURCE_DOES_NOT_EXIST', `Run '${runId}' not found.`);
  const times = runTimes(state);
  return {
    status: 200,
    body: {
      run: {
        info: { run_id: runId, run_uuid: runId, experiment_id: stableGuid(`${runId}#experiment`), status: statusOf(state) === 'Completed' ? 'FINISHED' : 'RUNNING', start_time: times.created, lifecycle_stage: 'active' },
        data: {
          metrics: Object.entries(state.job.metrics ?? {}).map(([key, value]) => ({ key, value, timestamp: times.end ?? times.created, step: 0 })),
          params: [],
          tags: [],
        },
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Online and batch endpoints, their deployments and long-running operations; VM sizes; scoring
//
// Shapes: mfe.json 2022-10-01 (commit 29f2c80b…, see the file comment) `OnlineEndpointTrackedResource`,
// `OnlineDeploymentTrackedResource` (+ `ManagedOnlineDeployment`), `BatchEndpointTrackedResource`,
// `BatchDeploymentTrackedResource`, `EndpointAuthKeys`, `DeploymentLogsRequest` / `DeploymentLogs`, `SkuResource`;
// `VirtualMachineSizeListResult` of machineLearningServices.json. Status codes and headers of the operations as
// mfe.json declares them: PUT 200/201 (201 with `Azure-AsyncOperation`, `x-ms-async-operation-timeout`), PATCH and
// DELETE 202 with `Location` and `Retry-After` (DELETE also 200/204). The operation status resource
// `{id, name, status, startTime, endTime, error}` is ARM's (Azure/azure-resource-manager-rpc `v1.0/async-api-reference.md`).
//
// The fake's choices, where the specification is silent:
// - An accepted PUT answers 201 (new resource) or 200 (existing one), both with `Azure-AsyncOperation` pointing at
//   `…/locations/{loc}/mfeOperationsStatus/{op}`; PATCH and DELETE answer 202 with `Location` at
//   `…/mfeOperationResults/{op}`. `Retry-After` is `operationRetryAfterSeconds` (0 by default, where Azure asks 10 to 600).
// - An operation answers `InProgress` (202 on its Location) for `operationPolls` polls (1 by default), then ends; the
//   resource's `provisioningState` is `Creating`/`Updating`/`Deleting`/`Scaling` until then and follows the outcome.
// - `failNextDeployment` makes the next deployment PUT (online or batch) end `Failed` with its error, or be refused
//   at once (`at: 'request'`); a deployment of a model asset that does not exist is refused with 404 `ResourceNotFound`.
// - Online endpoint names are unique per region: a new name that a workspace in the same region already uses is
//   refused with 409 `Conflict`. A name outside 3–32 letters, digits and hyphens (letter first) is 400 `BadArgument`.
// - `scoringUri` is `{this server}/score/{endpoint}`: POST with `Authorization: Bearer <primary or secondary key>`
//   (401 without), `azureml-model-deployment` to pick a deployment (404 for an unknown one), else the deployment with
//   the most traffic (404 when none has any, as Azure says "no valid deployment with positive weight"); a deployment
//   that is not `Succeeded` answers 424 with `ms-azureml-model-error-statuscode`/`-reason` (status codes from
//   MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-troubleshoot-online-endpoints.md`, 112100ce80).
//   The answer is one deterministic prediction per input (`input_data` list or `{data: rows}`, `inputs`, or the body).
// - VM sizes are the same for every region: the DS-series of `examples/VirtualMachineSize/list.json`
//   (15f38e5b507c1875212fabd59839498f3a6e2015; `MIR` in `supportedComputeTypes` marks sizes for managed online
//   endpoints) plus a few sizes the sample models name.

/** `EndpointProvisioningState` / `DeploymentProvisioningState` (mfe.json 2022-10-01). */
export type FakeProvisioningState = 'Creating' | 'Deleting' | 'Scaling' | 'Updating' | 'Succeeded' | 'Failed' | 'Canceled';

/** A managed online deployment (`ManagedOnlineDeployment`). */
export interface FakeOnlineDeployment {
  name: string;
  /** `properties.model`: an asset id. */
  model?: string;
  instanceType: string;
  /** `sku.capacity`. */
  instanceCount: number;
  /** `Succeeded` when left out. */
  provisioningState?: FakeProvisioningState;
  /** The body received with PUT, echoed back (the fake's record of what the client sent). */
  body?: Record<string, unknown>;
  /** Container logs that `getLogs` tails; a scoring server's start-up lines when left out. */
  logs?: { InferenceServer?: string; StorageInitializer?: string };
  /** Scoring requests this deployment answered. */
  scored?: number;
}
export interface FakeOnlineEndpoint {
  name: string;
  /** `Key` when left out. */
  authMode?: 'Key' | 'AMLToken' | 'AADToken';
  /** Percent of traffic per deployment. */
  traffic?: Record<string, number>;
  provisioningState?: FakeProvisioningState;
  /** Derived from the endpoint's id when left out. */
  keys?: { primaryKey: string; secondaryKey: string };
  description?: string;
  tags?: Record<string, string>;
  deployments: FakeOnlineDeployment[];
  /** The body received with the last PUT. */
  body?: Record<string, unknown>;
}
export interface FakeBatchDeployment {
  name: string;
  /** `properties.model.assetId` (`referenceType: "Id"`). */
  model?: string;
  /** `properties.compute`: the ARM id of a cluster of the workspace. */
  compute?: string;
  /** `properties.resources.instanceCount`. */
  instanceCount?: number;
  provisioningState?: FakeProvisioningState;
  body?: Record<string, unknown>;
}
export interface FakeBatchEndpoint {
  name: string;
  /** `properties.defaults.deploymentName`. */
  defaultDeployment?: string;
  provisioningState?: FakeProvisioningState;
  tags?: Record<string, string>;
  deployments: FakeBatchDeployment[];
  body?: Record<string, unknown>;
}
/** How the next deployment PUT of a workspace fails (then the knob is cleared). */
export interface FakeDeploymentFailure {
  /** The service's error code, e.g. `OutOfQuota`. */
  code: string;
  message: string;
  /** `operation` (default): the PUT is accepted and its operation ends `Failed`; `request`: the PUT itself is refused. */
  at?: 'operation' | 'request';
  /** HTTP status of a refused PUT (400 by default). */
  status?: number;
}
/** `VirtualMachineSize` (machineLearningServices.json 2022-10-01). */
export interface FakeVmSize {
  name: string;
  family: string;
  vCPUs: number;
  gpus: number;
  memoryGB: number;
  supportedComputeTypes: string[];
}

export const FAKE_VM_SIZES: readonly FakeVmSize[] = [
  { name: 'Standard_DS1_v2', family: 'standardDSv2Family', vCPUs: 1, gpus: 0, memoryGB: 3.5, supportedComputeTypes: ['AmlCompute', 'ComputeInstance'] },
  { name: 'Standard_DS2_v2', family: 'standardDSv2Family', vCPUs: 2, gpus: 0, memoryGB: 7, supportedComputeTypes: ['AmlCompute', 'ComputeInstance', 'MIR'] },
  { name: 'Standard_DS3_v2', family: 'standardDSv2Family', vCPUs: 4, gpus: 0, memoryGB: 14, supportedComputeTypes: ['AmlCompute', 'ComputeInstance', 'MIR'] },
  { name: 'Standard_DS4_v2', family: 'standardDSv2Family', vCPUs: 8, gpus: 0, memoryGB: 28, supportedComputeTypes: ['AmlCompute', 'ComputeInstance', 'MIR'] },
  { name: 'Standard_D4a_v4', family: 'standardDAv4Family', vCPUs: 4, gpus: 0, memoryGB: 16, supportedComputeTypes: ['AmlCompute', 'ComputeInstance', 'MIR'] },
  { name: 'Standard_E4s_v3', family: 'standardESv3Family', vCPUs: 4, gpus: 0, memoryGB: 32, supportedComputeTypes: ['AmlCompute', 'ComputeInstance', 'MIR'] },
  { name: 'Standard_NC6s_v3', family: 'standardNCSv3Family', vCPUs: 6, gpus: 1, memoryGB: 112, supportedComputeTypes: ['AmlCompute', 'ComputeInstance', 'MIR'] },
  { name: 'Standard_DS11_v2', family: 'standardDSv2Family', vCPUs: 2, gpus: 0, memoryGB: 14, supportedComputeTypes: ['AmlCompute', 'ComputeInstance'] },
];

interface EndpointOperation {
  readonly id: string;
  readonly ws: FakeWorkspace;
  readonly startedMs: number;
  /** Polls still to answer `InProgress`. */
  remaining: number;
  readonly error: { code: string; message: string } | undefined;
  /** Applies the outcome to the resource once. */
  finish: (() => void) | undefined;
}

/** Operations in flight per workspace, kept beside the seed so tests may replace the seed's endpoints freely. */
const endpointOperations = new WeakMap<FakeWorkspace, Map<string, EndpointOperation>>();
let operationCounter = 0;

function startOperation(ws: FakeWorkspace, name: string, finish: (failed: boolean) => void, error?: { code: string; message: string }): EndpointOperation {
  operationCounter += 1;
  const operation: EndpointOperation = {
    id: `oe:${stableGuid(`${workspaceId(ws)}#op#${operationCounter}`)}:${name}`,
    ws,
    startedMs: EPOCH + operationCounter * 1000,
    remaining: Math.max(0, Math.floor(ws.operationPolls ?? 1)),
    error,
    finish: () => finish(error !== undefined),
  };
  let map = endpointOperations.get(ws);
  if (!map) endpointOperations.set(ws, (map = new Map()));
  map.set(operation.id, operation);
  return operation;
}

function operationUrl(ctx: RequestContext, operation: EndpointOperation, kind: 'mfeOperationsStatus' | 'mfeOperationResults'): string {
  const { ws } = operation;
  return `${ctx.baseUrl}/subscriptions/${ws.subscriptionId}/providers/${PROVIDER}/locations/${ws.location}/${kind}/${encodeURIComponent(operation.id)}?api-version=2022-10-01`;
}

function retryAfter(ws: FakeWorkspace): Record<string, string> {
  return { 'retry-after': String(Math.max(0, Math.floor(ws.operationRetryAfterSeconds ?? 0))) };
}

/** 200/201 with `Azure-AsyncOperation` (PUT). */
function acceptedPut(ctx: RequestContext, operation: EndpointOperation, created: boolean, body: Json): Reply {
  return {
    status: created ? 201 : 200,
    body,
    headers: { 'azure-asyncoperation': operationUrl(ctx, operation, 'mfeOperationsStatus'), 'x-ms-async-operation-timeout': 'PT1H', ...retryAfter(operation.ws) },
    methodChecked: true,
  };
}

/** 202 with `Location` (PATCH, DELETE). */
function acceptedLocation(ctx: RequestContext, operation: EndpointOperation): Reply {
  return {
    status: 202,
    body: undefined,
    headers: { location: operationUrl(ctx, operation, 'mfeOperationResults'), 'x-ms-async-operation-timeout': 'PT1H', ...retryAfter(operation.ws) },
    methodChecked: true,
  };
}

/**
 * `GET /subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{loc}/vmSizes` and the endpoint
 * operations' `…/mfeOperationsStatus/{op}` and `…/mfeOperationResults/{op}`; `undefined` for other paths (a job
 * cancel's operation result is answered by the jobs section).
 */
function routeProviderLocation(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply | undefined {
  const [, , p, provider, locations, location, what, op, ...rest] = seg;
  if (!same(p ?? '', 'providers') || !same(provider ?? '', PROVIDER) || !same(locations ?? '', 'locations') || !location || rest.length > 0) return undefined;
  if (same(what ?? '', 'vmSizes') && op === undefined) {
    return {
      status: 200,
      body: {
        value: FAKE_VM_SIZES.map((size) => ({
          name: size.name,
          family: size.family,
          vCPUs: size.vCPUs,
          gpus: size.gpus,
          osVhdSizeMB: 1047552,
          maxResourceVolumeMB: size.vCPUs * 7168,
          memoryGB: size.memoryGB,
          lowPriorityCapable: true,
          premiumIO: true,
          estimatedVMPrices: null,
          supportedComputeTypes: [...size.supportedComputeTypes],
        })),
      },
    };
  }
  const status = same(what ?? '', 'mfeOperationsStatus');
  if ((!status && !same(what ?? '', 'mfeOperationResults')) || op === undefined) return undefined;
  let operation: EndpointOperation | undefined;
  for (const ws of seed.workspaces) operation ??= endpointOperations.get(ws)?.get(op);
  if (!operation) return status ? notFound(`Operation '${op}' was not found.`) : undefined;
  const headers = retryAfter(operation.ws);
  if (operation.remaining > 0) {
    operation.remaining -= 1;
    if (status) return { status: 200, body: { id: `${ctx.pathname}`, name: op, status: 'InProgress', startTime: iso(operation.startedMs) }, headers };
    return { status: 202, body: undefined, headers: { ...headers, location: operationUrl(ctx, operation, 'mfeOperationResults') } };
  }
  operation.finish?.();
  operation.finish = undefined;
  const ended = { id: ctx.pathname, name: op, startTime: iso(operation.startedMs), endTime: iso(operation.startedMs + 60_000) };
  if (operation.error) {
    if (status) return { status: 200, body: { ...ended, status: 'Failed', error: operation.error } };
    return errorReply(400, operation.error.code, operation.error.message);
  }
  return status ? { status: 200, body: { ...ended, status: 'Succeeded' } } : { status: 200, body: undefined };
}

const ENDPOINT_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/;
const methodNotAllowed = (ctx: RequestContext): Reply => ({ ...errorReply(405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.pathname}.`), methodChecked: true });
const badArgument = (message: string): Reply => ({ ...errorReply(400, 'BadArgument', message), methodChecked: true });
const checkedReply = (reply: Reply): Reply => ({ ...reply, methodChecked: true });

function bodyObject(ctx: RequestContext): Json | undefined {
  return ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Json) : undefined;
}

function isJson(value: unknown): value is Json {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

function objectField(object: Json | undefined, key: string): Json | undefined {
  const value = object?.[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function stringTags(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function endpointIdentity(id: string): Json {
  return { type: 'SystemAssigned', principalId: stableGuid(`${id}#principal`), tenantId: TENANT_ID, userAssignedIdentities: null };
}

function endpointKeys(ws: FakeWorkspace, endpoint: FakeOnlineEndpoint): { primaryKey: string; secondaryKey: string } {
  const id = `${workspaceId(ws)}/onlineEndpoints/${endpoint.name}`;
  return endpoint.keys ?? { primaryKey: stableGuid(`${id}#primary`).replace(/-/g, ''), secondaryKey: stableGuid(`${id}#secondary`).replace(/-/g, '') };
}

function onlineEndpointJson(ws: FakeWorkspace, endpoint: FakeOnlineEndpoint, ctx: RequestContext): Json {
  const id = `${workspaceId(ws)}/onlineEndpoints/${endpoint.name}`;
  const submitted = objectField(endpoint.body, 'properties') ?? {};
  return {
    id,
    name: endpoint.name,
    type: `${PROVIDER}/workspaces/onlineEndpoints`,
    location: ws.location,
    kind: 'Managed',
    tags: { ...(endpoint.tags ?? {}) },
    identity: endpointIdentity(id),
    properties: {
      description: endpoint.description ?? null,
      properties: {},
      publicNetworkAccess: 'Enabled',
      ...submitted,
      scoringUri: `${ctx.baseUrl}/score/${encodeURIComponent(endpoint.name)}`,
      swaggerUri: `${ctx.baseUrl}/score/${encodeURIComponent(endpoint.name)}/swagger.json`,
      authMode: endpoint.authMode ?? 'Key',
      provisioningState: endpoint.provisioningState ?? 'Succeeded',
      compute: null,
      traffic: { ...(endpoint.traffic ?? {}) },
    },
    systemData: systemData(EPOCH, EPOCH, 'fake-user@contoso.example', 'User'),
  };
}

function onlineDeploymentJson(ws: FakeWorkspace, endpoint: FakeOnlineEndpoint, deployment: FakeOnlineDeployment): Json {
  const submitted = objectField(deployment.body, 'properties') ?? {};
  return {
    id: `${workspaceId(ws)}/onlineEndpoints/${endpoint.name}/deployments/${deployment.name}`,
    name: deployment.name,
    type: `${PROVIDER}/workspaces/onlineEndpoints/deployments`,
    location: ws.location,
    kind: 'Managed',
    tags: {},
    sku: { name: 'Default', tier: 'Standard', capacity: deployment.instanceCount },
    properties: {
      description: null,
      properties: {},
      codeConfiguration: null,
      environmentId: null,
      environmentVariables: {},
      scaleSettings: { scaleType: 'Default' },
      requestSettings: { requestTimeout: 'PT5S', maxConcurrentRequestsPerInstance: 1, maxQueueWait: 'PT0.5S' },
      appInsightsEnabled: false,
      livenessProbe: { failureThreshold: 30, successThreshold: 1, timeout: 'PT2S', period: 'PT10S', initialDelay: 'PT10S' },
      readinessProbe: { failureThreshold: 30, successThreshold: 1, timeout: 'PT2S', period: 'PT10S', initialDelay: 'PT10S' },
      egressPublicNetworkAccess: 'Enabled',
      modelMountPath: null,
      ...submitted,
      endpointComputeType: 'Managed',
      instanceType: deployment.instanceType,
      model: deployment.model ?? null,
      provisioningState: deployment.provisioningState ?? 'Succeeded',
    },
    systemData: systemData(EPOCH, EPOCH, 'fake-user@contoso.example', 'User'),
  };
}

/** Whether a model asset id (`azureml://registries/…/versions/v` or a workspace model's ARM or `azureml://` id) names a seeded model version. */
function modelAssetExists(seed: FakeAzureMlSeed, assetId: string): boolean {
  const registry = /^azureml:\/\/registries\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(assetId);
  if (registry) {
    const [, reg = '', name, version] = registry;
    return seed.registries.some((r) => same(r.name, reg) && r.models.some((m) => m.name === name && m.versions.some((v) => v.version === version)));
  }
  const workspace =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(assetId) ??
    /^azureml:\/\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/workspaces\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(assetId);
  if (workspace) {
    const [, sub = '', rg = '', wsName = '', name, version] = workspace;
    const ws = seed.workspaces.find((w) => same(w.subscriptionId, sub) && same(w.resourceGroup, rg) && same(w.name, wsName));
    return Boolean(ws?.models.some((m) => m.name === name && m.versions.some((v) => v.version === version)));
  }
  return false;
}

/** Takes the workspace's `failNextDeployment`, if any. */
function takeDeploymentFailure(ws: FakeWorkspace): FakeDeploymentFailure | undefined {
  const failure = ws.failNextDeployment;
  delete ws.failNextDeployment;
  return failure;
}

function defaultDeploymentLog(deployment: FakeOnlineDeployment): string {
  const lines = [
    '2025-01-06T09:31:00Z Azure ML Inferencing HTTP server v1.3.2',
    '2025-01-06T09:31:00Z Server settings: entry script none (MLflow model), port 31311, worker count 1',
    `2025-01-06T09:31:02Z Loading model ${deployment.model ?? '(none)'}`,
    '2025-01-06T09:31:09Z Model loaded; initializing the scoring pipeline',
    '2025-01-06T09:31:10Z Listening at http://0.0.0.0:31311',
    '2025-01-06T09:31:11Z GET /readiness 200',
  ];
  if (deployment.provisioningState === 'Failed') lines.push('2025-01-06T09:31:12Z ERROR The deployment did not become ready.');
  return `${lines.join('\n')}\n`;
}

/**
 * `{W}/onlineEndpoints[/{ep}[/listKeys | /deployments[/{d}[/getLogs | /skus]]]]` (mfe.json 2022-10-01 `OnlineEndpoints_*`,
 * `OnlineDeployments_*`).
 */
function routeOnlineEndpoints(ws: FakeWorkspace, tail: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [name, child, deploymentName, action, ...rest] = tail;
  const endpoints = (ws.onlineEndpoints ??= []);
  if (rest.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  if (name === undefined) return ctx.method === 'GET' ? checkedReply(paged(endpoints.map((e) => onlineEndpointJson(ws, e, ctx)), ctx)) : methodNotAllowed(ctx);
  const endpoint = endpoints.find((e) => same(e.name, name));
  const missing = (): Reply => checkedReply(errorReply(404, 'ResourceNotFound', `Online endpoint '${name}' was not found in workspace '${ws.name}'.`));

  if (child === undefined) {
    switch (ctx.method) {
      case 'GET':
        return endpoint ? checkedReply({ status: 200, body: onlineEndpointJson(ws, endpoint, ctx) }) : missing();
      case 'PUT':
        return putOnlineEndpoint(ws, name, endpoint, seed, ctx);
      case 'PATCH': {
        if (!endpoint) return missing();
        const tags = stringTags(bodyObject(ctx)?.tags);
        if (tags) endpoint.tags = tags;
        endpoint.provisioningState = 'Updating';
        return acceptedLocation(ctx, startOperation(ws, name, (failed) => (endpoint.provisioningState = failed ? 'Failed' : 'Succeeded')));
      }
      case 'DELETE': {
        if (!endpoint) return checkedReply({ status: 204, body: undefined });
        endpoint.provisioningState = 'Deleting';
        return acceptedLocation(ctx, startOperation(ws, name, () => endpoints.splice(endpoints.indexOf(endpoint), 1)));
      }
      default:
        return methodNotAllowed(ctx);
    }
  }
  if (!endpoint) return missing();
  if (same(child, 'listKeys') && deploymentName === undefined) {
    if (ctx.method !== 'POST') return methodNotAllowed(ctx);
    if ((endpoint.authMode ?? 'Key') !== 'Key') return badArgument(`Endpoint '${endpoint.name}' uses ${endpoint.authMode} authentication and has no keys.`);
    return checkedReply({ status: 200, body: endpointKeys(ws, endpoint) });
  }
  if (!same(child, 'deployments')) return notFound(`No route for ${ctx.pathname}.`);
  if (deploymentName === undefined) {
    return ctx.method === 'GET' ? checkedReply(paged(endpoint.deployments.map((d) => onlineDeploymentJson(ws, endpoint, d)), ctx)) : methodNotAllowed(ctx);
  }
  const deployment = endpoint.deployments.find((d) => same(d.name, deploymentName));
  const noDeployment = (): Reply => checkedReply(errorReply(404, 'ResourceNotFound', `Deployment '${deploymentName}' of endpoint '${endpoint.name}' was not found.`));
  if (action !== undefined) {
    if (!deployment) return noDeployment();
    if (same(action, 'getLogs')) {
      if (ctx.method !== 'POST') return methodNotAllowed(ctx);
      const request = bodyObject(ctx);
      const container = request?.containerType ?? 'InferenceServer';
      if (container !== 'InferenceServer' && container !== 'StorageInitializer') return badArgument(`containerType '${String(container)}' is not one of InferenceServer, StorageInitializer.`);
      const text = deployment.logs?.[container] ?? (container === 'InferenceServer' ? defaultDeploymentLog(deployment) : '');
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const tailCount = typeof request?.tail === 'number' && request.tail > 0 ? Math.floor(request.tail) : lines.length;
      const kept = lines.slice(Math.max(0, lines.length - tailCount));
      return checkedReply({ status: 200, body: { content: kept.length ? `${kept.join('\n')}\n` : '' } });
    }
    if (same(action, 'skus')) {
      if (ctx.method !== 'GET') return methodNotAllowed(ctx);
      const sku = { resourceType: `${PROVIDER}/workspaces/onlineEndpoints/deployments`, sku: { name: 'Default', tier: 'Standard' }, capacity: { minimum: 1, maximum: 20, default: 1, scaleType: 'Manual' } };
      return checkedReply(paged([sku], ctx));
    }
    return notFound(`No route for ${ctx.pathname}.`);
  }
  switch (ctx.method) {
    case 'GET':
      return deployment ? checkedReply({ status: 200, body: onlineDeploymentJson(ws, endpoint, deployment) }) : noDeployment();
    case 'PUT':
      return putOnlineDeployment(ws, endpoint, deploymentName, deployment, seed, ctx);
    case 'PATCH': {
      if (!deployment) return noDeployment();
      const capacity = objectField(bodyObject(ctx), 'sku')?.capacity;
      if (typeof capacity === 'number' && Number.isInteger(capacity) && capacity >= 1) deployment.instanceCount = capacity;
      deployment.provisioningState = 'Scaling';
      return acceptedLocation(ctx, startOperation(ws, deployment.name, (failed) => (deployment.provisioningState = failed ? 'Failed' : 'Succeeded')));
    }
    case 'DELETE': {
      if (!deployment) return checkedReply({ status: 204, body: undefined });
      if ((endpoint.traffic?.[deployment.name] ?? 0) > 0) return badArgument(`Deployment '${deployment.name}' still receives ${endpoint.traffic?.[deployment.name]}% of the traffic; set its traffic to 0 first.`);
      deployment.provisioningState = 'Deleting';
      return acceptedLocation(ctx, startOperation(ws, deployment.name, () => endpoint.deployments.splice(endpoint.deployments.indexOf(deployment), 1)));
    }
    default:
      return methodNotAllowed(ctx);
  }
}

function putOnlineEndpoint(ws: FakeWorkspace, name: string, existing: FakeOnlineEndpoint | undefined, seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const body = bodyObject(ctx);
  const properties = objectField(body, 'properties');
  if (!existing && !ENDPOINT_NAME.test(name)) {
    return badArgument(`Endpoint name '${name}' is not valid: use 3 to 32 letters, digits and hyphens, starting with a letter and not ending with a hyphen.`);
  }
  if (typeof body?.location !== 'string' || !properties) return badArgument('An online endpoint needs location and properties.');
  if (!same(body.location, ws.location)) return badArgument(`The endpoint's location '${body.location}' is not the workspace's (${ws.location}).`);
  const authMode = properties.authMode;
  if (authMode !== 'Key' && authMode !== 'AMLToken' && authMode !== 'AADToken') return badArgument(`properties.authMode '${String(authMode)}' is not one of Key, AMLToken, AADToken.`);
  if (existing?.provisioningState === 'Deleting') return checkedReply(errorReply(409, 'Conflict', `Endpoint '${name}' is being deleted.`));
  let traffic: Record<string, number> | undefined;
  const rawTraffic = objectField(properties, 'traffic');
  if (rawTraffic) {
    traffic = {};
    for (const [deployment, percent] of Object.entries(rawTraffic)) {
      if (typeof percent !== 'number' || !Number.isInteger(percent) || percent < 0 || percent > 100) return badArgument(`Traffic for '${deployment}' must be a whole percent.`);
      if (!existing?.deployments.some((d) => same(d.name, deployment))) return badArgument(`Traffic names deployment '${deployment}', which endpoint '${name}' does not have.`);
      traffic[deployment] = percent;
    }
    const total = Object.values(traffic).reduce((a, b) => a + b, 0);
    if (Object.keys(traffic).length > 0 && total !== 100 && total !== 0) return badArgument(`Traffic values need to sum to 100 (they sum to ${total}).`);
  }
  if (!existing) {
    const taken = seed.workspaces.some((other) => other !== ws && same(other.location, ws.location) && (other.onlineEndpoints ?? []).some((e) => same(e.name, name)));
    if (taken) return checkedReply(errorReply(409, 'Conflict', `An online endpoint named '${name}' already exists in region ${ws.location}; endpoint names are unique per region.`));
  }
  const endpoint: FakeOnlineEndpoint = existing ?? { name, deployments: [] };
  endpoint.authMode = authMode;
  endpoint.body = body;
  if (traffic) endpoint.traffic = traffic;
  const tags = stringTags(body.tags);
  if (tags) endpoint.tags = tags;
  if (typeof properties.description === 'string') endpoint.description = properties.description;
  endpoint.provisioningState = existing ? 'Updating' : 'Creating';
  if (!existing) (ws.onlineEndpoints ??= []).push(endpoint);
  const operation = startOperation(ws, name, (failed) => (endpoint.provisioningState = failed ? 'Failed' : 'Succeeded'));
  return acceptedPut(ctx, operation, !existing, onlineEndpointJson(ws, endpoint, ctx));
}

function putOnlineDeployment(ws: FakeWorkspace, endpoint: FakeOnlineEndpoint, name: string, existing: FakeOnlineDeployment | undefined, seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const body = bodyObject(ctx);
  const properties = objectField(body, 'properties');
  if (typeof body?.location !== 'string' || !properties) return badArgument('An online deployment needs location and properties.');
  if (properties.endpointComputeType !== 'Managed') return badArgument(`properties.endpointComputeType '${String(properties.endpointComputeType)}' is not supported here; the fake serves Managed deployments.`);
  if (typeof properties.instanceType !== 'string' || !properties.instanceType) return badArgument('A managed online deployment needs properties.instanceType.');
  const capacity = objectField(body, 'sku')?.capacity ?? 1;
  if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 1) return badArgument('sku.capacity (the instance count) must be a whole number of at least 1.');
  if (typeof properties.model !== 'string' || !properties.model) return badArgument('properties.model must name a model asset.');
  if (!modelAssetExists(seed, properties.model)) return checkedReply(errorReply(404, 'ResourceNotFound', `Model '${properties.model}' was not found.`));
  const failure = takeDeploymentFailure(ws);
  if (failure && failure.at === 'request') return checkedReply(errorReply(failure.status ?? 400, failure.code, failure.message));
  const deployment: FakeOnlineDeployment = existing ?? { name, instanceType: properties.instanceType, instanceCount: capacity };
  deployment.instanceType = properties.instanceType;
  deployment.instanceCount = capacity;
  deployment.model = properties.model;
  deployment.body = body;
  deployment.provisioningState = existing ? 'Updating' : 'Creating';
  if (!existing) endpoint.deployments.push(deployment);
  const operation = startOperation(ws, name, (failed) => (deployment.provisioningState = failed ? 'Failed' : 'Succeeded'), failure && { code: failure.code, message: failure.message });
  return acceptedPut(ctx, operation, !existing, onlineDeploymentJson(ws, endpoint, deployment));
}

function batchEndpointJson(ws: FakeWorkspace, endpoint: FakeBatchEndpoint, ctx: RequestContext): Json {
  const id = `${workspaceId(ws)}/batchEndpoints/${endpoint.name}`;
  return {
    id,
    name: endpoint.name,
    type: `${PROVIDER}/workspaces/batchEndpoints`,
    location: ws.location,
    kind: 'BatchEndpoint',
    tags: { ...(endpoint.tags ?? {}) },
    identity: endpointIdentity(id),
    properties: {
      description: null,
      properties: {},
      scoringUri: `${ctx.baseUrl}/batchEndpoints/${encodeURIComponent(endpoint.name)}/jobs`,
      swaggerUri: null,
      authMode: 'AADToken',
      defaults: { deploymentName: endpoint.defaultDeployment ?? null },
      provisioningState: endpoint.provisioningState ?? 'Succeeded',
    },
    systemData: systemData(EPOCH, EPOCH, 'fake-user@contoso.example', 'User'),
  };
}

function batchDeploymentJson(ws: FakeWorkspace, endpoint: FakeBatchEndpoint, deployment: FakeBatchDeployment): Json {
  const submitted = objectField(deployment.body, 'properties') ?? {};
  return {
    id: `${workspaceId(ws)}/batchEndpoints/${endpoint.name}/deployments/${deployment.name}`,
    name: deployment.name,
    type: `${PROVIDER}/workspaces/batchEndpoints/deployments`,
    location: ws.location,
    tags: {},
    properties: {
      description: null,
      properties: {},
      codeConfiguration: null,
      environmentId: null,
      environmentVariables: {},
      errorThreshold: -1,
      retrySettings: { maxRetries: 3, timeout: 'PT30S' },
      miniBatchSize: 10,
      loggingLevel: 'Info',
      maxConcurrencyPerInstance: 1,
      outputAction: 'AppendRow',
      outputFileName: 'predictions.csv',
      ...submitted,
      compute: deployment.compute ?? null,
      model: deployment.model ? { referenceType: 'Id', assetId: deployment.model } : null,
      resources: { instanceCount: deployment.instanceCount ?? 1, instanceType: null, properties: {} },
      provisioningState: deployment.provisioningState ?? 'Succeeded',
    },
    systemData: systemData(EPOCH, EPOCH, 'fake-user@contoso.example', 'User'),
  };
}

/** `{W}/batchEndpoints[/{ep}[/deployments[/{d}]]]` (mfe.json 2022-10-01 `BatchEndpoints_*`, `BatchDeployments_*`). */
function routeBatchEndpoints(ws: FakeWorkspace, tail: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [name, child, deploymentName, ...rest] = tail;
  const endpoints = (ws.batchEndpoints ??= []);
  if (rest.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  if (name === undefined) return ctx.method === 'GET' ? checkedReply(paged(endpoints.map((e) => batchEndpointJson(ws, e, ctx)), ctx)) : methodNotAllowed(ctx);
  const endpoint = endpoints.find((e) => same(e.name, name));
  const missing = (): Reply => checkedReply(errorReply(404, 'ResourceNotFound', `Batch endpoint '${name}' was not found in workspace '${ws.name}'.`));
  if (child === undefined) {
    switch (ctx.method) {
      case 'GET':
        return endpoint ? checkedReply({ status: 200, body: batchEndpointJson(ws, endpoint, ctx) }) : missing();
      case 'PUT': {
        const body = bodyObject(ctx);
        const properties = objectField(body, 'properties');
        if (!endpoint && !ENDPOINT_NAME.test(name)) return badArgument(`Endpoint name '${name}' is not valid: use 3 to 32 letters, digits and hyphens, starting with a letter.`);
        if (typeof body?.location !== 'string' || !properties) return badArgument('A batch endpoint needs location and properties.');
        if (!same(body.location, ws.location)) return badArgument(`The endpoint's location '${body.location}' is not the workspace's (${ws.location}).`);
        if (properties.authMode !== 'AADToken') return badArgument('Batch endpoints support only properties.authMode AADToken.');
        const wanted = objectField(properties, 'defaults')?.deploymentName;
        if (typeof wanted === 'string' && !endpoint?.deployments.some((d) => same(d.name, wanted))) return badArgument(`The default deployment '${wanted}' does not exist.`);
        const target: FakeBatchEndpoint = endpoint ?? { name, deployments: [] };
        target.body = body;
        if (typeof wanted === 'string') target.defaultDeployment = wanted;
        const tags = stringTags(body.tags);
        if (tags) target.tags = tags;
        target.provisioningState = endpoint ? 'Updating' : 'Creating';
        if (!endpoint) endpoints.push(target);
        const operation = startOperation(ws, name, (failed) => (target.provisioningState = failed ? 'Failed' : 'Succeeded'));
        return acceptedPut(ctx, operation, !endpoint, batchEndpointJson(ws, target, ctx));
      }
      case 'PATCH': {
        if (!endpoint) return missing();
        const tags = stringTags(bodyObject(ctx)?.tags);
        if (tags) endpoint.tags = tags;
        endpoint.provisioningState = 'Updating';
        return acceptedLocation(ctx, startOperation(ws, name, (failed) => (endpoint.provisioningState = failed ? 'Failed' : 'Succeeded')));
      }
      case 'DELETE':
        if (!endpoint) return checkedReply({ status: 204, body: undefined });
        endpoint.provisioningState = 'Deleting';
        return acceptedLocation(ctx, startOperation(ws, name, () => endpoints.splice(endpoints.indexOf(endpoint), 1)));
      default:
        return methodNotAllowed(ctx);
    }
  }
  if (!endpoint) return missing();
  if (!same(child, 'deployments')) return notFound(`No route for ${ctx.pathname}.`);
  if (deploymentName === undefined) {
    return ctx.method === 'GET' ? checkedReply(paged(endpoint.deployments.map((d) => batchDeploymentJson(ws, endpoint, d)), ctx)) : methodNotAllowed(ctx);
  }
  const deployment = endpoint.deployments.find((d) => same(d.name, deploymentName));
  const noDeployment = (): Reply => checkedReply(errorReply(404, 'ResourceNotFound', `Deployment '${deploymentName}' of batch endpoint '${endpoint.name}' was not found.`));
  switch (ctx.method) {
    case 'GET':
      return deployment ? checkedReply({ status: 200, body: batchDeploymentJson(ws, endpoint, deployment) }) : noDeployment();
    case 'PUT': {
      const body = bodyObject(ctx);
      const properties = objectField(body, 'properties');
      if (typeof body?.location !== 'string' || !properties) return badArgument('A batch deployment needs location and properties.');
      const model = objectField(properties, 'model');
      if (model?.referenceType !== 'Id' || typeof model.assetId !== 'string') return badArgument('properties.model must be {referenceType: "Id", assetId}.');
      if (!modelAssetExists(seed, model.assetId)) return checkedReply(errorReply(404, 'ResourceNotFound', `Model '${model.assetId}' was not found.`));
      const compute = properties.compute;
      const cluster = typeof compute === 'string' ? /\/computes\/([^/]+)$/i.exec(compute)?.[1] : undefined;
      if (!cluster || !(ws.computes ?? []).some((c) => same(c.name, cluster) && (c.computeType ?? 'AmlCompute') === 'AmlCompute')) {
        return badArgument(`properties.compute '${String(compute)}' is not a compute cluster of workspace '${ws.name}'.`);
      }
      const count = objectField(properties, 'resources')?.instanceCount ?? 1;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return badArgument('properties.resources.instanceCount must be a whole number of at least 1.');
      const failure = takeDeploymentFailure(ws);
      if (failure && failure.at === 'request') return checkedReply(errorReply(failure.status ?? 400, failure.code, failure.message));
      const target: FakeBatchDeployment = deployment ?? { name: deploymentName };
      Object.assign(target, { model: model.assetId, compute, instanceCount: count, body, provisioningState: deployment ? 'Updating' : 'Creating' });
      if (!deployment) endpoint.deployments.push(target);
      const operation = startOperation(ws, deploymentName, (failed) => (target.provisioningState = failed ? 'Failed' : 'Succeeded'), failure && { code: failure.code, message: failure.message });
      return acceptedPut(ctx, operation, !deployment, batchDeploymentJson(ws, endpoint, target));
    }
    case 'PATCH':
      if (!deployment) return noDeployment();
      deployment.provisioningState = 'Updating';
      return acceptedLocation(ctx, startOperation(ws, deployment.name, (failed) => (deployment.provisioningState = failed ? 'Failed' : 'Succeeded')));
    case 'DELETE':
      if (!deployment) return checkedReply({ status: 204, body: undefined });
      deployment.provisioningState = 'Deleting';
      return acceptedLocation(ctx, startOperation(ws, deployment.name, () => endpoint.deployments.splice(endpoint.deployments.indexOf(deployment), 1)));
    default:
      return methodNotAllowed(ctx);
  }
}

/** The inputs of a scoring request: an `input_data` list or `{data: rows}`, `inputs`, `data`, or the body itself. */
function scoringInputs(body: unknown): unknown[] {
  const object = body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : undefined;
  const inputData = object?.input_data;
  if (Array.isArray(inputData)) return inputData;
  const rows = inputData && typeof inputData === 'object' ? (inputData as Json).data : undefined;
  if (Array.isArray(rows)) return rows;
  for (const key of ['inputs', 'data']) if (Array.isArray(object?.[key])) return object[key] as unknown[];
  return Array.isArray(body) ? body : [body];
}

/**
 * `POST /batchEndpoints/{endpoint}/jobs` with the ARM token (the fake does not tell audiences apart): invoking a
 * batch endpoint. The body is `{"properties": {"InputData": {<name>: {"JobInputType", "Uri"}}}}` (learn.microsoft.com,
 * how-to-access-data-batch-endpoints-jobs, REST); the answer is the batch job (`{id, name, type, properties}`), which
 * also becomes a job of the workspace: a pipeline run whose log says what it scores, reaching `Completed` after a
 * few polls (a test may change it in `onJobCreated`).
 */
function routeBatchInvoke(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [, name, jobs, ...rest] = seg;
  let found: { ws: FakeWorkspace; endpoint: FakeBatchEndpoint } | undefined;
  for (const ws of seed.workspaces) {
    const endpoint = (ws.batchEndpoints ?? []).find((e) => same(e.name, name ?? ''));
    if (endpoint && !found) found = { ws, endpoint };
  }
  if (!found || jobs !== 'jobs' || rest.length > 0) return errorReply(404, 'NotFound', `No batch endpoint '${name ?? ''}' answers here.`);
  if (ctx.method !== 'POST') return errorReply(405, 'MethodNotAllowed', 'Invoking takes POST.');
  const inputs = objectField(objectField(isJson(ctx.body) ? ctx.body : undefined, 'properties'), 'InputData');
  const entries = Object.entries(inputs ?? {});
  const bad = entries.find(([, input]) => !isJson(input) || typeof input.JobInputType !== 'string' || typeof input.Uri !== 'string');
  if (entries.length === 0 || bad) return errorReply(400, 'BadRequest', 'The invocation needs properties.InputData with at least one {JobInputType, Uri}.');
  const { ws, endpoint } = found;
  const deployment = endpoint.defaultDeployment ?? endpoint.deployments[0]?.name;
  if (!deployment) return errorReply(400, 'BadRequest', `Batch endpoint '${endpoint.name}' has no deployment to run.`);
  const jobName = `batchjob-${stableGuid(`${endpoint.name}#${(ws.jobs ?? []).length}`).slice(0, 8)}`;
  const uris = entries.map(([, input]) => (isJson(input) ? String(input.Uri) : ''));
  const job: FakeJob = {
    name: jobName,
    jobType: 'Pipeline',
    displayName: `${endpoint.name}-${deployment}`,
    experimentName: endpoint.name,
    status: ['NotStarted', 'Running', 'Completed'],
    logs: { 'logs/azureml/executionlogs.txt': `Scoring ${uris.join(', ')} with deployment ${deployment}\nScored the input; predictions are in the job's output\n` },
    spec: { jobType: 'Pipeline', displayName: `${endpoint.name}-${deployment}`, tags: {}, inputs: inputs ?? {} },
  };
  (ws.jobs ??= []).push(job);
  ctx.onJobCreated?.(job, ws);
  return { status: 200, body: { id: `${workspaceId(ws)}/jobs/${jobName}`, name: jobName, type: `${PROVIDER}/workspaces/jobs`, properties: { ...job.spec, status: 'NotStarted' } } };
}

/**
 * `POST /score/{endpoint}`: the scoring URI of a managed online endpoint (behaviour in the section comment). Not ARM:
 * the endpoint's key, not the ARM token, signs the request.
 */
function routeScore(seg: string[], headers: http.IncomingHttpHeaders, seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [, name, ...rest] = seg;
  let found: { ws: FakeWorkspace; endpoint: FakeOnlineEndpoint } | undefined;
  for (const ws of seed.workspaces) {
    const endpoint = (ws.onlineEndpoints ?? []).find((e) => same(e.name, name ?? ''));
    if (endpoint && !found) found = { ws, endpoint };
  }
  if (!found || rest.length > 0) return errorReply(404, 'NotFound', `No online endpoint '${name ?? ''}' answers here.`);
  if (ctx.method !== 'POST') return errorReply(405, 'MethodNotAllowed', 'Scoring takes POST.');
  const { ws, endpoint } = found;
  const keys = endpointKeys(ws, endpoint);
  const sent = /^Bearer\s+(.+)$/i.exec(headers.authorization?.trim() ?? '')?.[1];
  if (!sent || (sent !== keys.primaryKey && sent !== keys.secondaryKey)) {
    return errorReply(401, 'Unauthorized', 'The request has no valid endpoint key.', { 'www-authenticate': 'Bearer' });
  }
  const asked = headers['azureml-model-deployment'];
  let deployment: FakeOnlineDeployment | undefined;
  if (typeof asked === 'string' && asked) {
    deployment = endpoint.deployments.find((d) => same(d.name, asked));
    if (!deployment) return errorReply(404, 'NotFound', `Endpoint '${endpoint.name}' has no deployment '${asked}'.`);
  } else {
    const ranked = Object.entries(endpoint.traffic ?? {}).filter(([, percent]) => percent > 0).sort((a, b) => b[1] - a[1]);
    deployment = ranked.map(([d]) => endpoint.deployments.find((x) => x.name === d)).find(Boolean);
    if (!deployment) return errorReply(404, 'NotFound', `Endpoint '${endpoint.name}' doesn't have any valid deployment with positive weight.`);
  }
  if ((deployment.provisioningState ?? 'Succeeded') !== 'Succeeded') {
    return errorReply(424, 'ModelError', `Deployment '${deployment.name}' is ${deployment.provisioningState}.`, {
      'ms-azureml-model-error-statuscode': '503',
      'ms-azureml-model-error-reason': 'model not ready',
    });
  }
  if (ctx.body === undefined) return errorReply(400, 'BadRequest', 'The request body is not JSON.');
  const chosen = deployment;
  chosen.scored = (chosen.scored ?? 0) + 1;
  const predictions = scoringInputs(ctx.body).map((input) => {
    const hash = createHash('sha256').update(`${chosen.model ?? chosen.name}\n${JSON.stringify(input)}`).digest();
    const first = hash.readUInt16BE(0);
    return { label: first % 2 === 0 ? 'POSITIVE' : 'NEGATIVE', score: Math.round((0.5 + (first % 500) / 1000) * 1000) / 1000 };
  });
  return { status: 200, body: predictions, headers: { 'azureml-model-deployment': chosen.name } };
}

// ---------------------------------------------------------------------------------------------------------------
// Server

interface DisconnectRule {
  path: RegExp;
  remaining: number;
  afterBytes: number | undefined;
}

/** A copy without the stateful g/y flags, so `test` does not depend on earlier matches. */
function statelessPattern(path: RegExp): RegExp {
  return new RegExp(path.source, path.flags.replace(/[gy]/g, ''));
}

class FakeAzureMlServer implements FakeAzureMl {
  readonly requests: RecordedRequest[] = [];
  private readonly failures: FailRule[] = [];
  private readonly disconnects: DisconnectRule[] = [];
  private readonly runs: RunStore;
  private requestCounter = 0;
  disconnected = 0;
  onJobCreated: ((job: FakeJob, workspace: FakeWorkspace) => void) | undefined;
  private token: string;
  private rotations = 0;

  constructor(
    private readonly server: http.Server,
    readonly url: string,
    validToken: string,
    public seed: FakeAzureMlSeed,
    public pageSize: number,
  ) {
    this.token = validToken;
    this.runs = new RunStore(() => this.seed);
  }

  get validToken(): string {
    return this.token;
  }

  failNext(path: RegExp, status: 401 | 429 | 500 | 503, options?: { times?: number; retryAfterSeconds?: number }): void {
    this.failures.push({ path: statelessPattern(path), status, remaining: options?.times ?? 1, retryAfterSeconds: options?.retryAfterSeconds ?? 1 });
  }

  disconnectNext(path: RegExp, options?: { times?: number; afterBytes?: number }): void {
    this.disconnects.push({ path: statelessPattern(path), remaining: options?.times ?? 1, afterBytes: options?.afterBytes });
  }

  appendLog(runId: string, file: string, text: string | Uint8Array): void {
    const state = this.runs.get(runId);
    const more = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
    state.logs.set(file, Buffer.concat([state.logs.get(file) ?? Buffer.alloc(0), more]));
  }

  setJobStatus(runId: string, status: FakeJobStatus, error?: string): void {
    const state = this.runs.get(runId);
    setStatus(state, status);
    if (error !== undefined) state.error = error;
  }

  jobStatus(runId: string): FakeJobStatus {
    return statusOf(this.runs.get(runId));
  }

  rotateToken(): string {
    this.rotations += 1;
    this.token = `${DEFAULT_TOKEN}-rotated-${this.rotations}`;
    return this.token;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const requestId = stableGuid(`${this.url}#${++this.requestCounter}`);
    let cut: DisconnectRule | undefined;
    const send = (reply: Reply): void => {
      const bytes = reply.raw ?? (reply.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(reply.body), 'utf8'));
      const headers: http.OutgoingHttpHeaders = {
        ...(reply.raw || reply.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        'content-length': bytes.length,
        'x-ms-request-id': requestId,
        'x-ms-correlation-request-id': requestId,
        ...(reply.headers ?? {}),
      };
      if (cut) {
        // Lose the connection part-way: always at least one byte of the body short.
        const keep = Math.min(cut.afterBytes ?? 0, bytes.length - 1);
        if (keep < 0) {
          req.socket.destroy();
          return;
        }
        res.writeHead(reply.status, headers);
        if (keep === 0) {
          res.flushHeaders();
          res.socket?.end();
        } else {
          res.write(bytes.subarray(0, keep), () => res.socket?.destroy());
        }
        return;
      }
      res.writeHead(reply.status, headers);
      res.end(req.method === 'HEAD' ? undefined : bytes);
    };

    const parsed = new URL(req.url ?? '/', this.url);
    const authorization = req.headers.authorization;
    const range = req.headers['x-ms-range'] ?? req.headers.range;
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: parsed.pathname,
      query: new URLSearchParams(parsed.searchParams),
      ...(authorization !== undefined ? { authorization } : {}),
      ...(typeof range === 'string' ? { range } : {}),
      at: Date.now(),
    };
    this.requests.push(recorded);

    const disconnect = this.disconnects.find((d) => d.remaining > 0 && d.path.test(parsed.pathname));
    if (disconnect) {
      disconnect.remaining -= 1;
      if (disconnect.remaining === 0) this.disconnects.splice(this.disconnects.indexOf(disconnect), 1);
      this.disconnected += 1;
      if (disconnect.afterBytes === undefined) {
        req.socket.destroy();
        return;
      }
      cut = disconnect;
    }

    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const rule = this.failures.find((f) => f.remaining > 0 && f.path.test(parsed.pathname));
        if (rule) {
          rule.remaining -= 1;
          if (rule.remaining === 0) this.failures.splice(this.failures.indexOf(rule), 1);
          send(this.injectedFailure(rule));
          return;
        }

        let segments: string[];
        try {
          segments = parsed.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
        } catch {
          send(errorReply(400, 'BadRequest', `The request path '${parsed.pathname}' is not valid.`));
          return;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        if (body !== undefined) recorded.body = body;
        const method = req.method ?? 'GET';
        const ctx: RequestContext = {
          baseUrl: this.url,
          pathname: parsed.pathname.replace(/\/+$/, '') || '/',
          query: parsed.searchParams,
          pageSize: this.pageSize,
          method,
          body,
          runs: this.runs,
          onJobCreated: this.onJobCreated,
        };

        // Log blobs are storage, not Azure ML: a SAS in the URL and no bearer token.
        if (segments[0] === 'blob') {
          send(routeBlob(segments, req.headers, ctx));
          return;
        }
        // Online endpoint scoring: signed with the endpoint's key, not an ARM token.
        if (segments[0] === 'score') {
          send(routeScore(segments, req.headers, this.seed, ctx));
          return;
        }

        if (!authorization) {
          send(unauthorized("Authentication failed. The 'Authorization' header is missing."));
          return;
        }
        const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
        if (!match || match[1] !== this.validToken) {
          send(unauthorized("Authentication failed. The 'Authorization' header is provided in an invalid format or the access token is not valid."));
          return;
        }

        const reply = route(segments, this.seed, ctx);
        if (!reply.methodChecked && method !== 'GET' && method !== 'HEAD' && reply.status !== 404) {
          send(errorReply(405, 'MethodNotAllowed', `The fake answers GET only; got ${method} ${parsed.pathname}.`));
          return;
        }
        send(reply);
      } catch (error) {
        send(errorReply(500, 'InternalServerError', `Fake Azure ML failed: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  }

  private injectedFailure(rule: FailRule): Reply {
    const retryAfter = { 'retry-after': String(rule.retryAfterSeconds) };
    switch (rule.status) {
      case 401:
        return unauthorized('The access token expired (injected by failNext).');
      case 429:
        return errorReply(429, 'TooManyRequests', 'Too many requests; retry later (injected by failNext).', retryAfter);
      case 500:
        return errorReply(500, 'InternalServerError', 'The server had an internal error (injected by failNext).');
      case 503:
        return errorReply(503, 'ServiceUnavailable', 'The service is unavailable; retry later (injected by failNext).', retryAfter);
    }
  }
}

export async function startFakeAzureMl(seed: FakeAzureMlSeed, options?: { validToken?: string; pageSize?: number }): Promise<FakeAzureMl> {
  let fake: FakeAzureMlServer | undefined;
  const server = http.createServer((req, res) => {
    if (fake) fake.handle(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  fake = new FakeAzureMlServer(server, `http://127.0.0.1:${port}`, options?.validToken ?? DEFAULT_TOKEN, seed, options?.pageSize ?? 2);
  return fake;
}

// ---------------------------------------------------------------------------------------------------------------
// Sample seed

const TENANT_ID = '5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const SAMPLE_IDS = {
  tenantId: TENANT_ID,
  devSubscription: '3f2a9c41-7b1d-4e8a-9c5f-1d2e3f4a5b6c',
  prodSubscription: 'b7e4d2a0-5c3f-4a1b-8e9d-0f1a2b3c4d5e',
  /** The system registries live in a Microsoft-owned subscription the user does not list. */
  registrySubscription: 'e1d2c3b4-a5f6-4789-8abc-def012345678',
} as const;

const CPU_SKUS = "['Standard_DS3_v2', 'Standard_D4a_v4', 'Standard_D8a_v4', 'Standard_E4s_v3']";
const GPU_SKUS = "['Standard_NC6s_v3', 'Standard_NC24s_v3', 'Standard_NC24rs_v3', 'Standard_NC24ads_A100_v4']";

function mlflowFlavors(task: string): Record<string, { data?: Record<string, string> }> {
  return {
    python_function: { data: { loader_module: 'mlflow.transformers', python_version: '3.10.14', env: 'conda.yaml' } },
    transformers: { data: { task, transformers_version: '4.44.2', pipeline_model_type: 'AutoModel' } },
  };
}

interface CatalogEntry {
  name: string;
  hfId: string;
  task: string;
  license: string;
  finetuningTasks?: string;
  versions: string[];
  /** Container-level tags (most registry containers carry none; the version has them). */
  containerTags?: Record<string, string>;
  card: string;
}

function azuremlModel(entry: CatalogEntry): FakeModel {
  const tags: Record<string, string> = {
    task: entry.task,
    license: entry.license,
    huggingface_model_id: entry.hfId,
    SharedComputeCapacityEnabled: '',
    inference_compute_allow_list: CPU_SKUS,
    evaluation_compute_allow_list: CPU_SKUS,
  };
  const properties: Record<string, string> = {
    SharedComputeCapacityEnabled: 'True',
    languages: 'en',
    'inference-recommended-sku': 'Standard_DS3_v2, Standard_D4a_v4, Standard_D8a_v4, Standard_E4s_v3',
    'inference-min-sku-spec': '4|0|14|28',
    'evaluation-min-sku-spec': '8|0|28|56',
  };
  if (entry.finetuningTasks) {
    tags.finetune_compute_allow_list = GPU_SKUS;
    tags.model_specific_defaults = "{'apply_deepspeed': 'true', 'apply_lora': 'true', 'apply_ort': 'true'}";
    properties['finetuning-tasks'] = entry.finetuningTasks;
    properties['finetune-recommended-sku'] = 'Standard_NC6s_v3, Standard_NC24s_v3, Standard_NC24rs_v3';
    properties['finetune-min-sku-spec'] = '6|1|112|736';
  }
  return {
    name: entry.name,
    description: entry.card,
    ...(entry.containerTags ? { tags: entry.containerTags } : {}),
    versions: entry.versions.map((version) => ({
      version,
      description: entry.card,
      tags: { ...tags },
      properties: { ...properties },
      modelType: 'mlflow_model',
      flavors: mlflowFlavors(entry.task),
    })),
  };
}

function card(title: string, summary: string, uses: string[], extra = ''): string {
  return [
    `# ${title}`,
    '',
    summary,
    '',
    '## Intended uses & limitations',
    '',
    ...uses.map((use) => `- ${use}`),
    '',
    '## Inference samples',
    '',
    '| Inference type | Python sample (Notebook) | CLI with YAML |',
    '| --- | --- | --- |',
    '| Real time | sdk-example.ipynb | cli-example.sh |',
    ...(extra ? ['', extra] : []),
    '',
  ].join('\n');
}

/** A small, realistic seed: 2 subscriptions, 2 workspaces (one with 3 models), registries `azureml` (7 models) and `HuggingFace` (3 models). */
export function sampleSeed(): FakeAzureMlSeed {
  const azureml: CatalogEntry[] = [
    {
      name: 'bert-base-uncased',
      hfId: 'bert-base-uncased',
      task: 'fill-mask',
      license: 'apache-2.0',
      finetuningTasks: 'text-classification, token-classification, question-answering',
      versions: ['13', '14'],
      card: card(
        'BERT base model (uncased)',
        'A transformer encoder pretrained on English text with a **masked language modeling** (MLM) objective and ' +
          'next sentence prediction. It does not distinguish between `english` and `English`.',
        ['Fill in masked words', 'Fine-tune for sequence classification, token classification or question answering'],
        '> The raw model is mostly meant to be fine-tuned on a downstream task.',
      ),
    },
    {
      name: 'distilroberta-base',
      hfId: 'distilroberta-base',
      task: 'fill-mask',
      license: 'apache-2.0',
      finetuningTasks: 'text-classification, token-classification, question-answering',
      versions: ['9'],
      card: card(
        'DistilRoBERTa base',
        'A distilled version of RoBERTa-base: 6 layers, 768 hidden units, 82M parameters, about **twice as fast** as RoBERTa-base.',
        ['Fill in masked words', 'Fine-tune on classification and tagging tasks'],
      ),
    },
    {
      name: 't5-small',
      hfId: 't5-small',
      task: 'translation',
      license: 'apache-2.0',
      finetuningTasks: 'translation, summarization',
      versions: ['15', '16', '17'],
      containerTags: { task: 'translation', license: 'apache-2.0' },
      card: card(
        'T5 small',
        'Text-To-Text Transfer Transformer with 60 million parameters. Every task is cast as *text in, text out*, ' +
          'e.g. `translate English to German: ...`.',
        ['Translation (English to German, French, Romanian)', 'Summarization'],
      ),
    },
    {
      name: 'facebook-bart-large-cnn',
      hfId: 'facebook/bart-large-cnn',
      task: 'summarization',
      license: 'mit',
      finetuningTasks: 'summarization',
      versions: ['12'],
      card: card(
        'BART large CNN',
        'BART (large) fine-tuned on the **CNN/Daily Mail** news summarization dataset.',
        ['Summarize news articles and similar long-form text'],
      ),
    },
    {
      name: 'deepset-roberta-base-squad2',
      hfId: 'deepset/roberta-base-squad2',
      task: 'question-answering',
      license: 'cc-by-4.0',
      finetuningTasks: 'question-answering',
      versions: ['10', '11'],
      card: card(
        'RoBERTa base for extractive QA',
        'roberta-base fine-tuned on **SQuAD 2.0**, including unanswerable questions.',
        ['Extractive question answering over a given context'],
      ),
    },
    {
      name: 'microsoft-deberta-base',
      hfId: 'microsoft/deberta-base',
      task: 'fill-mask',
      license: 'mit',
      finetuningTasks: 'text-classification, question-answering',
      versions: ['8'],
      card: card(
        'DeBERTa base',
        'Decoding-enhanced BERT with **disentangled attention**; outperforms BERT and RoBERTa on most NLU tasks.',
        ['Fill in masked words', 'Fine-tune for NLU tasks'],
      ),
    },
    {
      name: 'gpt2',
      hfId: 'gpt2',
      task: 'text-generation',
      license: 'mit',
      versions: ['16'],
      containerTags: { task: 'text-generation', license: 'mit' },
      card: card(
        'GPT-2',
        'A causal language model pretrained on WebText. Generates English text from a prompt.',
        ['Text generation', 'Evaluation with perplexity and ROUGE'],
        '**Bias:** the training data contains unfiltered content from the internet.',
      ),
    },
  ];

  const hf = (name: string, modelId: string, task: string, license: string): FakeModel => ({
    name,
    versions: [
      {
        version: '1',
        description: `Model [${modelId}](https://huggingface.co/${modelId}) imported from the Hugging Face Hub.`,
        tags: { modelId, task, license },
        properties: {},
        modelType: 'mlflow_model',
        flavors: mlflowFlavors(task),
      },
    ],
  });

  const workspaceVersion = (version: string, description: string, task: string, base: string, modelType = 'mlflow_model'): FakeModelVersion => ({
    version,
    description,
    tags: { task, base_model: base },
    properties: { 'azureml.finetuned': 'true' },
    modelType,
    ...(modelType === 'mlflow_model' ? { flavors: mlflowFlavors(task) } : {}),
  });

  return {
    subscriptions: [
      { subscriptionId: SAMPLE_IDS.devSubscription, displayName: 'Contoso ML Dev', tenantId: TENANT_ID },
      { subscriptionId: SAMPLE_IDS.prodSubscription, displayName: 'Contoso ML Prod', tenantId: TENANT_ID },
    ],
    workspaces: [
      {
        subscriptionId: SAMPLE_IDS.devSubscription,
        resourceGroup: 'rg-foundation-models',
        name: 'fm-dev',
        location: 'eastus',
        friendlyName: 'Foundation models (dev)',
        models: [
          {
            name: 'emotion-detection-bert',
            description: 'bert-base-uncased fine-tuned on an emotion dataset.',
            tags: { task: 'text-classification' },
            versions: [
              workspaceVersion('1', 'First fine-tune, 1 epoch.', 'text-classification', 'azureml://registries/azureml/models/bert-base-uncased/versions/14'),
              workspaceVersion('2', 'Second fine-tune, 3 epochs with LoRA.', 'text-classification', 'azureml://registries/azureml/models/bert-base-uncased/versions/14'),
            ],
          },
          {
            name: 'news-summarizer-t5',
            description: 't5-small fine-tuned on CNN/Daily Mail.',
            versions: [workspaceVersion('1', 'Summarizer for news articles.', 'summarization', 'azureml://registries/azureml/models/t5-small/versions/17', 'custom_model')],
          },
          {
            name: 'ner-distilroberta',
            versions: [
              workspaceVersion('1', 'NER tagger, CoNLL-2003.', 'token-classification', 'azureml://registries/azureml/models/distilroberta-base/versions/9'),
              workspaceVersion('2', 'NER tagger, more epochs.', 'token-classification', 'azureml://registries/azureml/models/distilroberta-base/versions/9'),
              workspaceVersion('3', 'NER tagger, merged LoRA weights.', 'token-classification', 'azureml://registries/azureml/models/distilroberta-base/versions/9'),
            ],
          },
        ],
      },
      {
        subscriptionId: SAMPLE_IDS.prodSubscription,
        resourceGroup: 'rg-ml-prod',
        name: 'ml-prod-westeurope',
        location: 'westeurope',
        friendlyName: 'ML production',
        models: [],
      },
    ],
    registries: [
      {
        name: 'azureml',
        subscriptionId: SAMPLE_IDS.registrySubscription,
        resourceGroup: 'registry-azureml',
        region: 'eastus',
        models: azureml.map(azuremlModel),
      },
      {
        name: 'HuggingFace',
        subscriptionId: SAMPLE_IDS.registrySubscription,
        resourceGroup: 'registry-huggingface',
        region: 'eastus',
        models: [
          hf('distilbert-distilbert-base-uncased-finetuned-sst-2-english', 'distilbert/distilbert-base-uncased-finetuned-sst-2-english', 'text-classification', 'apache-2.0'),
          hf('dslim-bert-base-ner', 'dslim/bert-base-NER', 'token-classification', 'mit'),
          hf('helsinki-nlp-opus-mt-en-de', 'Helsinki-NLP/opus-mt-en-de', 'translation', 'cc-by-4.0'),
        ],
      },
    ],
  };
}
