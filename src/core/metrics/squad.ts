import { assertPaired } from './classification';
import { pySplit } from './pythonStrings';

/**
 * SQuAD v1.1 exact match and F1, as the official `evaluate-v1.1.py` computes them (the same script is Hugging Face
 * evaluate's `squad` metric, `metrics/squad/compute_score.py`): answers are normalized (`normalize_answer`),
 * each prediction scores its best match over its ground-truth answers, and the corpus figures are means on a
 * 0–100 scale.
 */

/** `string.punctuation`: the 32 ASCII punctuation characters. */
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
/**
 * `re.sub(r"\b(a|an|the)\b", " ", text)`: Python's `\b` on `str` is Unicode-aware (a letter such as `é` is a word
 * character, so the `the` of `éthe` stays), where JavaScript's `\b` knows only ASCII; hence the look-arounds.
 * Python's word characters are letters, numbers (`str.isalnum()`) and `_`.
 */
const ARTICLES = /(?<![\p{L}\p{N}_])(?:a|an|the)(?![\p{L}\p{N}_])/gu;

/** `normalize_answer`: lower case, drop ASCII punctuation, drop the articles a/an/the, collapse whitespace. */
export function normalizeAnswer(text: string): string {
  let withoutPunctuation = '';
  for (const ch of text.toLowerCase()) if (!PUNCTUATION.has(ch)) withoutPunctuation += ch;
  return pySplit(withoutPunctuation.replace(ARTICLES, ' ')).join(' ');
}

export function exactMatch(prediction: string, groundTruth: string): boolean {
  return normalizeAnswer(prediction) === normalizeAnswer(groundTruth);
}

/** Token F1 of one prediction against one ground truth (bag of normalized tokens). */
export function tokenF1(prediction: string, groundTruth: string): number {
  const predicted = pySplit(normalizeAnswer(prediction));
  const truth = pySplit(normalizeAnswer(groundTruth));
  const counts = new Map<string, number>();
  for (const token of truth) counts.set(token, (counts.get(token) ?? 0) + 1);
  let same = 0;
  for (const token of predicted) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      same++;
      counts.set(token, left - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / predicted.length;
  const recall = same / truth.length;
  return (2 * precision * recall) / (precision + recall);
}

export interface SquadScores {
  /** Share of predictions that exactly match one of their answers, 0–100. */
  readonly exactMatch: number;
  /** Mean over predictions of the best token F1 against their answers, 0–100. */
  readonly f1: number;
}

/** `metric_max_over_ground_truths` for each prediction, averaged as `compute_score` does. */
export function squadScores(predictions: readonly string[], groundTruths: readonly (readonly string[])[]): SquadScores {
  assertPaired(predictions, groundTruths);
  let exact = 0;
  let f1 = 0;
  predictions.forEach((prediction, i) => {
    const answers = groundTruths[i] as readonly string[];
    if (answers.length === 0) throw new Error(`Question ${i + 1} has no ground-truth answer.`);
    if (answers.some((answer) => exactMatch(prediction, answer))) exact++;
    f1 += Math.max(...answers.map((answer) => tokenF1(prediction, answer)));
  });
  const total = predictions.length;
  return { exactMatch: total === 0 ? 0 : (100 * exact) / total, f1: total === 0 ? 0 : (100 * f1) / total };
}
