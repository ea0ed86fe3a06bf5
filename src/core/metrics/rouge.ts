import { MAX_ROUGE_PAIR_COMPARISONS } from '../inputLimits';
import { assertPaired } from './classification';
import { porterStem } from './porterStemmer';

/**
 * ROUGE as Google's `rouge-score` package computes it (`rouge_scorer.RougeScorer`, which Hugging Face evaluate's
 * `rouge` metric and Azure ML's summarization metrics wrap):
 *
 * - Tokens (`tokenize.tokenize` of the default tokenizer): the text lower-cased, every run of characters other
 *   than `a-z0-9` a separator (so `don't` is `don`, `t`, and non-ASCII letters are dropped); with `useStemmer`,
 *   tokens longer than 3 characters go through NLTK's Porter stemmer (`porterStemmer.ts`).
 * - ROUGE-N: clipped n-gram overlap; precision over the prediction's n-grams, recall over the target's.
 * - ROUGE-L: longest common subsequence of the two token lists.
 * - ROUGE-Lsum: summary-level LCS: both texts split into sentences on `\n` (empty lines dropped), for each reference
 *   sentence the union of its LCS with every predicted sentence, each token counted at most as often as it occurs
 *   on both sides (`_summary_level_lcs`).
 * - F-measure is F1 (`scoring.fmeasure`). With several references, each ROUGE type takes the reference with the
 *   best F-measure (`score_multi`, first one on a tie).
 * - LCS memory: ROUGE-L keeps two rows of the table; ROUGE-Lsum's indices keep two rows and one bit per token pair
 *   (which way the backtrack goes, so it picks the LCS `_backtrack_norec` picks), not the table of 32-bit counts.
 *   A pair whose token counts multiply past `MAX_ROUGE_PAIR_COMPARISONS` is refused (`RougePairTooLongError`).
 * - The corpus figure is the **mean** of the per-pair F-measures. Hugging Face evaluate's default
 *   (`use_aggregator=True`) reports the median of 1,000 bootstrap resamples of that mean (`BootstrapAggregator`,
 *   random), which scatters around the mean; with `use_aggregator=False` it returns the per-pair F-measures whose
 *   mean this is.
 */

export const ROUGE_TYPES = ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'] as const;
export type RougeType = (typeof ROUGE_TYPES)[number];

export interface RougeScore {
  readonly precision: number;
  readonly recall: number;
  readonly fmeasure: number;
}

export type RougeScores = Record<RougeType, RougeScore>;

export interface RougeOptions {
  /** Porter-stem tokens longer than 3 characters (`use_stemmer=True`); off by default, as in Hugging Face evaluate. */
  readonly useStemmer?: boolean;
}

const ZERO: RougeScore = { precision: 0, recall: 0, fmeasure: 0 };

const fmeasure = (precision: number, recall: number) => (precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0);
const score = (precision: number, recall: number): RougeScore => ({ precision, recall, fmeasure: fmeasure(precision, recall) });

const stemCache = new Map<string, string>();
function stem(token: string): string {
  let stemmed = stemCache.get(token);
  if (stemmed === undefined) {
    stemmed = porterStem(token);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(token, stemmed);
  }
  return stemmed;
}

/** `rouge-score`'s default tokenizer. */
export function rougeTokenize(text: string, useStemmer = false): string[] {
  const tokens = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return useStemmer ? tokens.map((token) => (token.length > 3 ? stem(token) : token)).filter((token) => token.length > 0) : tokens;
}

/** Token ids for fast comparison: the same string, the same id, within one vocabulary. */
class Vocabulary {
  private readonly ids = new Map<string, number>();
  encode(tokens: readonly string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    tokens.forEach((token, i) => {
      let id = this.ids.get(token);
      if (id === undefined) this.ids.set(token, (id = this.ids.size));
      out[i] = id;
    });
    return out;
  }
}

