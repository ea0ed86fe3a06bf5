
/**
 * What the fake serves: the seed, plain data that a test builds and may change while the fake runs (handlers read
 * it on every request), and the handle a test drives the fake with. Field names follow the REST shapes they
 * stand for; the route files cite the specification.
 */

export interface FakeModelVersion {
  version: string;
  description?: string;
  tags?: Record<string, string>;
  properties?: Record<string, string>;
  modelType?: string;
  modelUri?: string;
  flavors?: Record<string, { data?: Record<string, string> }>;
  /** `properties.systemMetadata`: nested, or each top-level value as text (`registryModels.ts`). */
  systemMetadata?: Record<string, unknown>;
  /** The model's MLflow input signature when scored (`scoring.ts`); by its task, or its fine-tune job, when left out. */
  signature?: FakeSignature;
}

/** What a model takes when scored: a list of strings, a question with its context, or named columns (`scoring.ts`). */
export type FakeSignature = { kind: 'strings' } | { kind: 'qa' } | { kind: 'columns'; columns: string[] };
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
  /**
   * When the run started (ms since the epoch; its `startTimeUtc` once it has started): a job already going for half an
   * hour, without waiting half an hour. Derived from the run number when left out.
   */
  startedAt?: number;
  /** The JobBase `properties` as submitted with PUT (kept and echoed back). */
  spec?: Record<string, unknown>;
  /** Metrics the run logged to MLflow (`runs/get` answers them). */
  metrics?: Record<string, number>;
  /** Metrics the run logged over its steps (`metrics/get-history` answers them, `runs/get` the last of each). */
  metricHistory?: Record<string, { step: number; value: number }[]>;
}
/** A compute of a workspace (`ComputeResource`, `AmlCompute` unless said otherwise). */
export interface FakeCompute {
  name: string;
  vmSize: string;
  maxNodeCount?: number;
  computeType?: string;
}
/**
 * The storage account behind a workspace's default datastore `workspaceblobstore`. With a `key` the datastore is
 * key-based (`credentialsType: AccountKey`; an Azurite account in tests); without one it is identity-based
 * (`credentialsType: None`, no secrets) and the fake serves its blobs itself (`blobStorage.ts`).
 */
export interface FakeStorage {
  account: string;
  key?: string;
  container: string;
  /** An identity-based account: the signed-in user's data role on it (`contributor` by default; a `reader` cannot write). */
  role?: 'contributor' | 'reader' | 'none';
  /**
   * A SAS-based datastore instead (`credentialsType: Sas`): the token `listSecrets` gives (`sv=…&sig=…`), whose blobs the
   * fake serves against it; `sasValid: false` makes the account refuse it (expired, revoked).
   */
  sas?: string;
  sasValid?: boolean;
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
  /** Makes the next job PUT be refused with this error (`at` is ignored); cleared when used. */
  failNextJob?: FakeDeploymentFailure;
  /**
   * ARM actions the signed-in account has no role for, e.g. `Microsoft.MachineLearningServices/workspaces/jobs/write`:
   * requests needing them are refused 403 `AuthorizationFailed`.
   */
  deniedActions?: string[];
}
export interface FakeRegistry {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  region: string;
  models: FakeModel[];
  /**
   * Component containers with their versions in the order they were created, oldest first; the container's
   * `latestVersion` is the last unless `latestVersion` says otherwise (the service keeps it as it was published).
   */
  components?: Array<{ name: string; versions: string[]; latestVersion?: string }>;
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
  /** The `x-azureml-token` header, when sent (pipeline and user-identity job PUTs). */
  amlToken?: string;
  /** The `x-ms-range` or `Range` header, when sent (log blob reads). */
  range?: string;
  /** The body parsed as JSON, once received (absent when empty or not JSON). */
  body?: unknown;
  at: number;
}
export interface FakeAzureMl {
  readonly url: string; // e.g. http://127.0.0.1:PORT (no trailing slash)
  /** The Azure ML resource whose tokens it takes where Azure takes Azure ML's (`https://ml.azure.com` unless told). */
  mlResource: string;
  /** A token of ARM's audience (this fake's URL stands for ARM); most routes take only that audience (`tokens.ts`). */
  readonly validToken: string;
  /** A token for `scopeOrResource` (`…/.default` or a resource id), as Entra would issue it: what a test credential hands out. */
  tokenFor(scopeOrResource: string): string;
  /** Tokens by resource (ARM, Azure ML, storage): what a stand-in `az account get-access-token --resource` answers. */
  cliTokens(): Record<string, string>;
  readonly requests: RecordedRequest[];
  seed: FakeAzureMlSeed; // mutable; handlers read it on every request
  pageSize: number; // list page size (default 2 so paging is always exercised)
  /** Milliseconds every answer waits before it is sent (0 by default): a service across the network, for the bench. */
  latencyMs: number;
  /** Whether a `nextLink` carries the request's `api-version` (true by default; some data-plane lists drop it). */
  nextLinkApiVersion: boolean;
  /** The next `times` requests whose path matches `path` answer `status` (401 or 429 or 500/503) instead; 429/503 carry `Retry-After: retryAfterSeconds` (default 1). */
  failNext(path: RegExp, status: 401 | 403 | 429 | 500 | 503, options?: { times?: number; retryAfterSeconds?: number }): void;
  /**
   * The next `times` (default 1) requests whose path matches `path` lose their connection: without `afterBytes`
   * the socket is destroyed before any answer; with it, the status line, headers (with the full Content-Length)
   * and the first `afterBytes` bytes of the body are sent (always at least one byte short), then the socket is
   * destroyed. Checked before `failNext`.
   */
  disconnectNext(path: RegExp, options?: { times?: number; afterBytes?: number }): void;
  /** How many connections `disconnectNext` has cut so far. */
  readonly disconnected: number;
  /** A blob of an identity-based storage account the fake serves (`undefined` when there is none). */
  readBlob(account: string, container: string, name: string): Buffer | undefined;
  /** The blob names of an identity-based storage account's container. */
  workspaceBlobs(storage: { account: string; container: string }, prefix?: string): string[];
  /** Writes a blob of an identity-based storage account the fake serves (what a job's step would write there). */
  writeBlob(account: string, container: string, name: string, data: Buffer | string): void;
  /** Appends to a log file of a run (any run id: jobs and child jobs), creating the file; bytes may end inside a character. */
  appendLog(runId: string, file: string, text: string | Uint8Array): void;
  /** Sets a run's status (ending any status sequence) and, when given, its error message. */
  setJobStatus(runId: string, status: FakeJobStatus, error?: string): void;
  /** The run's status now (what the next `details` GET answers). */
  jobStatus(runId: string): FakeJobStatus;
  /** Changes the signing key and returns the new `validToken`; every token issued before is answered 401 from now on. */
  rotateToken(): string;
  /**
   * Called when a PUT creates a job, with the new job (status `NotStarted`, no logs) and its workspace: a test
   * scripts its life here (status sequence, children, logs, metrics).
   */
  onJobCreated: ((job: FakeJob, workspace: FakeWorkspace) => void) | undefined;
  close(): Promise<void>;
}

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
