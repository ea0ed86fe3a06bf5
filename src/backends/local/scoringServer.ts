import http from 'node:http';
import path from 'node:path';
import * as z from 'zod';
import type { Disposable } from '../backend';
import type { TextClassifier } from './localInference';
import { findJsonSyntaxError } from '../../core/jsonSyntax';

/**
 * A scoring server on this machine: one text-classification model folder behind `POST /score`, as a local
 * endpoint and `fm serve` run it. It listens on 127.0.0.1 only and answers requests addressed to 127.0.0.1 or
 * localhost only (a page that rebinds its own host name to this address gets a 403), so nothing outside this
 * machine reaches it.
 *
 * - `GET /health` → `{"status":"ok","model":<folder name>,"task":"text-classification"}`
 * - `POST /score` `{"inputs": ["text", {"text": "…", "text_pair": "…"}, …]}` → `{"predictions":[{"label","score"}, …]}`
 */

export const SCORING_TASK = 'text-classification';
/** Request bodies above this are answered 413. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Lines kept for `log`. */
const LOG_LINES = 500;
/** Texts per call into the model: a large request is scored in batches, so its padding stays small. */
const BATCH_SIZE = 32;
const LOOPBACK = '127.0.0.1';
const ALLOWED_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface ScoringServerOptions {
  readonly modelFolder: string;
  /** 0 or left out: a free port. */
  readonly port?: number | undefined;
  /** Aborting before the server is up stops the start and leaves nothing running; afterwards, call `close`. */
  readonly signal?: AbortSignal | undefined;
}

export interface ScoringServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  /** The most recent lines (startup, one per request), oldest first. */
  readonly log: readonly string[];
  onLog(listener: (line: string) => void): Disposable;
  /** Stops listening, drops open connections and unloads the model. Safe to call more than once. */
  close(): Promise<void>;
}

const InputObjectSchema = z.strictObject({
  text: z.string({ error: 'must be a string' }),
  text_pair: z.string({ error: 'must be a string when given' }).optional(),
});
const InputSchema = z.union([z.string(), InputObjectSchema]);
type ScoringInput = z.infer<typeof InputSchema>;

/** Why a request body cannot be scored, in the caller's terms: what is wrong and where. */
export function scoringBodyProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `The body must be a JSON object {"inputs": [...]}, not ${describeValue(body)}.`;
  }
  if (!('inputs' in body)) return 'inputs is missing: send {"inputs": ["a text", {"text": "…", "text_pair": "…"}]}.';
  const inputs = (body as { inputs: unknown }).inputs;
  if (!Array.isArray(inputs)) return `inputs must be an array of strings or {text, text_pair}, not ${describeValue(inputs)}.`;
  if (inputs.length === 0) return 'inputs is empty: give at least one text.';
  for (const [index, input] of inputs.entries()) {
    if (InputSchema.safeParse(input).success) continue;
    const where = `inputs[${index}]`;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return `${where} must be a string or {text, text_pair}, not ${describeValue(input)}.`;
    const issues = InputObjectSchema.safeParse(input).error?.issues ?? [];
    const unknown = issues.find((issue) => issue.code === 'unrecognized_keys');
    if (unknown?.code === 'unrecognized_keys') {
      const keys = unknown.keys.map((key) => `"${key}"`).join(', ');
      return `${where} has ${unknown.keys.length === 1 ? 'an unknown key' : 'unknown keys'} ${keys}: an input is a string or {text, text_pair}.`;
    }
    const issue = issues[0];
    const key = issue?.path[0];
    if (key === 'text' && !('text' in input)) return `${where}.text is missing: an input is a string or {text, text_pair}.`;
    if (typeof key === 'string') return `${where}.${key} ${issue?.message ?? 'is not valid'}, not ${describeValue((input as Record<string, unknown>)[key])}.`;
    return `${where} must be a string or {text, text_pair}.`;
  }
  return undefined;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `${typeof value === 'number' ? 'the number' : typeof value === 'boolean' ? 'the boolean' : typeof value} ${String(value)}`;
}

/** Says where a body that `JSON.parse` refused goes wrong: line, column, position, what was expected. */
export function jsonSyntaxProblem(text: string): string {
  if (text.trim() === '') return 'The body is empty: send {"inputs": ["a text", …]} as JSON.';
  const stop = findJsonSyntaxError(text);
  if (!stop) return 'The body is not valid JSON.';
  const found = stop.position >= text.length ? 'the end of the body' : stop.found;
  return `The body is not valid JSON: line ${stop.line}, column ${stop.column} (position ${stop.position}): expected ${stop.expected}, found ${found}.`;
}

