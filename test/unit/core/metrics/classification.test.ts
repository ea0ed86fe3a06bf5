import assert from 'node:assert/strict';
import { classificationReport } from '../../../../src/core/metrics/classification';
import { computeTaskMetrics } from '../../../../src/core/metrics';

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-4, `${what}: ${actual} ≠ ${expected}`);

describe('classification metrics (scikit-learn semantics)', () => {
  // scikit-learn, sklearn/metrics/_classification.py, docstring of precision_recall_fscore_support:
  //   y_true = ['cat', 'dog', 'pig', 'cat', 'dog', 'pig'], y_pred = ['cat', 'pig', 'dog', 'cat', 'cat', 'dog']
  //   average='macro'    → (0.222..., 0.333..., 0.266..., None)
  //   average='micro'    → (0.333..., 0.333..., 0.333..., None)
  //   average='weighted' → (0.222..., 0.333..., 0.266..., None)
  const truth = ['cat', 'dog', 'pig', 'cat', 'dog', 'pig'];
  const predicted = ['cat', 'pig', 'dog', 'cat', 'cat', 'dog'];

  it('matches the macro, micro and weighted averages of the scikit-learn docstring', () => {
    const report = classificationReport(predicted, truth);
    close(report.macro.precision, 0.2222, 'macro precision');
    close(report.macro.recall, 0.3333, 'macro recall');
    close(report.macro.f1, 0.2667, 'macro f1');
    close(report.micro.precision, 0.3333, 'micro precision');
    close(report.micro.f1, 0.3333, 'micro f1');
    close(report.weighted.precision, 0.2222, 'weighted precision');
    close(report.weighted.f1, 0.2667, 'weighted f1');
    close(report.accuracy, 2 / 6, 'accuracy');
    // Per class, by hand: cat 2 of 3 predicted right (P 2/3), both cats found (R 1), F1 0.8; dog and pig 0.
    assert.deepEqual(report.perClass.map((c) => [c.label, c.support]), [['cat', 2], ['dog', 2], ['pig', 2]]);
    close(report.perClass[0]?.f1 ?? -1, 0.8, 'cat f1');
  });

  it('counts a class only predicted (never true) with support 0 and zero precision, as zero_division=0 does', () => {
    const report = classificationReport(['a', 'b', 'c'], ['a', 'b', 'b']);
    assert.deepEqual(report.perClass.map((c) => [c.label, c.precision, c.recall, c.support]), [['a', 1, 1, 1], ['b', 1, 0.5, 2], ['c', 0, 0, 0]]);
    assert.throws(() => classificationReport(['a'], ['a', 'b']), /1 predictions for 2 references/);
  });

  it('names the metrics as Azure ML does, for text classification', () => {
    const report = computeTaskMetrics('text-classification', predicted, truth);
    assert.equal(report.count, 6);
    close(report.metrics.f1_score_macro ?? -1, 0.2667, 'f1_score_macro');
    close(report.metrics.precision_score_weighted ?? -1, 0.2222, 'precision_score_weighted');
    assert.deepEqual(Object.keys(report.metrics).sort(), [
      'accuracy', 'f1_score_macro', 'f1_score_micro', 'f1_score_weighted', 'precision_score_macro', 'precision_score_micro',
      'precision_score_weighted', 'recall_score_macro', 'recall_score_micro', 'recall_score_weighted',
    ]);
  });
});
