import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as z from 'zod';
import type { Backend, JobService } from '../backends/backend';
import { resolveModelPath } from '../core/catalog/modelPaths';
import { sniffFile } from '../core/datasets/datasetReader';
import { parseSplit } from '../core/datasets/splitDataset';
import { isTerminalStatus, jobSubject, type JobLogEvent, type JobRecord, type JobSpec } from '../core/jobs/jobModel';
import { defaultTrainingSettings, type TaskId } from '../core/tasks';
import { TrainingSettingsSchema, type TrainingSettings } from '../core/trainingSettings';
import { AZURE_CLI_OPTIONS, AZURE_OPTIONS_USAGE } from './cliAzure';
import { backendFromCli, jobsOrUsage, type BackendCliValues } from './cliBackends';
import { EXIT, UsageError, type CliIo } from './cliIo';
import { mappingFor, parseTask } from './datasetCommands';

export const JOB_USAGE = `fm job submit [--backend local|azure] --task T --model ID|DIR (--test FILE | --train FILE [--validation FILE] [--test FILE])
    [--map role=column,...] [--compute NAME] [--epochs N] [--learning-rate X] [--batch-size N] [--max-length N] [--seed N]
    [--split 80,20,0] [--source-lang CODE --target-lang CODE] [--models DIR]... [--python PATH] [--wait] [--json] [Azure options]
    submits an evaluation (--test alone) or fine-tuning (--train) job. A fine-tune splits --train by --split (or the
    backend's default), or takes your own --validation and --test files, mapped like --train. Local jobs run in the foreground (their log streams
    to stderr, Ctrl-C cancels). Azure jobs print their id and return, or with --wait stream their log until they end.
    With a log followed, exits 0 when the job completes, 1 when it fails or is canceled.
fm job list [--backend B] [--json]
fm job logs ID [--follow] [--backend B]   the log so far; --follow keeps reading until the job ends
fm job cancel ID [--backend B]
  Local jobs live in FM_JOBS_DIR (default: the XDG data folder, foundation-models/jobs).
${AZURE_OPTIONS_USAGE}`;

/** Where the CLI keeps local jobs. */
export function cliJobsFolder(env: NodeJS.ProcessEnv): string {
  return env.FM_JOBS_DIR ?? path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'foundation-models', 'jobs');
}

function describeJob(job: JobRecord): string {
  const metrics = job.metrics ? Object.entries(job.metrics).map(([k, v]) => `${k}=${v.toFixed(4)}`).join(' ') : '';
  return [job.id, job.status, jobSubject(job.spec), job.displayName, metrics].filter(Boolean).join('\t');
}

async function jobsFor(values: JobCliValues, modelPaths: string[], env: NodeJS.ProcessEnv): Promise<{ backend: Backend; jobs: JobService }> {
  const backend = await backendFromCli(values, { localModelPaths: modelPaths, localJobsFolder: cliJobsFolder(env), pythonPath: values.python }, env);
  return { backend, jobs: jobsOrUsage(backend, values) };
}

type JobCliValues = BackendCliValues & { python?: string | undefined };

/** The task's default settings with the flags given on top, validated as the panel validates them. */
function settingsFrom(task: TaskId, values: Record<string, string | boolean | string[] | undefined>): TrainingSettings {
  const number = (flag: string): number | undefined => {
    const raw = values[flag];
    if (typeof raw !== 'string') return undefined;
    const parsed = Number(raw);
    if (!Number.isFinite(parsed)) throw new UsageError(`--${flag} takes a number, not "${raw}".`);
    return parsed;
  };
  const defaults = defaultTrainingSettings(task);
  const settings = TrainingSettingsSchema.safeParse({
    epochs: number('epochs') ?? defaults.epochs,
    learningRate: number('learning-rate') ?? defaults.learningRate,
    batchSize: number('batch-size') ?? defaults.batchSize,
    maxSequenceLength: number('max-length') ?? defaults.maxSequenceLength,
    seed: number('seed') ?? defaults.seed,
  });
  if (!settings.success) throw new UsageError(`The training settings are not valid: ${z.prettifyError(settings.error)}`);
  return settings.data;
}

