/**
 * Every metric name a job can report, with what a user reads instead of the key: a display name, a one-line meaning
 * and which way is better. The keys are those of the metric engines (`index.ts`, Azure ML's names), of Azure ML's
 * `compute_metrics` component, and of the Hugging Face Trainer a fine-tune runs (its `eval_`, `test_` and `train_`
 * prefixes name the part of the data, see `describeMetric`). The metrics view, the completion notification, the Jobs
 * tooltip and the comparison all read this one table.
 */

/** Which way a metric is better: `none` for what only describes a run (its epoch, runtime, learning rate). */
export type MetricDirection = 'higher' | 'lower' | 'none';

export interface MetricName {
  readonly displayName: string;
  /** One line: what the number measures (and its scale where that is not 0–1). */
  readonly meaning: string;
  readonly better: MetricDirection;
}

const higher = (displayName: string, meaning: string): MetricName => ({ displayName, meaning, better: 'higher' });
const lower = (displayName: string, meaning: string): MetricName => ({ displayName, meaning, better: 'lower' });
const neutral = (displayName: string, meaning: string): MetricName => ({ displayName, meaning, better: 'none' });

const AVERAGES = {
  macro: 'averaged over classes, each class weighing the same',
  micro: 'over all decisions pooled',
  weighted: 'averaged over classes, weighted by how many records each has',
} as const;

/** `f1_score_macro` … `recall_score_weighted`: the averaged precision, recall and F1. */
function averaged(): Record<string, MetricName> {
  const entries: Record<string, MetricName> = {};
  for (const [average, how] of Object.entries(AVERAGES)) {
    entries[`f1_score_${average}`] = higher(`F1 (${average})`, `harmonic mean of precision and recall, ${how}`);
    entries[`precision_score_${average}`] = higher(`Precision (${average})`, `share of the records predicted as a class that really are of it, ${how}`);
    entries[`recall_score_${average}`] = higher(`Recall (${average})`, `share of the records of a class predicted as it, ${how}`);
    entries[`AUC_${average}`] = higher(`AUC (${average})`, `area under the ROC curve, ${how}`);
    entries[`average_precision_score_${average}`] = higher(`Average precision (${average})`, `area under the precision-recall curve, ${how}`);
  }
  return entries;
}

/** `bleu_1` … `bleu_4`: Hugging Face `bleu` with max_order n, as Azure ML reports it. */
function bleuOrders(): Record<string, MetricName> {
  const entries: Record<string, MetricName> = {};
  for (const n of [1, 2, 3, 4]) entries[`bleu_${n}`] = higher(`BLEU-${n}`, `precision of word sequences of up to ${n} word${n === 1 ? '' : 's'} against the references, with a brevity penalty`);
  return entries;
}

