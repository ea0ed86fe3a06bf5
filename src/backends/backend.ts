import * as z from 'zod';
import type { TokenCredential } from '@azure/core-auth';
import type { CatalogModel } from '../core/catalog/catalogModel';
import type { DeploymentRecord, EndpointKind, EndpointRecord } from '../core/endpoints/endpointModel';
import type { JobLogEvent, JobRecord, JobSpec } from '../core/jobs/jobModel';
import type { AzureCloudEndpoints } from './azure/azureCloud';
import type { AzureWorkspaceTarget } from './azure/azureTarget';
import { catalogFacets, type CatalogFacets } from '../core/catalog/catalogQuery';

export const BACKEND_IDS = ['local', 'azure'] as const;
export const BackendIdSchema = z.enum(BACKEND_IDS);
export type BackendId = z.infer<typeof BackendIdSchema>;

export const BACKEND_LABELS: Readonly<Record<BackendId, string>> = {
  local: 'Local (this machine, no account)',
  azure: 'Azure Machine Learning',
};

/** What a catalog listing holds: the models, the filter values they offer, and what could not be read. */
export interface CatalogListing {
  readonly models: CatalogModel[];
  readonly facets: CatalogFacets;
  /** One line per source that failed (a folder, a registry), saying which and why; the rest still lists. */
  readonly warnings: string[];
}

export function catalogListing(models: CatalogModel[], warnings: string[] = []): CatalogListing {
  return { models, facets: catalogFacets(models), warnings };
}

export interface CatalogRequest {
  readonly signal?: AbortSignal;
  /** Called with a short line of what is being read, for a progress notification. */
  readonly progress?: (message: string) => void;
}

/** The models a backend can offer. */
export interface CatalogService {
  list(request?: CatalogRequest): Promise<CatalogListing>;
  get(id: string, request?: CatalogRequest): Promise<CatalogModel | undefined>;
  /** Forget anything cached, so that the next `list` reads the sources again. */
  refresh(): void;
}

export interface FollowOptions {
  /**
   * Where a previous follower stopped, as the backend gave it to `onPosition` (plain JSON the caller may persist
   * across reloads; each backend validates it). From the start of the log when left out.
   */
  readonly position?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** Called after lines are delivered, with the position to resume from, so the caller can persist it. */
  readonly onPosition?: ((position: unknown) => void) | undefined;
}

export interface SubmitOptions {
  readonly signal?: AbortSignal | undefined;
  /** Short lines for a progress notification (converting, uploading, submitting). */
  readonly progress?: ((message: string) => void) | undefined;
}

/** Somewhere a job can run: a cluster of the workspace, or this machine. */
export interface ComputeChoice {
  readonly name: string;
  /** What it is, e.g. `Standard_NC6s_v3 · GPU · 0–4 nodes`. */
  readonly description: string;
  /** Fine-tuning needs a GPU; evaluation runs on either. */
  readonly gpu: boolean;
}

export interface Disposable {
  dispose(): void;
}

/** Fine-tuning and evaluation jobs of a backend. */
export interface JobService {
  /** Validates and starts a job; resolves once it is recorded (queued), not when it ends. */
  submit(spec: JobSpec, options?: SubmitOptions): Promise<JobRecord>;
  /** Where jobs can run, for the user to choose. */
  computes(signal?: AbortSignal): Promise<ComputeChoice[]>;
  list(): Promise<JobRecord[]>;
  get(id: string): Promise<JobRecord | undefined>;
  cancel(id: string): Promise<void>;
  /** The job's log from `offset` on, live until the job ends: lines, status changes, then one `end`. */
  follow(id: string, options?: FollowOptions): AsyncIterable<JobLogEvent>;
  /**
   * Registers the model a completed fine-tuning job produced under `name`, so that it joins the catalog; never
   * replaces a model already registered under that name. Resolves with the new model's catalog id.
   */
  registerModel(id: string, name: string): Promise<string>;
  /** Called whenever a job's record changes (status, metrics). */
  onDidChange(listener: (job: JobRecord) => void): Disposable;
}

/** What Deploy Model… asks for. */
export interface DeployRequest {
  /** A catalog model id (its asset id on Azure; its folder locally). */
  readonly modelId: string;
  readonly kind: EndpointKind;
  /** New or existing endpoint; validated with `endpointNameProblem`. */
  readonly endpointName: string;
  /** Defaults to `default` (Azure) or the model's name (local). */
  readonly deploymentName?: string | undefined;
  /** An instance type (SKU) such as `Standard_DS3_v2`; the backend's default when left out. */
  readonly instanceType?: string | undefined;
  readonly instanceCount: number;
  /** Batch deployments run on a compute cluster. */
  readonly compute?: string | undefined;
}

export interface OperationOptions {
  readonly signal?: AbortSignal | undefined;
  readonly progress?: ((message: string) => void) | undefined;
  /**
   * Called with a token that `resumeDeploy` takes, whenever the operation's state changes (JSON-safe string), so a
   * deployment survives a window reload: the caller keeps it until the operation ends.
   */
  readonly onResumeToken?: ((token: string) => void) | undefined;
}

