import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { startScoringServer, type ScoringServer } from '../../../src/backends/local/scoringServer';
import { fixture } from '../../support/hostileCorpus';
import { assertNoFreeze, assertNothingLeaks, memoryBound } from './hostileChecks';

const TINY_SENTIMENT = path.resolve(__dirname, '../../fixtures/models/tiny-sentiment');

/** One request of the corpus: what to send and what must come back. */
interface RequestCase {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly status: number;
  /** Words of the `error` (or of the body, for a 200). */
  readonly says?: RegExp | undefined;
}

/** A `.http` file: `# expect STATUS words`, the request line, headers, a blank line, the body; `{port}` is the server's port. */
function parseHttpFile(name: string, text: string, port: number): RequestCase {
  const [expectLine = '', ...rest] = text.split('\n');
  const expect = /^# expect (\d{3})\s*(.*)$/.exec(expectLine);
  assert.ok(expect, `${name}: the first line says "# expect STATUS words"`);
  const blank = rest.indexOf('');
  const head = rest.slice(0, blank).map((line) => line.replaceAll('{port}', String(port)));
  const body = rest.slice(blank + 1).join('\n').replaceAll('{port}', String(port));
  const [method = 'GET', target = '/'] = (head[0] ?? '').split(' ');
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return { name, method, path: target, headers, body: Buffer.from(body), status: Number(expect[1]), says: expect[2] ? new RegExp(expect[2]) : undefined };
}

/** Requests too large or too odd to commit: made here. */
function generatedCases(): RequestCase[] {
  const json = { 'Content-Type': 'application/json' };
  const post = (name: string, body: string | Buffer, status: number, says?: RegExp, headers: Record<string, string> = json): RequestCase => ({
    name,
    method: 'POST',
    path: '/score',
    headers,
    body: Buffer.isBuffer(body) ? body : Buffer.from(body),
    status,
    says,
  });
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  return [
    post('100,000-deep inputs (valid JSON)', `{"inputs": ${deep(100_000)}}`, 400, /more than 64 levels deep \(line 1, column 75\)/),
    post('100,000-deep array (not closed)', '['.repeat(100_000), 400, /more than 64 levels deep/),
    post('100,000-deep objects', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, 400, /more than 64 levels deep/),
    post('100,000-deep inside an input', `{"inputs": [{"text": "x", "text_pair": ${deep(100_000)}}]}`, 400, /more than 64 levels deep/),
    post('500,000 brackets in a string', `{"inputs": ["${'['.repeat(500_000)}"]}`, 200, /predictions/),
    post('a body of 1 MB and a byte, sent in chunks', `{"inputs": ["${'x'.repeat(1024 * 1024)}"]}`, 413, /larger than 1 MB/, { ...json, 'Transfer-Encoding': 'chunked' }),
    post('a body that is not UTF-8', Buffer.from([0x7b, 0x22, 0x69, 0xff, 0xfe, 0x22, 0x7d]), 400, /not UTF-8 text/),
    post('a UTF-16 body', Buffer.from('\ufeff{"inputs": ["x"]}', 'utf16le'), 400, /not UTF-8 text|not valid JSON/),
    post('a NUL byte in the body', Buffer.from('{"inputs": ["a\0b"]}'), 400, /not valid JSON: .*no raw control character/),
    post('2,000 inputs', JSON.stringify({ inputs: Array.from({ length: 2000 }, (_, i) => `text ${i}`) }), 200, /predictions/),
    post('a text of 500,000 characters', JSON.stringify({ inputs: ['word '.repeat(100_000)] }), 200, /predictions/),
    post('10,000 keys in an input', JSON.stringify({ inputs: [Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))] }), 400, /inputs\[0\] has unknown keys "k0", "k1"/),
    post('a text of unpaired surrogates', JSON.stringify({ inputs: ['\ud800\udfff\ud800'.repeat(1000)] }), 200, /predictions/),
  ];
}

