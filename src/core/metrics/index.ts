import * as z from 'zod';
import { MAX_CONFUSION_MATRIX_LABELS } from '../inputLimits';
import { TASK_IDS, TASKS, type MetricFamily, type TaskId } from '../tasks';
import { azureBleuNgrams, sacreBleu } from './bleu';
import { assertPaired, classificationReport } from './classification';
import { corpusRouge as corpusRougeUnchecked, RougePairTooLongError } from './rouge';
import { seqevalReport } from './seqeval';
import { squadScores } from './squad';

/**
 * Metrics of a task's predictions against its references, named as Azure ML names them (`accuracy`,
 * `f1_score_macro`, `precision_score_weighted`, `exact_match`, `rouge1`, `bleu_4`, …) so that local and Azure results
 * read the same; `sacrebleu` is sacrebleu's corpus BLEU, which Azure does not report.
 *
 * Each task names its metric family in the task table (`src/core/tasks`); a family is one engine:
 *
 * | family (tasks) | metrics | computed as |
 * | --- | --- | --- |
 * | classification (text classification) | accuracy, {f1,precision,recall}_score_{macro,micro,weighted}, per class, confusion matrix | scikit-learn (`classification.ts`) |
 * | sequence-labelling (token classification) | accuracy (token), {f1,precision,recall}_score_{macro,micro,weighted} (entity), per entity type | seqeval default mode (`seqeval.ts`) |
 * | extractive-qa (question answering) | exact_match, f1_score (0–100) | SQuAD v1.1 script (`squad.ts`) |
 * | rouge (summarization) | rouge1, rouge2, rougeL, rougeLsum (mean F-measure) | rouge-score (`rouge.ts`) |
 * | bleu (translation) | sacrebleu (0–100), bleu_1 … bleu_4 (0–1) | sacrebleu; Hugging Face `bleu` (`bleu.ts`) |
 * | rouge-and-bleu (text generation) | rouge1, rouge2, rougeL, rougeLsum, sacrebleu, bleu_1 … bleu_4 | as above |
 * | exact-match (fill-mask) | accuracy of the top prediction | exact match after trimming spaces |
 */

export const MetricsReportSchema = z.object({
  task: z.string(),
  count: z.number().int().nonnegative(),
  metrics: z.record(z.string(), z.number()),
  perClass: z.array(z.object({ label: z.string(), precision: z.number(), recall: z.number(), f1: z.number(), support: z.number() })).optional(),
  /** Text classification: `matrix[i][j]` counts references of `labels[i]` predicted as `labels[j]`. */
  confusionMatrix: z.object({ labels: z.array(z.string()), matrix: z.array(z.array(z.number().int().nonnegative())) }).optional(),
  notes: z.array(z.string()).optional(),
});
export type MetricsReport = z.infer<typeof MetricsReportSchema>;

/** The shape of one prediction and of one reference, per task (from the task table). */
export const METRIC_RECORD_SCHEMAS = Object.fromEntries(
  TASK_IDS.map((id) => [id, { prediction: TASKS[id].metrics.prediction, reference: TASKS[id].metrics.reference }]),
) as Readonly<Record<TaskId, { prediction: z.ZodType; reference: z.ZodType }>>;

/** What a prediction or reference of each task looks like, for usage texts. */
export const METRIC_RECORD_SHAPES = Object.fromEntries(
  TASK_IDS.map((id) => [id, { prediction: TASKS[id].metrics.predictionShape, reference: TASKS[id].metrics.referenceShape }]),
) as Readonly<Record<TaskId, { prediction: string; reference: string }>>;

export interface MetricsOptions {
  /** ROUGE with Porter stemming (rouge-score's `use_stemmer`); off by default, as in Hugging Face evaluate. */
  readonly useStemmer?: boolean;
}

/** A prediction or reference that does not have its task's shape; `index` counts from 0. */
export class MetricsInputError extends Error {
  override readonly name = 'MetricsInputError';
  constructor(
    readonly side: 'prediction' | 'reference',
    readonly index: number,
    readonly problem: string,
  ) {
    super(`${side} ${index + 1}: ${problem}`);
  }
}

/** `a string`, `the number 7`, `a list of 3`: what a JSON value is, for messages. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  return typeof value;
}

/** Of the branches of a failed union, the issue that got furthest into the value (the longest path). */
function deepestBranchIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  let best: z.core.$ZodIssue | undefined;
  for (const branch of issue.errors) for (const candidate of branch) if (!best || candidate.path.length > best.path.length) best = candidate;
  return best && best.path.length > 0 ? { ...best, path: [...issue.path, ...best.path] } : undefined;
}

/**
 * The first zod issue of a failed parse, as one short line (`[2]: a tag is empty` for the third tag). A value that
 * matches no form of a union (zod says only "Invalid input") is described by what was `expected` and what `value`
 * was found, unless one form got further into it: then that form's issue, where it is.
 */
export function describeIssue(error: z.ZodError, expected?: string, value?: unknown): string {
  const first = error.issues[0];
  if (!first) return 'invalid';
  const issue = deepestBranchIssue(first) ?? first;
  const where = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '');
  const message = issue.code === 'invalid_union' && issue.path.length === 0 && expected ? `expected ${expected}, found ${describeJsonValue(value)}` : issue.message;
  return where ? `${where}: ${message}` : message;
}

