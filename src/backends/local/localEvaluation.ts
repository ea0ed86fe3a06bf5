import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { emptyOutput, type InferenceInput, type InferenceOutput } from '../../core/inference/inferenceTypes';
import { describeJobData } from '../../core/jobs/jobData';
import { computeTaskMetrics, type MetricsReport } from '../../core/metrics';
import { predictionInput, type PredictionLine } from '../../core/metrics/predictions';
import { TASKS, type CanonicalRecord, type TaskId } from '../../core/tasks';
import type { InferenceSettings } from './inferenceSettings';
import { prepareLocalData, type LocalJobContext, type LocalJobResult } from './localJobContext';

/** A progress line at least this often (besides every tenth of the records). */
const PROGRESS_INTERVAL_MS = 5000;

/** The canonical records of a converted part (one JSON object a line, written by `prepareJobData`). */
async function* canonicalRecords(file: string, signal: AbortSignal): AsyncGenerator<CanonicalRecord> {
  for await (const line of createInterface({ input: createReadStream(file, { signal }), crlfDelay: Infinity })) {
    if (line) yield JSON.parse(line) as CanonicalRecord;
  }
}

/**
 * Progress a person can read: a line at each tenth of the records, or every few seconds when a tenth takes longer,
 * never one per batch. Lines are appended in order; `flush` waits for the last.
 */
export function progressReporter(total: number, log: (line: string) => Promise<void>, now: () => number = Date.now): { report(done: number): void; flush(): Promise<void> } {
  let writing = Promise.resolve();
  let lastTenth = 0;
  let lastTime = now();
  return {
    report(done) {
      const tenth = Math.floor((done * 10) / Math.max(total, 1));
      if (tenth <= lastTenth && now() - lastTime < PROGRESS_INTERVAL_MS && done < total) return;
      lastTenth = tenth;
      lastTime = now();
      const line = `scored ${done}/${total} records (${Math.floor((done * 100) / Math.max(total, 1))}%)`;
      writing = writing.then(() => log(line));
    },
    flush: () => writing,
  };
}

/** The metrics of the records that have a reference (an optional reference role may be left unmapped), or why none. */
function scoreWithReferences(task: TaskId, predictions: readonly unknown[], references: readonly unknown[]): { report?: MetricsReport; note?: string } {
  const role = TASKS[task].referenceRole;
  const paired = predictions.flatMap((prediction, i) => (references[i] === undefined ? [] : [[prediction, references[i]] as const]));
  if (paired.length === 0) {
    return { note: `No record has a value for ${role ?? 'the reference'} to score against: the predictions are written, without metrics. Map a column to ${role ?? 'the reference'} to score them.` };
  }
  const report = computeTaskMetrics(task, paired.map(([p]) => p), paired.map(([, r]) => r));
  const skipped = predictions.length - paired.length;
  return { report, note: skipped > 0 ? `${skipped} record${skipped === 1 ? ' has' : 's have'} no value for ${role ?? 'the reference'}; the metrics are over the other ${paired.length}.` : undefined };
}

/**
 * The model's output for each input, in batches with progress in the log; an input the model cannot take (a fill-mask
 * text without the mask) is said once in the log and gets an empty output, so it counts as wrong.
 */
async function runModel(context: LocalJobContext & { readonly settings: InferenceSettings }, inputs: readonly InferenceInput[]): Promise<InferenceOutput[]> {
  const { spec, modelFolder, signal, log, settings } = context;
  // transformers.js and onnxruntime are a bundle of their own, loaded by the first evaluation.
  const { loadTaskModel } = await import('./localInference');
  const model = await loadTaskModel(modelFolder, spec.task, settings);
  const progress = progressReporter(inputs.length, log);
  try {
    const problems = inputs.map((input) => model.inputProblem(input));
    const first = problems.findIndex((problem) => problem !== undefined);
    const unfit = problems.filter((problem) => problem !== undefined).length;
    if (unfit > 0) await log(`${unfit} record${unfit === 1 ? '' : 's'} cannot be scored and count as wrong; the first, record ${first + 1}, ${problems[first] ?? ''}`);
    await log(`Scoring ${inputs.length} records in batches of ${settings.batchSize}`);
    const scored = await model.run(inputs.filter((_, i) => problems[i] === undefined), { signal, onProgress: (done) => progress.report(done) });
    let next = 0;
    return inputs.map((_, i) => (problems[i] === undefined ? scored[next++] : undefined) ?? emptyOutput(TASKS[spec.task].inference.output));
  } finally {
    await progress.flush();
    await model.dispose();
  }
}

/** The text a model read, for a predictions row: a text (and its pair), or a question and its context. */
function inputText(input: InferenceInput | undefined): string | undefined {
  if (!input) return undefined;
  return 'question' in input ? predictionInput(input.question, input.context) : predictionInput(input.text, input.textPair);
}

/**
 * Evaluation on this machine, for every task: the data file checked and converted (`prepareJobData`: an invalid file
 * fails the job with its first problems in the log), each record made the model's input by the task table
 * (`inference.fromRecord`), run in batches through the model folder's ONNX export (`localInference.ts`), each output
 * made a prediction of the metric's shape (`inference.prediction`), then the task's metrics. Writes
 * `predictions.jsonl` (prediction, reference and the model's output per record, with the line of the user's file it came
 * from and its input text) and `metrics.json` into the job folder.
 */
export async function evaluateLocally(context: LocalJobContext & { readonly settings: InferenceSettings }): Promise<LocalJobResult> {
  const { spec, modelFolder, jobFolder, signal, log } = context;
  const task = TASKS[spec.task];
  await log(`Evaluating ${modelFolder} on ${spec.data.file} (${spec.task}) on this machine`);
  // Evaluation converts the whole file into the test part, in order: the n-th test record came from lines[n].
  const lines: number[] = [];
  const data = await prepareLocalData(context, [0, 0, 100], (part, source) => {
    if (part === 'test') lines.push(source.line);
  });
  if (!data.files.test) throw new Error(`No valid record to evaluate in ${spec.data.file}.`);
  const records: CanonicalRecord[] = [];
  for await (const record of canonicalRecords(data.files.test, signal)) records.push(record);
  const inputs: InferenceInput[] = records.map((record) => task.inference.fromRecord(record));
  const references = records.map((record) => (task.referenceRole === undefined ? undefined : record[task.referenceRole]));
  await log(`${describeJobData(data)}; loading the model`);
  const outputs = await runModel(context, inputs);
  const predictions = records.map((record, i) => task.inference.prediction(outputs[i] ?? emptyOutput(task.inference.output), record));
  const { report, note } = scoreWithReferences(spec.task, predictions, references);
  const predictionsFile = path.join(jobFolder, 'predictions.jsonl');
  // Each row leads back to the data: the line of the user's file it came from and the text the model read.
  const rows = records.map((_, i): PredictionLine & { output: unknown } => ({ prediction: predictions[i], reference: references[i], output: outputs[i], line: lines[i], input: inputText(inputs[i]) }));
  await writeFile(predictionsFile, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  if (note) await log(note);
  if (!report) return { outputs: { predictions: predictionsFile } };
  const metricsFile = path.join(jobFolder, 'metrics.json');
  await writeFile(metricsFile, `${JSON.stringify(report, null, 2)}\n`);
  for (const [name, value] of Object.entries(report.metrics)) await log(`${name}: ${value.toFixed(4)}`);
  return { metrics: report.metrics, outputs: { predictions: predictionsFile, metrics: metricsFile } };
}
