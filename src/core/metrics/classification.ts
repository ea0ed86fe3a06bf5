import { MAX_CONFUSION_MATRIX_LABELS } from '../inputLimits';
import { compareCodePoints } from './pythonStrings';

/**
 * Classification metrics as scikit-learn computes them (`accuracy_score`, `confusion_matrix`,
 * `precision_recall_fscore_support` with `zero_division=0`): per class, then macro (unweighted mean over classes),
 * micro (pooled counts) and weighted (mean weighted by support) averages. Classes are the labels seen in
 * references or predictions, sorted by code point as NumPy sorts strings (`np.unique`), so a label only ever
 * predicted is a class with support 0, as in scikit-learn.
 */
export interface ClassFigures {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** How many references carry this label. */
  readonly support: number;
}

export interface Averages {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface ClassificationReport {
  readonly accuracy: number;
  /** The classes, in the order of `perClass` and of the confusion matrix's rows and columns. */
  readonly labels: string[];
  readonly perClass: ClassFigures[];
  readonly macro: Averages;
  readonly micro: Averages;
  readonly weighted: Averages;
  /**
   * `confusionMatrix[i][j]`: how many references of `labels[i]` were predicted as `labels[j]` (scikit-learn's
   * layout); left out above `MAX_CONFUSION_MATRIX_LABELS` classes, where it would grow with their square.
   */
  readonly confusionMatrix?: number[][] | undefined;
}

/** `numerator / denominator`, or 0 where the denominator is 0 (`zero_division=0`). */
export const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);
/** F1 from precision and recall, 0 when both are 0. */
export const f1Of = (precision: number, recall: number): number => ratio(2 * precision * recall, precision + recall);

export function assertPaired(predictions: readonly unknown[], references: readonly unknown[]): void {
  if (predictions.length !== references.length) {
    throw new Error(`${predictions.length} predictions for ${references.length} references: they must pair up one to one.`);
  }
}

/** The classes of a prediction/reference set, as scikit-learn orders them. */
export function classLabels(predictions: readonly string[], references: readonly string[]): string[] {
  return [...new Set([...references, ...predictions])].sort(compareCodePoints);
}

export function confusionMatrix(predictions: readonly string[], references: readonly string[], labels = classLabels(predictions, references)): number[][] {
  assertPaired(predictions, references);
  const index = new Map(labels.map((label, i) => [label, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  predictions.forEach((prediction, i) => {
    const row = index.get(references[i] as string);
    const column = index.get(prediction);
    if (row !== undefined && column !== undefined) (matrix[row] as number[])[column]! += 1;
  });
  return matrix;
}

/** Per label: true positives, how often it was predicted, how often it is the reference; one pass, any number of labels. */
function labelCounts(predictions: readonly string[], references: readonly string[]): Map<string, { tp: number; predicted: number; support: number }> {
  const counts = new Map<string, { tp: number; predicted: number; support: number }>();
  const of = (label: string) => {
    let entry = counts.get(label);
    if (!entry) counts.set(label, (entry = { tp: 0, predicted: 0, support: 0 }));
    return entry;
  };
  predictions.forEach((prediction, i) => {
    const reference = references[i] as string;
    of(prediction).predicted++;
    of(reference).support++;
    if (prediction === reference) of(reference).tp++;
  });
  return counts;
}

export function classificationReport(predictions: readonly string[], references: readonly string[]): ClassificationReport {
  assertPaired(predictions, references);
  const labels = classLabels(predictions, references);
  const counts = labelCounts(predictions, references);
  const total = references.length;
  let correct = 0;
  const perClass = labels.map((label) => {
    const { tp, predicted, support } = counts.get(label) ?? { tp: 0, predicted: 0, support: 0 };
    correct += tp;
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    return { label, precision, recall, f1: f1Of(precision, recall), support };
  });
  const mean = (key: keyof Averages) => ratio(perClass.reduce((sum, c) => sum + c[key], 0), perClass.length);
  const weightedMean = (key: keyof Averages) => ratio(perClass.reduce((sum, c) => sum + c[key] * c.support, 0), total);
  // Single-label: every wrong prediction is one false positive and one false negative, so micro P = R = accuracy.
  const micro = ratio(correct, total);
  return {
    accuracy: micro,
    labels,
    perClass,
    macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') },
    micro: { precision: micro, recall: micro, f1: f1Of(micro, micro) },
    weighted: { precision: weightedMean('precision'), recall: weightedMean('recall'), f1: weightedMean('f1') },
    confusionMatrix: labels.length <= MAX_CONFUSION_MATRIX_LABELS ? confusionMatrix(predictions, references, labels) : undefined,
  };
}