function parseAll<T extends z.ZodType>(schema: T, values: readonly unknown[], side: 'prediction' | 'reference', expected?: string): z.output<T>[] {
  return values.map((value, i) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new MetricsInputError(side, i, describeIssue(parsed.error, expected, value));
    return parsed.data;
  });
}

/** ROUGE over the corpus; a pair too long to compare is a problem of that prediction, located like the others. */
function corpusRouge(predictions: readonly string[], references: readonly (string | readonly string[])[], options: MetricsOptions) {
  try {
    return corpusRougeUnchecked(predictions, references, options);
  } catch (error) {
    if (error instanceof RougePairTooLongError) throw new MetricsInputError('prediction', error.index, error.message);
    throw error;
  }
}

const ROUGE_NOTE = 'rouge1, rouge2, rougeL, rougeLsum: mean over pairs of the F-measure (rouge-score tokenizer; Hugging Face evaluate\'s default bootstrap aggregate is a resampled estimate of this mean)';
const BLEU_NOTE = 'sacrebleu: sacrebleu corpus BLEU (13a, exp smoothing, closest reference length), 0–100; bleu_1 … bleu_4: Hugging Face evaluate bleu with max_order 1 … 4 (no smoothing, shortest reference length), 0–1';

type Report = (metrics: Record<string, number>, extra?: Partial<MetricsReport>) => MetricsReport;

/** The engine of each metric family, on predictions and references already parsed to the task's shapes. */
const ENGINES: Readonly<Record<MetricFamily, (p: unknown[], r: unknown[], report: Report, options: MetricsOptions) => MetricsReport>> = {
  classification: (p, r, report) => {
    const c = classificationReport(p as string[], r as string[]);
    if (!c.confusionMatrix) {
      const note = `no confusion matrix: ${c.labels.length} classes, more than the ${MAX_CONFUSION_MATRIX_LABELS} it is drawn for; is the label the right field?`;
      return report(averagedMetrics(c.accuracy, c), { perClass: c.perClass, notes: [note] });
    }
    return report(averagedMetrics(c.accuracy, c), { perClass: c.perClass, confusionMatrix: { labels: c.labels, matrix: c.confusionMatrix } });
  },
  'sequence-labelling': (p, r, report) => {
    const predicted = p as string[][];
    const truth = r as string[][];
    predicted.forEach((tags, i) => {
      const expected = (truth[i] as string[]).length;
      if (tags.length !== expected) throw new MetricsInputError('prediction', i, `${tags.length} tags for ${expected} reference tags; there must be one tag per token`);
    });
    const s = seqevalReport(predicted, truth);
    return report(averagedMetrics(s.accuracy, s), {
      perClass: s.perType,
      notes: ['accuracy is per token; precision, recall and F1 are per entity (seqeval default mode, as conlleval)'],
    });
  },
  'extractive-qa': (p, r, report) => {
    const s = squadScores(p as string[], r as string[][]);
    return report({ exact_match: s.exactMatch, f1_score: s.f1 }, { notes: ['exact_match and f1_score: SQuAD v1.1 evaluation, 0–100'] });
  },
  rouge: (p, r, report, options) => report({ ...corpusRouge(p as string[], r as (string | string[])[], options) }, { notes: [ROUGE_NOTE] }),
  bleu: (p, r, report) => {
    const texts = p as string[];
    const refs = r as (string | string[])[];
    return report({ sacrebleu: sacreBleu(texts, refs).score, ...azureBleuNgrams(texts, refs) }, { notes: [BLEU_NOTE] });
  },
  'rouge-and-bleu': (p, r, report, options) => {
    const texts = p as string[];
    const refs = r as (string | string[])[];
    return report({ ...corpusRouge(texts, refs, options), sacrebleu: sacreBleu(texts, refs).score, ...azureBleuNgrams(texts, refs) }, { notes: [ROUGE_NOTE, BLEU_NOTE] });
  },
  'exact-match': (p, r, report) => {
    const right = (p as string[]).filter((token, i) => token.trim() === (r[i] as string).trim()).length;
    return report({ accuracy: right / p.length }, { notes: ['accuracy: the top prediction equals the expected token (leading and trailing spaces ignored)'] });
  },
};

/** Accuracy and precision/recall/F1 under the three averages, named as Azure ML names them. */
function averagedMetrics(accuracy: number, averages: Record<'macro' | 'micro' | 'weighted', { precision: number; recall: number; f1: number }>): Record<string, number> {
  const metrics: Record<string, number> = { accuracy };
  for (const average of ['macro', 'micro', 'weighted'] as const) {
    metrics[`f1_score_${average}`] = averages[average].f1;
    metrics[`precision_score_${average}`] = averages[average].precision;
    metrics[`recall_score_${average}`] = averages[average].recall;
  }
  return metrics;
}

/** The task's metrics (its family's engine, from the task table) of predictions against references. */
export function computeTaskMetrics(task: TaskId, predictions: readonly unknown[], references: readonly unknown[], options: MetricsOptions = {}): MetricsReport {
  assertPaired(predictions, references);
  if (predictions.length === 0) throw new Error('No prediction to score.');
  const { metrics } = TASKS[task];
  const report: Report = (values, extra = {}) => MetricsReportSchema.parse({ task, count: predictions.length, metrics: values, ...extra });
  return ENGINES[metrics.family](parseAll(metrics.prediction, predictions, 'prediction'), parseAll(metrics.reference, references, 'reference'), report, options);
}
