import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend } from '../src/backends/createBackend';
import type { JobRecord } from '../src/core/jobs/jobModel';

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
