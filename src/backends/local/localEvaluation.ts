import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describeJobData } from '../../core/jobs/jobData';
import { computeTaskMetrics } from '../../core/metrics';
import { predictionInput, type PredictionLine } from '../../core/metrics/predictions';
import { TASKS } from '../../core/tasks';
import { prepareLocalData, type LocalJobContext, type LocalJobResult } from './localJobContext';

const BATCH_SIZE = 16;

/** The canonical records of a converted part (one JSON object a line, written by `prepareJobData`). */
async function* canonicalRecords(file: string, signal: AbortSignal): AsyncGenerator<Record<string, unknown>> {
  for await (const line of createInterface({ input: createReadStream(file, { signal }), crlfDelay: Infinity })) {
    if (line) yield JSON.parse(line) as Record<string, unknown>;
  }
}

/**
 * Evaluation on this machine: the data file checked and converted (`prepareJobData`: an invalid file fails the job
 * with its first problems in the log), scored in batches by the model folder's ONNX export through transformers.js,
 * then the task's metrics. Writes `predictions.jsonl` (each prediction with its reference, the line of the user's file
 * it came from and its input text) and `metrics.json` into the job folder.
 */
export async function evaluateLocally(context: LocalJobContext): Promise<LocalJobResult> {
  const { spec, modelFolder, jobFolder, signal, log } = context;
  await log(`Evaluating ${modelFolder} on ${spec.data.file} (${spec.task}) on this machine`);
  // Evaluation converts the whole file into the test part, in order: the n-th test record came from lines[n].
  const lines: number[] = [];
  const data = await prepareLocalData(context, [0, 0, 100], (part, source) => {
    if (part === 'test') lines.push(source.line);
  });
  if (!data.files.test) throw new Error(`No valid record to evaluate in ${spec.data.file}.`);
  const [text, pair] = TASKS[spec.task].inputRoles;
  const referenceRole = TASKS[spec.task].referenceRole;
  const texts: string[] = [];
  const pairs: (string | undefined)[] = [];
  const references: unknown[] = [];
  for await (const record of canonicalRecords(data.files.test, signal)) {
    texts.push(String(record[text ?? '']));
    pairs.push(pair === undefined || record[pair] === undefined ? undefined : String(record[pair]));
    references.push(referenceRole === undefined ? undefined : record[referenceRole]);
  }
  await log(`${describeJobData(data)}; loading the model`);
  // transformers.js and onnxruntime are a bundle of their own, loaded by the first evaluation.
  const { loadTextClassifier } = await import('./localInference');
  const classifier = await loadTextClassifier(modelFolder);
  const predictions: string[] = [];
  try {
    for (let start = 0; start < texts.length; start += BATCH_SIZE) {
      signal.throwIfAborted();
      const results = await classifier.classify(texts.slice(start, start + BATCH_SIZE), pairs.slice(start, start + BATCH_SIZE));
      predictions.push(...results.map((r) => r.label));
      await log(`scored ${Math.min(start + BATCH_SIZE, texts.length)}/${texts.length} records`);
    }
  } finally {
    await classifier.dispose();
  }
  const report = computeTaskMetrics(spec.task, predictions, references);
  const predictionsFile = path.join(jobFolder, 'predictions.jsonl');
  const metricsFile = path.join(jobFolder, 'metrics.json');
  const rows = predictions.map((prediction, i): PredictionLine => ({ prediction, reference: references[i], line: lines[i], input: predictionInput(texts[i] ?? '', pairs[i]) }));
  await writeFile(predictionsFile, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  await writeFile(metricsFile, `${JSON.stringify(report, null, 2)}\n`);
  for (const [name, value] of Object.entries(report.metrics)) await log(`${name}: ${value.toFixed(4)}`);
  return { metrics: report.metrics, outputs: { predictions: predictionsFile, metrics: metricsFile } };
}
