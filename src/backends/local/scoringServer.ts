import http from 'node:http';
import path from 'node:path';
import type { InferenceOutput } from '../../core/inference/inferenceTypes';
import { TASKS, type TaskId } from '../../core/tasks';
import type { Disposable } from '../backend';
import { DEFAULT_INFERENCE_SETTINGS, type InferenceSettings } from './inferenceSettings';
import type { TaskModel } from './localInference';
import { folderTask } from './localModelFolders';
import { checkRunnableFolder } from './onnxFolder';
import { checkCaller, checkContentType, LOOPBACK, parseScoringBody, predictionJson, readBody, RequestProblem, type ScoringRequest } from './scoringRequests';

export { MAX_BODY_BYTES } from './scoringRequests';

/**
 * A scoring server on this machine: one model folder behind `POST /score`, for its task (any of the task table's),
 * as a local endpoint and `fm serve` run it. It listens on 127.0.0.1 only and answers programs on this machine only: a
 * request addressed to another host name (a page that rebinds its own name to this address), one from a web page
 * (an `Origin` other than its own, `Sec-Fetch-Site: cross-site`) gets a 403, and a body that is not
 * `application/json` a 415, so that no page the user visits can make it run the model (`scoringRequests.ts`).
 *
 * - `GET /health` → `{"status":"ok","model":<folder name>,"task":<task>}`
 * - `POST /score` `{"inputs": [...], "parameters": {"top_k": 3, "max_new_tokens": 64}}` → `{"predictions": [...]}`, one
 *   prediction per input in the task's shape (`scoringRequests.ts`; the README documents each task's request).
 */

/** Lines kept for `log`. */
const LOG_LINES = 500;
const ROUTES: Readonly<Record<string, 'GET' | 'POST'>> = { '/health': 'GET', '/score': 'POST' };

export interface ScoringServerOptions {
  readonly modelFolder: string;
  /** The task to serve; the folder's own (its config.json architecture or README pipeline_tag) when left out. */
  readonly task?: TaskId | undefined;
  /** Batch size and threads; the defaults when left out. */
  readonly settings?: InferenceSettings | undefined;
  /** 0 or left out: a free port. */
  readonly port?: number | undefined;
  /** Aborting before the server is up stops the start and leaves nothing running; afterwards, call `close`. */
  readonly signal?: AbortSignal | undefined;
}

export interface ScoringServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly task: TaskId;
  /** The most recent lines (startup, one per request), oldest first. */
  readonly log: readonly string[];
  onLog(listener: (line: string) => void): Disposable;
  /** Stops listening, drops open connections and unloads the model. Safe to call more than once. */
  close(): Promise<void>;
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

/** The request log: the last `LOG_LINES` lines, time-stamped, and the listeners that follow it. */
class ServerLog {
  readonly lines: string[] = [];
  readonly listeners = new Set<(line: string) => void>();

  write(line: string): void {
    const stamped = `${new Date().toISOString()} ${line}`;
    this.lines.push(stamped);
    if (this.lines.length > LOG_LINES) this.lines.splice(0, this.lines.length - LOG_LINES);
    for (const listener of this.listeners) listener(stamped);
  }
}

/** Loads the model (transformers.js is a bundle of its own); an abort during the load unloads it. */
async function loadModel(folder: string, task: TaskId, settings: InferenceSettings, signal: AbortSignal | undefined): Promise<TaskModel> {
  const { loadTaskModel } = await import('./localInference');
  const model = await loadTaskModel(folder, task, settings);
  if (signal?.aborted) {
    await model.dispose();
    signal.throwIfAborted();
  }
  return model;
}

/** The task of the folder to serve: the one given, else the folder's own; the folder's files are checked first. */
async function servedTask(folder: string, task: TaskId | undefined): Promise<TaskId> {
  await checkRunnableFolder(folder, task);
  if (task) return task;
  const own = await folderTask(folder);
  if (!own) throw new Error(`The task of ${folder} cannot be told from its config.json or README: name it (fm serve --task TASK).`);
  return own;
}