/** Prints a job's log events; resolves with the end status, or undefined when the stream stopped first. */
async function printLog(events: AsyncIterable<JobLogEvent>, write: (line: string) => void): Promise<Extract<JobLogEvent, { type: 'end' }> | undefined> {
  for await (const event of events) {
    if (event.type === 'line') write(event.source ? `[${event.source}] ${event.text}` : event.text);
    if (event.type === 'end') return event;
  }
  return undefined;
}

/** Without --follow, a live log is read until it has been quiet this long: what is there now, not what comes. */
const QUIET_MS = 1500;

const JOB_OPTIONS = {
  backend: { type: 'string' },
  task: { type: 'string' },
  model: { type: 'string' },
  test: { type: 'string' },
  train: { type: 'string' },
  validation: { type: 'string' },
  map: { type: 'string' },
  compute: { type: 'string' },
  epochs: { type: 'string' },
  'learning-rate': { type: 'string' },
  'batch-size': { type: 'string' },
  'max-length': { type: 'string' },
  seed: { type: 'string' },
  split: { type: 'string' },
  'source-lang': { type: 'string' },
  'target-lang': { type: 'string' },
  models: { type: 'string', multiple: true, default: [] },
  python: { type: 'string' },
  wait: { type: 'boolean', default: false },
  follow: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  ...AZURE_CLI_OPTIONS,
} satisfies NonNullable<ParseArgsConfig['options']>;

/** The flags of `fm job`, parsed (exported for Show Code's test: the lines it writes read back here). */
export function parseJobArgs(args: string[]) {
  return parseArgs({ args, allowPositionals: true, options: JOB_OPTIONS });
}
export type JobValues = ReturnType<typeof parseJobArgs>['values'];

/** `signal`: Ctrl-C and SIGTERM (from `fm`'s main): a local job in the foreground is canceled, a log stops. */
export async function runJobCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseJobArgs(rest);
  const modelPaths = values.models.map((raw) => resolveModelPath(raw, process.cwd()));
  switch (sub) {
    case 'submit':
      return submitJob(values, modelPaths, io, env, signal);
    case 'list': {
      const { backend, jobs } = await jobsFor(values, modelPaths, env);
      try {
        const list = await jobs.list();
        if (values.json) io.out(JSON.stringify(list, null, 2));
        else for (const job of list) io.out(describeJob(job));
        return EXIT.ok;
      } finally {
        backend.dispose();
      }
    }
    case 'logs':
    case 'cancel': {
      const id = positionals[0];
      if (!id) throw new UsageError(`fm job ${sub} needs a job id (see fm job list).`);
      const { backend, jobs } = await jobsFor(values, modelPaths, env);
      try {
        const job = await jobs.get(id);
        if (!job) {
          io.err(`No job "${id}" on the ${backend.displayName} backend. Run "fm job list" to see the ids.`);
          return EXIT.failed;
        }
        return sub === 'cancel' ? await cancelJob(jobs, job, io) : await showLog(jobs, job, values.follow, io, signal);
      } finally {
        backend.dispose();
      }
    }
    default:
      throw new UsageError(sub ? `Unknown job command "${sub}".` : 'fm job needs a command.');
  }
}

