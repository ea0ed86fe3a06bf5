import type { CatalogModel } from '../core/catalog/catalogModel';
import { catalogFacets, type CatalogFacets } from '../core/catalog/catalogQuery';
import type { DeploymentRecord, EndpointKind, EndpointRecord } from '../core/endpoints/endpointModel';
import type { DataJobSpec, JobLogEvent, JobRecord, JobSpec } from '../core/jobs/jobModel';
import type { CachedHubModel, PlannedFile, PulledModel, PullProgress, PullRequest } from '../core/catalog/modelDownloads';
import type { InferenceInput, InferenceOptions, InferenceResult } from '../core/inference/inferenceTypes';
import type { MetricHistory } from '../core/metrics/metricHistory';
import type { PredictionRow } from '../core/metrics/predictions';
import type { TaskId } from '../core/tasks';

/**
 * What the VS Code layer and the CLI talk to: one shape for every backend (`registry.ts` names them). Callers never
 * ask which backend they hold; each service says what it can do (`supports`, `deployable`, `kinds`…), with the
 * reason in the backend's own words when it cannot, and the UI enables, disables and explains from that.
 */

/**
 * Yes, or no with the reason, a sentence shown to the user as it is, and what would make it yes when something would
 * (`downloadModel`: the UI offers Download for the model it asked about).
 */
export type Capability = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly remedy?: Remedy | undefined };
export const CAN: Capability = { ok: true };
export function cannot(reason: string, remedy?: Remedy): Capability {
  return remedy ? { ok: false, reason, remedy } : { ok: false, reason };
}

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
  /**
   * Called with all the models read so far, before `list` resolves: a listing cached on disk at once, then more as
   * they are read (at most every few hundred milliseconds), so that a view shows them while the rest loads.
   */
  readonly onModels?: (models: readonly CatalogModel[]) => void;
}

