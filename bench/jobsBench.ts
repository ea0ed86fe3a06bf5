import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend } from '../src/backends/registry';
import type { JobRecord } from '../src/core/jobs/jobModel';
import type { LogPolling } from '../src/core/jobs/logPolling';

/**
 * The local log stream (`follow`): a separate writer process appends lines to a running job's log, as a job
 * run does, and this process follows it. Throughput is lines per second from the first line to the last;
 * latency is from a line's append (its timestamp) to its delivery by `follow`.
 */

const WRITER = String.raw`
const fs = require('node:fs');
const [file, mode, count] = process.argv.slice(1);
const n = Number(count);
const stamp = () => (performance.timeOrigin + performance.now()).toFixed(3);
if (mode === 'burst') {
  const chunk = 10000;
  for (let i = 0; i < n; i += chunk) {
    let text = '';
    for (let j = i; j < Math.min(n, i + chunk); j++) text += 'line ' + j + ' ' + stamp() + '\n';
    fs.appendFileSync(file, text);
  }
  process.exit(0);
} else {
  let i = 0;
  const timer = setInterval(() => {
    fs.appendFileSync(file, 'line ' + i + ' ' + stamp() + '\n');
    if (++i >= n) { clearInterval(timer); setTimeout(() => process.exit(0), 50); }
  }, 20);
}
`;