/** The predictions of a request: the model runs one request at a time (`TaskModel.run` queues them). */
async function score(model: TaskModel, request: ScoringRequest): Promise<Record<string, unknown>[]> {
  for (const [index, input] of request.inputs.entries()) {
    const problem = model.inputProblem(input);
    if (problem) throw new RequestProblem(400, `inputs[${index}] ${problem}.`);
  }
  let outputs: InferenceOutput[];
  try {
    outputs = await model.run(request.inputs, request.options);
  } catch (error) {
    throw new RequestProblem(500, `The model failed on this request: ${error instanceof Error ? error.message : String(error)}`);
  }
  return outputs.map(predictionJson);
}

interface HandlerContext {
  readonly modelName: string;
  readonly log: ServerLog;
  readonly model: TaskModel;
  /** The port listened on, once known: a browser's own-origin requests name it. */
  port(): number;
}

/** Answers one request: checks, route, body, model; every refusal is a status with a one-sentence `error`. */
function handleRequest(context: HandlerContext, request: http.IncomingMessage, response: http.ServerResponse): void {
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
    context.log.write(`${request.method ?? '?'} ${pathname}${count} ${status} ${Math.round(performance.now() - started)} ms${error}`);
  };
  const answer = async () => {
    checkCaller(request, context.port());
    const route = ROUTES[pathname];
    if (!route) throw new RequestProblem(404, `No ${pathname} here: GET /health or POST /score.`);
    if (request.method !== route) throw new RequestProblem(405, `${pathname} takes ${route}, not ${request.method ?? '?'}.`, { Allow: route });
    if (pathname === '/health') return send(200, { status: 'ok', model: context.modelName, task: context.model.task });
    checkContentType(request);
    const parsed = parseScoringBody(await readBody(request), TASKS[context.model.task].inference.input);
    inputCount = parsed.inputs.length;
    send(200, { predictions: await score(context.model, parsed) });
  };
  answer().catch((error: unknown) => {
    if (!(error instanceof RequestProblem)) return send(500, { error: error instanceof Error ? error.message : String(error) });
    if (error.status !== 413 && error.status !== 415) return send(error.status, { error: error.message }, error.headers);
    // The rest of the body is not read: the connection closes once the answer is out.
    response.once('finish', () => request.destroy());
    send(error.status, { error: error.message }, { Connection: 'close' });
  });
}

/** Listens on 127.0.0.1; an abort before it is up closes it again. */
async function listen(server: http.Server, port: number, signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      server.close();
      reject(signal?.reason instanceof Error ? signal.reason : new DOMException('The start was aborted.', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    server.once('error', (error: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      reject(listenProblem(error, port));
    });
    server.listen(port, LOOPBACK, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/** The running server's handle: its address, its log and `close`. */
function runningServer(server: http.Server, port: number, log: ServerLog, model: TaskModel): ScoringServer {
  let closing: Promise<void> | undefined;
  return {
    url: `http://${LOOPBACK}:${port}`,
    port,
    task: model.task,
    log: log.lines,
    onLog(listener) {
      log.listeners.add(listener);
      return { dispose: () => void log.listeners.delete(listener) };
    },
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        // A request already inside the model finishes before the model goes.
        await model.dispose();
        log.write('Stopped');
        log.listeners.clear();
      })();
      return closing;
    },
  };
}

/** Loads the model, then listens; rejects (with nothing left running) when the folder cannot run or the port is taken. */
export async function startScoringServer(options: ScoringServerOptions): Promise<ScoringServer> {
  const requestedPort = options.port ?? 0;
  checkPort(requestedPort);
  options.signal?.throwIfAborted();
  const folder = path.resolve(options.modelFolder);
  const modelName = path.basename(folder);
  const task = await servedTask(folder, options.task);
  const model = await loadModel(folder, task, options.settings ?? DEFAULT_INFERENCE_SETTINGS, options.signal);
  const log = new ServerLog();
  let port = requestedPort;
  const server = http.createServer((request, response) => handleRequest({ modelName, log, model, port: () => port }, request, response));
  try {
    await listen(server, requestedPort, options.signal);
  } catch (error) {
    await model.dispose();
    throw error;
  }
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : requestedPort;
  const running = runningServer(server, port, log, model);
  log.write(`Serving ${modelName} (${task}) from ${folder} at ${running.url}`);
  return running;
}
