import { parseArgs } from 'node:util';
import { requireService, type ModelDownloadService } from '../backends/backend';
import { formatByteSize } from '../core/byteSize';
import { isHubError, type CachedHubModel, type WeightsForm } from '../core/catalog/modelDownloads';
import { backendFromCli } from './cliBackends';
import { EXIT, UsageError, type CliIo } from './cliIo';
import { abortOnSignals, SIGNAL_EXIT } from './cliSignals';
import { parseTask } from './datasetCommands';
import { pullProgressLines } from './pullProgressLines';

export const MODEL_USAGE = `fm model pull OWNER/NAME [--revision R] [--task T] [--for running|fine-tuning]
    downloads the model's ONNX export from the Hugging Face Hub (the files transformers.js needs for the task) into the
    Hugging Face cache, prints the size first and progress on stderr, and its snapshot folder on stdout. Ctrl-C stops
    it and keeps what came; pulling again resumes. A model already there is not fetched again.
    --for fine-tuning downloads the PyTorch weights instead (config.json, the tokenizer files, model.safetensors or
    pytorch_model.bin, or their shards with the index) from the model's original repository (a curated model's
    source, e.g. distilbert/distilbert-base-uncased), so that it can be fine-tuned on this machine.
    Exit codes: 0 pulled, 1 failed, 2 usage, 130 stopped by Ctrl-C, 143 stopped by SIGTERM.
fm model list [--json]   the models in the Hugging Face cache: revision, size, ONNX export, PyTorch weights, task, folder
  Environment: HF_ENDPOINT (a Hub mirror; default https://huggingface.co), HF_TOKEN (gated and private models),
  HF_HUB_OFFLINE=1 (no network: only the cache), HF_HUB_CACHE or HF_HOME (the cache; default ~/.cache/huggingface/hub).`;

export interface ModelCommandOptions {
  /** The environment to read HF_* from (tests pass their own). */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Stops a pull as Ctrl-C does. */
  readonly signal?: AbortSignal | undefined;
}

/** `--for`: what the model is pulled for, as the form of its weights. */
function pullPurpose(value: string | undefined): WeightsForm {
  if (value === undefined || value === 'running') return 'onnx';
  if (value === 'fine-tuning') return 'pytorch';
  throw new UsageError(`--for takes running (the ONNX export, the default) or fine-tuning (the PyTorch weights), not "${value}".`);
}

async function runPull(args: string[], io: CliIo, options: ModelCommandOptions, downloads: ModelDownloadService): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { revision: { type: 'string' }, task: { type: 'string' }, for: { type: 'string' } } });
  const [repo, ...extra] = positionals;
  if (!repo) throw new UsageError('fm model pull needs a model id, OWNER/NAME (e.g. Xenova/distilbert-base-uncased-finetuned-sst-2-english).');
  if (extra.length > 0) throw new UsageError(`fm model pull takes one model id, not also "${extra.join(' ')}".`);
  const task = values.task === undefined ? undefined : parseTask(values.task);
  const weights = pullPurpose(values.for);
  if (weights === 'pytorch' && task) throw new UsageError('fm model pull --for fine-tuning takes no --task: PyTorch weights serve every task the model is fine-tuned for.');

  const stop = abortOnSignals({ external: options.signal });
  try {
    const pulled = await downloads.pull({ repo, revision: values.revision, task, weights }, { signal: stop.signal, onProgress: pullProgressLines((line) => io.err(line)) });
    if (pulled.notice) io.err(`warning: ${pulled.notice}`);
    io.err(pulled.source === 'cache' ? `${repo} is in the cache (commit ${pulled.commit.slice(0, 7)}).` : `Pulled ${repo}: ${formatByteSize(pulled.fetchedBytes)} fetched.`);
    io.out(pulled.folder);
    return EXIT.ok;
  } catch (error) {
    if (isHubError(error, 'canceled')) {
      io.err(error.message);
      return stop.exitCode() ?? SIGNAL_EXIT.SIGINT;
    }
    if (isHubError(error)) {
      io.err(error.message);
      return error.kind === 'config' ? EXIT.usage : EXIT.failed;
    }
    throw error;
  } finally {
    stop.dispose();
  }
}

function describeCached(model: CachedHubModel): string {
  const revision = model.revisions.length > 0 ? model.revisions.join(',') : model.commit.slice(0, 7);
  const onnx = model.onnx ? `onnx ${model.onnx.dtype}${model.onnx.layout === 'seq2seq' ? ' encoder-decoder' : ''}` : 'no onnx';
  const pytorch = model.pytorch ? `pytorch ${model.pytorch.format}${model.pytorch.shards > 1 ? ` ${model.pytorch.shards} shards` : ''}` : 'no pytorch';
  return [model.repo, revision, formatByteSize(model.sizeBytes), onnx, pytorch, model.task ?? '-', model.folder].join('\t');
}

async function runList(args: string[], io: CliIo, downloads: ModelDownloadService): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  if (positionals.length > 0) throw new UsageError(`fm model list takes no arguments, not "${positionals.join(' ')}".`);
  const models = await downloads.list();
  if (values.json) {
    io.out(JSON.stringify(models, null, 2));
    return EXIT.ok;
  }
  for (const model of models) io.out(describeCached(model));
  const partial = [...new Set(models.filter((m) => m.partialDownloads > 0).map((m) => m.repo))];
  for (const repo of partial) io.err(`${repo}: a download stopped part-way; "fm model pull ${repo}" resumes it.`);
  io.err(`${models.length} model${models.length === 1 ? '' : 's'} in ${downloads.cacheFolder}`);
  return EXIT.ok;
}

/** `fm model pull|list`: the local backend's downloads (a backend that downloads nothing says so). */
export async function runModelCommand(args: string[], io: CliIo, options: ModelCommandOptions = {}): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'pull' && sub !== 'list') throw new UsageError(sub ? `Unknown model command "${sub}".` : 'fm model needs a command: pull or list.');
  const backend = await backendFromCli({}, { hubEnvironment: options.env });
  try {
    const downloads = requireService(backend, 'modelDownloads');
    return sub === 'pull' ? await runPull(rest, io, options, downloads) : await runList(rest, io, downloads);
  } finally {
    backend.dispose();
  }
}
