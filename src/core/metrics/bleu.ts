import { assertPaired } from './classification';
import { pyRstrip, pySplit } from './pythonStrings';

/**
 * Two corpus BLEUs that report different numbers for the same input, kept apart and named as what they are:
 *
 * - `sacreBleu`: sacrebleu's `BLEU().corpus_score` (2.x defaults): the `13a` tokenizer of mteval-v13a, `exp`
 *   smoothing (NIST: the k-th order with no match counts as 1/2^k of a match), the brevity penalty against the
 *   reference length **closest** to each hypothesis (the shorter one on a tie), score on a 0–100 scale.
 * - `googleBleu`: Hugging Face evaluate's `bleu` metric, the Google NMT `compute_bleu`
 *   (tensorflow/nmt `nmt/scripts/bleu.py`) over evaluate's copy of the `13a` tokenizer: no smoothing by default
 *   (any order with no match makes BLEU 0), the brevity penalty against the **shortest** reference of each
 *   prediction, score on a 0–1 scale. Azure ML's `bleu_1` … `bleu_4` are this with `max_order` 1 … 4.
 *
 * The n-gram matches are the same in both (each n-gram clipped by its highest count in any one reference). On
 * sacrebleu's README example the two give 48.53 and 0.5147: the brevity penalties differ (closest reference lengths
 * sum to 18 for 17 hypothesis tokens, BP 0.943; shortest to 17, BP 1).
 */

export type SmoothMethod = 'exp' | 'none' | 'floor' | 'add-k';

export interface SacreBleuOptions {
  /** Default `exp`, as sacrebleu's `BLEU()`. */
  readonly smoothMethod?: SmoothMethod;
  /** For `floor` (default 0.1) and `add-k` (default 1). */
  readonly smoothValue?: number;
  /** `13a` (default) or `none` (split on whitespace only). */
  readonly tokenize?: '13a' | 'none';
  readonly lowercase?: boolean;
  /** Default 4. */
  readonly maxNgramOrder?: number;
  /** Leave out n-gram orders the hypotheses are too short to have (for sentence-level BLEU); default false. */
  readonly effectiveOrder?: boolean;
}

export interface SacreBleuScore {
  /** BLEU, 0–100. */
  readonly score: number;
  /** Matched n-grams per order. */
  readonly counts: number[];
  /** Hypothesis n-grams per order. */
  readonly totals: number[];
  /** Per-order precisions, 0–100 (smoothed where a count is 0). */
  readonly precisions: number[];
  readonly bp: number;
  readonly sysLen: number;
  readonly refLen: number;
}

export interface GoogleBleuOptions {
  /** Default 4. */
  readonly maxOrder?: number;
  /** Lin & Och (2004) add-one smoothing on every order; default false. */
  readonly smooth?: boolean;
}

export interface GoogleBleuScore {
  /** BLEU, 0–1. */
  readonly bleu: number;
  /** Per-order precisions, 0–1. */
  readonly precisions: number[];
  readonly brevityPenalty: number;
  readonly lengthRatio: number;
  readonly translationLength: number;
  readonly referenceLength: number;
}

// mteval-v13a's language-dependent rules (sacrebleu `tokenizer_re.TokenizerRegexp`), in order.
const SYMBOLS = new RegExp('([{-~[-` -&(-+:-@/])', 'gu');
const PERIOD_COMMA_AFTER_NON_DIGIT = /([^0-9])([.,])/gu;
const PERIOD_COMMA_BEFORE_NON_DIGIT = /([.,])([^0-9])/gu;
const DASH_AFTER_DIGIT = /([0-9])(-)/gu;

/** The tokens of the `13a` tokenizer (`Tokenizer13a.__call__`, then the regexp post-tokenizer), without sacrebleu's `rstrip`. */
function tokenize13a(line: string): string[] {
  let text = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (text.includes('&')) text = text.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  text = ` ${text} `
    .replace(SYMBOLS, ' $1 ')
    .replace(PERIOD_COMMA_AFTER_NON_DIGIT, '$1 $2 ')
    .replace(PERIOD_COMMA_BEFORE_NON_DIGIT, ' $1 $2')
    .replace(DASH_AFTER_DIGIT, '$1 $2 ');
  return pySplit(text);
}

/** sacrebleu's `_preprocess_segment` with the `13a` tokenizer: the tokens of the segment as sacrebleu counts them. */
export function sacreBleuTokens(segment: string, options: Pick<SacreBleuOptions, 'tokenize' | 'lowercase'> = {}): string[] {
  const text = pyRstrip(options.lowercase ? segment.toLowerCase() : segment);
  return (options.tokenize ?? '13a') === 'none' ? pySplit(text) : tokenize13a(text);
}

/** Hugging Face evaluate's `bleu` tokenizer (`tokenizer_13a.Tokenizer13a`, which returns `line.split()`). */
export function googleBleuTokens(segment: string): string[] {
  return tokenize13a(segment);
}

/**
 * The n-grams of orders 1..maxOrder with their counts, one map per order. Tokens hold no whitespace, so a space
 * joins them unambiguously; each key extends the one of the order below.
 */
