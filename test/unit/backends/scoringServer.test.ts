import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_INFERENCE_SETTINGS } from '../../../src/backends/local/inferenceSettings';
import { loadTaskModel, type TaskModel } from '../../../src/backends/local/localInference';
import { MAX_BODY_BYTES, startScoringServer, type ScoringServer } from '../../../src/backends/local/scoringServer';
import { SAMPLES } from '../../support/tempFiles';

const TINY_SENTIMENT = path.resolve(__dirname, '../../fixtures/models/tiny-sentiment');
const HOSTILE = path.resolve(__dirname, '../../fixtures/models/hostile-card-model');
/** The labels the model was exported with, read from its config. */
const LABELS = new Set(Object.values((JSON.parse(readFileSync(path.join(TINY_SENTIMENT, 'config.json'), 'utf8')) as { id2label: Record<string, string> }).id2label));

/** The first review texts of samples/reviews.csv (review_id,review_text,stars,sentiment; texts quoted when they hold commas). */
function reviewTexts(count: number): string[] {
  const rows = readFileSync(path.join(SAMPLES, 'reviews.csv'), 'utf8').split(/\r?\n/).slice(1, count + 1);
  return rows.map((row) => {
    const match = /^\d+,(?:"((?:[^"]|"")*)"|([^,]*)),\d+,\w+$/.exec(row);
    assert.ok(match, `reviews.csv row: ${row}`);
    return match[1] !== undefined ? match[1].replace(/""/g, '"') : (match[2] ?? '');
  });
}

interface Answer {
  status: number;
  headers: Headers;
  body: { error?: string; predictions?: { label: string; score: number }[]; status?: string; model?: string; task?: string };
}