async function follow(mode: 'burst' | 'paced', lines: number): Promise<{ seconds: number; latencies: number[] }> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fm-bench-jobs-'));
  try {
    const jobs = (await createBackend('local', { localJobsFolder: path.join(root, 'jobs') })).jobs;
    if (!jobs) throw new Error('no local jobs');
    const id = `evaluate-20260101-000000-${mode}`;
    const folder = path.join(root, 'jobs', id);
    mkdirSync(folder, { recursive: true });
    const log = path.join(folder, 'log.txt');
    writeFileSync(log, '');
    const writer = spawn(process.execPath, ['-e', WRITER, log, mode, String(lines)], { stdio: 'ignore' });
    const record: JobRecord = {
      id,
      backend: 'local',
      spec: { kind: 'evaluate', task: 'text-classification', modelId: 'bench', data: { file: 'bench.csv', mapping: {} } },
      displayName: 'bench',
      status: 'running',
      createdAt: new Date().toISOString(),
      runnerPid: writer.pid,
    };
    writeFileSync(path.join(folder, 'job.json'), JSON.stringify(record));
    writer.on('exit', () => writeFileSync(path.join(folder, 'job.json'), JSON.stringify({ ...record, status: 'completed', endedAt: new Date().toISOString() })));
    const latencies: number[] = [];
    let first = 0;
    let last = 0;
    let seen = 0;
    for await (const event of jobs.follow(id)) {
      if (event.type !== 'line') continue;
      const now = performance.timeOrigin + performance.now();
      if (seen++ === 0) first = now;
      last = now;
      latencies.push(now - Number(event.text.split(' ')[2]));
    }
    if (seen !== lines) throw new Error(`followed ${seen} of ${lines} lines`);
    return { seconds: (last - first) / 1000, latencies };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN;

export async function measureLocalLogStream(): Promise<string[]> {
  const burst = await follow('burst', 200_000);
  const paced = await follow('paced', 100);
  return [
    `follow, 200,000 lines appended at once: ${(200_000 / Math.max(burst.seconds, 1e-9)).toFixed(0)} lines/s delivered (each line exactly once)`,
    `append → delivery latency, 100 lines 20 ms apart: median ${percentile(paced.latencies, 0.5).toFixed(1)} ms, p95 ${percentile(paced.latencies, 0.95).toFixed(1)} ms (follow polls every 150 ms)`,
  ];
}

/**
 * The Azure log stream end to end but for the editor: a job's log grows on the fake Azure ML server (5,000 lines
 * every 50 ms) and `AzureJobs.follow` reads it by byte ranges, each line kept in a `JobLogStore` record with the
 * resume position saved, as the job's output channel does. Checks every line arrives once, in order.
 */
export async function measureAzureLogStream(): Promise<string[]> {
  const { sampleSeed, startFakeAzureMl } = await import('../test/fakes/azureMl');
  const { JobLogStore } = await import('../src/extension/jobs/jobLogStore');
  const total = 200_000;
  const seed = sampleSeed();
  const workspace = seed.workspaces[0];
  if (!workspace) throw new Error('no workspace in the sample seed');
  workspace.jobs = [{ name: 'bench-azure-log', jobType: 'Command', status: 'Running', logs: { 'user_logs/std_log.txt': '' } }];
  const fake = await startFakeAzureMl(seed);
  const root = mkdtempSync(path.join(os.tmpdir(), 'fm-bench-azure-log-'));
  const state = new Map<string, unknown>();
  const memento = { keys: () => [...state.keys()], get: (key: string) => state.get(key), update: async (key: string, value: unknown) => void state.set(key, value) };
  try {
    const backend = await createBackend('azure', {
      azure: {
        signIn: { getToken: async () => ({ token: fake.validToken, expiresOnTimestamp: Date.now() + 3_600_000 }) },
        cloud: { resourceManager: fake.url, registryDiscovery: fake.url, authorityHost: 'https://login.microsoftonline.com' },
        workspace: { subscriptionId: workspace.subscriptionId, resourceGroup: workspace.resourceGroup, workspace: workspace.name },
        registries: [],
        logPollMinMs: 20,
        logPollMaxMs: 50,
      },
    });
    const jobs = backend.jobs;
    if (!jobs) throw new Error('no Azure jobs');
    let written = 0;
    const writer = setInterval(() => {
      let text = '';
      for (let i = 0; i < 5000 && written < total; i++) text += `line ${written++} of the training log, loss 0.${written % 1000}\n`;
      fake.appendLog('bench-azure-log', 'user_logs/std_log.txt', text);
      if (written >= total) {
        clearInterval(writer);
        fake.setJobStatus('bench-azure-log', 'Completed');
      }
    }, 50);
    const record = new JobLogStore(memento as never, root).open('azure', 'bench-azure-log');
    let seen = 0;
    const start = performance.now();
    let firstAt = 0;
    for await (const event of jobs.follow('bench-azure-log', { onPosition: (position) => record.savePosition(position) })) {
      if (event.type !== 'line') continue;
      if (!event.text.startsWith(`line ${seen} `)) throw new Error(`line ${seen} arrived as "${event.text}"`);
      if (seen++ === 0) firstAt = performance.now();
      record.append(event.text);
    }
    const seconds = (performance.now() - firstAt) / 1000;
    clearInterval(writer);
    if (seen !== total) throw new Error(`streamed ${seen} of ${total} lines`);
    const reads = fake.requests.filter((r) => r.path.startsWith('/blob/logs/')).length;
    backend.dispose();
    return [
      `Azure log stream, 200,000 lines growing 5,000 per 50 ms (at most 100,000 lines/s offered) on the fake server, into the job's log store: ${(total / Math.max(seconds, 1e-9)).toFixed(0)} lines/s, ${reads} range reads, every line once and in order (${((performance.now() - start) / 1000).toFixed(1)} s in all)`,
    ];
  } finally {
    await fake.close();
    rmSync(root, { recursive: true, force: true });
  }
}

interface LiveRun {
  readonly latencies: number[];
  /** Requests per minute over the writing time, and over its last minute (the stream settled). */
  readonly perMinute: { readonly details: number; readonly reads: number };
  readonly lastMinute: { readonly details: number; readonly reads: number };
}

/**
 * One stream of a job already half an hour old (the fake's run started 30 minutes ago) whose log grows a line every
 * 200 ms for `seconds`, under `polling`; then the stream runs until every line has arrived. Latency is from a line's
 * append to its delivery; requests are counted over the writing time, by kind.
 */
async function followLiveLog(polling: LogPolling, seconds: number): Promise<LiveRun> {
  const { startAzureFixture } = await import('../test/support/azureBackendFixture');
  const { streamJobLogs } = await import('../src/backends/azure/runHistoryLogs');
  const fixture = await startAzureFixture({ cloud: { scope: 'https://management.azure.com/.default' } });
  const { fake } = fixture;
  const name = 'finetune-30-minutes-in';
  fixture.workspace.jobs = [{ name, jobType: 'Command', status: 'Running', startedAt: Date.now() - 30 * 60_000, logs: { 'user_logs/std_log.txt': '' } }];
  const abort = new AbortController();
  const latencies: number[] = [];
  let written = 0;
  const writer = setInterval(() => fake.appendLog(name, 'user_logs/std_log.txt', `step ${written++} loss 0.${written % 1000} at ${Date.now()}\n`), 200);
  const start = Date.now();
  let stopWriting = 0;
  setTimeout(() => {
    clearInterval(writer);
    stopWriting = Date.now();
    if (latencies.length === written) abort.abort();
  }, seconds * 1000);
  try {
    for await (const event of streamJobLogs({ client: fixture.client(), target: fixture.target, jobName: name, signal: abort.signal, polling })) {
      if (event.type !== 'line') continue;
      latencies.push(Date.now() - Number(event.text.split(' at ')[1]));
      if (stopWriting && latencies.length === written) abort.abort();
    }
  } finally {
    clearInterval(writer);
    await fixture.close();
  }
  const rates = (from: number) => {
    const during = fake.requests.filter((r) => r.at >= from && r.at <= stopWriting);
    const minutes = (stopWriting - from) / 60_000;
    return { details: during.filter((r) => r.path.endsWith('/details')).length / minutes, reads: during.filter((r) => r.path.startsWith('/blob/logs/')).length / minutes };
  };
  return { latencies, perMinute: rates(start), lastMinute: rates(Math.max(start, stopWriting - 60_000)) };
}

/**
 * Live logs at any age: line latency (p50, p95) and requests per minute for a job 30 minutes old whose log grows a
 * line every 200 ms, with the default polling (`livePolling`, written to for `seconds`: its status polls slow down
 * over the stream's first two minutes, so the last minute shows what it settles to) and with `az ml job stream`'s
 * curve (`cliPolling`, for `cliSeconds`; a minute apart from the start at that age).
 */
export async function measureAzureLiveLatency(seconds: number, cliSeconds: number): Promise<string[]> {
  const { cliPolling, livePolling } = await import('../src/core/jobs/logPolling');
  const rows: string[] = [];
  const runs = [['default polling (livePolling)', livePolling(), seconds], ["az ml job stream's curve (cliPolling)", cliPolling(), cliSeconds]] as const;
  for (const [label, polling, duration] of runs) {
    const run = await followLiveLog(polling, duration);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const rate = (r: { details: number; reads: number }) => `${(r.details + r.reads).toFixed(1)} (${r.reads.toFixed(1)} log reads + ${r.details.toFixed(1)} status polls)`;
    rows.push(
      `${label.padEnd(38)} ${run.latencies.length} lines: latency p50 ${s(percentile(run.latencies, 0.5))}, p95 ${s(percentile(run.latencies, 0.95))}, max ${s(Math.max(...run.latencies))}; ` +
        `requests/min ${rate(run.perMinute)} over ${duration} s, ${rate(run.lastMinute)} in the last minute`,
    );
  }
  return rows;
}
