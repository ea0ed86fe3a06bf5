import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import * as z from 'zod';
import { describeJobData } from '../../core/jobs/jobData';
import { defaultTrainingSettings } from '../../core/tasks';
import { prepareLocalData, type LocalJobContext, type LocalJobResult } from './localJobContext';
import { TEXT_CLASSIFICATION_TRAINER } from './trainerScript';

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
 * Fine-tuning in the user's Python: the data converted to canonical JSONL and split as the user asked (by default
 * 80/20, seeded, stratified), the Trainer script and its settings written into the job folder, the script's output
 * streamed into the log.
 */
export async function fineTuneLocally(context: LocalJobContext & { python: string }): Promise<LocalJobResult> {
  const { spec, modelFolder, jobFolder, python, signal, log } = context;
  const settings = spec.settings ?? defaultTrainingSettings(spec.task);
  await log(`Fine-tuning ${modelFolder} on ${spec.data.file} (${spec.task}) on this machine with ${python}`);
  const data = await prepareLocalData(context, [80, 20, 0]);
  await log(describeJobData(data));
  const output = path.join(jobFolder, 'output');
  const configFile = path.join(jobFolder, 'train-config.json');
  const script = path.join(jobFolder, 'train.py');
  await writeFile(script, TEXT_CLASSIFICATION_TRAINER);
  await writeFile(
    configFile,
    JSON.stringify({
      model: modelFolder,
      train: data.files.train,
      validation: data.files.validation,
      test: data.files.test,
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
