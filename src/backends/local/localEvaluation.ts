import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readDataset } from '../../core/datasets/datasetReader';
import { formatProblem } from '../../core/datasets/datasetProblem';
import { mapRecord } from '../../core/datasets/recordMapping';
import { computeTaskMetrics } from '../../core/metrics';
import type { LocalJobContext, LocalJobResult } from './localJobContext';

const BATCH_SIZE = 16;
/** Problems listed in the log before the rest are only counted. */
export const PROBLEMS_SHOWN = 10;

/**
 * Evaluation on this machine: the valid records of the data file (invalid ones are skipped and listed in the
 * log), scored in batches by the model folder's ONNX export through transformers.js, then the task's metrics.
 * Writes `predictions.jsonl` and `metrics.json` into the job folder.
 */
export async function evaluateLocally({ spec, modelFolder, jobFolder, signal, log }: LocalJobContext): Promise<LocalJobResult> {
  await log(`Evaluating ${modelFolder} on ${spec.data.file} (${spec.task}) on this machine`);
  const texts: string[] = [];
  const pairs: (string | undefined)[] = [];
  const references: string[] = [];
  let skipped = 0;
  for await (const item of readDataset(spec.data.file, { signal })) {
    if (item.kind === 'problem') {
      if (skipped++ < PROBLEMS_SHOWN) await log(`skipped: ${formatProblem(item.problem)}`);
      continue;
    }
    const mapped = mapRecord(spec.task, spec.data.mapping, item.record);
    if (!mapped.ok) {
      const where = { file: spec.data.file, line: item.record.line };
      if (skipped++ < PROBLEMS_SHOWN) await log(`skipped: ${mapped.problems.map((p) => formatProblem({ ...where, ...p })).join('; ')}`);
      continue;
    }
    texts.push(String(mapped.record.sentence));
    pairs.push(mapped.record.sentence2 === undefined ? undefined : String(mapped.record.sentence2));
    references.push(String(mapped.record.label));
  }
  if (skipped > 0) await log(`${skipped} record${skipped === 1 ? '' : 's'} skipped as invalid${skipped > PROBLEMS_SHOWN ? ` (first ${PROBLEMS_SHOWN} shown)` : ''}`);
  if (texts.length === 0) throw new Error(`No valid record to evaluate in ${spec.data.file}.`);
  await log(`${texts.length} records; loading the model`);
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
  await writeFile(predictionsFile, predictions.map((prediction, i) => JSON.stringify({ prediction, reference: references[i] })).join('\n') + '\n');
  await writeFile(metricsFile, `${JSON.stringify(report, null, 2)}\n`);
  for (const [name, value] of Object.entries(report.metrics)) await log(`${name}: ${value.toFixed(4)}`);
  return { metrics: report.metrics, outputs: { predictions: predictionsFile, metrics: metricsFile } };
}
