import assert from 'node:assert/strict';
import { perplexity, perplexityReport } from '../../../../src/core/metrics/perplexity';

const close = (actual: number, expected: number, what: string, tolerance = 1e-4) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);

describe('perplexity from token log-probabilities', () => {
  it('is exp(-mean log p) per text, as Hugging Face evaluate computes each entry of `perplexities`', () => {
    // By hand (evaluate's metrics/perplexity/perplexity.py: exp(sum of token cross-entropies / number of tokens)):
    // a model uniform over V tokens gives every token p = 1/V, so the perplexity is V.
    close(perplexity(new Array(7).fill(Math.log(1 / 50))), 50, 'uniform over 50');
    // p = 1/2 and 1/4: mean log p = (ln 0.5 + ln 0.25) / 2 = -1.0397 → exp(1.0397) = sqrt(8) = 2.8284
    close(perplexity([Math.log(0.5), Math.log(0.25)]), Math.sqrt(8), 'two tokens');
    assert.equal(perplexity([0, 0]), 1);
  });

  it('reports the mean of the per-text perplexities (mean_perplexity) and the pooled corpus perplexity', () => {
    // By hand: texts [1/2, 1/4] → 2.8284 and [1/10] → 10. mean_perplexity = (2.8284 + 10) / 2 = 6.4142 (np.mean of
    // the list, as evaluate). Corpus: exp(-(ln 0.5 + ln 0.25 + ln 0.1) / 3) = (1 / 0.0125)^(1/3) = 80^(1/3) = 4.3089.
    const report = perplexityReport([[Math.log(0.5), Math.log(0.25)], [Math.log(0.1)]]);
    close(report.perplexities[0] ?? -1, 2.8284, 'first');
    close(report.perplexities[1] ?? -1, 10, 'second');
    close(report.meanPerplexity, 6.4142, 'mean_perplexity');
    close(report.corpusPerplexity, 4.3089, 'corpus');
    assert.equal(report.tokens, 3);
  });

  it('refuses a text without tokens and a value that is not a log-probability', () => {
    assert.throws(() => perplexityReport([[Math.log(0.5)], []]), /text 2: no token log-probabilities/);
    assert.throws(() => perplexity([0.3]), /0.3 is not a log-probability/);
    assert.throws(() => perplexity([Number.NaN]), /NaN is not a log-probability/);
  });
});
