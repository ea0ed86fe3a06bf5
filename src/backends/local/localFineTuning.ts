import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import * as z from 'zod';
import { convertDataset } from '../../core/datasets/convertDataset';
import { formatProblem } from '../../core/datasets/datasetProblem';
import { DEFAULT_TRAINING_SETTINGS } from '../../core/trainingSettings';
import { PROBLEMS_SHOWN } from './localEvaluation';
import type { LocalJobContext, LocalJobResult } from './localJobContext';
import { TEXT_CLASSIFICATION_TRAINER } from './trainerScript';

/** A model folder fine-tuning can start from: a config and PyTorch weights (an ONNX export cannot be trained). */
export async function checkTrainable(folder: string): Promise<void> {
  const names = new Set(await readdir(folder).catch(() => [] as string[]));
  const weights = [...names].some((name) => /^(model.*\.safetensors|pytorch_model.*\.bin|model\.safetensors\.index\.json)$/.test(name));
  if (!names.has('config.json') || !weights) {
    throw new Error(`${folder} has no PyTorch weights to fine-tune (config.json with model.safetensors or pytorch_model.bin); an ONNX export can be evaluated but not trained.`);
  }
}

/** Runs the training script, its output lines into the log; resolves with the metrics of its FM_METRICS line. */
function runPython(python: string, args: string[], signal: AbortSignal, log: (line: string) => Promise<void>): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { env: { ...process.env, PYTHONUNBUFFERED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let metrics: Record<string, number> = {};
    let lastError = '';
    let writing = Promise.resolve();
    const onLine = (line: string, isError: boolean) => {
      if (line.startsWith('FM_METRICS ')) {
        const parsed = z.record(z.string(), z.number()).safeParse(JSON.parse(line.slice('FM_METRICS '.length)));
        if (parsed.success) metrics = parsed.data;
        return;
      }
      if (isError && line.trim()) lastError = line.trim();
      writing = writing.then(() => log(line));
    };
    createInterface({ input: child.stdout }).on('line', (line) => onLine(line, false));
    createInterface({ input: child.stderr }).on('line', (line) => onLine(line, true));
    const onAbort = () => child.kill('SIGTERM');
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', reject);
    child.on('close', (code) => {
      signal.removeEventListener('abort', onAbort);
      void writing.then(() => (code === 0 ? resolve(metrics) : reject(new Error(`The training script exited with ${code}${lastError ? `: ${lastError.replace(/[.!]?$/, '.')}` : '.'}`))));
    });
  });
}

/**
 * Fine-tuning in the user's Python: the data converted to canonical JSONL and split 80/20 (seeded, stratified),
 * the Trainer script and its settings written into the job folder, the script's output streamed into the log.
 */
export async function fineTuneLocally({ spec, modelFolder, jobFolder, python, signal, log }: LocalJobContext & { python: string }): Promise<LocalJobResult> {
  const settings = spec.settings ?? DEFAULT_TRAINING_SETTINGS[spec.task];
  await log(`Fine-tuning ${modelFolder} on ${spec.data.file} (${spec.task}) on this machine with ${python}`);
  const converted = await convertDataset(spec.data.file, spec.task, spec.data.mapping, path.join(jobFolder, 'data'), { split: [80, 20, 0], seed: settings.seed, signal });
  if (!converted.report.valid) {
    for (const problem of converted.report.problems.slice(0, PROBLEMS_SHOWN)) await log(formatProblem(problem));
    throw new Error(`${converted.report.totalProblems} problems in ${spec.data.file}; fix them (the Fine-tune panel lists them) and submit again.`);
  }
  await log(`${converted.written.train} training and ${converted.written.validation} validation records`);
  const output = path.join(jobFolder, 'output');
  const configFile = path.join(jobFolder, 'train-config.json');
  const script = path.join(jobFolder, 'train.py');
  await writeFile(script, TEXT_CLASSIFICATION_TRAINER);
  await writeFile(
    configFile,
    JSON.stringify({
      model: modelFolder,
      train: converted.files.train,
      validation: converted.written.validation > 0 ? converted.files.validation : undefined,
      output,
      epochs: settings.epochs,
      learning_rate: settings.learningRate,
      batch_size: settings.batchSize,
      max_length: settings.maxSequenceLength,
      seed: settings.seed,
    }, null, 2),
  );
  const metrics = await runPython(python, [script, configFile], signal, log);
  for (const [name, value] of Object.entries(metrics)) await log(`${name}: ${value.toFixed(4)}`);
  return { metrics, outputs: { model: path.join(output, 'model') } };
}
