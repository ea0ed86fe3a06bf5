import * as z from 'zod';
import { MAX_CONFUSION_MATRIX_LABELS } from '../inputLimits';
import type { TaskId } from '../tasks';
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
 * | task | metrics | computed as |
 * | --- | --- | --- |
 * | text-classification | accuracy, {f1,precision,recall}_score_{macro,micro,weighted}, per class, confusion matrix | scikit-learn (`classification.ts`) |
 * | token-classification | accuracy (token), {f1,precision,recall}_score_{macro,micro,weighted} (entity), per entity type | seqeval default mode (`seqeval.ts`) |
 * | question-answering | exact_match, f1_score (0–100) | SQuAD v1.1 script (`squad.ts`) |
 * | summarization | rouge1, rouge2, rougeL, rougeLsum (mean F-measure) | rouge-score (`rouge.ts`) |
 * | translation | sacrebleu (0–100), bleu_1 … bleu_4 (0–1) | sacrebleu; Hugging Face `bleu` (`bleu.ts`) |
 * | text-generation | rouge1, rouge2, rougeL, rougeLsum, sacrebleu, bleu_1 … bleu_4 | as above |
 * | fill-mask | accuracy of the top prediction | exact match after trimming spaces |
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

/** A class label: a string, or an integer taken as its decimal string (`1` and `"1"` are the same class). */
const LabelSchema = z.union([z.string(), z.number().int()]).transform((value) => String(value));
/** One tag per token; a tag is never empty (seqeval reads its first character). */
const TagsSchema = z.array(z.string().min(1, 'a tag is empty'));
const TextSchema = z.string();
/** One reference text, or several (ROUGE takes the best, BLEU clips n-grams against all). */
const TextsSchema = z.union([z.string(), z.array(z.string()).min(1, 'at least one reference')]);
/** The acceptable answers of a question: a list (or one answer as a string). */
const AnswersSchema = z.union([z.string().transform((answer) => [answer]), z.array(z.string()).min(1, 'at least one answer')]);

/** The shape of one prediction and of one reference, per task. */
export const METRIC_RECORD_SCHEMAS = {
  'text-classification': { prediction: LabelSchema, reference: LabelSchema },
  'token-classification': { prediction: TagsSchema, reference: TagsSchema },
  'question-answering': { prediction: TextSchema, reference: AnswersSchema },
  summarization: { prediction: TextSchema, reference: TextsSchema },
  translation: { prediction: TextSchema, reference: TextsSchema },
  'text-generation': { prediction: TextSchema, reference: TextsSchema },
  'fill-mask': { prediction: TextSchema, reference: TextSchema },
} as const satisfies Record<TaskId, { prediction: z.ZodType; reference: z.ZodType }>;

/** What a prediction or reference of each task looks like, for usage texts. */
export const METRIC_RECORD_SHAPES: Readonly<Record<TaskId, { prediction: string; reference: string }>> = {
  'text-classification': { prediction: 'label (string or integer)', reference: 'label (string or integer)' },
  'token-classification': { prediction: 'tags (list of strings, one per token)', reference: 'tags (list of strings, same length)' },
  'question-answering': { prediction: 'answer text', reference: 'list of acceptable answer texts' },
  summarization: { prediction: 'summary text', reference: 'reference summary (string, or list of strings)' },
  translation: { prediction: 'translation text', reference: 'reference translation (string, or list of strings)' },
  'text-generation': { prediction: 'generated text', reference: 'expected text (string, or list of strings)' },
  'fill-mask': { prediction: 'top predicted token', reference: 'expected token' },
};

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