function send(server: ScoringServer, c: RequestCase): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...c.headers };
    headers.Host ??= `127.0.0.1:${server.port}`;
    const chunked = headers['Transfer-Encoding'] === 'chunked';
    if (!chunked && headers['Content-Length'] === undefined && c.body.length > 0) headers['Content-Length'] = String(c.body.length);
    const request = http.request({ host: '127.0.0.1', port: server.port, method: c.method, path: c.path, headers, setHost: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    // A refused upload may be cut off by the server once it has answered: that is its right.
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    if (chunked) for (let at = 0; at < c.body.length; at += 64 * 1024) request.write(c.body.subarray(at, at + 64 * 1024));
    else if (c.body.length > 0 && headers['Content-Length'] === String(c.body.length)) request.write(c.body);
    request.end();
  });
}

/**
 * The request corpus (test/fixtures/hostile/requests and the generated ones above) against the real scoring
 * server with the fixture model: each gets its status and one sentence that says what is wrong; a malformed body
 * is a 400 whatever its depth; no request from a web page reaches the model; the server stays up throughout.
 */
describe('hostile requests to the local scoring server', function () {
  this.timeout(30_000);
  let server: ScoringServer;
  const memory = memoryBound(256, 1536);
  const files = readdirSync(fixture('requests')).filter((name) => name.endsWith('.http')).sort();

  before(async () => {
    server = await startScoringServer({ modelFolder: TINY_SENTIMENT, port: 0 });
  });
  after(async () => {
    await server.close();
  });

  const check = async (load: () => RequestCase) => {
    const c = load();
    memory.before();
    const started = performance.now();
    const answer = await send(server, c);
    const ms = performance.now() - started;
    assert.equal(answer.status, c.status, `${c.name}: ${answer.text.slice(0, 500)}`);
    if (c.method !== 'HEAD') {
      const body = JSON.parse(answer.text) as { error?: unknown };
      if (c.status >= 400) {
        assert.equal(typeof body.error, 'string', answer.text);
        assert.doesNotMatch(String(body.error), /\n/, 'one line');
        assertNothingLeaks(String(body.error));
      }
      if (c.says) assert.match(c.status >= 400 ? String(body.error) : answer.text, c.says);
    }
    assertNoFreeze(ms, 3000, c.name);
    memory.check(c.name);
  };

  for (const file of files) {
    it(`[${/origin|fetch-site|host-|form|text-plain|multipart|no-content-type/.test(file) ? 'cross-origin' : 'crash'}] ${file}`, () =>
      check(() => parseHttpFile(file, readFileSync(fixture(`requests/${file}`), 'utf8'), server.port)));
  }
  for (const c of generatedCases()) it(`[crash] ${c.name}`, () => check(() => c));

  it('[hang] holds an idle connection and a half-sent body without blocking anyone else', async () => {
    const idle = net.connect({ host: '127.0.0.1', port: server.port });
    const half = net.connect({ host: '127.0.0.1', port: server.port });
    await Promise.all([new Promise((resolve) => idle.once('connect', resolve)), new Promise((resolve) => half.once('connect', resolve))]);
    half.write(`POST /score HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"inputs": [`);
    const started = performance.now();
    const health = await send(server, { name: 'health', method: 'GET', path: '/health', headers: {}, body: Buffer.alloc(0), status: 200 });
    assert.equal(health.status, 200);
    assert.ok(performance.now() - started < 1000);
    idle.destroy();
    half.destroy();
  });

  it('never answered 500, and ran the model only for requests it accepted', () => {
    const lines = server.log.slice(1);
    assert.deepEqual(lines.filter((line) => / 500 \d+ ms/.test(line)), []);
    for (const line of lines.filter((l) => / (403|415) \d+ ms/.test(l))) assert.doesNotMatch(line, / \d+ inputs? /, line);
    assert.ok(lines.filter((line) => / 403 \d+ ms/.test(line)).length >= 10, 'the refusals are logged');
  });
});