/** An instance type a model can be deployed on. */
export interface InstanceTypeChoice {
  readonly name: string;
  /** Recommended for this model (its `inference-recommended-sku` or compute allow-list). */
  readonly recommended: boolean;
  readonly description?: string | undefined;
}

export interface InvokeResult {
  readonly status: number;
  /** The answer, parsed when it is JSON. */
  readonly body: unknown;
  readonly durationMs: number;
}

/** Real-time and batch endpoints of a backend. */
export interface EndpointService {
  list(signal?: AbortSignal): Promise<EndpointRecord[]>;
  get(name: string, kind: EndpointKind, signal?: AbortSignal): Promise<EndpointRecord | undefined>;
  /** Where the model can run, recommended ones first. */
  instanceTypes(modelId: string, kind: EndpointKind, signal?: AbortSignal): Promise<InstanceTypeChoice[]>;
  /** Creates (or updates) the endpoint, then the deployment, and sends it all traffic; resolves when both are ready. */
  deploy(request: DeployRequest, options?: OperationOptions): Promise<EndpointRecord>;
  /** Goes on with a deployment from a token `deploy` reported (after a window reload). */
  resumeDeploy(token: string, options?: OperationOptions): Promise<EndpointRecord>;
  delete(name: string, kind: EndpointKind, options?: OperationOptions): Promise<void>;
  /**
   * Sends `body` to an online endpoint's scoring URI. `key` is the endpoint key (from `keys`; the caller keeps it
   * in secret storage); a local endpoint needs none.
   */
  invoke(name: string, body: unknown, options?: { signal?: AbortSignal | undefined; key?: string | undefined; deployment?: string | undefined }): Promise<InvokeResult>;
  /** The endpoint's primary key, read on demand; undefined where no key is needed. */
  primaryKey(name: string, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Scores a data file with a batch endpoint (Azure only): the file is uploaded and the endpoint invoked. Resolves
   * with the batch job's name; the Jobs view lists and follows it.
   */
  invokeBatch?(name: string, file: string, options?: OperationOptions & { deployment?: string | undefined }): Promise<{ jobName: string }>;
  /** The last `lines` lines of a deployment's container log. */
  deploymentLogs(name: string, deployment: string, options?: { lines?: number | undefined; signal?: AbortSignal | undefined }): Promise<string>;
  onDidChange(listener: (endpoint: EndpointRecord) => void): Disposable;
  dispose(): void;
}

export type { DeploymentRecord, EndpointRecord };

/** What the Azure backend needs: who the user is, which cloud, and where to look. */
export interface AzureBackendOptions {
  /**
   * The editor's Microsoft sign-in, when there is one. `DefaultAzureCredential` (environment, managed identity,
   * Azure CLI…) always stands behind it, and alone serves the CLI.
   */
  readonly signIn?: TokenCredential | undefined;
  readonly cloud: AzureCloudEndpoints;
  /** The workspace whose own models join the catalog; registries are listed without one. */
  readonly workspace?: AzureWorkspaceTarget | undefined;
  /** Registries to list, e.g. `azureml` and `HuggingFace`. */
  readonly registries: readonly string[];
  /** Folder for the on-disk catalog cache; no cache without one. */
  readonly cacheFolder?: string | undefined;
  /** How long a cached listing stays fresh. */
  readonly cacheTtlMs?: number | undefined;
  /** Bounds of the wait between job log polls (2 s to 60 s by default; a local fake server in tests answers faster). */
  readonly logPollMinMs?: number | undefined;
  readonly logPollMaxMs?: number | undefined;
}

/** What the VS Code layer or the CLI tells a backend when it creates one (from settings or flags). */
export interface BackendOptions {
  /** Model folders for the local catalog, already resolved to absolute paths. */
  readonly localModelPaths?: readonly string[];
  readonly azure?: AzureBackendOptions | undefined;
  /** Folder where the local backend keeps its jobs (job.json, log.txt, outputs); no local jobs without one. */
  readonly localJobsFolder?: string | undefined;
  /** The Python that runs local fine-tuning (it needs torch, transformers, datasets, accelerate). */
  readonly pythonPath?: string | undefined;
}

/**
 * What the VS Code layer and the CLI talk to. They never know which implementation is behind it.
 * Jobs, data and endpoints join this interface as their issues land.
 */
export interface Backend {
  readonly id: BackendId;
  readonly displayName: string;
  readonly catalog: CatalogService;
  /** Absent where the backend cannot run jobs yet; the views say so. */
  readonly jobs?: JobService | undefined;
  /** Absent where the backend cannot deploy (Azure without a workspace). */
  readonly endpoints?: EndpointService | undefined;
  dispose(): void;
}

/** A capability this backend does not offer (yet); the message is shown to the user as it is. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
}

/**
 * Checked by name, not `instanceof`: the Azure backend is a separate bundle with its own copy of the class.
 */
export function isBackendUnavailable(error: unknown): error is BackendUnavailableError {
  return error instanceof Error && error.name === 'BackendUnavailableError';
}