/** The job `fm job submit` describes, from its flags. A model folder joins the local catalog, as a setting would. */
export async function specFrom(values: JobValues, modelPaths: string[], io: CliIo): Promise<JobSpec> {
  const task = parseTask(values.task);
  if (!values.model) throw new UsageError('--model is required: a catalog id (fm catalog list) or a model folder.');
  const fineTune = Boolean(values.train);
  if (!fineTune && !values.test) throw new UsageError('Give --test FILE to evaluate or --train FILE to fine-tune (one of them).');
  if (!fineTune && values.validation) throw new UsageError('--validation goes with --train (a fine-tune); to evaluate, give --test alone.');
  if (values.split && (values.validation || (fineTune && values.test))) throw new UsageError('Give --split, or your own --validation/--test files, not both.');
  const file = path.resolve(fineTune ? (values.train ?? '') : (values.test ?? ''));
  // A data file that cannot be read at all is refused here (exit 2), not inside the job.
  await sniffFile(file);
  let modelId = values.model;
  const folder = resolveModelPath(values.model, process.cwd());
  if (await stat(folder).then((s) => s.isDirectory(), () => false)) {
    modelPaths.push(folder);
    modelId = `local-folder/${folder}`;
  }
  const mapping = await mappingFor(file, task, values.map, io, values.json);
  const languages = values['source-lang'] || values['target-lang'] ? { source: values['source-lang'] ?? '', target: values['target-lang'] ?? '' } : undefined;
  if (languages && (!languages.source || !languages.target)) throw new UsageError('--source-lang and --target-lang go together.');
  const ownFiles = fineTune ? { ...(values.validation ? { validationFile: path.resolve(values.validation) } : {}), ...(values.test ? { testFile: path.resolve(values.test) } : {}) } : {};
  return {
    kind: fineTune ? 'fineTune' : 'evaluate',
    task,
    modelId,
    data: { file, mapping, ...(values.split ? { split: [...parseSplit(values.split)] as [number, number, number] } : {}), ...ownFiles },
    ...(fineTune ? { settings: settingsFrom(task, values) } : {}),
    ...(values.compute ? { compute: values.compute } : {}),
    ...(languages ? { languages } : {}),
  };
}

async function submitJob(values: JobValues, modelPaths: string[], io: CliIo, env: NodeJS.ProcessEnv, signal: AbortSignal | undefined): Promise<number> {
  const spec = await specFrom(values, modelPaths, io);
  const { backend, jobs } = await jobsFor(values, modelPaths, env);
  try {
    const job = await jobs.submit(spec, { progress: (line) => io.err(line) });
    io.err(`${job.id}: ${job.displayName}`);
    // A job that runs in this process needs the CLI to stay with it; a remote one runs on its own.
    if (!jobs.runsInProcess && !values.wait) {
      io.out(values.json ? JSON.stringify(job, null, 2) : describeJob(job));
      return EXIT.ok;
    }
    // Ctrl-C cancels the job: through the CLI's signal when there is one, else by listening here.
    const onSigint = () => void jobs.cancel(job.id).catch((error: unknown) => io.err(`Cancel failed: ${error instanceof Error ? error.message : String(error)}`));
    if (signal) signal.addEventListener('abort', onSigint, { once: true });
    else process.once('SIGINT', onSigint);
    try {
      await printLog(jobs.follow(job.id), (line) => io.err(line));
    } finally {
      signal?.removeEventListener('abort', onSigint);
      process.removeListener('SIGINT', onSigint);
    }
    const done = await jobs.get(job.id);
    if (values.json) io.out(JSON.stringify(done, null, 2));
    else if (done) io.out(describeJob(done));
    return done?.status === 'completed' ? EXIT.ok : EXIT.failed;
  } finally {
    backend.dispose();
  }
}

async function cancelJob(jobs: JobService, job: JobRecord, io: CliIo): Promise<number> {
  if (isTerminalStatus(job.status)) {
    io.err(`${job.id} already ${job.status}; nothing to cancel.`);
    return EXIT.ok;
  }
  await jobs.cancel(job.id);
  io.out(describeJob((await jobs.get(job.id)) ?? job));
  return EXIT.ok;
}

/** The log so far (until it has been quiet for QUIET_MS), or with `follow` until the job ends. */
async function showLog(jobs: JobService, job: JobRecord, follow: boolean, io: CliIo, signal: AbortSignal | undefined): Promise<number> {
  const stop = new AbortController();
  signal?.addEventListener('abort', () => stop.abort(), { once: true });
  let quiet: ReturnType<typeof setTimeout> | undefined;
  const rearm = () => {
    if (follow || isTerminalStatus(job.status)) return;
    clearTimeout(quiet);
    quiet = setTimeout(() => stop.abort(), QUIET_MS);
  };
  rearm();
  try {
    const end = await printLog(jobs.follow(job.id, { signal: stop.signal }), (line) => {
      io.out(line);
      rearm();
    });
    if (!end) io.err(`(${job.id} is still ${job.status}; run with --follow to keep reading)`);
    return end && end.status !== 'completed' ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if (stop.signal.aborted) return EXIT.ok;
    throw error;
  } finally {
    clearTimeout(quiet);
  }
}
