
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
  /**
   * When the run started (ms since the epoch; its `startTimeUtc` once it has started): a job already going for half an
   * hour, without waiting half an hour. Derived from the run number when left out.
   */
  startedAt?: number;
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