/** The models a backend can offer. */
export interface CatalogService {
  /** Whether listing reads over the network (a notification with Cancel) rather than from this machine. */
  readonly remote: boolean;
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

/** Whether a machine has what a kind of job needs, and if not, why and what installs it. */
export type Prerequisites =
  | { readonly ok: true; readonly summary?: string | undefined }
  | {
      readonly ok: false;
      readonly reason: string;
      /** A shell command that installs what is missing, to copy or run in a terminal. */
      readonly installCommand?: string | undefined;
      /** The interpreter a job would use, which the user may change (`foundationModels.pythonPath`). */
      readonly interpreter?: string | undefined;
    };

export interface Disposable {
  dispose(): void;
}

/** The two kinds of job a user starts on their own data. */
export type DataJobKind = DataJobSpec['kind'];

/** Fine-tuning and evaluation jobs of a backend. */
export interface JobService {
  /**
   * Whether a job of `kind` for `task` can run here on `model` (on some model, when left out), with the reason when
   * it cannot: the panels disable and explain from this before anything is submitted.
   */
  supports(kind: DataJobKind, task: TaskId, model?: CatalogModel): Capability;
  /** Jobs run in the process that submits them (the CLI then waits for the end), rather than on a remote service. */
  readonly runsInProcess: boolean;
  /** Fine-tuning belongs on a GPU compute: the panel warns when `computes` offers none. */
  readonly fineTuningWantsGpu: boolean;
  /**
   * What a job of `kind` needs besides a model and data (fine-tuning here: a Python with torch, transformers…),
   * checked when the panel opens rather than after Submit; absent where nothing is needed on this machine.
   */
  prerequisites?(kind: DataJobKind, signal?: AbortSignal): Promise<Prerequisites>;
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
  /**
   * The predictions of a completed evaluation: a row per scored record in the order scored, each with the line of the
   * job's data file it came from where the backend knows it. Undefined when the job kept none (a fine-tune, a job that
   * failed). Absent where the backend cannot read predictions back; the metrics view then says so.
   */
  predictions?(id: string, signal?: AbortSignal): Promise<PredictionRow[] | undefined>;
  /**
   * What a job logged over its run so far (a fine-tune's training loss, validation loss and accuracy, learning rate):
   * the metrics view draws it as curves, live while the job runs. Empty where the job logged none. Absent where the
   * backend cannot read it.
   */
  metricHistory?(id: string, signal?: AbortSignal): Promise<MetricHistory>;
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

/** A model folder served over HTTP by this process (`fm serve`). */
export interface ModelServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string;
  /** The task it serves. */
  readonly task: TaskId;
  /** One line per request (and the start), as they happen. */
  onLog(listener: (line: string) => void): Disposable;
  /** Stops listening and unloads the model; safe to call more than once. */
  close(): Promise<void>;
}

/** What `sampleRequest` reads of a model: its task, sample input, card and named inputs, as far as they are known. */
export type SampleRequestModel = { readonly [K in 'task' | 'sampleInput' | 'description' | 'inputColumns']?: CatalogModel[K] | undefined };

/** Real-time and batch endpoints of a backend. */
export interface EndpointService {
  /** The kinds of endpoint this backend deploys to; Deploy Model… asks only when there is a choice. */
  readonly kinds: readonly EndpointKind[];
  /** Whether a deployment runs on an instance type and count the user chooses (a cloud VM size), or just here. */
  readonly choosesInstances: boolean;
  /** Whether `model` can be deployed here, with the reason (and what would make it possible) when it cannot. */
  deployable(model: CatalogModel): Capability;
  /**
   * A first request body for an endpoint serving `model`, for the user to edit and send: in the shape the model's
   * signature takes (its named inputs, its card's sample, else its task's).
   */
  sampleRequest(model: SampleRequestModel): unknown;
  /**
   * The body that asks an endpoint serving `model` about `input` (the playground's): the same shape as
   * `sampleRequest`, with the user's text or question in it, and the run's limits where the endpoint takes them.
   */
  requestFor(model: SampleRequestModel, input: InferenceInput, options?: InferenceOptions): unknown;
  /** What deleting `endpoint` does, for the confirmation. */
  deletionNote(endpoint: EndpointRecord): string;
  /**
   * What goes on after the user cancels waiting for a deployment to, or the deletion of, `endpointName`: a sentence
   * when the work goes on elsewhere (a cloud keeps provisioning), undefined when cancelling stopped it.
   */
  afterCancel(operation: 'deploy' | 'delete', endpointName: string): string | undefined;
  /**
   * Serves a model folder straight from this process, without an endpoint record (`fm serve`), for `task` (the
   * folder's own when left out). `port` 0 picks a free one; aborting `signal` before the server is up stops the start
   * and leaves nothing running.
   */
  serve?(modelFolder: string, options?: { readonly port?: number | undefined; readonly signal?: AbortSignal | undefined; readonly task?: TaskId | undefined }): Promise<ModelServer>;
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

/**
 * What Import from Hugging Face… leads to: a job that imports it, a folder on this machine, or why not (with what
 * `modelDownloads.pull` would fetch, where downloading would bring it).
 */
export type ModelImportResult =
  | { readonly kind: 'job'; readonly job: JobRecord; readonly note: string }
  | { readonly kind: 'folder'; readonly folder: string }
  | { readonly kind: 'notFound'; readonly problem: string; readonly download?: PullRequest | undefined };

/** Import from Hugging Face… as this backend does it. */
export interface ModelImportService {
  /** How importing works here, in a sentence shown before the user starts. */
  readonly description: string;
  /** The tasks one of which the user names (where the import needs it); none where the model's files say it. */
  readonly tasks: readonly string[];
  /** Whether the import runs on a compute the user picks (`jobs.computes()`), with the default offered first. */
  readonly defaultCompute?: { readonly name: string; readonly description: string } | undefined;
  /**
   * Imports `modelId` (owner/name). `folder`: where the user says the model already is, after a `notFound`.
   */
  import(
    request: { readonly modelId: string; readonly task?: string | undefined; readonly compute?: string | undefined; readonly folder?: string | undefined },
    options?: SubmitOptions,
  ): Promise<ModelImportResult>;
}

/**
 * Models a backend downloads to this machine from a model hub (the local backend: ONNX exports from the Hugging Face
 * Hub into the Hugging Face cache), so that they run here with no network afterwards.
 */
export interface ModelDownloadService {
  /** Where models come from, e.g. `the Hugging Face Hub (https://huggingface.co)`. */
  readonly source: string;
  /** The folder downloads go to (the cache), for messages. */
  readonly cacheFolder: string;
  /**
   * Downloads what `request.repo` needs (or finds it already here); progress says the size before the first byte.
   * `confirm` is asked with what will come before anything is fetched: false stops the pull (a canceled error).
   */
  pull(request: PullRequest, options?: ModelPullOptions): Promise<PulledModel>;
  /** The downloaded models on disk. */
  list(): Promise<CachedHubModel[]>;
  /** The repository and task to pull for a catalog model that is not on this machine yet, or undefined when it has none. */
  sourceOf(model: CatalogModel): PullRequest | undefined;
}

export interface ModelPullOptions {
  /** A token for gated and private models (the editor's, from secret storage); never logged. */
  readonly token?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((event: PullProgress) => void) | undefined;
  readonly confirm?: ((plan: { readonly files: readonly PlannedFile[]; readonly totalBytes: number; readonly bytesToFetch: number }) => Promise<boolean>) | undefined;
}

/**
 * One model run on one input, for the model card's playground: what the model answers in its task's shape
 * (`core/inference/inferenceTypes.ts`: labels with scores, entities with offsets, an answer span, mask tokens, text)
 * and how long it took.
 */
export interface InferenceService {
  /** Whether `model` runs here (on `task`, its own by default), with the reason and the remedy when it does not. */
  supports(model: CatalogModel, task?: TaskId): Capability;
  /**
   * Runs `model` on `input` (validated first: a ZodError-free message says what is wrong). The first run loads the
   * model, later ones reuse it. `onToken` gets generated text as it comes (summarization, translation, generation);
   * aborting `signal` stops a generation between tokens.
   */
  run(model: CatalogModel, input: InferenceInput, options?: InferenceRunOptions): Promise<InferenceResult>;
}

export interface InferenceRunOptions extends InferenceOptions {
  readonly task?: TaskId | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onToken?: ((text: string) => void) | undefined;
}

/** A service a backend lacks, and why (`Backend.absent`). */
export type OptionalService = 'jobs' | 'endpoints' | 'modelImport' | 'modelDownloads' | 'inference';

/**
 * What would make an unavailable service or capability available, for the UI to offer as a button: sign in, choose a
 * workspace, switch to the local backend, or download the model it is about (its id goes with the button).
 */
export const REMEDIES = ['signIn', 'chooseWorkspace', 'useLocal', 'downloadModel'] as const;
export type Remedy = (typeof REMEDIES)[number];

/** Why a service is missing, in the backend's words, and what would bring it. */
export interface Absence {
  readonly reason: string;
  readonly remedy?: Remedy | undefined;
}

/** What the VS Code layer and the CLI talk to. They never know which implementation is behind it. */
export interface Backend {
  /** The registry's id for it (`registry.ts`): for keys and records, never to branch on. */
  readonly id: string;
  readonly displayName: string;
  readonly catalog: CatalogService;
  /** Absent where the backend cannot run jobs (Azure without a workspace); `absent.jobs` says why. */
  readonly jobs?: JobService | undefined;
  /** Absent where the backend cannot deploy; `absent.endpoints` says why. */
  readonly endpoints?: EndpointService | undefined;
  readonly modelImport?: ModelImportService | undefined;
  readonly modelDownloads?: ModelDownloadService | undefined;
  /** Runs a model on one input (the model card's playground); absent where the backend cannot (`absent.inference`). */
  readonly inference?: InferenceService | undefined;
  /** Why a service is missing, and what would bring it, in the backend's words. */
  readonly absent?: Partial<Record<OptionalService, Absence>> | undefined;
  /** Where its work happens, in a few words for the status bar (`this machine`, `workspace fm-dev`). */
  readonly location: string;
  dispose(): void;
}

/** The backend's service, or a BackendUnavailableError that says why it has none. */
export function requireService<K extends OptionalService>(backend: Backend, service: K): NonNullable<Backend[K]> {
  const found = backend[service];
  if (found) return found as NonNullable<Backend[K]>;
  const what = { jobs: 'run jobs', endpoints: 'deploy models', modelImport: 'import models', modelDownloads: 'download models to this machine', inference: 'run models here' }[service];
  const absence = backend.absent?.[service];
  throw new BackendUnavailableError(absence?.reason ?? `The ${backend.displayName} backend cannot ${what}.`, absence?.remedy);
}

/** A capability this backend does not offer now; the message is shown to the user as it is, the remedy as a button. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
  constructor(
    message: string,
    readonly remedy?: Remedy | undefined,
    /** The catalog model a `downloadModel` remedy downloads. */
    readonly modelId?: string | undefined,
  ) {
    super(message);
  }
}

/** A capability that says no, as an error with its remedy (for the model it was about). */
export function capabilityError(capability: Exclude<Capability, { ok: true }>, modelId?: string): BackendUnavailableError {
  return new BackendUnavailableError(capability.reason, capability.remedy, modelId);
}

/** The remedy an error carries (checked by shape: the Azure backend is a bundle with its own copy of the class). */
export function remedyOf(error: unknown): Remedy | undefined {
  if (!isBackendUnavailable(error)) return undefined;
  const remedy: unknown = (error as { remedy?: unknown }).remedy;
  return (REMEDIES as readonly unknown[]).includes(remedy) ? (remedy as Remedy) : undefined;
}

/** The model a `downloadModel` remedy of an error is for. */
export function remedyModelOf(error: unknown): string | undefined {
  const modelId: unknown = isBackendUnavailable(error) ? (error as { modelId?: unknown }).modelId : undefined;
  return typeof modelId === 'string' ? modelId : undefined;
}

/**
 * Checked by name, not `instanceof`: the Azure backend is a separate bundle with its own copy of the class.
 */
export function isBackendUnavailable(error: unknown): error is BackendUnavailableError {
  return error instanceof Error && error.name === 'BackendUnavailableError';
}
