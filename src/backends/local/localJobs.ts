import { spawn } from 'node:child_process';
import { appendFile, cp, mkdir, open, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import * as z from 'zod';
import path from 'node:path';
import { readDataset } from '../../core/datasets/datasetReader';
import { formatProblem } from '../../core/datasets/datasetProblem';
import { mapRecord, mappingProblems } from '../../core/datasets/recordMapping';
import { isTerminalStatus, JobRecordSchema, JobSpecSchema, newJobId, type JobLogEvent, type JobRecord, type JobSpec, type JobStatus } from '../../core/jobs/jobModel';
import { computeTaskMetrics } from '../../core/metrics';
import { convertDataset } from '../../core/datasets/convertDataset';
import { DEFAULT_TRAINING_SETTINGS } from '../../core/trainingSettings';
import type { CatalogService, Disposable, FollowOptions, JobService } from '../backend';
import { checkTrainingEnvironment } from './pythonEnvironment';
import { TEXT_CLASSIFICATION_TRAINER } from './trainerScript';

/**
 * Jobs on this machine. Each job is a folder under the jobs folder: `job.json` (the record), `log.txt` (the log,
 * appended line by line, which `follow` tails by byte offset) and its outputs (`predictions.jsonl`,
 * `metrics.json`). Evaluation runs in-process; a job left `running` by a process that ended (VS Code closed
 * mid-job, Ctrl-C on the CLI) is marked failed when it is next read.
 */

const BATCH_SIZE = 16;
/** Model names as Azure ML accepts them. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

/** Where models registered from local jobs are kept: `models/` beside the jobs folder. */
export function registeredModelsFolder(jobsFolder: string): string {
  return path.join(path.dirname(jobsFolder), 'models');
}
/** Problems listed in the log before the rest are only counted. */
const PROBLEMS_SHOWN = 10;
const TAIL_INTERVAL_MS = 150;

/** Jobs this process runs; anything else still marked running was left by a process that is gone. */
const running = new Map<string, AbortController>();

export class LocalJobs implements JobService {
  private readonly listeners = new Set<(job: JobRecord) => void>();

  constructor(
    private readonly folder: string,
    private readonly catalog: CatalogService,
    /** The Python that runs fine-tuning (`foundationModels.pythonPath`). */
    private readonly python = 'python3',
  ) {}

  onDidChange(listener: (job: JobRecord) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async submit(input: JobSpec): Promise<JobRecord> {
    const spec = JobSpecSchema.parse(input);
    const verb = spec.kind === 'fineTune' ? 'fine-tuning' : 'evaluation';
    if (spec.task !== 'text-classification') {
      throw new Error(`Local ${verb} supports text classification in this version; ${spec.task} runs on the Azure backend.`);
    }
    const problems = mappingProblems(spec.task, spec.data.mapping);
    if (problems.length > 0) throw new Error(`The column mapping is incomplete: ${problems.map((p) => `${p.role} ${p.message}`).join('; ')}.`);
    const model = await this.catalog.get(spec.modelId);
    if (!model) throw new Error(`Model "${spec.modelId}" is not in the local catalog.`);
    if (!model.path) {
      throw new Error(
        `${model.name} has no weights on this machine (it is a catalog entry). Add a model folder with an ONNX export to foundationModels.localModelPaths, or use the Azure backend.`,
      );
    }
    if (spec.kind === 'fineTune') {
      // Checked before the job exists: a fine-tuning that cannot start says why at once.
      await checkTrainable(model.path);
      await checkTrainingEnvironment(this.python);
    }
    const now = new Date();
    const job: JobRecord = {
      id: newJobId(spec.kind, now),
      backend: 'local',
      spec,
      displayName: spec.displayName ?? `${spec.kind === 'fineTune' ? 'Fine-tune' : 'Evaluate'} ${model.name} on ${path.basename(spec.data.file)}`,
      status: 'queued',
      createdAt: now.toISOString(),
      runnerPid: process.pid,
    };
    await mkdir(this.jobFolder(job.id), { recursive: true });
    await writeFile(this.logFile(job.id), '');
    await this.save(job);
    const abort = new AbortController();
    running.set(job.id, abort);
    const run = spec.kind === 'fineTune' ? this.runFineTuning(job, model.path, abort.signal) : this.runEvaluation(job, model.path, abort.signal);
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

  async *follow(id: string, options: FollowOptions = {}): AsyncGenerator<JobLogEvent> {
    let offset = options.offset ?? 0;
    let status: JobStatus | undefined;
    let pending = Buffer.alloc(0);
    const decoder = new TextDecoder();
    for (;;) {
      options.signal?.throwIfAborted();
      // The record first, then the log: a job writes its lines before it saves a new status, so the lines read
      // here include everything up to that status, and they are shown before it.
      const job = await this.get(id);
      if (!job) throw new Error(`No local job "${id}".`);
      // Read what the log gained; emit only complete lines, so a line is never cut or repeated.
      const chunk = await readFrom(this.logFile(id), offset + pending.length);
      pending = Buffer.concat([pending, chunk]);
      const lastNewline = pending.lastIndexOf(0x0a);
      if (lastNewline >= 0) {
        const complete = pending.subarray(0, lastNewline + 1);
        for (const text of decoder.decode(complete).split('\n').slice(0, -1)) yield { type: 'line', text: text.replace(/\r$/, '') };
        offset += complete.length;
        pending = pending.subarray(lastNewline + 1);
        options.onOffset?.(offset);
      }
      if (job.status !== status) {
        status = job.status;
        yield { type: 'status', status };
      }
      if (isTerminalStatus(job.status) && chunk.length === 0) {
        if (pending.length > 0) yield { type: 'line', text: decoder.decode(pending) };
        yield { type: 'end', status: job.status, error: job.error };
        return;
      }
      await delay(TAIL_INTERVAL_MS, options.signal);
    }
  }

  /** Runs a job's work with the record kept up to date: running, then completed, failed or canceled. */
  private async run(
    queued: JobRecord,
    signal: AbortSignal,
    work: (log: (line: string) => Promise<void>) => Promise<Pick<JobRecord, 'metrics' | 'outputs'>>,
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

  private runEvaluation(queued: JobRecord, modelFolder: string, signal: AbortSignal): Promise<void> {
    return this.run(queued, signal, async (log) => {
      const { spec } = queued;
      await log(`Evaluating ${modelFolder} on ${spec.data.file} (${spec.task}) on this machine`);
      const texts: string[] = [];
      const pairs: (string | undefined)[] = [];
      const references: string[] = [];
      let skipped = 0;
      for await (const item of readDataset(spec.data.file, { signal })) {
        if (item.kind === 'problem') {
          if (skipped++ < PROBLEMS_SHOWN) await log(`skipped: ${formatProblem(item.problem)}`);
          continue;
        }
        const mapped = mapRecord(spec.task, spec.data.mapping, item.record);
        if (!mapped.ok) {
          const where = { file: spec.data.file, line: item.record.line };
          if (skipped++ < PROBLEMS_SHOWN) await log(`skipped: ${mapped.problems.map((p) => formatProblem({ ...where, ...p })).join('; ')}`);
          continue;
        }
        texts.push(String(mapped.record.sentence));
        pairs.push(mapped.record.sentence2 === undefined ? undefined : String(mapped.record.sentence2));
        references.push(String(mapped.record.label));
      }
      if (skipped > 0) await log(`${skipped} record${skipped === 1 ? '' : 's'} skipped as invalid${skipped > PROBLEMS_SHOWN ? ` (first ${PROBLEMS_SHOWN} shown)` : ''}`);
      if (texts.length === 0) throw new Error(`No valid record to evaluate in ${spec.data.file}.`);
      await log(`${texts.length} records; loading the model`);
      // transformers.js and onnxruntime are a bundle of their own, loaded by the first evaluation.
      const { loadTextClassifier } = await import('./localInference');
      const classifier = await loadTextClassifier(modelFolder);
      const predictions: string[] = [];
      try {
        for (let start = 0; start < texts.length; start += BATCH_SIZE) {
          signal.throwIfAborted();
          const results = await classifier.classify(texts.slice(start, start + BATCH_SIZE), pairs.slice(start, start + BATCH_SIZE));
          predictions.push(...results.map((r) => r.label));
          await log(`scored ${Math.min(start + BATCH_SIZE, texts.length)}/${texts.length} records`);
        }
      } finally {
        await classifier.dispose();
      }
      const report = computeTaskMetrics(spec.task, predictions, references);
      const predictionsFile = path.join(this.jobFolder(queued.id), 'predictions.jsonl');
      const metricsFile = path.join(this.jobFolder(queued.id), 'metrics.json');
      await writeFile(predictionsFile, predictions.map((prediction, i) => JSON.stringify({ prediction, reference: references[i] })).join('\n') + '\n');
      await writeFile(metricsFile, `${JSON.stringify(report, null, 2)}\n`);
      for (const [name, value] of Object.entries(report.metrics)) await log(`${name}: ${value.toFixed(4)}`);
      return { metrics: report.metrics, outputs: { predictions: predictionsFile, metrics: metricsFile } };
    });
  }

  /**
   * Fine-tuning in the user's Python: the data converted to canonical JSONL and split 80/20 (seeded, stratified),
   * the Trainer script and its settings written into the job folder, the script's output streamed into the log.
   */
  private runFineTuning(queued: JobRecord, modelFolder: string, signal: AbortSignal): Promise<void> {
    return this.run(queued, signal, async (log) => {
      const { spec } = queued;
      const folder = this.jobFolder(queued.id);
      const settings = spec.settings ?? DEFAULT_TRAINING_SETTINGS[spec.task];
      await log(`Fine-tuning ${modelFolder} on ${spec.data.file} (${spec.task}) on this machine with ${this.python}`);
      const converted = await convertDataset(spec.data.file, spec.task, spec.data.mapping, path.join(folder, 'data'), { split: [80, 20, 0], seed: settings.seed, signal });
      if (!converted.report.valid) {
        for (const problem of converted.report.problems.slice(0, PROBLEMS_SHOWN)) await log(formatProblem(problem));
        throw new Error(`${converted.report.totalProblems} problems in ${spec.data.file}; fix them (the Fine-tune panel lists them) and submit again.`);
      }
      await log(`${converted.written.train} training and ${converted.written.validation} validation records`);
      const output = path.join(folder, 'output');
      const configFile = path.join(folder, 'train-config.json');
      const script = path.join(folder, 'train.py');
      await writeFile(script, TEXT_CLASSIFICATION_TRAINER);
      await writeFile(
        configFile,
        JSON.stringify({
          model: modelFolder,
          train: converted.files.train,
          validation: converted.written.validation > 0 ? converted.files.validation : undefined,
          output,
          epochs: settings.epochs,
          learning_rate: settings.learningRate,
          batch_size: settings.batchSize,
          max_length: settings.maxSequenceLength,
          seed: settings.seed,
        }, null, 2),
      );
      const metrics = await runPython(this.python, [script, configFile], signal, log);
      for (const [name, value] of Object.entries(metrics)) await log(`${name}: ${value.toFixed(4)}`);
      return { metrics, outputs: { model: path.join(output, 'model') } };
    });
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
    for (const listener of this.listeners) listener(job);
  }
}

/** A model folder fine-tuning can start from: a config and PyTorch weights (an ONNX export cannot be trained). */
async function checkTrainable(folder: string): Promise<void> {
  const names = new Set(await readdir(folder).catch(() => [] as string[]));
  const weights = [...names].some((name) => /^(model.*\.safetensors|pytorch_model.*\.bin|model\.safetensors\.index\.json)$/.test(name));
  if (!names.has('config.json') || !weights) {
    throw new Error(`${folder} has no PyTorch weights to fine-tune (config.json with model.safetensors or pytorch_model.bin); an ONNX export can be evaluated but not trained.`);
  }
}

/** Runs the training script, its output lines into the log; resolves with the metrics of its FM_METRICS line. */
function runPython(python: string, args: string[], signal: AbortSignal, log: (line: string) => Promise<void>): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { env: { ...process.env, PYTHONUNBUFFERED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let metrics: Record<string, number> = {};
    let lastError = '';
    let writing = Promise.resolve();
    const onLine = (line: string, isError: boolean) => {
      if (line.startsWith('FM_METRICS ')) {
        const parsed = z.record(z.string(), z.number()).safeParse(JSON.parse(line.slice('FM_METRICS '.length)));
        if (parsed.success) metrics = parsed.data;
        return;
      }
      if (isError && line.trim()) lastError = line.trim();
      writing = writing.then(() => log(line));
    };
    createInterface({ input: child.stdout }).on('line', (line) => onLine(line, false));
    createInterface({ input: child.stderr }).on('line', (line) => onLine(line, true));
    const onAbort = () => child.kill('SIGTERM');
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', reject);
    child.on('close', (code) => {
      signal.removeEventListener('abort', onAbort);
      void writing.then(() => (code === 0 ? resolve(metrics) : reject(new Error(`The training script exited with ${code}${lastError ? `: ${lastError.replace(/[.!]?$/, '.')}` : '.'}`))));
    });
  });
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

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason instanceof Error ? signal.reason : new Error('Aborted'));
      },
      { once: true },
    );
  });
}

