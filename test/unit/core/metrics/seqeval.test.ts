import assert from 'node:assert/strict';
import { getEntities, seqevalReport } from '../../../../src/core/metrics/seqeval';

const close = (actual: number, expected: number, what: string, tolerance = 1e-4) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);
const spans = (sentences: string[][], suffix = false) => getEntities(sentences, { suffix }).map((e) => [e.type, e.start, e.end]);

describe('seqeval (default, conlleval-compatible mode)', () => {
  // chakki-works/seqeval README.md ("default mode") and the docstrings of
  // seqeval/metrics/sequence_labeling.py precision_recall_fscore_support and accuracy_score:
  //   f1 0.50; MISC 0.00 0.00 0.00 (1), PER 1.00 1.00 1.00 (1); micro/macro/weighted avg 0.50 0.50 0.50 (2);
  //   per label (array([0., 1.]), array([0., 1.]), array([0., 1.]), array([1, 1])); accuracy_score 0.80
  const yTrue = [['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER', 'O']];
  const yPred = [['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER', 'O']];

  it('matches the README and docstring example', () => {
    const report = seqevalReport(yPred, yTrue);
    for (const average of ['micro', 'macro', 'weighted'] as const) {
      close(report[average].precision, 0.5, `${average} precision`);
      close(report[average].recall, 0.5, `${average} recall`);
      close(report[average].f1, 0.5, `${average} f1`);
    }
    assert.deepEqual(report.perType.map((t) => [t.label, t.precision, t.recall, t.f1, t.support]), [['MISC', 0, 0, 0, 1], ['PER', 1, 1, 1, 1]]);
    close(report.accuracy, 0.8, 'accuracy');
    assert.equal(report.support, 2);
  });

  it('matches the f1_score docstring (micro, macro, weighted, per type)', () => {
    // seqeval/metrics/sequence_labeling.py, f1_score docstring: micro 0.6666666666666666, macro 0.75,
    // weighted 0.6666666666666666, average=None → array([0.5, 1. ])
    const truth = [['O', 'O', 'B-MISC', 'I-MISC', 'B-MISC', 'O', 'O'], ['B-PER', 'I-PER', 'O']];
    const predicted = [['O', 'O', 'B-MISC', 'I-MISC', 'B-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER', 'O']];
    const report = seqevalReport(predicted, truth);
    close(report.micro.f1, 0.6666666666666666, 'micro f1', 1e-12);
    close(report.macro.f1, 0.75, 'macro f1', 1e-12);
    close(report.weighted.f1, 0.6666666666666666, 'weighted f1', 1e-12);
    assert.deepEqual(report.perType.map((t) => t.f1), [0.5, 1]);
  });

  it('lets an I- tag open an entity, as conlleval does (README default vs strict example)', () => {
    // README: y_true = [['B-NP', 'I-NP', 'O']], y_pred = [['I-NP', 'I-NP', 'O']] → NP 1.00 1.00 1.00 in default mode.
    const report = seqevalReport([['I-NP', 'I-NP', 'O']], [['B-NP', 'I-NP', 'O']]);
    assert.deepEqual([report.micro.precision, report.micro.recall, report.micro.f1], [1, 1, 1]);
    // tests/test_metrics.py, TestF1score.test_conll_f1score: [['B-ORG', 'I-ORG']] vs predicted [['I-ORG', 'I-ORG']] → 1
    assert.equal(seqevalReport([['I-ORG', 'I-ORG']], [['B-ORG', 'I-ORG']]).micro.f1, 1);
  });

  it('extracts entities as get_entities does', () => {
    // get_entities docstring: ['B-PER', 'I-PER', 'O', 'B-LOC'] → [('PER', 0, 1), ('LOC', 3, 3)]
    assert.deepEqual(spans([['B-PER', 'I-PER', 'O', 'B-LOC']]), [['PER', 0, 1], ['LOC', 3, 3]]);
    // tests/test_metrics.py, test_get_entities: → [('MISC', 3, 5), ('PER', 7, 8)]
    assert.deepEqual(spans([['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O', 'B-PER', 'I-PER']]), [['MISC', 3, 5], ['PER', 7, 8]]);
    // test_get_entities_with_suffix_style: the same with 'MISC-B' style tags and suffix=True
    assert.deepEqual(spans([['O', 'O', 'O', 'MISC-B', 'MISC-I', 'MISC-I', 'O', 'PER-B', 'PER-I']], true), [['MISC', 3, 5], ['PER', 7, 8]]);
    // test_get_entities_with_only_IOB: [['O','O','O','B','I','I','O'], ['B','I','O']] → [('_', 3, 5), ('_', 8, 9)]
    // (the sentences are joined with an 'O' between them, so the second starts at 8)
    assert.deepEqual(spans([['O', 'O', 'O', 'B', 'I', 'I', 'O'], ['B', 'I', 'O']]), [['_', 3, 5], ['_', 8, 9]]);
  });

  it('reads IOBES (E-, S-) with the same rules', () => {
    // By hand from end_of_chunk/start_of_chunk: S- opens and closes a one-token chunk; B- … E- is one chunk; an E- after
    // O opens a chunk. ['S-PER', 'O', 'B-LOC', 'I-LOC', 'E-LOC', 'O', 'E-ORG'] → PER 0–0, LOC 2–4, ORG 6–6.
    assert.deepEqual(spans([['S-PER', 'O', 'B-LOC', 'I-LOC', 'E-LOC', 'O', 'E-ORG']]), [['PER', 0, 0], ['LOC', 2, 4], ['ORG', 6, 6]]);
  });

  it('matches Hugging Face evaluate seqeval README examples (type "_" for a stray tag, I- opening a chunk)', () => {
    // huggingface/evaluate metrics/seqeval/README.md, "Minimal values (no match)":
    //   MISC 0/0/0 number 1, PER 0/0/0 number 2, _ 0/0/0 number 1, overall 0.0, overall_accuracy 0.0
    const minimal = seqevalReport([['O', 'B-MISC', 'I-MISC'], ['B-PER', 'I-PER', 'O']], [['B-MISC', 'O', 'O'], ['I-PER', '0', 'I-PER']]);
    assert.deepEqual(minimal.perType.map((t) => [t.label, t.precision, t.recall, t.f1, t.support]), [['MISC', 0, 0, 0, 1], ['PER', 0, 0, 0, 2], ['_', 0, 0, 0, 1]]);
    assert.deepEqual([minimal.micro.precision, minimal.micro.recall, minimal.micro.f1, minimal.accuracy], [0, 0, 0, 0]);
    // "Partial match": MISC 0 (1), PER 1 (1), overall 0.5/0.5/0.5, overall_accuracy 0.8 (the README example above)
    // "Maximal values": every figure 1.0.
    const perfect = seqevalReport([['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER', 'O']], [['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER', 'O']]);
    assert.deepEqual([perfect.micro.f1, perfect.macro.f1, perfect.accuracy], [1, 1, 1]);
  });

  it('refuses sentences whose tag counts differ, as check_consistent_length does', () => {
    assert.throws(() => seqevalReport([['O']], [['O', 'O']]), /Sentence 1: 1 predicted tags for 2 reference tags/);
  });
});
