import * as z from 'zod';
import type { TaskId } from '../tasks';
import { classificationReport } from './classification';

/**
 * Metrics of a task's predictions against its references, named as Azure ML names them (`accuracy`,
 * `f1_score_macro`, `precision_score_weighted`, …) so that local and Azure results read the same.
 * This version scores text classification; the other tasks' metrics (seqeval, SQuAD, ROUGE, BLEU) join it.
 */
export const MetricsReportSchema = z.object({
  task: z.string(),
  count: z.number().int().nonnegative(),
  metrics: z.record(z.string(), z.number()),
  perClass: z.array(z.object({ label: z.string(), precision: z.number(), recall: z.number(), f1: z.number(), support: z.number() })).optional(),
  notes: z.array(z.string()).optional(),
});
export type MetricsReport = z.infer<typeof MetricsReportSchema>;

export function computeTaskMetrics(task: TaskId, predictions: readonly string[], references: readonly string[]): MetricsReport {
  if (task !== 'text-classification') throw new Error(`Metrics for ${task} are not available in this version yet.`);
  const report = classificationReport(predictions, references);
  const metrics: Record<string, number> = { accuracy: report.accuracy };
  for (const average of ['macro', 'micro', 'weighted'] as const) {
    metrics[`f1_score_${average}`] = report[average].f1;
    metrics[`precision_score_${average}`] = report[average].precision;
    metrics[`recall_score_${average}`] = report[average].recall;
  }
  return { task, count: predictions.length, metrics, perClass: report.perClass };
}
