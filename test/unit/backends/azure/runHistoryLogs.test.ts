import assert from 'node:assert/strict';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { MlClient } from '../../../../src/backends/azure/azureHttp';
import { streamJobLogs, type AzureJobLogEvent, type StreamJobLogsOptions } from '../../../../src/backends/azure/runHistoryLogs';
import { LogCursorSchema, logFileKey, type LogCursor } from '../../../../src/core/jobs/logCursor';
import { livePolling } from '../../../../src/core/jobs/logPolling';
import type { FakeAzureMl, FakeJob } from '../../../fakes/azureMl';
import { DEV_WORKSPACE, startAzureFixture, type AzureFixture } from '../../../support/azureBackendFixture';
import { mulberry32 } from '../../../../src/core/seededRandom';

/**
 * Contract tests of job log streaming: the real `@azure/arm-machinelearning` client and `@azure/core-rest-pipeline`
 * talk real HTTP to the local fake of Azure ML (ARM jobs, workspace discovery, run history, SAS log blobs), which
 * grows logs, changes statuses and drops connections while the stream runs.
 */

const target = DEV_WORKSPACE;
const STD_LOG = 'user_logs/std_log.txt';
const BLOB = /^\/blob\/logs\//;
const DETAILS = /\/history\/v1\.0\/.*\/runs\/[^/]+\/details$/;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(2);
  }
}


