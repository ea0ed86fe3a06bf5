import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { runServeCommand } from '../../../src/cli/serveCommands';
import { captureIo } from '../../support/captureIo';

const TINY_SENTIMENT = path.resolve(__dirname, '../../fixtures/models/tiny-sentiment');
const HOSTILE = path.resolve(__dirname, '../../fixtures/models/hostile-card-model');
const LABELS = new Set(Object.values((JSON.parse(readFileSync(path.join(TINY_SENTIMENT, 'config.json'), 'utf8')) as { id2label: Record<string, string> }).id2label));
const SERVING = /^Serving (.+) at (http:\/\/127\.0\.0\.1:\d+) {2}\(GET \/health, POST \/score \{"inputs": \[\.\.\.\]\}\)$/m;

/** Waits until the command has printed its Serving line; fails if it ends first. */
async function servingUrl(io: { stdout: string }, running: Promise<number>): Promise<string> {
  let ended = false;
  void running.finally(() => (ended = true));
  for (let attempt = 0; attempt < 300; attempt++) {
    const url = SERVING.exec(io.stdout)?.[2];
    if (url) return url;
    if (ended) assert.fail(`fm serve ended before serving: ${String(await running)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail('fm serve did not print its URL');
}

async function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('fm serve', function () {
  this.timeout(30_000);

  it('serves the model folder until stopped (SIGTERM), answering /health and /score, then exits 0', async () => {
    const io = captureIo();
    const sigtermListeners = process.listenerCount('SIGTERM');
    const running = runCli(['serve', TINY_SENTIMENT, '--port', '0'], io);
    const url = await servingUrl(io, running);
    assert.equal(SERVING.exec(io.stdout)?.[1], TINY_SENTIMENT);
    assert.equal(io.stdout.trim().split('\n').length, 1, 'one line on stdout');
    assert.match(io.stderr, /Ctrl-C to stop/);

    const health = (await (await fetch(`${url}/health`)).json()) as { status: string; model: string };
    assert.deepEqual(health, { status: 'ok', model: 'tiny-sentiment', task: 'text-classification' });
    const response = await fetch(`${url}/score`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ inputs: ['It broke after two days.', { text: 'Great value.', text_pair: 'Works well.' }] }),
    });
    assert.equal(response.status, 200);
    const { predictions } = (await response.json()) as { predictions: { label: string; score: number }[] };
    assert.equal(predictions.length, 2);
    for (const p of predictions) assert.ok(LABELS.has(p.label) && p.score > 0 && p.score <= 1, JSON.stringify(p));

    // What the terminal shows: the request lines on stderr.
    assert.match(io.stderr, /POST \/score 2 inputs 200 \d+ ms/);
    assert.equal(process.listenerCount('SIGTERM'), sigtermListeners + 1, 'fm serve listens for SIGTERM');
    process.emit('SIGTERM');
    assert.equal(await running, 0, io.stderr);
    assert.match(io.stderr, /Stopped\.\n$/);
    assert.equal(await refused(url), true);
    assert.equal(process.listenerCount('SIGTERM'), sigtermListeners, 'its signal listeners are removed');
  });

  it('stops on an AbortSignal, and serves on the port it is given', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const io = captureIo();
    const abort = new AbortController();
    const running = runServeCommand([TINY_SENTIMENT, '--port', String(port)], io, { signal: abort.signal });
    const url = await servingUrl(io, running);
    assert.equal(url, `http://127.0.0.1:${port}`);
    assert.equal((await fetch(`${url}/health`)).status, 200);

    // The same port again, while it is taken: exit 1 naming the port.
    const second = captureIo();
    assert.equal(await runCli(['serve', TINY_SENTIMENT, '--port', String(port)], second), 1);
    assert.match(second.stderr, new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use by another program: choose another port, or 0 for a free one`));

    abort.abort();
    assert.equal(await running, 0);
    assert.equal(await refused(url), true);
  });

  it('exits 1 for a folder that cannot run, 2 for a missing folder argument or a bad port', async () => {
    const hostile = captureIo();
    assert.equal(await runCli(['serve', HOSTILE], hostile), 1);
    assert.match(hostile.stderr, /cannot run on this machine: it lacks tokenizer\.json, onnx\/model\.onnx/);
    assert.equal(hostile.stdout, '');

    const missing = captureIo();
    assert.equal(await runCli(['serve', path.join(TINY_SENTIMENT, 'nope')], missing), 1);
    assert.match(missing.stderr, /There is no folder .*nope: give the folder of a model with an ONNX export/);

    for (const [argv, message] of [
      [['serve'], /fm serve needs a MODEL_DIR/],
      [['serve', TINY_SENTIMENT, '--port', 'http'], /--port takes a whole number from 1 to 65535 \(or 0 for a free port\), not "http"/],
      [['serve', TINY_SENTIMENT, '--port', '70000'], /not "70000"/],
      [['serve', TINY_SENTIMENT, '--colour'], /Unknown option '--colour'/],
    ] as const) {
      const io = captureIo();
      assert.equal(await runCli([...argv], io), 2, argv.join(' '));
      assert.match(io.stderr, message);
      assert.match(io.stderr, /fm serve MODEL_DIR \[--port N\]/, 'with the usage');
    }
  });
});
