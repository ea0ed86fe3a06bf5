import { rm } from 'node:fs/promises';
import type { TokenCredential } from '@azure/core-auth';
import path from 'node:path';
import pLimit from 'p-limit';
import * as z from 'zod';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import { normalizeTaskName } from '../../core/catalog/modelTask';
import { assertMappingComplete, jobDisplayName, jobLanguages, prepareJobData, type JobData } from '../../core/jobs/jobData';
import { LogCursorSchema } from '../../core/jobs/logCursor';
import type { MetricHistory } from '../../core/metrics/metricHistory';
import { JobSpecSchema, newJobId, type DataJobSpec, type ImportJobSpec, type JobLogEvent, type JobRecord, type JobSpec, type JobStatus } from '../../core/jobs/jobModel';
import { huggingFaceIdProblem } from '../../core/catalog/huggingFaceImport';
import { registeredNameFor } from './azureModelImport';
import { isTaskId, TASKS, type TaskId } from '../../core/tasks';
import { CAN, cannot, type Capability, type CatalogService, type ComputeChoice, type DataJobKind, type Disposable, type FollowOptions, type JobService, type SubmitOptions } from '../backend';
import type { AzureCloudEndpoints } from './azureCloud';
import { retryAfterMs, sendJson, type MlClient } from './azureHttp';
import { OperationPoller } from './endpoints/operationPolling';
import type { AzureWorkspaceTarget } from './azureTarget';
import { listClusters } from './workspaceClusters';
import { uploadDataFile } from './datastoreUpload';
import { armModelId, computeArmId } from './assetIds';
import { userFacing } from './azureErrors';
import { INPUT_COLUMNS_TAG } from './azureModels';
import { DefaultDatastore } from './defaultDatastore';
import { dataJobBody, dataJobComponents, EXPERIMENT_NAME, SPEC_TAG } from './dataJobBody';
import { scoreEvaluation } from './evaluationResults';
import { trainedInputColumns } from './finetunePipeline';
import { streamJobLogs } from './runHistoryLogs';
import { componentRecordShaper, reshapeJsonl } from './pipelineData';
import { resolveRegistryComponent } from './registryDataPlane';
import { literalInput, registryPipelineJobBody, type PipelineJobBody } from './registryPipelineJob';
import { readMetricHistory } from './mlflowMetricHistory';
import { readJobMetrics, workspaceDataPlane, type WorkspaceDataPlane } from './runHistory';
import { WorkspaceRest } from './workspaceRest';
import { ChangeListeners } from '../changeListeners';

/**
 * Fine-tuning and evaluation jobs on Azure ML. A submission converts the user's file to canonical JSONL (the same
 * validation as the panel), uploads it to the workspace's default datastore, resolves the `azureml` registry
 * components' latest versions and PUTs a pipeline job (`dataJobBody.ts`, over `finetunePipeline.ts` and
 * `evaluationPipeline.ts`).
 *
 * The job carries what the user asked for in its tag `foundation-models.spec` (JSON, the data file by name only),
 * so the Jobs view lists exactly the jobs made here, from any machine, and can show them after a reload. Times,
 * metrics (MLflow, on completion) and errors come from the workspace's data plane and are kept in memory.
 */

export { SPEC_TAG };

const AZURE_REGISTRY = 'azureml';
const IMPORT_COMPONENT = 'import_model';
/**
 * The VM size of a serverless import (`import_model`'s `instance_type`, whose default `STANDARD_NC6s_v3` is retired,
 * audit F6): a CPU size with 32 GB of memory. The import downloads a model, converts it to MLflow and registers it;
 * it trains nothing, so a GPU (and the GPU quota a new subscription seldom has) buys nothing, while converting a
 * model needs it in memory.
 */
export const IMPORT_INSTANCE_TYPE = 'Standard_E4s_v3';
/** Model names as Azure ML accepts them. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;
/** Wait between polls of a cancel that sends no `Retry-After`. */
const CANCEL_POLL_MS = 1000;
/** Jobs whose times and metrics are read at once when the list is read. */
const DETAIL_READS_IN_PARALLEL = 8;

