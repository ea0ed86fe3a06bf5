import { appendFile, cp, mkdir, open, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { abortableDelay } from '../../core/abortableDelay';
import { trainingFolderOf, type CatalogModel } from '../../core/catalog/catalogModel';
import { assertMappingComplete, jobDisplayName } from '../../core/jobs/jobData';
import { isTerminalStatus, JobRecordSchema, JobSpecSchema, newJobId, type DataJobSpec, type JobLogEvent, type JobRecord, type JobSpec, type JobStatus } from '../../core/jobs/jobModel';
import { consumeLogChunk, emptyLogCursor, LogCursorSchema, logOffset, type LogCursor } from '../../core/jobs/logCursor';
import { trainerLogHistory, type MetricHistory } from '../../core/metrics/metricHistory';
import { parsePredictions, type PredictionRow } from '../../core/metrics/predictions';
import { TASKS, type TaskId } from '../../core/tasks';
import { CAN, cannot, capabilityError, type Capability, type CatalogService, type ComputeChoice, type DataJobKind, type Disposable, type FollowOptions, type JobService, type Prerequisites } from '../backend';
import { evaluateLocally } from './localEvaluation';
import { DEFAULT_INFERENCE_SETTINGS, type InferenceSettings } from './inferenceSettings';
import { LOCALLY_TRAINED_TASKS, runsHere, trainsHere } from './localCapabilities';
import type { LocalJobResult } from './localJobContext';
import { fineTuneLocally } from './localFineTuning';
import { checkTrainingEnvironment, TrainingEnvironmentError } from './pythonEnvironment';
import { ChangeListeners } from '../changeListeners';

/**
 * Jobs on this machine. Each job is a folder under the jobs folder: `job.json` (the record), `log.txt` (the log,
 * appended line by line, which `follow` tails by byte offset) and its outputs (`predictions.jsonl`,
 * `metrics.json`). Evaluation runs in-process; a job left `running` by a process that ended (VS Code closed
 * mid-job, Ctrl-C on the CLI) is marked failed when it is next read.
 */

/** Model names as Azure ML accepts them. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

/** Where models registered from local jobs are kept: `models/` beside the jobs folder. */
export function registeredModelsFolder(jobsFolder: string): string {
  return path.join(path.dirname(jobsFolder), 'models');
}
const TAIL_INTERVAL_MS = 150;
const LOCAL_COMPUTE = 'local';
/** The log's key in a log cursor (`core/jobs/logCursor.ts`): a local job has one log file. */
const LOG_KEY = 'log.txt';

/** Jobs this process runs; anything else still marked running was left by a process that is gone. */
const running = new Map<string, AbortController>();

export class LocalJobs implements JobService {
  private readonly listeners = new ChangeListeners<JobRecord>();
  readonly runsInProcess = true;
  /** This machine is what it is: no other compute to prefer. */
  readonly fineTuningWantsGpu = false;

  constructor(
    private readonly folder: string,
    private readonly catalog: CatalogService,
    /** The Python that runs fine-tuning (`foundationModels.pythonPath`). */
    private readonly python = 'python3',
    private readonly inference: InferenceSettings = DEFAULT_INFERENCE_SETTINGS,
  ) {}

  onDidChange(listener: (job: JobRecord) => void): Disposable {
    return this.listeners.add(listener);
  }

  async computes(): Promise<ComputeChoice[]> {
    return [{ name: LOCAL_COMPUTE, description: 'This machine: evaluation in-process, fine-tuning in your Python', gpu: false }];
  }

  /** Fine-tuning runs the user's Python: it must have torch, transformers, datasets and accelerate. */
  async prerequisites(kind: DataJobKind, signal?: AbortSignal): Promise<Prerequisites> {
    if (kind !== 'fineTune') return { ok: true };
    try {
      const { python } = await checkTrainingEnvironment(this.python, signal);
      return { ok: true, summary: `${this.python} (Python ${python}) has torch, transformers, datasets and accelerate.` };
    } catch (error) {
      if (!(error instanceof TrainingEnvironmentError)) throw error;
      return { ok: false, reason: error.message, installCommand: error.installCommand, interpreter: this.python };
    }
  }

  supports(kind: DataJobKind, task: TaskId, model?: CatalogModel): Capability {
    if (kind === 'fineTune') {
      const { displayName, fineTunable } = TASKS[task];
      if (!fineTunable) return cannot(`${displayName} cannot be fine-tuned; evaluate it instead.`);
      if (!LOCALLY_TRAINED_TASKS.has(task)) return cannot(`Fine-tuning on this machine trains text classification in this version; fine-tune ${displayName.toLowerCase()} on the Azure backend.`);
    }
    if (!model) return CAN;
    return kind === 'fineTune' ? trainsHere(model, task) : runsHere(model, task);
  }

  async submit(input: JobSpec): Promise<JobRecord> {
    const spec = JobSpecSchema.parse(input);
    if (spec.kind === 'import') {
      throw new Error('Importing from Hugging Face runs on the Azure backend; locally, Import from Hugging Face… adds a model folder that is already on this machine.');
    }
    if (spec.kind === 'batchScore') throw new Error('Batch endpoints run on Azure ML; locally, Evaluate… scores a file.');
    assertMappingComplete(spec);
    const model = await this.catalog.get(spec.modelId);
    if (!model) throw new Error(`Model "${spec.modelId}" is not in the local catalog.`);
    const capability = this.supports(spec.kind, spec.task, model);
    if (!capability.ok) throw capabilityError(capability, model.id);
    // Fine-tuning starts from the PyTorch weights (a curated model's are its Hub source's snapshot); evaluation runs the ONNX export.
    const modelPath = (spec.kind === 'fineTune' ? trainingFolderOf(model) : model.path) as string;
    // Checked before the job exists: a fine-tuning that cannot start says why at once.
    if (spec.kind === 'fineTune') await checkTrainingEnvironment(this.python);
    const now = new Date();
    const job: JobRecord = {
      id: newJobId(spec.kind, now),
      backend: 'local',
      spec,
      displayName: jobDisplayName(spec, model.name),
      status: 'queued',
      createdAt: now.toISOString(),
      runnerPid: process.pid,
    };
    await mkdir(this.jobFolder(job.id), { recursive: true });
    await writeFile(this.logFile(job.id), '');
    await this.save(job);
    const abort = new AbortController();
    running.set(job.id, abort);
    const run = spec.kind === 'fineTune' ? this.runFineTuning(job, spec, modelPath, abort.signal) : this.runEvaluation(job, spec, modelPath, abort.signal);
    void run.finally(() => running.delete(job.id));
    return job;
  }

  async list(): Promise<JobRecord[]> {
    const names = await readdir(this.folder).catch(() => [] as string[]);
    const jobs = await Promise.all(names.map((name) => this.get(name)));
    return jobs.filter((job): job is JobRecord => job !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async get(id: string): Promise<JobRecord | undefined> {
    // Asked before the read: a run saves its final record before it leaves `running`, so a job that was not
    // running here before the read cannot be mid-save, and a stale "running" is never taken for a dead one.
    const runsHere = running.has(id);
    let job: JobRecord;
    try {
      const parsed = JobRecordSchema.safeParse(JSON.parse(await readFile(path.join(this.jobFolder(id), 'job.json'), 'utf8')));
      if (!parsed.success) return undefined;
      job = parsed.data;
    } catch {
      return undefined;
    }
    if (!isTerminalStatus(job.status) && !runsHere && !isAlive(job.runnerPid)) {
      job = { ...job, status: 'failed', endedAt: new Date().toISOString(), error: 'Interrupted: the process that ran this job ended before it finished.' };
      await this.save(job);
    }
    return job;
  }

  /** The rows of the job's `predictions.jsonl` (written by `evaluateLocally`). */
  async predictions(id: string): Promise<PredictionRow[] | undefined> {
    const job = await this.get(id);
    const file = job?.outputs?.predictions;
    if (!job || !file || job.spec.kind !== 'evaluate') return undefined;
    const text = await readFile(file, 'utf8').catch(() => undefined);
    return text === undefined ? undefined : parsePredictions(job.spec.task, text).rows;
  }

  /** The Trainer's curves, from the lines of the job's log (a fine-tune's; an evaluation logs none). */
  async metricHistory(id: string): Promise<MetricHistory> {
    if (!(await this.get(id))) throw new Error(`No local job "${id}".`);
    const text = await readFile(this.logFile(id), 'utf8').catch(() => '');
    return trainerLogHistory(text.split('\n'));
  }

  async registerModel(id: string, name: string): Promise<string> {
    if (!MODEL_NAME.test(name)) {
      throw new Error(`"${name}" is not a valid model name: use letters, digits, "-", "_" and ".", starting with a letter or digit.`);
    }
    const job = await this.get(id);
    const model = job?.outputs?.model;
    if (!job || job.status !== 'completed' || !model) throw new Error(`${job?.displayName ?? id} has no trained model to register.`);
    const target = path.join(registeredModelsFolder(this.folder), name);
    if (await stat(target).then(() => true, () => false)) throw new Error(`A model named "${name}" is already registered; choose another name.`);
    await mkdir(path.dirname(target), { recursive: true });
    // Copied into a hidden staging folder first and renamed into place: a half-copied model never shows in the catalog.
    const staging = path.join(path.dirname(target), `.${name}.registering-${process.pid}`);
    await cp(model, staging, { recursive: true, errorOnExist: true, force: false });
    await rename(staging, target);
    this.catalog.refresh();
    return `local-folder/${target}`;
  }

  async cancel(id: string): Promise<void> {
    const job = await this.get(id);
    if (!job) throw new Error(`No local job "${id}".`);
    if (isTerminalStatus(job.status)) return;
    running.get(id)?.abort();
  }

  /**
   * Tails `log.txt` through the log cursor every backend uses (`core/jobs/logCursor.ts`): only complete lines, each
   * once, from where a previous follower stopped.
   */
  async *follow(id: string, options: FollowOptions = {}): AsyncGenerator<JobLogEvent> {
    let cursor = resumeCursor(options.position);
    let status: JobStatus | undefined;
    for (;;) {
      options.signal?.throwIfAborted();
      // The record first, then the log: a job writes its lines before it saves a new status, so the lines read
      // here include everything up to that status, and they are shown before it.
      const job = await this.get(id);
      if (!job) throw new Error(`No local job "${id}".`);
      const ended = isTerminalStatus(job.status);
      const chunk = await readFrom(this.logFile(id), logOffset(cursor, LOG_KEY));
      const consumed = consumeLogChunk(LOG_KEY, cursor, chunk, { final: ended });
      for (const text of consumed.lines) yield { type: 'line', text };
      if (consumed.lines.length > 0) {
        cursor = consumed.cursor;
        options.onPosition?.(cursor);
      }
      if (job.status !== status) {
        status = job.status;
        yield { type: 'status', status };
      }
      if (ended) {
        yield { type: 'end', status: job.status, error: job.error };
        return;
      }
      await abortableDelay(TAIL_INTERVAL_MS, options.signal);
    }
  }

  /** Runs a job's work with the record kept up to date: running, then completed, failed or canceled. */
  private async run(
    queued: JobRecord,
    signal: AbortSignal,
    work: (log: (line: string) => Promise<void>) => Promise<LocalJobResult>,
  ): Promise<void> {
    let job: JobRecord = { ...queued, status: 'running', startedAt: new Date().toISOString() };
    const log = (line: string) => appendFile(this.logFile(job.id), `${line}\n`);
    try {
      await this.save(job);
      const results = await work(log);
      job = { ...job, ...results, status: 'completed', endedAt: new Date().toISOString() };
      await log('Completed');
    } catch (error) {
      const canceled = signal.aborted;
      const message = canceled ? 'Canceled by the user.' : error instanceof Error ? error.message : String(error);
      await log(canceled ? 'Canceled' : `Failed: ${message}`).catch(() => undefined);
      job = { ...job, status: canceled ? 'canceled' : 'failed', endedAt: new Date().toISOString(), ...(canceled ? {} : { error: message }) };
    }
    await this.save(job);
  }

  private runEvaluation(queued: JobRecord, spec: DataJobSpec, modelFolder: string, signal: AbortSignal): Promise<void> {
    return this.run(queued, signal, (log) => evaluateLocally({ spec, modelFolder, jobFolder: this.jobFolder(queued.id), signal, log, settings: this.inference }));
  }

  private runFineTuning(queued: JobRecord, spec: DataJobSpec, modelFolder: string, signal: AbortSignal): Promise<void> {
    return this.run(queued, signal, (log) => fineTuneLocally({ spec, modelFolder, jobFolder: this.jobFolder(queued.id), python: this.python, signal, log }));
  }

  private jobFolder(id: string): string {
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`Not a job id: "${id}".`);
    return path.join(this.folder, id);
  }

  private logFile(id: string): string {
    return path.join(this.jobFolder(id), 'log.txt');
  }

  /** Writes `job.json` atomically (a follower never reads half a record), then tells the listeners. */
  private async save(job: JobRecord): Promise<void> {
    const file = path.join(this.jobFolder(job.id), 'job.json');
    await writeFile(`${file}.tmp`, `${JSON.stringify(JobRecordSchema.parse(job), null, 2)}\n`);
    await rename(`${file}.tmp`, file);
    this.listeners.fire(job);
  }
}

/** Where a follower resumes: a saved cursor, or a byte offset saved by an earlier version. */
function resumeCursor(position: unknown): LogCursor {
  const saved = LogCursorSchema.safeParse(position);
  if (saved.success) return saved.data;
  const offset = typeof position === 'number' && Number.isSafeInteger(position) && position >= 0 ? position : 0;
  return offset > 0 ? { files: { [LOG_KEY]: { offset } } } : emptyLogCursor();
}

/** Whether the process that runs a job still exists (signal 0 only checks). */
function isAlive(pid: number | undefined): boolean {
  if (pid === undefined || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readFrom(file: string, offset: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= offset) return Buffer.alloc(0);
    const buffer = Buffer.alloc(size - offset);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

