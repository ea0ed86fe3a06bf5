import assert from 'node:assert/strict';
import { computeTaskMetrics } from '../../../../src/core/metrics';
import { classificationReport, confusionMatrix } from '../../../../src/core/metrics/classification';

const close = (actual: number, expected: number, what: string, tolerance = 1e-4) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);
const strings = (values: number[]) => values.map(String);

describe('classification metrics (scikit-learn semantics)', () => {
  // scikit-learn 1.2.1, sklearn/metrics/_classification.py, docstring of precision_recall_fscore_support:
  //   y_true = ['cat', 'dog', 'pig', 'cat', 'dog', 'pig'], y_pred = ['cat', 'pig', 'dog', 'cat', 'cat', 'dog']
  //   average='macro'    → (0.22..., 0.33..., 0.26..., None)
  //   average='micro'    → (0.33..., 0.33..., 0.33..., None)
  //   average='weighted' → (0.22..., 0.33..., 0.26..., None)
  //   average=None, labels=['pig', 'dog', 'cat'] → precision [0, 0, 0.66...], recall [0, 0, 1], f1 [0, 0, 0.8], support [2, 2, 2]
  const truth = ['cat', 'dog', 'pig', 'cat', 'dog', 'pig'];
  const predicted = ['cat', 'pig', 'dog', 'cat', 'cat', 'dog'];

  it('matches the averages and per-class figures of the precision_recall_fscore_support docstring', () => {
    const report = classificationReport(predicted, truth);
    close(report.macro.precision, 0.2222, 'macro precision', 0.005);
    close(report.macro.recall, 0.3333, 'macro recall', 0.005);
    close(report.macro.f1, 0.2667, 'macro f1', 0.005);
    close(report.micro.precision, 0.3333, 'micro precision', 0.005);
    close(report.micro.recall, 0.3333, 'micro recall', 0.005);
    close(report.micro.f1, 0.3333, 'micro f1', 0.005);
    close(report.weighted.precision, 0.2222, 'weighted precision', 0.005);
    close(report.weighted.recall, 0.3333, 'weighted recall', 0.005);
    close(report.weighted.f1, 0.2667, 'weighted f1', 0.005);
    assert.deepEqual(report.perClass.map((c) => [c.label, c.recall, c.f1, c.support]), [['cat', 1, 0.8, 2], ['dog', 0, 0, 2], ['pig', 0, 0, 2]]);
    close(report.perClass[0]?.precision ?? -1, 0.6667, 'cat precision', 0.005);
  });

  it('matches the accuracy_score docstring', () => {
    // scikit-learn 1.2.1, accuracy_score docstring: y_pred = [0, 2, 1, 3], y_true = [0, 1, 2, 3] → 0.5
    assert.equal(classificationReport(strings([0, 2, 1, 3]), strings([0, 1, 2, 3])).accuracy, 0.5);
  });

  it('matches the confusion_matrix docstring (rows: true label, columns: predicted)', () => {
    // scikit-learn 1.2.1, confusion_matrix docstring:
    //   y_true = [2, 0, 2, 2, 0, 1], y_pred = [0, 0, 2, 2, 0, 2] → [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
    //   y_true = ["cat", "ant", "cat", "cat", "ant", "bird"], y_pred = ["ant", "ant", "cat", "cat", "ant", "cat"],
    //   labels=["ant", "bird", "cat"] → the same matrix
    assert.deepEqual(confusionMatrix(strings([0, 0, 2, 2, 0, 2]), strings([2, 0, 2, 2, 0, 1])), [[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
    const report = classificationReport(['ant', 'ant', 'cat', 'cat', 'ant', 'cat'], ['cat', 'ant', 'cat', 'cat', 'ant', 'bird']);
    assert.deepEqual(report.labels, ['ant', 'bird', 'cat']);
    assert.deepEqual(report.confusionMatrix, [[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
  });

  it('matches the classification_report docstring (printed to 2 decimals)', () => {
    // scikit-learn 1.2.1, classification_report docstring: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1]
    //   class 0: 0.50 1.00 0.67 (1); class 1: 0.00 0.00 0.00 (1); class 2: 1.00 0.67 0.80 (3)
    //   accuracy 0.60; macro avg 0.50 0.56 0.49; weighted avg 0.70 0.60 0.61
    const report = classificationReport(strings([0, 0, 2, 2, 1]), strings([0, 1, 2, 2, 2]));
    const rows = [[0.5, 1, 0.67, 1], [0, 0, 0, 1], [1, 0.67, 0.8, 3]];
    report.perClass.forEach((c, i) => {
      const [p, r, f, support] = rows[i] as number[];
      close(c.precision, p as number, `class ${i} precision`, 0.005);
      close(c.recall, r as number, `class ${i} recall`, 0.005);
      close(c.f1, f as number, `class ${i} f1`, 0.005);
      assert.equal(c.support, support);
    });
    close(report.accuracy, 0.6, 'accuracy');
    close(report.macro.precision, 0.5, 'macro precision', 0.005);
    close(report.macro.recall, 0.56, 'macro recall', 0.005);
    close(report.macro.f1, 0.49, 'macro f1', 0.005);
    close(report.weighted.precision, 0.7, 'weighted precision', 0.005);
    close(report.weighted.recall, 0.6, 'weighted recall', 0.005);
    close(report.weighted.f1, 0.61, 'weighted f1', 0.005);
  });

  it('matches the f1_score docstring, per class', () => {
    // scikit-learn 1.2.1, f1_score docstring: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]
    //   macro 0.26..., micro 0.33..., weighted 0.26..., average=None → [0.8, 0., 0.]
    const report = classificationReport(strings([0, 2, 1, 0, 0, 1]), strings([0, 1, 2, 0, 1, 2]));
    assert.deepEqual(report.perClass.map((c) => c.f1), [0.8, 0, 0]);
    close(report.macro.f1, 0.2667, 'macro f1', 0.005);
    close(report.micro.f1, 0.3333, 'micro f1', 0.005);
  });

  it('counts a class only predicted (never true) with support 0 and zero precision, as zero_division=0 does', () => {
    // By hand: 'c' is predicted once and never true → P = R = F1 = 0 with zero_division=0; 'b' is true twice, found once.
    const report = classificationReport(['a', 'b', 'c'], ['a', 'b', 'b']);
    assert.deepEqual(report.perClass.map((c) => [c.label, c.precision, c.recall, c.support]), [['a', 1, 1, 1], ['b', 1, 0.5, 2], ['c', 0, 0, 0]]);
    assert.throws(() => classificationReport(['a'], ['a', 'b']), /1 predictions for 2 references/);
  });

  it('orders labels by code point, as NumPy sorts strings', () => {
    // np.unique sorts by code point: '10' < '2' < 'B' < 'a' < 'é' < '😀' (U+1F600) — JavaScript's default sort
    // would put '😀' (a surrogate pair) before U+FF41 'ａ'; code point order puts it after.
    assert.deepEqual(classificationReport(['a', '2', '😀', 'é'], ['B', '10', 'ａ', 'a']).labels, ['10', '2', 'B', 'a', 'é', 'ａ', '😀']);
  });

  it('names the metrics as Azure ML does, for text classification', () => {
    const report = computeTaskMetrics('text-classification', predicted, truth);
    assert.equal(report.count, 6);
    close(report.metrics.f1_score_macro ?? -1, 0.2667, 'f1_score_macro', 0.005);
    close(report.metrics.precision_score_weighted ?? -1, 0.2222, 'precision_score_weighted', 0.005);
    assert.deepEqual(Object.keys(report.metrics).sort(), [
      'accuracy', 'f1_score_macro', 'f1_score_micro', 'f1_score_weighted', 'precision_score_macro', 'precision_score_micro',
      'precision_score_weighted', 'recall_score_macro', 'recall_score_micro', 'recall_score_weighted',
    ]);
    assert.deepEqual(report.confusionMatrix?.labels, ['cat', 'dog', 'pig']);
  });
});
