import { appendFile, mkdir, open, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readDataset } from '../../core/datasets/datasetReader';
import { formatProblem } from '../../core/datasets/datasetProblem';
import { mapRecord, mappingProblems } from '../../core/datasets/recordMapping';
import { isTerminalStatus, JobRecordSchema, JobSpecSchema, newJobId, type JobLogEvent, type JobRecord, type JobSpec, type JobStatus } from '../../core/jobs/jobModel';
import { computeTaskMetrics } from '../../core/metrics';
import type { CatalogService, Disposable, FollowOptions, JobService } from '../backend';

/**
 * Jobs on this machine. Each job is a folder under the jobs folder: `job.json` (the record), `log.txt` (the log,
 * appended line by line, which `follow` tails by byte offset) and its outputs (`predictions.jsonl`,
 * `metrics.json`). Evaluation runs in-process; a job left `running` by a process that ended (VS Code closed
 * mid-job, Ctrl-C on the CLI) is marked failed when it is next read.
 */

const BATCH_SIZE = 16;
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
  ) {}

  onDidChange(listener: (job: JobRecord) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async submit(input: JobSpec): Promise<JobRecord> {
    const spec = JobSpecSchema.parse(input);
    if (spec.kind === 'fineTune') {
      throw new Error('Fine-tuning on this machine is not available in this version yet. Use the Azure backend, or Evaluate… to score a model locally.');
    }
    if (spec.task !== 'text-classification') {
      throw new Error(`Local evaluation supports text classification in this version; ${spec.task} runs on the Azure backend.`);
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
    const now = new Date();
    const job: JobRecord = {
      id: newJobId(spec.kind, now),
      backend: 'local',
      spec,
      displayName: spec.displayName ?? `Evaluate ${model.name} on ${path.basename(spec.data.file)}`,
      status: 'queued',
      createdAt: now.toISOString(),
      runnerPid: process.pid,
    };
    await mkdir(this.jobFolder(job.id), { recursive: true });
    await writeFile(this.logFile(job.id), '');
    await this.save(job);
    const abort = new AbortController();
    running.set(job.id, abort);
    void this.runEvaluation(job, model.path, abort.signal).finally(() => running.delete(job.id));
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

  private async runEvaluation(queued: JobRecord, modelFolder: string, signal: AbortSignal): Promise<void> {
    let job: JobRecord = { ...queued, status: 'running', startedAt: new Date().toISOString() };
    const log = (line: string) => appendFile(this.logFile(job.id), `${line}\n`);
    try {
      await this.save(job);
      const { spec } = job;
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
      const predictionsFile = path.join(this.jobFolder(job.id), 'predictions.jsonl');
      const metricsFile = path.join(this.jobFolder(job.id), 'metrics.json');
      await writeFile(predictionsFile, predictions.map((prediction, i) => JSON.stringify({ prediction, reference: references[i] })).join('\n') + '\n');
      await writeFile(metricsFile, `${JSON.stringify(report, null, 2)}\n`);
      for (const [name, value] of Object.entries(report.metrics)) await log(`${name}: ${value.toFixed(4)}`);
      job = { ...job, status: 'completed', endedAt: new Date().toISOString(), metrics: report.metrics, outputs: { predictions: predictionsFile, metrics: metricsFile } };
      await log('Completed');
    } catch (error) {
      const canceled = signal.aborted;
      const message = canceled ? 'Canceled by the user.' : error instanceof Error ? error.message : String(error);
      await log(canceled ? 'Canceled' : `Failed: ${message}`).catch(() => undefined);
      job = { ...job, status: canceled ? 'canceled' : 'failed', endedAt: new Date().toISOString(), ...(canceled ? {} : { error: message }) };
    }
    await this.save(job);
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

