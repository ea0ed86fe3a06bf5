import { azureBleuNgrams, sacreBleu } from '../src/core/metrics/bleu';
import { corpusRouge } from '../src/core/metrics/rouge';
import { mulberry32 } from '../src/core/seededRandom';

/**
 * Metrics throughput: corpus BLEU (sacrebleu) and ROUGE-L over `count` generated (hypothesis, reference) pairs of
 * about 25 words each, drawn with a seeded generator from a vocabulary of English-like words with some punctuation,
 * the hypothesis a noisy copy of its reference (words dropped, replaced, swapped), as model output is.
 */

const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were ' +
  'her she there one all we their can has more will would been if so no when who what about up out into than them then ' +
  'model data training evaluation metric score result value sentence token label summary translation question answer ' +
  'system network layer learning rate batch epoch loss accuracy precision recall report table figure section method'
).split(' ');
const PUNCTUATION = [',', '.', ';', '!', '?', "'s", '-'];


export function syntheticPairs(count: number, seed = 42): { hypotheses: string[]; references: string[] } {
  const next = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  const hypotheses: string[] = [];
  const references: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = 20 + Math.floor(next() * 11);
    const reference = Array.from({ length }, () => (next() < 0.08 ? `${pick(WORDS)}${pick(PUNCTUATION)}` : pick(WORDS)));
    reference[0] = (reference[0] ?? '').replace(/^./, (c) => c.toUpperCase());
    const hypothesis: string[] = [];
    for (const word of reference) {
      const roll = next();
      if (roll < 0.1) continue; // dropped
      hypothesis.push(roll < 0.25 ? pick(WORDS) : word); // replaced, or kept
      if (roll > 0.97) hypothesis.push(pick(WORDS)); // inserted
    }
    for (let k = 0; k + 1 < hypothesis.length; k++) {
      if (next() < 0.05) [hypothesis[k], hypothesis[k + 1]] = [hypothesis[k + 1] as string, hypothesis[k] as string];
    }
    references.push(`${reference.join(' ')}.`);
    hypotheses.push(`${hypothesis.join(' ')}.`);
  }
  return { hypotheses, references };
}

export interface MetricsBenchRow {
  readonly label: string;
  readonly ms: number;
  readonly pairsPerSecond: number;
  readonly value: number;
}

function best(runs: number, work: () => number): { ms: number; value: number } {
  let ms = Infinity;
  let value = NaN;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = work();
    ms = Math.min(ms, performance.now() - start);
  }
  return { ms, value };
}

/** The fastest of `runs` timings (after one warm-up run) of each metric over the same pairs. */
export function measureMetrics(count = 10_000, runs = 5): { pairs: number; words: number; rows: MetricsBenchRow[] } {
  const { hypotheses, references } = syntheticPairs(count);
  const words = [...hypotheses, ...references].reduce((sum, text) => sum + text.split(' ').length, 0) / (2 * count);
  const cases: [string, () => number][] = [
    ['sacrebleu BLEU', () => sacreBleu(hypotheses, references).score],
    ['ROUGE-L', () => corpusRouge(hypotheses, references, { types: ['rougeL'] }).rougeL],
    ['ROUGE-L, stemmed', () => corpusRouge(hypotheses, references, { types: ['rougeL'], useStemmer: true }).rougeL],
    ['ROUGE 1/2/L/Lsum', () => corpusRouge(hypotheses, references).rougeLsum],
    ['bleu_1..bleu_4 (HF)', () => azureBleuNgrams(hypotheses, references).bleu_4],
  ];
  const rows = cases.map(([label, work]) => {
    work();
    const { ms, value } = best(runs, work);
    return { label, ms, pairsPerSecond: (count / ms) * 1000, value };
  });
  return { pairs: count, words, rows };
}
