/**
 * Classification metrics as scikit-learn computes them (`accuracy_score`, `precision_recall_fscore_support` with
 * `zero_division=0`): per class, then macro (unweighted mean over classes), micro (pooled counts) and weighted
 * (mean weighted by support) averages. Classes are the labels seen in references or predictions, sorted.
 */
export interface ClassFigures {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface ClassificationReport {
  readonly accuracy: number;
  readonly perClass: ClassFigures[];
  readonly macro: { precision: number; recall: number; f1: number };
  readonly micro: { precision: number; recall: number; f1: number };
  readonly weighted: { precision: number; recall: number; f1: number };
}

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 0 : numerator / denominator);
const f1Of = (precision: number, recall: number) => ratio(2 * precision * recall, precision + recall);

export function classificationReport(predictions: readonly string[], references: readonly string[]): ClassificationReport {
  if (predictions.length !== references.length) {
    throw new Error(`${predictions.length} predictions for ${references.length} references: they must pair up one to one.`);
  }
  const labels = [...new Set([...references, ...predictions])].sort();
  const tp = new Map<string, number>();
  const predicted = new Map<string, number>();
  const actual = new Map<string, number>();
  let correct = 0;
  predictions.forEach((prediction, i) => {
    const reference = references[i] as string;
    predicted.set(prediction, (predicted.get(prediction) ?? 0) + 1);
    actual.set(reference, (actual.get(reference) ?? 0) + 1);
    if (prediction === reference) {
      correct++;
      tp.set(reference, (tp.get(reference) ?? 0) + 1);
    }
  });
  const perClass = labels.map((label) => {
    const precision = ratio(tp.get(label) ?? 0, predicted.get(label) ?? 0);
    const recall = ratio(tp.get(label) ?? 0, actual.get(label) ?? 0);
    return { label, precision, recall, f1: f1Of(precision, recall), support: actual.get(label) ?? 0 };
  });
  const mean = (key: 'precision' | 'recall' | 'f1') => ratio(perClass.reduce((sum, c) => sum + c[key], 0), perClass.length);
  const total = references.length;
  const weightedMean = (key: 'precision' | 'recall' | 'f1') => ratio(perClass.reduce((sum, c) => sum + c[key] * c.support, 0), total);
  // Single-label: every wrong prediction is one false positive and one false negative, so micro P = R = accuracy.
  const microPrecision = ratio(correct, total);
  return {
    accuracy: ratio(correct, total),
    perClass,
    macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') },
    micro: { precision: microPrecision, recall: microPrecision, f1: f1Of(microPrecision, microPrecision) },
    weighted: { precision: weightedMean('precision'), recall: weightedMean('recall'), f1: weightedMean('f1') },
  };
}