async function call(server: ScoringServer, route: string, init: { method?: string; body?: string | object } = {}): Promise<Answer> {
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  const response = await fetch(`${server.url}${route}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), body, headers: { 'Content-Type': 'application/json' } });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

/** Resolves with the error code of a connection attempt, or 'connected'. */
function connect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** True when something else can listen on the port now, i.e. nothing holds it. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('local scoring server (real HTTP, the fixture model)', function () {
  this.timeout(30_000);
  let server: ScoringServer;
  let model: TaskModel;
  /** The model called directly, without the server: the best label of each text (with its second text). */
  const direct = {
    async classify(texts: readonly string[], pairs: readonly (string | undefined)[] = []): Promise<{ label: string; score: number }[]> {
      const outputs = await model.run(texts.map((text, i) => (pairs[i] === undefined ? { text } : { text, textPair: pairs[i] })));
      return outputs.map((output) => (output.kind === 'labels' ? (output.labels[0] ?? { label: '', score: 0 }) : { label: '', score: 0 }));
    },
    dispose: () => model.dispose(),
  };

  before(async () => {
    server = await startScoringServer({ modelFolder: TINY_SENTIMENT, port: 0 });
    model = await loadTaskModel(TINY_SENTIMENT, 'text-classification', DEFAULT_INFERENCE_SETTINGS);
  });
  after(async () => {
    await server.close();
    await direct.dispose();
  });

  it('listens on 127.0.0.1 only, at a free port, and answers /health with the model and task', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
    assert.ok(server.port > 0);
    const health = await call(server, '/health');
    assert.equal(health.status, 200);
    assert.equal(health.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(health.body, { status: 'ok', model: 'tiny-sentiment', task: 'text-classification' });
    assert.match(server.log[0] ?? '', /Serving tiny-sentiment \(text-classification\) .* at http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('is reachable on loopback only: not on this machine\'s other addresses, and not under another host name', async () => {
    assert.equal(await connect('127.0.0.1', server.port), 'connected');
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (external) assert.equal(await connect(external.address, server.port), 'ECONNREFUSED', `${external.address}:${server.port}`);
    // A page whose host name is made to resolve to 127.0.0.1 (DNS rebinding) sends its own Host header.
    const rebound = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: server.port, path: '/health', headers: { Host: `attacker.example:${server.port}` } }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        })
        .on('error', reject);
    });
    assert.equal(rebound.status, 403);
    assert.match(rebound.text, /answers requests to 127\.0\.0\.1 or localhost only, not to \\"attacker\.example/);
  });

  it('scores three reviews of reviews.csv, in order, as the model does when called directly', async () => {
    const texts = reviewTexts(3);
    assert.equal(new Set(texts).size, 3);
    const answer = await call(server, '/score', { body: { inputs: texts } });
    assert.equal(answer.status, 200, answer.body.error);
    assert.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8');
    const predictions = answer.body.predictions ?? [];
    assert.equal(predictions.length, 3);
    for (const prediction of predictions) {
      assert.ok(LABELS.has(prediction.label), prediction.label);
      assert.ok(prediction.score > 0 && prediction.score <= 1, String(prediction.score));
    }
    const expected = await direct.classify(texts);
    assert.deepEqual(predictions.map((p) => p.label), expected.map((p) => p.label));
    for (const [i, prediction] of predictions.entries()) assert.ok(Math.abs(prediction.score - (expected[i]?.score ?? -1)) < 1e-6);
    // Each text alone gets the label it got in the batch: the order is the inputs' order.
    for (const [i, text] of texts.entries()) {
      const alone = await call(server, '/score', { body: { inputs: [text] } });
      assert.equal(alone.body.predictions?.[0]?.label, predictions[i]?.label);
    }
  });

  it('accepts sentence pairs beside plain texts, and overlapping requests each get their own answer', async () => {
    const [first = '', second = ''] = reviewTexts(2);
    const answer = await call(server, '/score', { body: { inputs: [first, { text: first, text_pair: second }, { text: second }] } });
    assert.equal(answer.status, 200, answer.body.error);
    const expected = await direct.classify([first, first, second], [undefined, second, undefined]);
    assert.deepEqual(answer.body.predictions?.map((p) => p.label), expected.map((p) => p.label));
    assert.ok(Math.abs((answer.body.predictions?.[1]?.score ?? 0) - (expected[1]?.score ?? 1)) < 1e-6);

    const texts = reviewTexts(6);
    const together = await Promise.all(texts.map((text) => call(server, '/score', { body: { inputs: [text] } })));
    const alone = await direct.classify(texts);
    assert.deepEqual(together.map((a) => a.body.predictions?.[0]?.label), alone.map((p) => p.label));
  });

  it('answers 400 saying what is wrong and where', async () => {
    const cases: [string, RegExp][] = [
      ['{"inputs": ["fine", "ok", 7]}', /^inputs\[2\] must be a string or \{text, text_pair\}, not the number 7\.$/],
      ['{"inputs": ["fine", {"text": 5}]}', /^inputs\[1\]\.text must be a string, not the number 5\.$/],
      ['{"inputs": [{"text_pair": "x"}]}', /^inputs\[0\]\.text is missing/],
      ['{"inputs": [{"sentence": "x"}]}', /^inputs\[0\] has an unknown key "sentence": an input is a string or \{text, text_pair\}\.$/],
      ['{"inputs": [{"text": "a", "text_pair": null}]}', /^inputs\[0\]\.text_pair must be a string when given, not null\.$/],
      ['{"inputs": []}', /^inputs is empty/],
      ['{"inputs": "one text"}', /^inputs must be an array of strings or \{text, text_pair\}, not a string\.$/],
      ['{"texts": ["a"]}', /^inputs is missing: send \{"inputs": \[/],
      ['["a"]', /^The body must be a JSON object \{"inputs": \[\.\.\.\]\}, not an array\.$/],
      ['', /^The body is empty/],
      ['{"inputs": ["a",]}', /^The body is not valid JSON: line 1, column 17 \(position 16\): expected a value .*, found "\]"\.$/],
      ['{\n  "inputs": ["a" "b"]\n}', /^The body is not valid JSON: line 2, column 18 \(position 19\): expected ",", found "\\""\.$/],
      ['{"inputs": ["a"]', /^The body is not valid JSON: line 1, column 17 \(position 16\): expected "," or "\}", found the end of the body\.$/],
    ];
    for (const [body, message] of cases) {
      const answer = await call(server, '/score', { body });
      assert.equal(answer.status, 400, body);
      assert.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.match(answer.body.error ?? '', message, body);
    }
    // Where the parser itself gives a position, it is the same one.
    try {
      JSON.parse('[1 2]');
    } catch (error) {
      const parserPosition = /position (\d+)/.exec((error as Error).message)?.[1];
      const answer = await call(server, '/score', { body: '[1 2]' });
      assert.ok(parserPosition);
      assert.match(answer.body.error ?? '', new RegExp(`\\(position ${parserPosition}\\)`));
    }
  });

  it('answers 404 for an unknown path, 405 with Allow for a wrong method, 413 above 1 MB', async () => {
    const missing = await call(server, '/predict', { body: { inputs: ['a'] } });
    assert.equal(missing.status, 404);
    assert.match(missing.body.error ?? '', /No \/predict here: GET \/health or POST \/score/);

    const getScore = await call(server, '/score');
    assert.equal(getScore.status, 405);
    assert.equal(getScore.headers.get('allow'), 'POST');
    const postHealth = await call(server, '/health', { method: 'POST', body: '{}' });
    assert.equal(postHealth.status, 405);
    assert.equal(postHealth.headers.get('allow'), 'GET');

    const text = 'x'.repeat(1000);
    const inputs = Array.from({ length: Math.ceil(MAX_BODY_BYTES / text.length) + 1 }, () => text);
    const big = await call(server, '/score', { body: { inputs } });
    assert.equal(big.status, 413);
    assert.match(big.body.error ?? '', /larger than 1 MB/);
    // The server still answers afterwards.
    assert.equal((await call(server, '/health')).status, 200);
  });

  it('logs one line per request with method, path, input count, status and milliseconds', async () => {
    const before = server.log.length;
    const seen: string[] = [];
    const listening = server.onLog((line) => seen.push(line));
    await call(server, '/score', { body: { inputs: reviewTexts(2) } });
    await call(server, '/nowhere');
    listening.dispose();
    await call(server, '/health');
    const lines = server.log.slice(before);
    assert.equal(lines.length, 3);
    assert.match(lines[0] ?? '', /^\d{4}-\d\d-\d\dT[\d:.]+Z POST \/score 2 inputs 200 \d+ ms$/);
    assert.match(lines[1] ?? '', /GET \/nowhere 404 \d+ ms No \/nowhere here/);
    assert.match(lines[2] ?? '', /GET \/health 200 \d+ ms$/);
    assert.deepEqual(seen, lines.slice(0, 2));
  });
});

describe('local scoring server: start and stop', function () {
  this.timeout(30_000);

  it('close frees the port and stops answering', async () => {
    const server = await startScoringServer({ modelFolder: TINY_SENTIMENT });
    assert.equal(await portIsFree(server.port), false);
    await server.close();
    await server.close();
    assert.equal(await connect('127.0.0.1', server.port), 'ECONNREFUSED');
    assert.equal(await portIsFree(server.port), true);
  });

  it('names the port and what to do when it is taken, and leaves nothing running', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      await assert.rejects(startScoringServer({ modelFolder: TINY_SENTIMENT, port }), new RegExp(`^Error: Port ${port} on 127\\.0\\.0\\.1 is already in use by another program: choose another port, or 0 for a free one\\.$`));
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
    await assert.rejects(startScoringServer({ modelFolder: TINY_SENTIMENT, port: 70000 }), /70000 is not a port/);
  });

  it('refuses a folder that cannot run with what it lacks, before listening', async () => {
    const port = await freePort();
    await assert.rejects(startScoringServer({ modelFolder: HOSTILE, port }), (error: Error) => {
      assert.equal(error.name, 'ModelNotRunnableError');
      assert.match(error.message, /cannot run on this machine: it lacks tokenizer\.json, onnx\/model\.onnx/);
      return true;
    });
    assert.equal(await portIsFree(port), true);
  });

  it('stops a start that is aborted while the model loads, leaving the port free', async () => {
    const port = await freePort();
    const abort = new AbortController();
    const starting = startScoringServer({ modelFolder: TINY_SENTIMENT, port, signal: abort.signal });
    abort.abort();
    await assert.rejects(starting, { name: 'AbortError' });
    assert.equal(await portIsFree(port), true);
  });
});