const JobResourceSchema = z.looseObject({
  name: z.string().min(1),
  properties: z.looseObject({
    jobType: z.string(),
    displayName: z.string().nullish(),
    status: z.string().nullish(),
    tags: z.record(z.string(), z.string().nullish()).nullish(),
    outputs: z.record(z.string(), z.looseObject({ uri: z.string().nullish() }).nullish()).nullish(),
  }),
  systemData: z.looseObject({ createdAt: z.string().nullish() }).nullish(),
});
type JobResource = z.infer<typeof JobResourceSchema>;

const RunSchema = z.looseObject({
  status: z.string().nullish(),
  startTimeUtc: z.string().nullish(),
  endTimeUtc: z.string().nullish(),
  error: z.looseObject({ error: z.looseObject({ message: z.string().nullish() }).nullish() }).nullish(),
});

/** Run statuses (`KnownJobStatus`; terminal per azure-ai-ml, API.md §2.4) → ours. */
export function jobStatusFromAzure(status: string | null | undefined): JobStatus {
  switch (status) {
    case 'Running':
    case 'Finalizing':
    case 'CancelRequested':
      return 'running';
    case 'Completed':
      return 'completed';
    case 'Failed':
    case 'NotResponding':
      return 'failed';
    case 'Canceled':
    case 'Paused':
      return 'canceled';
    default:
      return 'queued'; // NotStarted, Starting, Provisioning, Preparing, Queued, Unknown
  }
}

/** What the data plane told us about a job, beyond its ARM record. */
interface JobDetails {
  startedAt?: string;
  endedAt?: string;
  error?: string;
  metrics?: Record<string, number>;
  /** An evaluation's full report, scored here from its predictions (`evaluationResults.ts`). */
  metricsFile?: string;
}