/** A request that is answered with an error status and a message. */
class RequestProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${port} is not a port: give a whole number from 1 to 65535, or 0 for a free one.`);
  }
}

function listenProblem(error: NodeJS.ErrnoException, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return new Error(`Port ${port} on ${LOOPBACK} is already in use by another program: choose another port, or 0 for a free one.`);
  }
  if (error.code === 'EACCES') {
    return new Error(`Port ${port} on ${LOOPBACK} needs administrator rights on this machine: choose a port above 1023, or 0 for a free one.`);
  }
  return new Error(`The scoring server could not listen on ${LOOPBACK}:${port}: ${error.message}`);
}

/** Loads the model, then listens; rejects (with nothing left running) when the folder cannot run or the port is taken. */
export async function startScoringServer(options: ScoringServerOptions): Promise<ScoringServer> {
  const requestedPort = options.port ?? 0;
  checkPort(requestedPort);
  options.signal?.throwIfAborted();
  const folder = path.resolve(options.modelFolder);
  const modelName = path.basename(folder);
  // Loaded on first use, as evaluation loads it: it is a bundle of its own that brings transformers.js.
  const { loadTextClassifier } = await import('./localInference');
  const classifier = await loadTextClassifier(folder);
  try {
    options.signal?.throwIfAborted();
  } catch (error) {
    await classifier.dispose();
    throw error;
  }

  const log: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const write = (line: string) => {
    const stamped = `${new Date().toISOString()} ${line}`;
    log.push(stamped);
    if (log.length > LOG_LINES) log.splice(0, log.length - LOG_LINES);
    for (const listener of listeners) listener(stamped);
  };

  // One request at a time through the model: the ONNX session is not shared between overlapping runs.
  let modelQueue: Promise<unknown> = Promise.resolve();
  const score = (inputs: ScoringInput[]) => {
    const run = modelQueue.then(() => classifyInBatches(classifier, inputs));
    modelQueue = run.catch(() => undefined);
    return run;
  };

  const server = http.createServer((request, response) => {
    const started = performance.now();
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    let inputCount: number | undefined;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (response.headersSent) return;
      const text = JSON.stringify(body);
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
      response.end(text);
      const count = inputCount === undefined ? '' : ` ${inputCount} input${inputCount === 1 ? '' : 's'}`;
      const error = status >= 400 && typeof body === 'object' && body !== null && 'error' in body ? ` ${String(body.error).slice(0, 300)}` : '';
      write(`${request.method ?? '?'} ${pathname}${count} ${status} ${Math.round(performance.now() - started)} ms${error}`);
    };
    const handle = async () => {
      const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      if (!ALLOWED_HOSTS.has(host)) {
        throw new RequestProblem(403, `This scoring server answers requests to ${LOOPBACK} or localhost only, not to "${request.headers.host ?? ''}".`);
      }
      const route = ROUTES[pathname];
      if (!route) throw new RequestProblem(404, `No ${pathname} here: GET /health or POST /score.`);
      if (request.method !== route) {
        throw new RequestProblem(405, `${pathname} takes ${route}, not ${request.method ?? '?'}.`, { Allow: route });
      }
      if (pathname === '/health') return send(200, { status: 'ok', model: modelName, task: SCORING_TASK });
      const text = await readBody(request);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new RequestProblem(400, jsonSyntaxProblem(text));
      }
      const problem = scoringBodyProblem(body);
      if (problem) throw new RequestProblem(400, problem);
      const inputs = (body as { inputs: ScoringInput[] }).inputs;
      inputCount = inputs.length;
      let predictions: { label: string; score: number }[];
      try {
        predictions = await score(inputs);
      } catch (error) {
        throw new RequestProblem(500, `The model failed on this request: ${error instanceof Error ? error.message : String(error)}`);
      }
      send(200, { predictions });
    };
    handle().catch((error: unknown) => {
      if (error instanceof RequestProblem) {
        if (error.status === 413) {
          // The rest of the body is not read: the connection closes once the answer is out.
          response.once('finish', () => request.destroy());
          send(413, { error: error.message }, { Connection: 'close' });
        } else send(error.status, { error: error.message }, error.headers);
      } else {
        send(500, { error: error instanceof Error ? error.message : String(error) });
      }
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        server.close();
        reject(options.signal?.reason instanceof Error ? options.signal.reason : new DOMException('The start was aborted.', 'AbortError'));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      server.once('error', (error: NodeJS.ErrnoException) => {
        options.signal?.removeEventListener('abort', onAbort);
        reject(listenProblem(error, requestedPort));
      });
      server.listen(requestedPort, LOOPBACK, () => {
        options.signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  } catch (error) {
    await classifier.dispose();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : requestedPort;
  const url = `http://${LOOPBACK}:${port}`;
  write(`Serving ${modelName} (${SCORING_TASK}) from ${folder} at ${url}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    log,
    onLog(listener) {
      listeners.add(listener);
      return { dispose: () => void listeners.delete(listener) };
    },
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        // A request already inside the model finishes before the model goes.
        await modelQueue;
        await classifier.dispose();
        write('Stopped');
        listeners.clear();
      })();
      return closing;
    },
  };
}

const ROUTES: Readonly<Record<string, 'GET' | 'POST'>> = { '/health': 'GET', '/score': 'POST' };

async function classifyInBatches(classifier: TextClassifier, inputs: readonly ScoringInput[]): Promise<{ label: string; score: number }[]> {
  const predictions: { label: string; score: number }[] = [];
  for (let start = 0; start < inputs.length; start += BATCH_SIZE) {
    const batch = inputs.slice(start, start + BATCH_SIZE);
    const texts = batch.map((input) => (typeof input === 'string' ? input : input.text));
    const pairs = batch.map((input) => (typeof input === 'string' ? undefined : input.text_pair));
    for (const { label, score } of await classifier.classify(texts, pairs)) predictions.push({ label, score });
  }
  return predictions;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  const tooLarge = () => new RequestProblem(413, `The body is larger than ${MAX_BODY_BYTES / (1024 * 1024)} MB: send fewer inputs per request.`);
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeListener('data', onData);
        request.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => {
      const bytes = Buffer.concat(chunks);
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch {
        reject(new RequestProblem(400, 'The body is not UTF-8 text: send JSON encoded as UTF-8.'));
      }
    });
    request.once('error', reject);
  });
}