/** A credential like a real one: it hands out its cached token until asked again after the server refused it. */
function rotatingCredential(fake: FakeAzureMl): TokenCredential & { calls: number; stale: string | undefined } {
  const credential = {
    calls: 0,
    stale: undefined as string | undefined,
    async getToken(): Promise<AccessToken> {
      credential.calls += 1;
      const token = credential.stale ?? fake.validToken;
      credential.stale = undefined;
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return credential;
}

const linesOf = (events: AzureJobLogEvent[], runId?: string): string[] =>
  events.flatMap((e) => (e.type === 'line' && (runId === undefined || e.runId === runId) ? [e.text] : []));

describe('Azure job log streaming against the fake Azure ML REST API', function () {
  this.timeout(15_000);
  let fixture: AzureFixture;
  let fake: FakeAzureMl;
  let client: MlClient;
  let credential: ReturnType<typeof rotatingCredential>;

  function seedJobs(...jobs: FakeJob[]): void {
    const ws = fake.seed.workspaces.find((w) => w.name === target.workspace);
    assert.ok(ws);
    ws.jobs = jobs;
  }

  const options = (jobName: string, extra: Partial<StreamJobLogsOptions> = {}): StreamJobLogsOptions => ({
    client,
    target,
    jobName,
    pollMinMs: 10,
    pollMaxMs: 40,
    blobRetryOptions: { retryDelayInMs: 2, maxRetryDelayInMs: 10 },
    ...extra,
  });

  /** Runs the stream to its end, calling `onEvent` with each event and all events so far. */
  async function collect(stream: AsyncIterable<AzureJobLogEvent>, onEvent?: (event: AzureJobLogEvent, all: AzureJobLogEvent[]) => void): Promise<AzureJobLogEvent[]> {
    const events: AzureJobLogEvent[] = [];
    for await (const event of stream) {
      events.push(event);
      onEvent?.(event, events);
    }
    return events;
  }

  beforeEach(async () => {
    fixture = await startAzureFixture({ cloud: { scope: 'https://management.azure.com/.default' } });
    fake = fixture.fake;
    credential = rotatingCredential(fake);
    client = fixture.client(credential);
  });
  afterEach(async () => fixture.close());

  it('delivers every line of a growing log exactly once, in order, through 14 dropped connections', async () => {
    seedJobs({ name: 'train-growing', jobType: 'Command', status: 'Running', logs: { [STD_LOG]: '' } });
    const expected = Array.from({ length: 240 }, (_, i) => `step ${i + 1}: loss=${(2 / (i + 1)).toFixed(4)} ✓ naïve`);
    const text = Buffer.from(expected.map((line, i) => `${line}${i % 5 === 0 ? '\r\n' : '\n'}`).join(''), 'utf8');
    // Connections cut before any answer (the pipeline retries), after the headers, and inside the body; two on run details.
    const cuts: Array<{ path: RegExp; afterBytes?: number }> = [
      { path: BLOB }, { path: BLOB, afterBytes: 0 }, { path: BLOB, afterBytes: 1 }, { path: BLOB, afterBytes: 9 },
      { path: DETAILS, afterBytes: 25 }, { path: BLOB, afterBytes: 40 }, { path: BLOB }, { path: BLOB, afterBytes: 3 },
      { path: BLOB, afterBytes: 100 }, { path: DETAILS, afterBytes: 200 }, { path: BLOB, afterBytes: 0 }, { path: BLOB, afterBytes: 2 },
      { path: BLOB }, { path: BLOB, afterBytes: 17 },
    ];
    const events: AzureJobLogEvent[] = [];
    const server = fake;
    const writer = (async () => {
      const random = mulberry32(7);
      let injected = 0;
      let progressAtCut = -1;
      // One cut at a time, each once the stream made progress past the previous one (new lines while the log
      // grows, later reads), so the stream sees failures spread over the run rather than all in a row.
      const progress = (growing: boolean): number => (growing ? linesOf(events).length : server.requests.filter((r) => BLOB.test(r.path)).length - 1);
      const injectWhenDue = (growing: boolean): void => {
        const cut = cuts[injected];
        if (!cut || server.disconnected !== injected || progress(growing) <= progressAtCut) return;
        server.disconnectNext(cut.path, cut.afterBytes === undefined ? {} : { afterBytes: cut.afterBytes });
        injected += 1;
        progressAtCut = progress(growing);
      };
      for (let position = 0; position < text.length; ) {
        const size = 1 + Math.floor(random() * 120);
        server.appendLog('train-growing', STD_LOG, text.subarray(position, position + size));
        position += size;
        injectWhenDue(true);
        await sleep(4);
      }
      progressAtCut = progress(false);
      const deadline = Date.now() + 5_000;
      while (injected < cuts.length && Date.now() < deadline) {
        injectWhenDue(false);
        await sleep(3);
      }
      await until(() => server.disconnected === cuts.length, 'every connection to be cut');
      server.setJobStatus('train-growing', 'Completed');
    })();
    const cursors: LogCursor[] = [];
    for await (const event of streamJobLogs(options('train-growing', { onCursor: (c) => cursors.push(c) }))) events.push(event);
    await writer;

    assert.equal(fake.disconnected, 14);
    assert.deepEqual(linesOf(events), expected);
    assert.deepEqual(events.at(-1), { type: 'end', status: 'Completed' });
    assert.deepEqual(events.filter((e) => e.type === 'status').map((e) => e.type === 'status' && e.status), ['Running', 'Completed']);
    assert.deepEqual(cursors.at(-1), { files: { [logFileKey('train-growing', STD_LOG)]: { offset: text.length } } });

    // Incremental reads: every blob request is a Range from a line boundary, never going back, and carries no token.
    const reads = fake.requests.filter((r) => BLOB.test(r.path));
    assert.ok(reads.length > 20);
    const starts = reads.map((r) => Number(/^bytes=(\d+)-$/.exec(r.range ?? '')?.[1]));
    assert.ok(starts.every((start, i) => Number.isInteger(start) && (i === 0 || start >= (starts[i - 1] ?? 0))), `range starts ${starts.join(',')}`);
    const boundaries = new Set([0, ...[...text.entries()].filter(([, b]) => b === 0x0a).map(([i]) => i + 1)]);
    assert.ok(starts.every((start) => boundaries.has(start)));
    assert.ok(reads.every((r) => r.authorization === undefined));
  });

  it('rides out 429 and 503 with Retry-After on run details and log reads without losing a line', async () => {
    seedJobs({ name: 'train-throttled', jobType: 'Command', status: 'Running', logs: { [STD_LOG]: 'line 1\nline 2\n' } });
    let throttledAt = 0;
    const events = await collect(streamJobLogs(options('train-throttled')), (event, all) => {
      if (event.type !== 'line') return;
      const count = linesOf(all).length;
      if (count === 2) {
        fake.failNext(BLOB, 429, { times: 2, retryAfterSeconds: 0 });
        fake.failNext(DETAILS, 503, { times: 2, retryAfterSeconds: 0 });
        fake.failNext(DETAILS, 429, { times: 1, retryAfterSeconds: 0 });
        fake.appendLog('train-throttled', STD_LOG, 'line 3\nline 4\n');
      } else if (count === 4) {
        fake.failNext(BLOB, 503, { times: 1, retryAfterSeconds: 1 });
        fake.appendLog('train-throttled', STD_LOG, 'line 5\n');
        throttledAt = Date.now();
      } else if (count === 5) {
        fake.appendLog('train-throttled', STD_LOG, 'line 6 (last, no newline)');
        fake.setJobStatus('train-throttled', 'Completed');
      }
    });
    assert.deepEqual(linesOf(events), ['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6 (last, no newline)']);
    assert.deepEqual(events.at(-1), { type: 'end', status: 'Completed' });
    // The 1-second Retry-After was honoured on the SAS pipeline.
    const after = fake.requests.filter((r) => BLOB.test(r.path) && r.at >= throttledAt).map((r) => r.at);
    const waited = Math.max(...after.slice(1).map((at, i) => at - (after[i] ?? at)));
    assert.ok(waited >= 950, `waited ${waited} ms after Retry-After: 1`);
  });

  it('keeps streaming when the token expires mid-stream: the 401 is answered by asking the credential again', async () => {
    seedJobs({ name: 'train-token', jobType: 'Command', status: 'Running', logs: { [STD_LOG]: 'a\nb\nc\n' } });
    let old = '';
    let rotatedAt = 0;
    const events = await collect(streamJobLogs(options('train-token')), (event, all) => {
      if (event.type !== 'line') return;
      const count = linesOf(all).length;
      if (count === 3) {
        old = fake.validToken;
        credential.stale = old; // the credential still has the old token cached for its next answer
        fake.rotateToken();
        rotatedAt = Date.now();
        fake.appendLog('train-token', STD_LOG, 'd\ne\n');
      } else if (count === 5) {
        fake.appendLog('train-token', STD_LOG, 'f\n');
        fake.setJobStatus('train-token', 'Completed');
      }
    });
    assert.deepEqual(linesOf(events), ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.deepEqual(events.at(-1), { type: 'end', status: 'Completed' });
    const refused = fake.requests.filter((r) => r.at >= rotatedAt && r.authorization === `Bearer ${old}`);
    assert.equal(refused.length, 1, 'one request went out with the expired token and was refused');
    assert.ok(fake.requests.some((r) => r.at >= rotatedAt && r.authorization === `Bearer ${fake.validToken}`));
  });

  it('streams the logs of a pipeline and of both its child jobs, each line tagged with its run id', async () => {
    fake.pageSize = 1; // children come in two pages
    seedJobs({
      name: 'ft-pipeline',
      jobType: 'Pipeline',
      status: 'Running',
      logs: { 'logs/azureml/executionlogs.txt': '[09:31:00] Submitted 2 steps\n' },
      children: [
        { name: 'ft-pipeline-prep', jobType: 'Command', status: 'Running', logs: { [STD_LOG]: 'prep: reading train.jsonl\n', 'system_logs/cs.txt': 'not streamed\n' } },
        { name: 'ft-pipeline-train', jobType: 'Command', status: 'Queued', logs: {} },
      ],
    });
    const writer = async (all: AzureJobLogEvent[]): Promise<void> => {
      await until(() => linesOf(all).includes('prep: reading train.jsonl'), 'the first prep line');
      fake.appendLog('ft-pipeline-prep', STD_LOG, 'prep: 1000 rows\nprep: done\n');
      fake.setJobStatus('ft-pipeline-prep', 'Completed');
      fake.appendLog('ft-pipeline', 'logs/azureml/executionlogs.txt', '[09:32:00] prep Completed\n');
      fake.setJobStatus('ft-pipeline-train', 'Running');
      fake.appendLog('ft-pipeline-train', STD_LOG, 'train: epoch 1\n');
      await until(() => linesOf(all).includes('train: epoch 1'), 'the first train line');
      fake.appendLog('ft-pipeline-train', STD_LOG, 'train: epoch 2\ntrain: saved model');
      fake.setJobStatus('ft-pipeline-train', 'Completed');
      fake.appendLog('ft-pipeline', 'logs/azureml/executionlogs.txt', '[09:40:00] train Completed\n');
      fake.setJobStatus('ft-pipeline', 'Completed');
    };
    const all: AzureJobLogEvent[] = [];
    const writing = writer(all);
    for await (const event of streamJobLogs(options('ft-pipeline'))) all.push(event);
    await writing;

    assert.deepEqual(linesOf(all, 'ft-pipeline'), ['[09:31:00] Submitted 2 steps', '[09:32:00] prep Completed', '[09:40:00] train Completed']);
    assert.deepEqual(linesOf(all, 'ft-pipeline-prep'), ['prep: reading train.jsonl', 'prep: 1000 rows', 'prep: done']);
    assert.deepEqual(linesOf(all, 'ft-pipeline-train'), ['train: epoch 1', 'train: epoch 2', 'train: saved model']);
    const statuses = (runId: string): string[] => all.flatMap((e) => (e.type === 'status' && e.runId === runId ? [e.status] : []));
    assert.deepEqual(statuses('ft-pipeline-prep'), ['Running', 'Completed']);
    assert.deepEqual(statuses('ft-pipeline-train').at(-1), 'Completed');
    assert.ok(all.filter((e) => e.type === 'line').every((e) => e.type === 'line' && (e.file === STD_LOG || e.file === 'logs/azureml/executionlogs.txt')));
    assert.deepEqual(all.at(-1), { type: 'end', status: 'Completed' });
    const childPages = fake.requests.filter((r) => r.path.endsWith('/runs/ft-pipeline/children'));
    assert.ok(childPages.some((r) => r.query.has('$continuationtoken')), 'the second page of children was followed');
  });

  it('hands over the last lines of a failed job, then its error message, then ends', async () => {
    seedJobs({ name: 'train-fails', jobType: 'Command', status: 'Running', logs: { [STD_LOG]: 'Loading model\n' } });
    const message = "Execution failed. User process 'python' exited with status code 1.";
    const events = await collect(streamJobLogs(options('train-fails')), (event) => {
      if (event.type === 'line' && event.text === 'Loading model') {
        fake.appendLog('train-fails', STD_LOG, 'Traceback (most recent call last):\n  File "train.py", line 3, in <module>\nValueError: label "joy" is not in the label list');
        fake.setJobStatus('train-fails', 'Failed', message);
      }
    });
    assert.deepEqual(linesOf(events), ['Loading model', 'Traceback (most recent call last):', '  File "train.py", line 3, in <module>', 'ValueError: label "joy" is not in the label list']);
    assert.deepEqual(events.slice(-2), [
      { type: 'line', runId: 'train-fails', file: STD_LOG, text: 'ValueError: label "joy" is not in the label list' },
      { type: 'end', status: 'Failed', error: message },
    ]);
    assert.deepEqual(events.filter((e) => e.type === 'status'), [
      { type: 'status', runId: 'train-fails', status: 'Running' },
      { type: 'status', runId: 'train-fails', status: 'Failed' },
    ]);
  });

  it('shows the whole log of a job that had already ended', async () => {
    seedJobs({ name: 'done-before', jobType: 'Command', status: 'Completed', logs: { [STD_LOG]: 'one\ntwo\n', 'azureml-logs/70_driver_log.txt': 'legacy, not shown\n' } });
    const events = await collect(streamJobLogs(options('done-before')));
    assert.deepEqual(events, [
      { type: 'status', runId: 'done-before', status: 'Completed' },
      { type: 'line', runId: 'done-before', file: STD_LOG, text: 'one' },
      { type: 'line', runId: 'done-before', file: STD_LOG, text: 'two' },
      { type: 'end', status: 'Completed' },
    ]);
  });

  it('resumes from a persisted cursor after an abort or a break, with the next line and no repeats', async () => {
    const all = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`);
    seedJobs({ name: 'train-resume', jobType: 'Command', status: 'Running', logs: { [STD_LOG]: `${all.slice(0, 8).join('\n')}\nline 9 (still being wr` } });
    let saved = '';
    const persist = (cursor: LogCursor): void => {
      saved = JSON.stringify(cursor);
    };

    // 1. The window goes away after 3 lines: abort.
    const abort = new AbortController();
    const first = await collect(streamJobLogs(options('train-resume', { signal: abort.signal, onCursor: persist })), (event, events) => {
      if (linesOf(events).length === 3) abort.abort();
    });
    assert.deepEqual(linesOf(first), all.slice(0, 3));
    assert.ok(!first.some((e) => e.type === 'end'), 'an aborted stream just stops');
    assert.deepEqual(JSON.parse(saved), { files: { [logFileKey('train-resume', STD_LOG)]: { offset: Buffer.byteLength('line 1\nline 2\nline 3\n') } } });

    // 2. Reload: resume from the saved cursor; the consumer breaks out after 2 more lines.
    const second: string[] = [];
    for await (const event of streamJobLogs(options('train-resume', { cursor: LogCursorSchema.parse(JSON.parse(saved)), onCursor: persist }))) {
      if (event.type === 'line') second.push(event.text);
      if (second.length === 2) break;
    }
    assert.deepEqual(second, all.slice(3, 5));

    // 3. Resume again while the job finishes.
    fake.appendLog('train-resume', STD_LOG, 'itten)\nline 10\nline 11\nline 12\n');
    fake.setJobStatus('train-resume', 'Completed');
    const third = await collect(streamJobLogs(options('train-resume', { cursor: JSON.parse(saved) as LogCursor, onCursor: persist })));
    assert.deepEqual(linesOf(third), ['line 6', 'line 7', 'line 8', 'line 9 (still being written)', 'line 10', 'line 11', 'line 12']);
    assert.deepEqual(third.at(-1), { type: 'end', status: 'Completed' });
  });

  it('puts a multi-byte character split across two reads back together', async () => {
    seedJobs({ name: 'train-utf8', jobType: 'Command', status: 'Running', logs: { [STD_LOG]: 'première ligne\n' } });
    const line = Buffer.from('naïve 🎉 done\n', 'utf8');
    const cut = line.indexOf(0xf0) + 2; // inside the 4-byte emoji
    const start = Buffer.byteLength('première ligne\n');
    const events = await collect(streamJobLogs(options('train-utf8')), (event) => {
      if (event.type !== 'line' || event.text !== 'première ligne') return;
      fake.appendLog('train-utf8', STD_LOG, line.subarray(0, cut));
      const readsBefore = fake.requests.filter((r) => r.range === `bytes=${start}-`).length;
      void until(() => fake.requests.filter((r) => r.range === `bytes=${start}-`).length >= readsBefore + 2, 'two reads of the half character').then(() => {
        fake.appendLog('train-utf8', STD_LOG, Buffer.concat([line.subarray(cut), Buffer.from('fin\n')]));
        fake.setJobStatus('train-utf8', 'Completed');
      });
    });
    assert.deepEqual(linesOf(events), ['première ligne', 'naïve 🎉 done', 'fin']);
  });

  it('reads the log being written from its offset between status polls: a job half an hour old shows each line at once', async () => {
    const startedAt = Date.now() - 30 * 60_000;
    seedJobs({ name: 'train-live', jobType: 'Command', status: 'Running', startedAt, logs: { [STD_LOG]: 'started\n' } });
    const runs = `/history/v1.0/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${target.workspace}/runs`;
    const details = (await (await fetch(`${fake.url}${runs}/train-live/details`, { headers: { authorization: `Bearer ${fake.validToken}` } })).json()) as { startTimeUtc: string };
    assert.equal(Date.parse(details.startTimeUtc), startedAt, 'the fake says when the run started');
    const before = fake.requests.length;

    // The status polled once a minute at most; the log read every 5 ms. Each line is written once the one before arrived.
    const abort = new AbortController();
    const expected = Array.from({ length: 20 }, (_, i) => `epoch 1 step ${i + 1}: loss=${(1 / (i + 1)).toFixed(3)}`);
    let written = 0;
    const polling = livePolling({ statusMinMs: 60_000, statusMaxMs: 60_000, tailMs: 5 });
    const events = await collect(streamJobLogs(options('train-live', { signal: abort.signal, polling })), (event) => {
      if (event.type !== 'line') return;
      if (written < expected.length) fake.appendLog('train-live', STD_LOG, `${expected[written++]}\n`);
      else abort.abort();
    });
    assert.deepEqual(linesOf(events), ['started', ...expected]);
    const requests = fake.requests.slice(before);
    assert.equal(requests.filter((r) => DETAILS.test(r.path)).length, 1, 'one status poll');
    assert.ok(requests.filter((r) => BLOB.test(r.path)).length > expected.length, 'a read for each line, at least');
    // Each read starts where the lines handed over end: never the whole file again.
    const offsets = requests.filter((r) => BLOB.test(r.path)).map((r) => Number(/^bytes=(\d+)-$/.exec(r.range ?? '')?.[1]));
    const ends = [0, ...['started', ...expected].map((_, i, all) => Buffer.byteLength(`${all.slice(0, i + 1).join('\n')}\n`))];
    assert.ok(offsets.every((offset, i) => ends.includes(offset) && offset >= (offsets[i - 1] ?? 0)), `read from ${offsets.join(', ')}`);
  });

  it('throws when the job does not exist, and stops at once when aborted while waiting', async () => {
    seedJobs({ name: 'slow', jobType: 'Command', status: 'Running', logs: { [STD_LOG]: 'x\n' } });
    await assert.rejects(collect(streamJobLogs(options('no-such-job'))), (error: Error & { statusCode?: number }) => error.statusCode === 404);

    const abort = new AbortController();
    const stream = streamJobLogs(options('slow', { signal: abort.signal, pollMinMs: 5_000, pollMaxMs: 5_000 }));
    const started = Date.now();
    const events = await collect(stream, (event) => {
      if (event.type === 'line') setTimeout(() => abort.abort(), 20);
    });
    assert.deepEqual(linesOf(events), ['x']);
    assert.ok(Date.now() - started < 2_000, 'the 5 s wait was cut short');
  });
});