function ngramCounts(tokens: Int32Array, n: number): Map<number | string, number> {
  const counts = new Map<number | string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // Unigrams and bigrams get numeric keys (ids stay far below 2^26); longer n-grams a joined string.
    const key = n === 1 ? (tokens[i] as number) : n === 2 ? (tokens[i] as number) * 67_108_864 + (tokens[i + 1] as number) : tokens.subarray(i, i + n).join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** `_score_ngrams`: clipped overlap; an empty side counts as 1 n-gram in the denominator (`max(count, 1)`). */
export function rougeN(target: Int32Array, prediction: Int32Array, n: number): RougeScore {
  const targetCounts = ngramCounts(target, n);
  const predictionCounts = ngramCounts(prediction, n);
  let overlap = 0;
  for (const [ngram, count] of targetCounts) overlap += Math.min(count, predictionCounts.get(ngram) ?? 0);
  const targetTotal = Math.max(target.length - n + 1, 0);
  const predictionTotal = Math.max(prediction.length - n + 1, 0);
  return score(overlap / Math.max(predictionTotal, 1), overlap / Math.max(targetTotal, 1));
}

let rowA = new Int32Array(256);
let rowB = new Int32Array(256);

/** Length of the longest common subsequence: the DP of `_lcs_table`, two rows of a typed array at a time. */
export function lcsLength(a: Int32Array, b: Int32Array): number {
  const cols = b.length;
  if (rowA.length < cols + 1) {
    rowA = new Int32Array(cols + 1);
    rowB = new Int32Array(cols + 1);
  }
  let prev = rowA;
  let cur = rowB;
  prev.fill(0, 0, cols + 1);
  cur[0] = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    for (let j = 1; j <= cols; j++) {
      if (ai === b[j - 1]) cur[j] = (prev[j - 1] as number) + 1;
      else {
        const up = prev[j] as number;
        const left = cur[j - 1] as number;
        cur[j] = up > left ? up : left;
      }
    }
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  return prev[cols] as number;
}

/** `_score_lcs`. */
export function rougeL(target: Int32Array, prediction: Int32Array): RougeScore {
  if (target.length === 0 || prediction.length === 0) return ZERO;
  const lcs = lcsLength(target, prediction);
  return score(lcs / prediction.length, lcs / target.length);
}

/**
 * `lcs_ind`: indices into `ref` of one LCS, read back as `_backtrack_norec` does (same tie-break). The backtrack
 * only asks, where the tokens differ, whether the cell to the left holds more than the one above: that is one bit
 * per cell, kept while two rows of counts roll, so memory is an eighth of a byte per token pair, not four bytes.
 */
function lcsIndices(ref: Int32Array, can: Int32Array): number[] {
  const rows = ref.length;
  const cols = can.length;
  let prev = new Int32Array(cols + 1);
  let cur = new Int32Array(cols + 1);
  const goLeft = new Uint8Array(Math.ceil((rows * cols) / 8));
  for (let i = 1; i <= rows; i++) {
    const ri = ref[i - 1];
    const base = (i - 1) * cols - 1;
    for (let j = 1; j <= cols; j++) {
      if (ri === can[j - 1]) cur[j] = (prev[j - 1] as number) + 1;
      else {
        const up = prev[j] as number;
        const left = cur[j - 1] as number;
        if (left > up) {
          cur[j] = left;
          const bit = base + j;
          goLeft[bit >> 3] = (goLeft[bit >> 3] as number) | (1 << (bit & 7));
        } else cur[j] = up;
      }
    }
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  const indices: number[] = [];
  let i = rows;
  let j = cols;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      indices.push(i - 1);
      i--;
      j--;
    } else {
      const bit = (i - 1) * cols + j - 1;
      if (((goLeft[bit >> 3] as number) >> (bit & 7)) & 1) j--;
      else i--;
    }
  }
  return indices.reverse();
}

/** `_summary_level_lcs`: union LCS per reference sentence, with hits capped by the token counts on both sides. */
export function rougeLsum(targetSentences: readonly Int32Array[], predictionSentences: readonly Int32Array[]): RougeScore {
  if (targetSentences.length === 0 || predictionSentences.length === 0) return ZERO;
  const m = targetSentences.reduce((sum, s) => sum + s.length, 0);
  const n = predictionSentences.reduce((sum, s) => sum + s.length, 0);
  if (m === 0 || n === 0) return ZERO;
  const countsOf = (sentences: readonly Int32Array[]) => {
    const counts = new Map<number, number>();
    for (const s of sentences) for (const token of s) counts.set(token, (counts.get(token) ?? 0) + 1);
    return counts;
  };
  const targetCounts = countsOf(targetSentences);
  const predictionCounts = countsOf(predictionSentences);
  let hits = 0;
  for (const ref of targetSentences) {
    const union = new Set<number>();
    for (const can of predictionSentences) for (const index of lcsIndices(ref, can)) union.add(index);
    for (const index of [...union].sort((x, y) => x - y)) {
      const token = ref[index] as number;
      const left = predictionCounts.get(token) ?? 0;
      const right = targetCounts.get(token) ?? 0;
      if (left > 0 && right > 0) {
        hits++;
        predictionCounts.set(token, left - 1);
        targetCounts.set(token, right - 1);
      }
    }
  }
  return score(hits / n, hits / m);
}

/** `get_sents` of `RougeScorer.score` without `split_summaries`: lines, empty ones dropped. */
const sentencesOf = (text: string) => text.split('\n').filter((line) => line.length > 0);