function isoOrUndefined(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export interface AzureJobsOptions {
  readonly client: () => MlClient;
  /** The sign-in, for the Azure ML token that jobs running as the user carry (`x-azureml-token`). */
  readonly credential?: (() => TokenCredential) | undefined;
  readonly cloud: AzureCloudEndpoints;
  readonly target: AzureWorkspaceTarget;
  /** Resolves the model a job names (its `source` is the asset id) and is refreshed when a model is registered. */
  readonly catalog: CatalogService;
  /** Where data is converted before it is uploaded; each job's folder is removed once the job is submitted. */
  readonly workFolder: string;
  /** Where the reports of completed evaluations are kept (`<job>/metrics.json`); `workFolder/results` when left out. */
  readonly resultsFolder?: string | undefined;
  /** Log poll interval bounds (tests shorten them). */
  readonly pollMinMs?: number | undefined;
  readonly pollMaxMs?: number | undefined;
}

/** A translation's language codes (undefined for other tasks). */
type JobLanguages = { source: string; target: string } | undefined;

/** The data of a job as uploaded: datastore URIs of its parts, and the datastore they are on. */
interface UploadedData {
  readonly parts: Partial<Record<'train' | 'validation' | 'test', string>>;
  readonly datastore: DefaultDatastore;
}

export class AzureJobs implements JobService {
  private readonly listeners = new ChangeListeners<JobRecord>();
  readonly runsInProcess = false;
  readonly fineTuningWantsGpu = true;
  private readonly details = new Map<string, JobDetails>();
  private plane: Promise<WorkspaceDataPlane> | undefined;
  private readonly rest: WorkspaceRest;

  constructor(private readonly options: AzureJobsOptions) {
    this.rest = new WorkspaceRest(options);
  }

  private get client(): MlClient {
    return this.options.client();
  }

  private dataPlane(signal?: AbortSignal): Promise<WorkspaceDataPlane> {
    this.plane ??= workspaceDataPlane(this.client, this.options.target, signal).catch((error: unknown) => {
      this.plane = undefined;
      throw error;
    });
    return this.plane;
  }

  onDidChange(listener: (job: JobRecord) => void): Disposable {
    return this.listeners.add(listener);
  }

  private fire(job: JobRecord): void {
    this.listeners.fire(job);
  }

  async computes(signal?: AbortSignal): Promise<ComputeChoice[]> {
    const clusters = await listClusters(this.rest, signal);
    const choices: ComputeChoice[] = clusters.map(({ name, vmSize, gpu, nodes }) => ({ name, gpu, description: [vmSize, gpu ? 'GPU' : 'CPU', nodes].filter(Boolean).join(' · ') }));
    // GPU clusters first: fine-tuning needs one.
    return choices.sort((a, b) => Number(b.gpu) - Number(a.gpu) || a.name.localeCompare(b.name));
  }

  supports(kind: DataJobKind, task: TaskId, model?: CatalogModel): Capability {
    const { displayName, fineTunable } = TASKS[task];
    if (kind === 'fineTune' && !fineTunable) return cannot(`${displayName} cannot be fine-tuned; evaluate it instead.`);
    if (!model) return CAN;
    if (!model.source?.startsWith('azureml://')) return cannot(`${model.name} is not an Azure ML model asset, so Azure ML cannot run it.`);
    if (kind === 'fineTune' && !model.fineTuningTasks.includes(task)) {
      return cannot(`${model.name} is not offered for fine-tuning ${displayName.toLowerCase()} by its registry; choose another model.`);
    }
    const modelTask = normalizeTaskName(model.task);
    if (kind === 'evaluate' && isTaskId(modelTask) && modelTask !== task) return cannot(`${model.name} is a ${model.task} model; choose a ${displayName.toLowerCase()} model.`);
    return CAN;
  }

  async submit(input: JobSpec, options: SubmitOptions = {}): Promise<JobRecord> {
    const spec = JobSpecSchema.parse(input);
    if (spec.kind === 'import') return this.submitImport(spec, options);
    if (spec.kind === 'batchScore') throw new Error('A batch scoring job is started by invoking its batch endpoint (Endpoints view → Invoke on a File…).');
    assertMappingComplete(spec);
    if (!spec.compute) throw new Error('Choose a compute cluster of the workspace to run the job on.');
    const model = await this.options.catalog.get(spec.modelId);
    if (!model) throw new Error(`Model "${spec.modelId}" is not in the Azure catalog; refresh the catalog and pick it again.`);
    const capability = this.supports(spec.kind, spec.task, model);
    if (!capability.ok) throw new Error(capability.reason);
    const languages = jobLanguages(spec);
    const now = new Date();
    const name = newJobId(spec.kind, now);
    const displayName = jobDisplayName(spec, model.name);
    const folder = path.join(this.options.workFolder, name);
    try {
      const data = await this.uploadJobData(spec, folder, languages, options);
      options.progress?.('Finding the pipeline component in the azureml registry');
      const body = await this.dataJobBody(spec, model, data, name, options.signal);
      return await this.putJob({ id: name, backend: 'azure', spec, displayName, status: 'queued', createdAt: now.toISOString() }, body, options);
    } catch (error) {
      throw userFacing(error, `Submitting "${displayName}"`, { workspace: this.options.target.workspace });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /**
   * The user's data as the component reads it, uploaded: validated and converted by the steps every backend shares
   * (a split for fine-tuning, all of it as test data for evaluation), reshaped where the component nests or renames
   * columns, then each part uploaded to the workspace's default datastore.
   */
  private async uploadJobData(spec: DataJobSpec, folder: string, languages: JobLanguages, options: SubmitOptions): Promise<UploadedData> {
    const { signal, progress } = options;
    const data: JobData = await prepareJobData(spec, folder, { defaultSplit: [80, 20, 0], signal, progress });
    const shaper = spec.kind === 'fineTune' ? componentRecordShaper(spec.task, { mappedRoles: new Set(Object.keys(spec.data.mapping)), languages }) : undefined;
    const datastore = await DefaultDatastore.open(this.rest, signal);
    const parts: UploadedData['parts'] = {};
    for (const part of ['train', 'validation', 'test'] as const) {
      const file = data.files[part];
      if (!file) continue;
      const shaped = shaper ? file.replace(/\.jsonl$/, '.component.jsonl') : file;
      if (shaper) await reshapeJsonl(file, shaped, shaper, signal);
      parts[part] = (await uploadDataFile(this.rest, { file: shaped, assetName: `fm-${spec.task}-${part}`, signal, progress }, datastore)).uri;
    }
    return { parts, datastore };
  }

  /** The pipeline job body (`dataJobBody`) on the uploaded data, with the components' latest versions resolved. */
  private async dataJobBody(spec: DataJobSpec, model: CatalogModel, data: UploadedData, jobName: string, signal?: AbortSignal): Promise<PipelineJobBody> {
    const resolved = new Map<string, string>();
    for (const name of dataJobComponents(spec)) resolved.set(name, await resolveRegistryComponent(this.client, this.options.cloud, AZURE_REGISTRY, name, signal));
    return dataJobBody({
      spec,
      modelName: model.name,
      // A workspace model goes by its ARM id in a job input, as azure-ai-ml resolves it (audit F12).
      model: armModelId(model.source ?? ''),
      parts: data.parts,
      component: (name) => resolved.get(name) ?? name,
      computeId: computeArmId(this.options.target, spec.compute ?? ''),
      jobName,
      datastore: data.datastore,
    });
  }

  /**
   * Import from Hugging Face: the `azureml` registry's `import_model` pipeline (API.md §3.2) with the Hub id,
   * the task, and a user identity, registering the MLflow model in the workspace under `owner-name` (the name
   * azureml-examples derives). Input names are the component's: `model_id`, `model_source`, `task_name`, `compute`,
   * `custom_model_name`; the output `mlflow_model_folder` is the registered model.
   */
  private async submitImport(spec: ImportJobSpec, options: SubmitOptions): Promise<JobRecord> {
    const { signal, progress } = options;
    const problem = huggingFaceIdProblem(spec.modelId);
    if (problem) throw new Error(problem);
    const now = new Date();
    const name = newJobId('import', now);
    const displayName = spec.displayName ?? `Import ${spec.modelId}`;
    progress?.('Finding the import_model component in the azureml registry');
    const componentId = await resolveRegistryComponent(this.client, this.options.cloud, AZURE_REGISTRY, IMPORT_COMPONENT, signal);
    const compute = spec.compute ?? 'serverless';
    const inputs = {
      model_id: literalInput(spec.modelId.trim()),
      model_source: literalInput('Huggingface'),
      task_name: literalInput(spec.importTask),
      compute: literalInput(compute),
      // Serverless steps run on `instance_type`, whose default is a retired size (audit F6).
      ...(compute === 'serverless' ? { instance_type: literalInput(IMPORT_INSTANCE_TYPE) } : {}),
      custom_model_name: literalInput(registeredNameFor(spec.modelId)),
    };
    const body = registryPipelineJobBody({
      displayName,
      experimentName: EXPERIMENT_NAME,
      tags: { [SPEC_TAG]: JSON.stringify(spec) },
      compute: computeArmId(this.options.target, compute),
      nodes: { import_model: { type: 'pipeline', componentId, inputs, outputs: { mlflow_model_folder: 'mlflow_model_folder' } } },
      outputs: { mlflow_model_folder: { type: 'mlflow_model' } },
      userIdentity: true,
    });
    return this.putJob({ id: name, backend: 'azure', spec, displayName, status: 'queued', createdAt: now.toISOString() }, body, options).catch((error: unknown) => {
      throw userFacing(error, `Submitting "${displayName}"`, { workspace: this.options.target.workspace });
    });
  }

  /** PUTs a new job; resolves with its record as the service answers it (`submitted` when it answers none we read). */
  private async putJob(submitted: JobRecord, body: PipelineJobBody, options: SubmitOptions): Promise<JobRecord> {
    options.progress?.(`Submitting ${submitted.id}`);
    const created = await this.rest.putJob(submitted.id, body, JobResourceSchema, options.signal);
    const record = this.toRecord(created) ?? submitted;
    this.fire(record);
    return record;
  }

  /** Our record of an ARM job, or `undefined` for a job this extension did not submit. */
  private toRecord(job: JobResource): JobRecord | undefined {
    const specText = job.properties.tags?.[SPEC_TAG];
    if (!specText) return undefined;
    let spec: JobSpec;
    try {
      const parsed = JobSpecSchema.safeParse(JSON.parse(specText));
      if (!parsed.success) return undefined;
      spec = parsed.data;
    } catch {
      return undefined;
    }
    const status = jobStatusFromAzure(job.properties.status);
    const details = this.details.get(job.name) ?? {};
    const createdAt = isoOrUndefined(job.systemData?.createdAt) ?? new Date().toISOString();
    return {
      id: job.name,
      backend: 'azure',
      spec,
      displayName: job.properties.displayName ?? job.name,
      status,
      createdAt,
      ...(details.startedAt ? { startedAt: details.startedAt } : status !== 'queued' ? { startedAt: createdAt } : {}),
      ...(details.endedAt ? { endedAt: details.endedAt } : {}),
      ...(details.error ? { error: details.error } : {}),
      ...(details.metrics && Object.keys(details.metrics).length > 0 ? { metrics: details.metrics } : {}),
      ...(status === 'completed' && spec.kind === 'fineTune' ? { outputs: { model: `azureml://jobs/${job.name}/outputs/trained_model` } } : {}),
      ...(details.metricsFile ? { outputs: { metrics: details.metricsFile } } : {}),
    };
  }

  /** Times and errors from run history, and, once a job completed, its metrics from MLflow; kept for terminal jobs. */
  private async readDetails(job: JobResource, signal?: AbortSignal): Promise<void> {
    const status = jobStatusFromAzure(job.properties.status);
    const known = this.details.get(job.name);
    const terminal = status === 'completed' || status === 'failed' || status === 'canceled';
    if (known?.endedAt && (status !== 'completed' || known.metrics)) return;
    const plane = await this.dataPlane(signal);
    const run = await sendJson(this.client, { method: 'GET', url: `${plane.runsUrl}/${encodeURIComponent(job.name)}`, schema: RunSchema, signal });
    const details: JobDetails = {
      ...(isoOrUndefined(run.startTimeUtc) ? { startedAt: isoOrUndefined(run.startTimeUtc) } : {}),
      ...(terminal && isoOrUndefined(run.endTimeUtc) ? { endedAt: isoOrUndefined(run.endTimeUtc) } : {}),
      ...(run.error?.error?.message ? { error: run.error.error.message } : {}),
    };
    if (status === 'completed') Object.assign(details, await this.completedMetrics(job, plane, signal));
    this.details.set(job.name, details);
  }

  /**
   * A completed job's metrics: an evaluation's predictions scored by our own engine (the full report, as a file), or,
   * when they cannot be read, and for every other job, the metrics its runs logged to MLflow (compute_metrics', a
   * fine-tune's steps').
   */
  private async completedMetrics(job: JobResource, plane: WorkspaceDataPlane, signal?: AbortSignal): Promise<Pick<JobDetails, 'metrics' | 'metricsFile'>> {
    const spec = this.toRecord(job)?.spec;
    const predictions = job.properties.outputs?.predictions?.uri;
    if (spec?.kind === 'evaluate' && predictions) {
      const outputs = { predictions, groundTruth: job.properties.outputs?.ground_truth?.uri ?? undefined };
      const folder = this.options.resultsFolder ?? path.join(this.options.workFolder, 'results');
      const scored = await scoreEvaluation(this.rest, { name: job.name, task: spec.task, outputs }, folder, signal).catch(() => undefined);
      if (scored) return { metrics: scored.report.metrics, metricsFile: scored.file };
    }
    return { metrics: await readJobMetrics(this.client, plane, job.name, signal) };
  }

  async list(): Promise<JobRecord[]> {
    const resources = await this.rest.listAll(this.rest.url('jobs'), JobResourceSchema, { query: `tag=${encodeURIComponent(SPEC_TAG)}&listViewType=ActiveOnly` });
    const limit = pLimit(DETAIL_READS_IN_PARALLEL);
    // Details are a nicety: a job whose run history cannot be read is still listed.
    await Promise.all(resources.map((job) => limit(() => this.readDetails(job).catch(() => undefined))));
    return resources
      .map((job) => this.toRecord(job))
      .filter((job): job is JobRecord => job !== undefined)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const job = await this.rest.find(this.rest.url('jobs', id), JobResourceSchema);
    if (!job) return undefined;
    await this.readDetails(job).catch(() => undefined);
    return this.toRecord(job);
  }

  /** The job's curves from MLflow (`mlflowMetricHistory.ts`). */
  async metricHistory(id: string, signal?: AbortSignal): Promise<MetricHistory> {
    return readMetricHistory(this.client, await this.dataPlane(signal), id, signal);
  }

  /** `POST {W}/jobs/{id}/cancel`: 202 with a `Location` polled until it answers 200 (`Jobs_Cancel`, long-running). */
  async cancel(id: string): Promise<void> {
    await this.cancelJob(id).catch((error: unknown) => {
      throw userFacing(error, `Canceling job ${id}`, { workspace: this.options.target.workspace });
    });
  }

  private async cancelJob(id: string): Promise<void> {
    const jobUrl = this.rest.withApi(this.rest.url('jobs', id));
    const answer = await this.rest.exchange('POST', this.rest.withApi(`${this.rest.url('jobs', id)}/cancel`));
    if (answer.status === 202) {
      const poller = new OperationPoller(this.rest, { pollIntervalMs: CANCEL_POLL_MS });
      const stopped = () => new Error(`Stopped waiting for job ${id} to be canceled; Azure goes on canceling it.`);
      await poller.waitFor(poller.pendingOfDelete(answer, jobUrl), { label: `Canceling ${id}`, signal: new AbortController().signal, progress: undefined, stopped, initialDelay: retryAfterMs(answer.headers) });
    }
    const job = await this.get(id);
    if (job) this.fire(job);
  }

  async *follow(id: string, options: FollowOptions = {}): AsyncGenerator<JobLogEvent> {
    try {
      yield* this.followEvents(id, options);
    } catch (error) {
      // A log blob's SAS URL is in the request of a refused read.
      throw userFacing(error, `Following the log of ${id}`, { workspace: this.options.target.workspace });
    }
  }

  private async *followEvents(id: string, options: FollowOptions): AsyncGenerator<JobLogEvent> {
    const saved = LogCursorSchema.safeParse(options.position);
    for await (const event of streamJobLogs({
      client: this.client,
      target: this.options.target,
      jobName: id,
      ...(saved.success ? { cursor: saved.data } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(this.options.pollMinMs !== undefined ? { pollMinMs: this.options.pollMinMs } : {}),
      ...(this.options.pollMaxMs !== undefined ? { pollMaxMs: this.options.pollMaxMs } : {}),
      onCursor: (cursor) => options.onPosition?.(cursor),
    })) {
      if (event.type === 'line') {
        yield event.runId === id ? { type: 'line', text: event.text } : { type: 'line', text: event.text, source: event.runId };
      } else if (event.type === 'status') {
        if (event.runId !== id) continue;
        const status = jobStatusFromAzure(event.status);
        yield { type: 'status', status };
        const job = await this.get(id).catch(() => undefined);
        if (job) this.fire(job);
      } else {
        const job = await this.get(id).catch(() => undefined);
        if (job) this.fire(job);
        yield { type: 'end', status: jobStatusFromAzure(event.status), error: event.error ?? job?.error };
      }
    }
  }

  /**
   * Registers a completed fine-tuning job's `trained_model` output as an MLflow model of the workspace, version 1
   * of a new name (an existing name is never touched), and refreshes the catalog so that it shows.
   */
  async registerModel(id: string, name: string): Promise<string> {
    return this.register(id, name).catch((error: unknown) => {
      throw userFacing(error, `Registering the model of job ${id} as ${name}`, { workspace: this.options.target.workspace });
    });
  }

  private async register(id: string, name: string): Promise<string> {
    if (!MODEL_NAME.test(name)) throw new Error(`"${name}" is not a valid model name: use letters, digits, "-", "_" and ".", starting with a letter or digit.`);
    const job = await this.get(id);
    if (!job) throw new Error(`No Azure ML job "${id}" in workspace ${this.options.target.workspace}.`);
    if (!job.outputs?.model || job.spec.kind !== 'fineTune') throw new Error(`${job.displayName} has no trained model to register (it is ${job.status}).`);
    const task = job.spec.task;
    const columns = trainedInputColumns(task, { mappedRoles: new Set(Object.keys(job.spec.data.mapping)), languages: jobLanguages(job.spec) });
    const modelUrl = this.rest.url('models', name);
    const taken = await this.rest.find(modelUrl, z.unknown().transform(() => true));
    if (taken) throw new Error(`A model named "${name}" is already registered in ${this.options.target.workspace}; choose another name.`);
    await this.rest.put(`${modelUrl}/versions/1`, z.unknown(), {
      body: {
        properties: {
          modelType: 'mlflow_model',
          modelUri: job.outputs.model,
          description: `${job.displayName} (job ${id})`,
          tags: { task, 'foundation-models.job': id, [INPUT_COLUMNS_TAG]: JSON.stringify(columns) },
          properties: {},
        },
      },
    });
    this.options.catalog.refresh();
    return `workspace/${this.options.target.workspace}/${name}`;
  }
}
