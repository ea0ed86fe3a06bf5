import assert from 'node:assert/strict';
import { computeTaskMetrics, MetricsInputError, MetricsReportSchema } from '../../../../src/core/metrics';

const close = (actual: number | undefined, expected: number, what: string, tolerance = 1e-4) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);

describe('computeTaskMetrics: each task’s metrics under Azure ML’s names', () => {
  it('token classification: token accuracy and seqeval entity scores, per entity type', () => {
    // seqeval README / Hugging Face evaluate seqeval README "Partial match": overall 0.5/0.5/0.5, accuracy 0.8
    const report = computeTaskMetrics('token-classification',
      [['O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER', 'O']],
      [['O', 'O', 'O', 'B-MISC', 'I-MISC', 'I-MISC', 'O'], ['B-PER', 'I-PER', 'O']]);
    close(report.metrics.accuracy, 0.8, 'accuracy');
    for (const name of ['f1_score_micro', 'f1_score_macro', 'f1_score_weighted', 'precision_score_micro', 'recall_score_micro']) close(report.metrics[name], 0.5, name);
    assert.deepEqual(report.perClass?.map((c) => [c.label, c.f1, c.support]), [['MISC', 0, 1], ['PER', 1, 1]]);
  });

  it('question answering: exact_match and f1_score on the SQuAD 0–100 scale', () => {
    // Hugging Face evaluate squad README "Partial match" → 66.66666666666667 and 66.66666666666667
    const report = computeTaskMetrics('question-answering', ['1976', 'Beyonce', 'climate change'], [['1976'], ['Beyoncé and Bruno Mars'], 'climate change']);
    assert.deepEqual(Object.keys(report.metrics), ['exact_match', 'f1_score']);
    close(report.metrics.exact_match, 66.66666666666667, 'exact_match', 1e-9);
    close(report.metrics.f1_score, 66.66666666666667, 'f1_score', 1e-9);
  });

  it('summarization: rouge1, rouge2, rougeL, rougeLsum', () => {
    // Hugging Face evaluate rouge README, several references per prediction → 0.8333, 0.5, 0.8333, 0.8333
    const report = computeTaskMetrics('summarization', ['hello there', 'general kenobi'], [['hello', 'there'], ['general kenobi', 'general yoda']]);
    assert.deepEqual(Object.keys(report.metrics), ['rouge1', 'rouge2', 'rougeL', 'rougeLsum']);
    close(report.metrics.rouge1, 0.8333, 'rouge1');
    close(report.metrics.rouge2, 0.5, 'rouge2');
    close(report.metrics.rougeLsum, 0.8333, 'rougeLsum');
  });

  it('translation: sacrebleu and bleu_1 … bleu_4', () => {
    // sacrebleu README example: 48.53; its bleu_4 (Hugging Face bleu) is 0.5147 and bleu_1 = 14/17 (see bleu.test.ts)
    const report = computeTaskMetrics('translation', ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'], [
      ['The dog bit the man.', 'The dog had bit the man.'],
      ['It was not unexpected.', 'No one was surprised.'],
      ['The man bit him first.', 'The man had bitten the dog.'],
    ]);
    assert.deepEqual(Object.keys(report.metrics), ['sacrebleu', 'bleu_1', 'bleu_2', 'bleu_3', 'bleu_4']);
    close(report.metrics.sacrebleu, 48.53, 'sacrebleu', 5e-3);
    close(report.metrics.bleu_4, 0.5147, 'bleu_4');
    close(report.metrics.bleu_1, 14 / 17, 'bleu_1');
  });

  it('text generation: ROUGE and BLEU together', () => {
    // Hugging Face evaluate rouge and sacrebleu READMEs: identical texts → every ROUGE 1.0, sacrebleu 100.0
    const report = computeTaskMetrics('text-generation', ['hello there general kenobi', 'foo bar foobar'], ['hello there general kenobi', 'foo bar foobar']);
    assert.deepEqual(Object.keys(report.metrics), ['rouge1', 'rouge2', 'rougeL', 'rougeLsum', 'sacrebleu', 'bleu_1', 'bleu_2', 'bleu_3', 'bleu_4']);
    assert.equal(report.metrics.rougeL, 1);
    close(report.metrics.sacrebleu, 100, 'sacrebleu', 1e-9);
    close(report.metrics.bleu_4, 1, 'bleu_4', 1e-12);
  });

  it('fill-mask: accuracy of the top prediction', () => {
    // By hand: 2 of 3 right once surrounding spaces are ignored (' Paris' is how BPE tokenizers print a word).
    const report = computeTaskMetrics('fill-mask', [' Paris', 'London', 'cat'], ['Paris', 'Rome', 'cat']);
    close(report.metrics.accuracy, 2 / 3, 'accuracy', 1e-12);
  });

  it('validates every record with the task’s schema and returns a report that parses', () => {
    const report = computeTaskMetrics('text-classification', [1, 0, 1], ['1', '0', '0']);
    assert.equal(report.metrics.accuracy, 2 / 3); // integer labels are the same classes as their decimal strings
    assert.deepEqual(MetricsReportSchema.parse(report), report);
    assert.throws(() => computeTaskMetrics('token-classification', [['O', '']], [['O', 'O']]), (error: unknown) =>
      error instanceof MetricsInputError && error.message === 'prediction 1: [1]: a tag is empty');
    assert.throws(() => computeTaskMetrics('token-classification', [['O']], [['O', 'O']]), /prediction 1: 1 tags for 2 reference tags/);
    assert.throws(() => computeTaskMetrics('question-answering', ['x'], [[]]), /reference 1: at least one answer/);
    assert.throws(() => computeTaskMetrics('summarization', ['x', 'y'], ['x']), /2 predictions for 1 references/);
    assert.throws(() => computeTaskMetrics('summarization', [], []), /No prediction to score/);
  });
});
