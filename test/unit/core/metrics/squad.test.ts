import assert from 'node:assert/strict';
import { exactMatch, normalizeAnswer, squadScores, tokenF1 } from '../../../../src/core/metrics/squad';

const close = (actual: number, expected: number, what: string, tolerance = 1e-4) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);

describe('SQuAD v1.1 exact match and F1', () => {
  it('matches the Hugging Face evaluate squad README examples', () => {
    // huggingface/evaluate metrics/squad/README.md (the metric runs the official v1.1 script, compute_score.py):
    //   perfect: '1976' vs ['1976'] → {'exact_match': 100.0, 'f1': 100.0}
    //   no match: '1999' vs ['1976'] → {'exact_match': 0.0, 'f1': 0.0}
    //   partial: '1976', 'Beyonce', 'climate change' vs ['1976'], ['Beyoncé and Bruno Mars'], ['climate change']
    //            → {'exact_match': 66.66666666666667, 'f1': 66.66666666666667}
    assert.deepEqual(squadScores(['1976'], [['1976']]), { exactMatch: 100, f1: 100 });
    assert.deepEqual(squadScores(['1999'], [['1976']]), { exactMatch: 0, f1: 0 });
    const partial = squadScores(['1976', 'Beyonce', 'climate change'], [['1976'], ['Beyoncé and Bruno Mars'], ['climate change']]);
    close(partial.exactMatch, 66.66666666666667, 'exact_match', 1e-9);
    close(partial.f1, 66.66666666666667, 'f1', 1e-9);
  });

  it('normalizes answers as normalize_answer does', () => {
    // By hand, following normalize_answer: lower → remove string.punctuation → remove \b(a|an|the)\b → ' '.join(split())
    assert.equal(normalizeAnswer('  The Quick, brown-fox!  '), 'quick brownfox');
    assert.equal(normalizeAnswer('An apple a day'), 'apple day');
    assert.equal(normalizeAnswer('theatre anthem'), 'theatre anthem'); // articles only as whole words
    // Python's \b is Unicode-aware: in 'éthe' and 'theé' there is no word boundary beside 'the', so it stays.
    assert.equal(normalizeAnswer('éthe theé the'), 'éthe theé');
    // Punctuation is ASCII only (string.punctuation): '¿' and '—' stay.
    assert.equal(normalizeAnswer('¿Qué—sí?'), '¿qué—sí');
    assert.equal(exactMatch('The Eiffel Tower.', 'eiffel tower'), true);
  });

  it('computes token F1 and takes the best ground truth', () => {
    // By hand: 'the cat sat on the mat' → 'cat sat on mat' (4 tokens); 'a cat on a mat' → 'cat on mat' (3 tokens).
    // common = {cat, on, mat} = 3 → precision 3/4, recall 3/3 → F1 = 2·0.75·1 / 1.75 = 0.857142857…
    close(tokenF1('the cat sat on the mat', 'a cat on a mat'), 6 / 7, 'F1', 1e-12);
    // Against 'cat sat': common 2 → precision 2/4, recall 2/2 → F1 = 2·0.5·1 / 1.5 = 0.6667; the max is 6/7.
    close(tokenF1('the cat sat on the mat', 'cat sat'), 2 / 3, 'F1', 1e-12);
    // Repeated tokens count as a bag (Counter &): 'x x y' vs 'x y y' → common min(2,1) + min(1,2) = 2,
    // precision 2/3, recall 2/3 → F1 = 2/3.
    close(tokenF1('x x y', 'x y y'), 2 / 3, 'bag F1', 1e-12);
    const scores = squadScores(['the cat sat on the mat'], [['cat sat', 'a cat on a mat']]);
    close(scores.f1, 100 * 6 / 7, 'max over ground truths');
    assert.equal(scores.exactMatch, 0);
  });
});
