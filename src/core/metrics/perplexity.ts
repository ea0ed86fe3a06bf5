/**
 * Perplexity from the natural-log probabilities a language model gave each token of a text.
 *
 * - Per text: `exp(-mean(log p))`, what Hugging Face evaluate's `perplexity` metric computes for each input
 *   (`exp` of the mean token cross-entropy over the text's scored tokens, `perplexities`).
 * - `meanPerplexity`: the plain mean of the per-text perplexities, evaluate's `mean_perplexity`.
 * - `corpusPerplexity`: `exp(-mean(log p))` over all tokens of all texts pooled, which weighs texts by length and is
 *   not what evaluate reports; it is the usual corpus-level perplexity of language-modelling papers.
 *
 * Which tokens are scored is the caller's choice: evaluate scores every token after the first (it prepends BOS by
 * default, so every token of the text).
 */

export interface PerplexityReport {
  readonly perplexities: number[];
  readonly meanPerplexity: number;
  readonly corpusPerplexity: number;
  readonly tokens: number;
}

function checkLogProbs(logProbs: readonly number[], where: string): void {
  if (logProbs.length === 0) throw new Error(`${where}: no token log-probabilities, so no perplexity.`);
  for (const value of logProbs) {
    if (!(value <= 0)) throw new Error(`${where}: ${value} is not a log-probability (natural log, at most 0).`);
  }
}

/** `exp(-mean(log p))` of one text. */
export function perplexity(logProbs: readonly number[]): number {
  checkLogProbs(logProbs, 'perplexity');
  let sum = 0;
  for (const value of logProbs) sum += value;
  return Math.exp(-sum / logProbs.length);
}

export function perplexityReport(texts: readonly (readonly number[])[]): PerplexityReport {
  if (texts.length === 0) throw new Error('perplexity: no texts.');
  let sum = 0;
  let tokens = 0;
  const perplexities = texts.map((logProbs, i) => {
    checkLogProbs(logProbs, `text ${i + 1}`);
    for (const value of logProbs) sum += value;
    tokens += logProbs.length;
    return perplexity(logProbs);
  });
  return {
    perplexities,
    meanPerplexity: perplexities.reduce((a, b) => a + b, 0) / perplexities.length,
    corpusPerplexity: Math.exp(-sum / tokens),
    tokens,
  };
}
