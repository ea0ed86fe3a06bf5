import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createBackend } from '../../../src/backends/registry';
import type { JobService } from '../../../src/backends/backend';
import type { DataJobSpec, JobLogEvent } from '../../../src/core/jobs/jobModel';
import { SAMPLES, tempFolder } from '../../support/tempFiles';

const TINY_SENTIMENT = path.resolve(__dirname, '../../fixtures/models/tiny-sentiment');
const HOSTILE = path.resolve(__dirname, '../../fixtures/models/hostile-card-model');

async function collect(events: AsyncIterable<JobLogEvent>): Promise<JobLogEvent[]> {
  const all: JobLogEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const lines = (events: JobLogEvent[]) => events.flatMap((e) => (e.type === 'line' ? [e.text] : []));

describe('local jobs: evaluation on this machine with transformers.js', function () {
  this.timeout(60_000);
  const tmp = tempFolder();
  let jobs: JobService;
  const evaluate = (file: string, modelFolder = TINY_SENTIMENT): DataJobSpec => ({
    kind: 'evaluate',
    task: 'text-classification',
    modelId: `local-folder/${modelFolder}`,
    data: { file, mapping: { sentence: 'review_text', label: 'sentiment' } },
  });

  before(async () => {
    const backend = await createBackend('local', { localModelPaths: [TINY_SENTIMENT, HOSTILE], localJobsFolder: path.join(tmp.dir(), 'jobs') });
    assert.ok(backend.jobs);
    jobs = backend.jobs;
  });

  it('scores the fixture model on reviews.csv and reports metrics that match its predictions', async () => {
    const job = await jobs.submit(evaluate(path.join(SAMPLES, 'reviews.csv')));
    assert.equal(job.status, 'queued');
    const events = await collect(jobs.follow(job.id));
    const end = events.at(-1);
    assert.deepEqual(end, { type: 'end', status: 'completed', error: undefined });
    assert.ok(lines(events).includes('scored 60/60 records'));
    const done = await jobs.get(job.id);
    assert.equal(done?.status, 'completed');
    const predictions = readFileSync(done?.outputs?.predictions ?? '', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { prediction: string; reference: string });
    assert.equal(predictions.length, 60);
    const correct = predictions.filter((p) => p.prediction === p.reference).length;
    assert.ok(Math.abs((done?.metrics?.accuracy ?? -1) - correct / 60) < 1e-9, 'accuracy is what the predictions say');
    assert.ok(correct / 60 > 0.5, `a trained model beats chance (1/3): ${correct}/60`);
    assert.deepEqual(new Set(predictions.map((p) => p.prediction)), new Set(['negative', 'neutral', 'positive']));

    // The predictions capability reads them back, each with its line of reviews.csv and the text the model read.
    const rows = (await jobs.predictions?.(job.id)) ?? [];
    const csv = readFileSync(path.join(SAMPLES, 'reviews.csv'), 'utf8').replace(/""/g, '"').split('\n');
    assert.equal(rows.length, 60);
    assert.deepEqual(rows.map((row) => row.line), Array.from({ length: 60 }, (_, i) => i + 2), 'a record a line after the header');
    for (const row of rows) assert.ok(csv[(row.line ?? 0) - 1]?.includes(row.input ?? '?'), `line ${row.line} holds "${row.input}"`);
    assert.equal(rows.filter((row) => row.correct === false).length, 60 - correct);

    // Following again replays the same log, each line once; from an offset it resumes after it.
    const again = lines(await collect(jobs.follow(job.id)));
    assert.deepEqual(again, lines(events));
    let saved: unknown;
    for await (const event of jobs.follow(job.id, { onPosition: (position) => (saved = position) })) if (event.type === 'end') break;
    const resumed = lines(await collect(jobs.follow(job.id, { position: Buffer.byteLength(`${again[0]}\n`) })));
    assert.deepEqual(resumed, again.slice(1), 'a byte offset saved by an earlier version resumes after that line');
    assert.ok(saved !== undefined);
    assert.deepEqual(lines(await collect(jobs.follow(job.id, { position: saved }))), [], 'the last position saved repeats no line');
    assert.ok((await jobs.list()).some((j) => j.id === job.id));
  });

  it('refuses, before any job exists, a catalog model with no weights here and a folder with no ONNX export, saying what it lacks', async () => {
    await assert.rejects(jobs.submit({ ...evaluate(path.join(SAMPLES, 'reviews.csv')), modelId: 'curated/distilbert-base-uncased' }), /has no weights on this machine/);
    const before = (await jobs.list()).length;
    await assert.rejects(jobs.submit(evaluate(path.join(SAMPLES, 'reviews.csv'), HOSTILE)), /cannot run on this machine: it has no ONNX export \(tokenizer\.json and onnx\/model\.onnx/);
    assert.equal((await jobs.list()).length, before, 'no job was created');
  });

  it('cancels a running job', async () => {
    const big = tmp.write('many.csv', `review_text,sentiment\n${Array.from({ length: 4000 }, (_, i) => `"Works well, item ${i}",positive`).join('\n')}\n`);
    const job = await jobs.submit(evaluate(big));
    for await (const event of jobs.follow(job.id)) {
      if (event.type === 'line' && event.text.startsWith('scored ')) await jobs.cancel(job.id);
      if (event.type === 'end') {
        assert.equal(event.status, 'canceled', (await jobs.get(job.id))?.error);
        break;
      }
    }
    assert.equal((await jobs.get(job.id))?.status, 'canceled');
  });

  it('marks a job left running by a process that is gone as interrupted', async () => {
    const folder = path.join(tmp.dir(), 'jobs', 'evaluate-20260101-000000-dead');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'log.txt'), 'started\n');
    const record = {
      id: 'evaluate-20260101-000000-dead',
      backend: 'local',
      spec: evaluate(path.join(SAMPLES, 'reviews.csv')),
      displayName: 'left behind',
      status: 'running',
      createdAt: '2026-01-01T00:00:00.000Z',
      runnerPid: 2 ** 22 + 12345, // above Linux's pid_max: no such process
    };
    writeFileSync(path.join(folder, 'job.json'), JSON.stringify(record));
    const job = await jobs.get(record.id);
    assert.equal(job?.status, 'failed');
    assert.match(job?.error ?? '', /^Interrupted/);
  });
});
