import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ModelServer } from '../backends/backend';
import { createBackend } from '../backends/registry';
import { resolveModelPath } from '../core/catalog/modelPaths';
import { TASKS } from '../core/tasks';
import type { InferenceInputKind } from '../core/inference/inferenceTypes';
import { inferenceFromEnv } from './cliBackends';
import { EXIT, UsageError, type CliIo } from './cliIo';
import { parseTask } from './datasetCommands';
import { abortOnSignals } from './cliSignals';

export const SERVE_USAGE = `fm serve MODEL_DIR [--port N] [--task T]
    serves a model folder (with an ONNX export) for its task on 127.0.0.1 until Ctrl-C: GET /health, POST /score
    {"inputs": [...], "parameters": {...}} (each task's inputs in the README). --task when the folder does not say it;
    --port 0 (the default) picks a free port. FM_INFERENCE_BATCH_SIZE and FM_INFERENCE_THREADS tune the runtime.`;

/** What a request's inputs are, by what the task's model reads. */
const SERVE_REQUEST_HINTS: Readonly<Record<InferenceInputKind, string>> = {
  'text-pair': 'Each input is a text, or {"text": "…", "text_pair": "…"}.',
  text: 'Each input is a text.',
  question: 'Each input is {"question": "…", "context": "…"}.',
};

export interface ServeCommandOptions {
  /** Stops the server as Ctrl-C does (for tests and embedding). */
  readonly signal?: AbortSignal | undefined;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const port = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port takes a whole number from 1 to 65535 (or 0 for a free port), not "${raw}".`);
  }
  return port;
}

/** Runs a scoring server in the foreground; resolves with the exit code once it is stopped. */
export async function runServeCommand(args: string[], io: CliIo, options: ServeCommandOptions = {}): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { port: { type: 'string' }, task: { type: 'string' } } });
  const [raw, ...extra] = positionals;
  if (!raw) throw new UsageError('fm serve needs a MODEL_DIR: a model folder with config.json, tokenizer.json and onnx/model.onnx.');
  if (extra.length > 0) throw new UsageError(`fm serve takes one MODEL_DIR, not also "${extra.join(' ')}".`);
  const port = parsePort(values.port);
  const task = values.task === undefined ? undefined : parseTask(values.task);
  const folder = resolveModelPath(raw, process.cwd());
  if (!(await stat(folder).then((s) => s.isDirectory(), () => false))) {
    io.err(`There is no folder ${folder}: give the folder of a model with an ONNX export (config.json, tokenizer.json, onnx/model.onnx).`);
    return EXIT.failed;
  }

  // Ctrl-C (or SIGTERM) while the model loads stops the start too.
  const stop = abortOnSignals({ external: options.signal });
  // The local backend serves a folder from this process; its endpoints run the same scoring server.
  const backend = await createBackend('local', { inference: inferenceFromEnv(process.env) });
  try {
    const serve = backend.endpoints?.serve?.bind(backend.endpoints);
    if (!serve) throw new UsageError(`The ${backend.displayName} backend cannot serve a model folder from this machine.`);
    let server: ModelServer;
    try {
      server = await serve(folder, { port, signal: stop.signal, task });
    } catch (error) {
      if (stop.signal.aborted) return EXIT.ok;
      io.err(error instanceof Error ? error.message : String(error));
      return EXIT.failed;
    }
    io.out(`Serving ${folder} at ${server.url}  (GET /health, POST /score {"inputs": [...]})`);
    io.err(`Task: ${server.task}. ${SERVE_REQUEST_HINTS[TASKS[server.task].inference.input]}`);
    io.err('Press Ctrl-C to stop. Requests are logged here.');
    const logging = server.onLog((line) => io.err(line));
    if (!stop.signal.aborted) await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
    logging.dispose();
    await server.close();
    io.err('Stopped.');
    return EXIT.ok;
  } finally {
    backend.dispose();
    stop.dispose();
  }
}