/** A prediction and reference too long for ROUGE-L's comparison of every token with every token. */
export class RougePairTooLongError extends Error {
  override readonly name = 'RougePairTooLongError';
  constructor(
    readonly predictionTokens: number,
    readonly referenceTokens: number,
    /** Which pair, counting from 0, when the corpus is scored. */
    readonly index = 0,
  ) {
    super(
      `the prediction has ${predictionTokens.toLocaleString('en-US')} tokens and its reference ${referenceTokens.toLocaleString('en-US')}: ROUGE-L compares every token of one ` +
        `with every token of the other, and a pair may need at most ${MAX_ROUGE_PAIR_COMPARISONS.toLocaleString('en-US')} comparisons ` +
        `(${Math.sqrt(MAX_ROUGE_PAIR_COMPARISONS).toLocaleString('en-US')} tokens each); score shorter texts`,
    );
  }
}

function checkPairSize(referenceTokens: number, predictionTokens: number): void {
  if (referenceTokens * predictionTokens > MAX_ROUGE_PAIR_COMPARISONS) throw new RougePairTooLongError(predictionTokens, referenceTokens);
}

const tokenCount = (sentences: readonly Int32Array[]) => sentences.reduce((sum, s) => sum + s.length, 0);

function scorePair<T extends RougeType>(target: string, prediction: string, types: readonly T[], useStemmer: boolean, vocabulary: Vocabulary): Record<T, RougeScore> {
  const encode = (text: string) => vocabulary.encode(rougeTokenize(text, useStemmer));
  // As RougeScorer.score: whole-text tokens only when a type other than rougeLsum needs them.
  const whole = types.some((type) => type !== 'rougeLsum') ? { t: encode(target), p: encode(prediction) } : undefined;
  if (whole && types.includes('rougeL' as T)) checkPairSize(whole.t.length, whole.p.length);
  const sentences = types.includes('rougeLsum' as T) ? { t: sentencesOf(target).map(encode), p: sentencesOf(prediction).map(encode) } : undefined;
  if (sentences) checkPairSize(tokenCount(sentences.t), tokenCount(sentences.p));
  const scores = {} as Record<T, RougeScore>;
  for (const type of types) {
    if (type === 'rougeLsum') scores[type] = sentences ? rougeLsum(sentences.t, sentences.p) : ZERO;
    else if (whole) scores[type] = type === 'rougeL' ? rougeL(whole.t, whole.p) : rougeN(whole.t, whole.p, type === 'rouge1' ? 1 : 2);
  }
  return scores;
}

function scoreMulti<T extends RougeType>(targets: readonly string[], prediction: string, types: readonly T[], useStemmer: boolean, vocabulary: Vocabulary): Record<T, RougeScore> {
  if (targets.length === 0) throw new Error('ROUGE needs at least one reference per prediction.');
  const all = targets.map((target) => scorePair(target, prediction, types, useStemmer, vocabulary));
  const best = {} as Record<T, RougeScore>;
  for (const type of types) best[type] = all.reduce((top, s) => (s[type].fmeasure > top[type].fmeasure ? s : top))[type];
  return best;
}

/** `RougeScorer(['rouge1', 'rouge2', 'rougeL', 'rougeLsum'], use_stemmer).score(target, prediction)`. */
export function rougeScore(target: string, prediction: string, options: RougeOptions = {}): RougeScores {
  return scorePair(target, prediction, ROUGE_TYPES, options.useStemmer ?? false, new Vocabulary());
}

/** `RougeScorer.score_multi`: per ROUGE type, the reference with the highest F-measure (the first on a tie). */
export function rougeScoreMulti(targets: readonly string[], prediction: string, options: RougeOptions = {}): RougeScores {
  return scoreMulti(targets, prediction, ROUGE_TYPES, options.useStemmer ?? false, new Vocabulary());
}

/**
 * Mean F-measure of each ROUGE type over prediction/reference pairs (a reference may be a list: the best of them
 * per type). `types` limits the work to some types (rouge-score's `rouge_types`); all four by default.
 */
export function corpusRouge<T extends RougeType = RougeType>(
  predictions: readonly string[],
  references: readonly (string | readonly string[])[],
  options: RougeOptions & { readonly types?: readonly T[] } = {},
): Record<T, number> {
  assertPaired(predictions, references);
  const types = options.types ?? (ROUGE_TYPES as readonly RougeType[] as readonly T[]);
  const useStemmer = options.useStemmer ?? false;
  const vocabulary = new Vocabulary();
  const sums = {} as Record<T, number>;
  for (const type of types) sums[type] = 0;
  predictions.forEach((prediction, i) => {
    const reference = references[i] as string | readonly string[];
    let scores: Record<T, RougeScore>;
    try {
      scores = typeof reference === 'string' ? scorePair(reference, prediction, types, useStemmer, vocabulary) : scoreMulti(reference, prediction, types, useStemmer, vocabulary);
    } catch (error) {
      if (error instanceof RougePairTooLongError) throw new RougePairTooLongError(error.predictionTokens, error.referenceTokens, i);
      throw error;
    }
    for (const type of types) sums[type] += scores[type].fmeasure;
  });
  const count = predictions.length;
  for (const type of types) sums[type] = count === 0 ? 0 : sums[type] / count;
  return sums;
}