export const METRIC_NAMES: Readonly<Record<string, MetricName>> = {
  // Classification (scikit-learn; Azure ML compute_metrics adds the AUC, log loss and the rest)
  accuracy: higher('Accuracy', 'share of records whose prediction equals the reference'),
  ...averaged(),
  balanced_accuracy: higher('Balanced accuracy', 'recall averaged over classes, so rare classes count as much as common ones'),
  weighted_accuracy: higher('Weighted accuracy', 'accuracy with each record weighted by its class’s share of the data'),
  matthews_correlation: higher('Matthews correlation', 'agreement of predictions and references, −1 to 1, robust to unbalanced classes'),
  norm_macro_recall: higher('Normalized macro recall', 'macro recall rescaled so that random guessing scores 0 and perfection 1'),
  log_loss: lower('Log loss', 'cross-entropy of the predicted class probabilities'),
  // Question answering (SQuAD v1.1)
  exact_match: higher('Exact match', 'answers equal to a reference after SQuAD normalization, 0–100'),
  f1_score: higher('F1 (word overlap)', 'overlap of the words of answer and reference, SQuAD, 0–100'),
  // Summarization and generation (rouge-score)
  rouge1: higher('ROUGE-1', 'overlap of single words with the reference, F-measure'),
  rouge2: higher('ROUGE-2', 'overlap of word pairs with the reference, F-measure'),
  rougeL: higher('ROUGE-L', 'longest common word sequence with the reference, F-measure'),
  rougeLsum: higher('ROUGE-Lsum', 'longest common sequence per sentence (split on newlines), summary-level F-measure'),
  // Translation and generation
  sacrebleu: higher('BLEU (sacrebleu)', 'corpus BLEU as sacrebleu computes it, 0–100'),
  ...bleuOrders(),
  // Language models
  perplexity: lower('Perplexity', 'how surprised the model is by the text, on average'),
  mean_perplexity: lower('Mean perplexity', 'perplexity of each text, averaged over the texts'),
  // Training (the Hugging Face Trainer's log, MLflow on Azure)
  loss: lower('Loss', 'the cross-entropy the training minimises'),
  learning_rate: neutral('Learning rate', 'the optimizer’s step size at this point of the schedule'),
  grad_norm: neutral('Gradient norm', 'size of the gradient before clipping; spikes mean unstable training'),
  epoch: neutral('Epoch', 'passes over the training data so far'),
  runtime: neutral('Runtime', 'seconds it took'),
  samples_per_second: neutral('Samples per second', 'records processed per second'),
  steps_per_second: neutral('Steps per second', 'optimizer steps per second'),
  total_flos: neutral('Total FLOs', 'floating-point operations the training took'),
};

/** Trainer prefixes: which part of the data a metric was measured on. */
const PARTS: Readonly<Record<string, string>> = { eval_: 'validation', test_: 'test', train_: 'training' };

export interface DescribedMetric extends MetricName {
  readonly key: string;
  /** The table has it (directly or after a prefix); an unknown key shows as it is, with no meaning. */
  readonly known: boolean;
}

/**
 * What to call `key` and what it means: its entry, or for `eval_…`, `test_…` and `train_…` the entry of the rest with
 * the part of the data in brackets (`eval_accuracy` → `Accuracy (validation)`). An unknown key keeps its name.
 */
export function describeMetric(key: string): DescribedMetric {
  const own = Object.hasOwn(METRIC_NAMES, key) ? METRIC_NAMES[key] : undefined;
  if (own) return { key, known: true, ...own };
  for (const [prefix, part] of Object.entries(PARTS)) {
    const rest = key.slice(prefix.length);
    const base = key.startsWith(prefix) && Object.hasOwn(METRIC_NAMES, rest) ? METRIC_NAMES[rest] : undefined;
    if (base) return { key, known: true, ...base, displayName: `${base.displayName} (${part})`, meaning: `${base.meaning}; on the ${part} data` };
  }
  return { key, known: false, displayName: key, meaning: '', better: 'none' };
}

export const metricDisplayName = (key: string): string => describeMetric(key).displayName;

/** The meaning, with `lower is better` where it is (higher is what a reader assumes). */
export function metricMeaning(metric: Pick<MetricName, 'meaning' | 'better'>): string {
  return metric.better === 'lower' && metric.meaning ? `${metric.meaning}; lower is better` : metric.meaning;
}

/** A metric's value as the views show it: whole numbers as they are, others to `digits` decimals. */
export function formatMetricValue(value: number, digits = 4): string {
  if (Number.isInteger(value)) return String(value);
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) > 0 && Math.abs(value) < 10 ** -digits ? value.toExponential(2) : value.toFixed(digits);
}

/**
 * `Accuracy 0.912, F1 (macro) 0.874`: the first `count` metrics that measure quality (those with a better direction;
 * a run's runtime or epoch only where there is nothing else), for a notification or a one-line summary.
 */
export function summarizeMetrics(metrics: Readonly<Record<string, number>>, count = 3, digits = 3): string {
  const entries = Object.entries(metrics);
  const measured = entries.filter(([key]) => describeMetric(key).better !== 'none');
  return (measured.length > 0 ? measured : entries)
    .slice(0, count)
    .map(([key, value]) => `${metricDisplayName(key)} ${formatMetricValue(value, digits)}`)
    .join(', ');
}
