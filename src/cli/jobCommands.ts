import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Backend, JobService } from '../backends/backend';
import { createBackend } from '../backends/createBackend';
import { resolveModelPath } from '../backends/local/modelPaths';
import { isTerminalStatus, type JobRecord, type JobSpec } from '../core/jobs/jobModel';
import { EXIT, UsageError, type CliIo } from './cliIo';
import { mappingFor, parseTask } from './datasetCommands';

export const JOB_USAGE = `fm job submit --task T --model ID|DIR (--test FILE | --train FILE) [--map role=column,...] [--models DIR]... [--python PATH] [--json]
    runs an evaluation (--test) or fine-tuning (--train) job on this machine, in the foreground: its log streams
    to stderr, Ctrl-C cancels it; exits 0 when it completes, 1 when it fails
fm job list [--json]
fm job logs ID
  Jobs live in FM_JOBS_DIR (default: the XDG data folder, foundation-models/jobs).`;

/** Where the CLI keeps local jobs. */
export function cliJobsFolder(env: NodeJS.ProcessEnv): string {
  return env.FM_JOBS_DIR ?? path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'foundation-models', 'jobs');
}

function describeJob(job: JobRecord): string {
  const metrics = job.metrics ? Object.entries(job.metrics).map(([k, v]) => `${k}=${v.toFixed(4)}`).join(' ') : '';
  return [job.id, job.status, job.spec.task, job.displayName, metrics].filter(Boolean).join('\t');
}

async function localJobs(modelPaths: string[], env: NodeJS.ProcessEnv, pythonPath?: string): Promise<{ backend: Backend; jobs: JobService }> {
  const backend = await createBackend('local', { localModelPaths: modelPaths, localJobsFolder: cliJobsFolder(env), pythonPath });
  if (!backend.jobs) throw new Error('The local backend has no jobs folder.');
  return { backend, jobs: backend.jobs };
}

export async function runJobCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      task: { type: 'string' },
      model: { type: 'string' },
      test: { type: 'string' },
      train: { type: 'string' },
      map: { type: 'string' },
      models: { type: 'string', multiple: true, default: [] },
      python: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const modelPaths = values.models.map((raw) => resolveModelPath(raw, process.cwd()));
  switch (sub) {
    case 'submit': {
      const task = parseTask(values.task);
      if (!values.model) throw new UsageError('--model is required: a catalog id (fm catalog list) or a model folder.');
      if (Boolean(values.test) === Boolean(values.train)) throw new UsageError('Give --test FILE to evaluate or --train FILE to fine-tune (one of them).');
      const file = path.resolve(values.test ?? values.train ?? '');
      // A folder given as the model joins the local catalog, as foundationModels.localModelPaths would.
      let modelId = values.model;
      const folder = resolveModelPath(values.model, process.cwd());
      if (await stat(folder).then((s) => s.isDirectory(), () => false)) {
        modelPaths.push(folder);
        modelId = `local-folder/${folder}`;
      }
      const mapping = await mappingFor(file, task, values.map, io, values.json);
      const { backend, jobs } = await localJobs(modelPaths, env, values.python);
      try {
        const spec: JobSpec = { kind: values.test ? 'evaluate' : 'fineTune', task, modelId, data: { file, mapping } };
        const job = await jobs.submit(spec);
        io.err(`${job.id}: ${job.displayName}`);
        const abort = new AbortController();
        const onSigint = () => void jobs.cancel(job.id);
        process.once('SIGINT', onSigint);
        try {
          for await (const event of jobs.follow(job.id, { signal: abort.signal })) {
            if (event.type === 'line') io.err(event.text);
            if (event.type === 'end') break;
          }
        } finally {
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
    case 'list': {
      const { backend, jobs } = await localJobs(modelPaths, env);
      try {
        const list = await jobs.list();
        if (values.json) io.out(JSON.stringify(list, null, 2));
        else for (const job of list) io.out(describeJob(job));
        return EXIT.ok;
      } finally {
        backend.dispose();
      }
    }
    case 'logs': {
      const id = positionals[0];
      if (!id) throw new UsageError('fm job logs needs a job id (see fm job list).');
      const { backend, jobs } = await localJobs(modelPaths, env);
      try {
        const job = await jobs.get(id);
        if (!job) {
          io.err(`No job "${id}" in ${cliJobsFolder(env)}. Run "fm job list" to see the ids.`);
          return EXIT.failed;
        }
        if (!isTerminalStatus(job.status)) io.err('(still running in another process; showing the log so far)');
        for await (const event of jobs.follow(id)) {
          if (event.type === 'line') io.out(event.text);
        }
        return EXIT.ok;
      } finally {
        backend.dispose();
      }
    }
    default:
      throw new UsageError(sub ? `Unknown job command "${sub}".` : 'fm job needs a command.');
  }
}
