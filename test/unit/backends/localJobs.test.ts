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
    const backend = await createBackend('local', { localModelPaths: [TINY_SENTIMENT, HOSTILE], localJobsFolder: path.join(tmp.dir(), 'jobs'), hubEnvironment: { HF_HUB_CACHE: path.join(tmp.dir(), 'hub') } });
    assert.ok(backend.jobs);
    jobs = backend.jobs;
  });

  it('scores the fixture model on reviews.csv and reports metrics that match its predictions', async () => {
    const job = await jobs.submit(evaluate(path.join(SAMPLES, 'reviews.csv')));
    assert.equal(job.status, 'queued');
    const events = await collect(jobs.follow(job.id));
    const end = events.at(-1);
    assert.deepEqual(end, { type: 'end', status: 'completed', error: undefined });
    assert.ok(lines(events).includes('scored 60/60 records (100%)'), lines(events).join('\n'));
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

  it('refuses, before any job exists, a curated model not downloaded yet (offering the download) and a folder with no ONNX export, saying what it lacks', async () => {
    await assert.rejects(jobs.submit({ ...evaluate(path.join(SAMPLES, 'reviews.csv')), modelId: 'curated/distilbert-base-uncased-finetuned-sst-2-english' }), (error: Error & { remedy?: string; modelId?: string }) => {
      assert.match(error.message, /is not on this machine yet: download its ONNX export \(Xenova\/distilbert-base-uncased-finetuned-sst-2-english\) from the Hugging Face Hub first/);
      assert.equal(error.remedy, 'downloadModel');
      assert.equal(error.modelId, 'curated/distilbert-base-uncased-finetuned-sst-2-english');
      return true;
    });
    await assert.rejects(jobs.submit({ ...evaluate(path.join(SAMPLES, 'reviews.csv')), modelId: 'curated/distilbert-base-uncased' }), /is a fill-mask model; choose a text classification model/);
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

describe('local jobs: every task evaluates on this machine with its fixture model', function () {
  this.timeout(120_000);
  const tmp = tempFolder();
  let jobs: JobService;
  const MODELS = path.resolve(__dirname, '../../fixtures/models');

  before(async () => {
    const backend = await createBackend('local', { localModelPaths: [MODELS], localJobsFolder: path.join(tmp.dir(), 'jobs'), hubEnvironment: { HF_HUB_CACHE: path.join(tmp.dir(), 'hub') }, inference: { batchSize: 8 } });
    assert.ok(backend.jobs);
    jobs = backend.jobs;
  });

  /** Runs an evaluation to its end; the log, the predictions and the metrics. */
  async function run(spec: Omit<DataJobSpec, 'kind' | 'modelId'> & { model: string }): Promise<{ log: string[]; predictions: { prediction: unknown; reference: unknown }[]; metrics: Record<string, number> }> {
    const { model, ...rest } = spec;
    const job = await jobs.submit({ ...rest, kind: 'evaluate', modelId: `local-folder/${path.join(MODELS, model)}` });
    const events = await collect(jobs.follow(job.id));
    const done = await jobs.get(job.id);
    assert.equal(done?.status, 'completed', `${done?.error ?? ''}\n${lines(events).join('\n')}`);
    const predictions = readFileSync(done?.outputs?.predictions ?? '', 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { prediction: unknown; reference: unknown });
    return { log: lines(events), predictions, metrics: done?.metrics ?? {} };
  }

  it('token classification: ner.jsonl on tiny-ner, one tag per word, seqeval metrics', async () => {
    const { predictions, metrics, log } = await run({ task: 'token-classification', model: 'tiny-ner', data: { file: path.join(SAMPLES, 'ner.jsonl'), mapping: { tokens: 'words', tags: 'ner_tags' } } });
    assert.equal(predictions.length, 40);
    // The 32 training sentences are tagged word for word.
    assert.deepEqual(predictions.slice(0, 32).map((p) => p.prediction), predictions.slice(0, 32).map((p) => p.reference));
    assert.ok((metrics.f1_score_micro ?? 0) > 0.8 && (metrics.accuracy ?? 0) > 0.9, JSON.stringify(metrics));
    assert.ok(log.some((line) => /^scored 40\/40 records \(100%\)$/.test(line)));
  });

  it('question answering: qa.jsonl on tiny-qa, SQuAD exact match and F1', async () => {
    const mapping = { question: 'query', context: 'passage', answer_text: 'answers.text', answer_start: 'answers.answer_start' };
    const { predictions, metrics } = await run({ task: 'question-answering', model: 'tiny-qa', data: { file: path.join(SAMPLES, 'qa.jsonl'), mapping } });
    assert.equal(predictions.length, 30);
    assert.deepEqual(predictions.slice(0, 24).map((p) => p.prediction), predictions.slice(0, 24).map((p) => p.reference));
    assert.ok((metrics.exact_match ?? 0) >= 80, JSON.stringify(metrics));
  });

  it('summarization: news-summaries.tsv on tiny-summarizer, ROUGE', async () => {
    const { predictions, metrics } = await run({ task: 'summarization', model: 'tiny-summarizer', data: { file: path.join(SAMPLES, 'news-summaries.tsv'), mapping: { document: 'article', summary: 'highlights' } } });
    assert.equal(predictions.length, 25);
    assert.deepEqual(predictions.slice(0, 20).map((p) => p.prediction), predictions.slice(0, 20).map((p) => p.reference));
    assert.ok((metrics.rouge1 ?? 0) > 0.75 && (metrics.rougeL ?? 0) > 0.75, JSON.stringify(metrics));
  });

  it('translation: en-ro.csv on tiny-translator-en-ro, BLEU', async () => {
    const { predictions, metrics } = await run({ task: 'translation', model: 'tiny-translator-en-ro', data: { file: path.join(SAMPLES, 'en-ro.csv'), mapping: { source: 'english', target: 'romanian' } }, languages: { source: 'en', target: 'ro' } });
    assert.equal(predictions.length, 40);
    assert.deepEqual(predictions.slice(0, 32).map((p) => p.prediction), predictions.slice(0, 32).map((p) => p.reference));
    assert.ok((metrics.sacrebleu ?? 0) > 70, JSON.stringify(metrics));
  });

  it('fill-mask: the expected token in an optional answer column; without one, predictions and no metrics', async () => {
    const file = tmp.write('masked.csv', 'text,answer\nThe battery lasts two full [MASK] and charging is quick.,days\nThe blender crushes [MASK] in seconds.,ice\nNo mask in this one.,cat\n');
    const scored = await run({ task: 'fill-mask', model: 'tiny-fill-mask', data: { file, mapping: { text: 'text', answer: 'answer' } } });
    assert.deepEqual(scored.predictions.map((p) => p.reference), ['days', 'ice', 'cat']);
    assert.equal(scored.predictions[0]?.prediction, 'days');
    assert.equal(scored.predictions[2]?.prediction, '', 'a text without a mask counts as wrong');
    assert.ok(scored.log.some((line) => /^1 record cannot be scored and count as wrong; the first, record 3, has no mask/.test(line)), scored.log.join('\n'));
    assert.ok(scored.metrics.accuracy !== undefined && scored.metrics.accuracy >= 1 / 3 && scored.metrics.accuracy <= 2 / 3, JSON.stringify(scored.metrics));

    const unscored = await run({ task: 'fill-mask', model: 'tiny-fill-mask', data: { file, mapping: { text: 'text' } } });
    assert.deepEqual(unscored.metrics, {});
    assert.ok(unscored.log.includes('No record has a value for answer to score against: the predictions are written, without metrics. Map a column to answer to score them.'), unscored.log.join('\n'));
  });

  it('text generation: the continuation of each prompt against its ground truth, ROUGE and BLEU', async () => {
    const file = tmp.write('prompts.jsonl', [JSON.stringify({ prompt: 'The blender crushes', expected: ' ice in seconds, and it is easy to clean.' }), JSON.stringify({ prompt: 'Battery life is', expected: 'something else entirely' })].join('\n'));
    const { predictions, metrics } = await run({ task: 'text-generation', model: 'tiny-generator', data: { file, mapping: { text: 'prompt', ground_truth: 'expected' } } });
    assert.equal(predictions[0]?.prediction, ' ice in seconds, and it is easy to clean.');
    assert.ok((metrics.rouge1 ?? 0) > 0.4 && metrics.sacrebleu !== undefined, JSON.stringify(metrics));
  });
});