function ngramCounts(tokens: readonly string[], maxOrder: number): Map<string, number>[] {
  const counts = Array.from({ length: maxOrder }, () => new Map<string, number>());
  for (let i = 0; i < tokens.length; i++) {
    let key = tokens[i] as string;
    for (let n = 1; n <= maxOrder && i + n <= tokens.length; n++) {
      if (n > 1) key = `${key} ${tokens[i + n - 1] as string}`;
      const map = counts[n - 1] as Map<string, number>;
      map.set(key, (map.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** The highest count of each n-gram in any one reference (`Counter |=` / sacrebleu's merge). */
function mergedReferenceCounts(references: readonly (readonly string[])[], maxOrder: number): Map<string, number>[] {
  if (references.length === 1) return ngramCounts(references[0] as readonly string[], maxOrder);
  const merged = Array.from({ length: maxOrder }, () => new Map<string, number>());
  for (const reference of references) {
    ngramCounts(reference, maxOrder).forEach((counts, n) => {
      const into = merged[n] as Map<string, number>;
      for (const [ngram, count] of counts) if (count > (into.get(ngram) ?? 0)) into.set(ngram, count);
    });
  }
  return merged;
}

/** Adds one hypothesis' clipped matches and n-gram totals per order. */
function matchStatistics(hypothesis: readonly string[], references: readonly Map<string, number>[], maxOrder: number, correct: number[], total: number[]): void {
  ngramCounts(hypothesis, maxOrder).forEach((counts, n) => {
    const reference = references[n] as Map<string, number>;
    for (const [ngram, count] of counts) {
      total[n]! += count;
      const inReference = reference.get(ngram);
      if (inReference !== undefined) correct[n]! += Math.min(count, inReference);
    }
  });
}

/** sacrebleu `_get_closest_ref_len`: the reference length nearest the hypothesis length, the shorter on a tie. */
function closestReferenceLength(hypothesisLength: number, referenceLengths: readonly number[]): number {
  let closestDiff = -1;
  let closest = -1;
  for (const length of referenceLengths) {
    const diff = Math.abs(hypothesisLength - length);
    if (closestDiff === -1 || diff < closestDiff) {
      closestDiff = diff;
      closest = length;
    } else if (diff === closestDiff && length < closest) closest = length;
  }
  return closest;
}

/** sacrebleu's `my_log`: log, with log(0) floored to -9999999999. */
const myLog = (x: number) => (x === 0 ? -9999999999 : Math.log(x));

/** sacrebleu `BLEU.compute_bleu`: BLEU from corpus statistics. */
export function sacreBleuFromStatistics(
  correct: readonly number[],
  total: readonly number[],
  sysLen: number,
  refLen: number,
  options: Pick<SacreBleuOptions, 'smoothMethod' | 'smoothValue' | 'effectiveOrder' | 'maxNgramOrder'> = {},
): SacreBleuScore {
  const method = options.smoothMethod ?? 'exp';
  const maxOrder = options.maxNgramOrder ?? 4;
  const smoothValue = options.smoothValue ?? (method === 'floor' ? 0.1 : method === 'add-k' ? 1 : 0);
  const counts = [...correct];
  const totals = [...total];
  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  const precisions = new Array<number>(maxOrder).fill(0);
  const result = (score: number): SacreBleuScore => ({ score, counts, totals, precisions, bp, sysLen, refLen });
  if (!counts.some((c) => c !== 0)) return result(0);
  let smoothMteval = 1;
  let effectiveOrder = maxOrder;
  for (let n = 1; n <= maxOrder; n++) {
    if (method === 'add-k' && n > 1) {
      counts[n - 1]! += smoothValue;
      totals[n - 1]! += smoothValue;
    }
    const c = counts[n - 1] ?? 0;
    const t = totals[n - 1] ?? 0;
    if (t === 0) break;
    if (options.effectiveOrder) effectiveOrder = n;
    if (c === 0) {
      if (method === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * t);
      } else if (method === 'floor') precisions[n - 1] = (100 * smoothValue) / t;
    } else precisions[n - 1] = (100 * c) / t;
  }
  let logSum = 0;
  for (const p of precisions.slice(0, effectiveOrder)) logSum += myLog(p);
  return result(bp * Math.exp(logSum / effectiveOrder));
}

/**
 * sacrebleu `BLEU(**options).corpus_score(hypotheses, references)`, with the references given per hypothesis (as
 * Hugging Face evaluate's `sacrebleu` takes them) rather than as sacrebleu's reference streams. A hypothesis may have
 * any number of references (at least one); an empty reference string counts, with length 0, as in sacrebleu.
 */
export function sacreBleu(hypotheses: readonly string[], references: readonly (string | readonly string[])[], options: SacreBleuOptions = {}): SacreBleuScore {
  assertPaired(hypotheses, references);
  const maxOrder = options.maxNgramOrder ?? 4;
  const correct = new Array<number>(maxOrder).fill(0);
  const total = new Array<number>(maxOrder).fill(0);
  let sysLen = 0;
  let refLen = 0;
  hypotheses.forEach((hypothesis, i) => {
    const refs = references[i] as string | readonly string[];
    const refTokens = (typeof refs === 'string' ? [refs] : refs).map((r) => sacreBleuTokens(r, options));
    if (refTokens.length === 0) throw new Error(`Hypothesis ${i + 1} has no reference.`);
    const hypTokens = sacreBleuTokens(hypothesis, options);
    sysLen += hypTokens.length;
    refLen += closestReferenceLength(hypTokens.length, refTokens.map((r) => r.length));
    matchStatistics(hypTokens, mergedReferenceCounts(refTokens, maxOrder), maxOrder, correct, total);
  });
  return sacreBleuFromStatistics(correct, total, sysLen, refLen, options);
}

interface GoogleBleuStatistics {
  readonly matches: number[];
  readonly possible: number[];
  readonly translationLength: number;
  readonly referenceLength: number;
}

/** The sums `compute_bleu` accumulates; those of order n do not depend on `max_order`, so one pass serves every order up to it. */
function googleBleuStatistics(translations: readonly (readonly string[])[], references: readonly (readonly (readonly string[])[])[], maxOrder: number): GoogleBleuStatistics {
  assertPaired(translations, references);
  const matches = new Array<number>(maxOrder).fill(0);
  const possible = new Array<number>(maxOrder).fill(0);
  let referenceLength = 0;
  let translationLength = 0;
  translations.forEach((translation, i) => {
    const refs = references[i] as readonly (readonly string[])[];
    if (refs.length === 0) throw new Error(`Prediction ${i + 1} has no reference.`);
    referenceLength += Math.min(...refs.map((r) => r.length));
    translationLength += translation.length;
    matchStatistics(translation, mergedReferenceCounts(refs, maxOrder), maxOrder, matches, new Array<number>(maxOrder).fill(0));
    for (let order = 1; order <= maxOrder; order++) {
      const count = translation.length - order + 1;
      if (count > 0) possible[order - 1]! += count;
    }
  });
  return { matches, possible, translationLength, referenceLength };
}

/** The end of `compute_bleu`: precisions, geometric mean, brevity penalty, from the first `maxOrder` orders of the sums. */
function googleBleuFromStatistics(stats: GoogleBleuStatistics, maxOrder: number, smooth: boolean): GoogleBleuScore {
  const { translationLength, referenceLength } = stats;
  const precisions = stats.matches.slice(0, maxOrder).map((m, i) => {
    const p = stats.possible[i] as number;
    if (smooth) return (m + 1) / (p + 1);
    return p > 0 ? m / p : 0;
  });
  const geoMean = Math.min(...precisions) > 0 ? Math.exp(precisions.reduce((sum, p) => sum + (1 / maxOrder) * Math.log(p), 0)) : 0;
  let lengthRatio = 0;
  let brevityPenalty = 0;
  if (referenceLength !== 0 && translationLength !== 0) {
    lengthRatio = translationLength / referenceLength;
    brevityPenalty = lengthRatio > 1 ? 1 : Math.exp(1 - 1 / lengthRatio);
  }
  return { bleu: geoMean * brevityPenalty, precisions, brevityPenalty, lengthRatio, translationLength, referenceLength };
}

/** The Google NMT `compute_bleu` on already tokenized text. */
export function googleBleuFromTokens(translations: readonly (readonly string[])[], references: readonly (readonly (readonly string[])[])[], options: GoogleBleuOptions = {}): GoogleBleuScore {
  const maxOrder = options.maxOrder ?? 4;
  return googleBleuFromStatistics(googleBleuStatistics(translations, references, maxOrder), maxOrder, options.smooth ?? false);
}

const toReferenceTokens = (references: readonly (string | readonly string[])[]) => references.map((refs) => (typeof refs === 'string' ? [refs] : refs).map(googleBleuTokens));

/** Hugging Face evaluate `load("bleu").compute(predictions, references, max_order, smooth)`. */
export function googleBleu(predictions: readonly string[], references: readonly (string | readonly string[])[], options: GoogleBleuOptions = {}): GoogleBleuScore {
  assertPaired(predictions, references);
  return googleBleuFromTokens(predictions.map(googleBleuTokens), toReferenceTokens(references), options);
}

/** Azure ML's `bleu_1` … `bleu_4` (Hugging Face `bleu` with `max_order` 1 … 4, no smoothing), on the 0–1 scale. */
export function azureBleuNgrams(predictions: readonly string[], references: readonly (string | readonly string[])[]): { bleu_1: number; bleu_2: number; bleu_3: number; bleu_4: number } {
  assertPaired(predictions, references);
  const stats = googleBleuStatistics(predictions.map(googleBleuTokens), toReferenceTokens(references), 4);
  const at = (maxOrder: number) => googleBleuFromStatistics(stats, maxOrder, false).bleu;
  return { bleu_1: at(1), bleu_2: at(2), bleu_3: at(3), bleu_4: at(4) };
}