export function computeTaskMetrics(task: TaskId, predictions: readonly unknown[], references: readonly unknown[], options: MetricsOptions = {}): MetricsReport {
  assertPaired(predictions, references);
  if (predictions.length === 0) throw new Error('No prediction to score.');
  const count = predictions.length;
  const report = (metrics: Record<string, number>, extra: Partial<MetricsReport> = {}) => MetricsReportSchema.parse({ task, count, metrics, ...extra });

  switch (task) {
    case 'text-classification': {
      const r = classificationReport(parseAll(METRIC_RECORD_SCHEMAS[task].prediction, predictions, 'prediction'), parseAll(METRIC_RECORD_SCHEMAS[task].reference, references, 'reference'));
      const metrics: Record<string, number> = { accuracy: r.accuracy };
      for (const average of ['macro', 'micro', 'weighted'] as const) {
        metrics[`f1_score_${average}`] = r[average].f1;
        metrics[`precision_score_${average}`] = r[average].precision;
        metrics[`recall_score_${average}`] = r[average].recall;
      }
      if (!r.confusionMatrix) {
        return report(metrics, { perClass: r.perClass, notes: [`no confusion matrix: ${r.labels.length} classes, more than the ${MAX_CONFUSION_MATRIX_LABELS} it is drawn for; is the label the right field?`] });
      }
      return report(metrics, { perClass: r.perClass, confusionMatrix: { labels: r.labels, matrix: r.confusionMatrix } });
    }
    case 'token-classification': {
      const predicted = parseAll(METRIC_RECORD_SCHEMAS[task].prediction, predictions, 'prediction');
      const truth = parseAll(METRIC_RECORD_SCHEMAS[task].reference, references, 'reference');
      predicted.forEach((tags, i) => {
        const expected = (truth[i] as string[]).length;
        if (tags.length !== expected) throw new MetricsInputError('prediction', i, `${tags.length} tags for ${expected} reference tags; there must be one tag per token`);
      });
      const r = seqevalReport(predicted, truth);
      const metrics: Record<string, number> = { accuracy: r.accuracy };
      for (const average of ['macro', 'micro', 'weighted'] as const) {
        metrics[`f1_score_${average}`] = r[average].f1;
        metrics[`precision_score_${average}`] = r[average].precision;
        metrics[`recall_score_${average}`] = r[average].recall;
      }
      return report(metrics, {
        perClass: r.perType,
        notes: ['accuracy is per token; precision, recall and F1 are per entity (seqeval default mode, as conlleval)'],
      });
    }
    case 'question-answering': {
      const r = squadScores(parseAll(METRIC_RECORD_SCHEMAS[task].prediction, predictions, 'prediction'), parseAll(METRIC_RECORD_SCHEMAS[task].reference, references, 'reference'));
      return report({ exact_match: r.exactMatch, f1_score: r.f1 }, { notes: ['exact_match and f1_score: SQuAD v1.1 evaluation, 0–100'] });
    }
    case 'summarization': {
      const rouge = corpusRouge(parseAll(METRIC_RECORD_SCHEMAS[task].prediction, predictions, 'prediction'), parseAll(METRIC_RECORD_SCHEMAS[task].reference, references, 'reference'), options);
      return report({ ...rouge }, { notes: [ROUGE_NOTE] });
    }
    case 'translation': {
      const p = parseAll(METRIC_RECORD_SCHEMAS[task].prediction, predictions, 'prediction');
      const r = parseAll(METRIC_RECORD_SCHEMAS[task].reference, references, 'reference');
      return report({ sacrebleu: sacreBleu(p, r).score, ...azureBleuNgrams(p, r) }, { notes: [BLEU_NOTE] });
    }
    case 'text-generation': {
      const p = parseAll(METRIC_RECORD_SCHEMAS[task].prediction, predictions, 'prediction');
      const r = parseAll(METRIC_RECORD_SCHEMAS[task].reference, references, 'reference');
      return report({ ...corpusRouge(p, r, options), sacrebleu: sacreBleu(p, r).score, ...azureBleuNgrams(p, r) }, { notes: [ROUGE_NOTE, BLEU_NOTE] });
    }
    case 'fill-mask': {
      const p = parseAll(METRIC_RECORD_SCHEMAS[task].prediction, predictions, 'prediction');
      const r = parseAll(METRIC_RECORD_SCHEMAS[task].reference, references, 'reference');
      const right = p.filter((token, i) => token.trim() === (r[i] as string).trim()).length;
      return report({ accuracy: right / count }, { notes: ['accuracy: the top prediction equals the expected token (leading and trailing spaces ignored)'] });
    }
  }
}
