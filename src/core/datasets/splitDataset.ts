/**
 * Seeded, deterministic train/validation/test assignment that streams: each stratum (a label, or the whole file)
 * is cut into blocks whose split pattern has exactly the requested proportions, shuffled per block with a PRNG
 * keyed by (seed, stratum, block). The same seed and input give the same split; memory grows with the number of
 * strata, not records.
 */
import { mulberry32 } from '../seededRandom';

export const SPLITS = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

export type SplitPercentages = readonly [train: number, validation: number, test: number];

export function parseSplit(text: string): SplitPercentages {
  const parts = text.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 3 || numbers.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new Error(`--split takes three whole percentages for train, validation and test, like 80,10,10 (got "${text}")`);
  }
  if (numbers.reduce((a, b) => a + b, 0) !== 100) throw new Error(`the split percentages must add up to 100 (got ${numbers.join(' + ')})`);
  if (numbers[0] === 0) throw new Error('the train split cannot be 0%');
  return numbers as unknown as SplitPercentages;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** FNV-1a over a string, for seeding per stratum and block. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class StratifiedSplitter {
  private readonly pattern: SplitName[];
  private readonly seen = new Map<string, number>();
  private readonly blocks = new Map<string, SplitName[]>();

  constructor(
    percentages: SplitPercentages,
    private readonly seed: number,
  ) {
    const unit = percentages.reduce((a, b) => gcd(a, b));
    this.pattern = SPLITS.flatMap((name, i) => Array<SplitName>((percentages[i] as number) / unit).fill(name));
  }

  /** The split for the next record of this stratum (use one stratum, e.g. '', when not stratifying). */
  assign(stratum: string): SplitName {
    const index = this.seen.get(stratum) ?? 0;
    this.seen.set(stratum, index + 1);
    const size = this.pattern.length;
    const offset = index % size;
    let block = this.blocks.get(stratum);
    if (offset === 0 || !block) {
      block = [...this.pattern];
      const random = mulberry32(hash(`${this.seed}\u0000${stratum}\u0000${Math.floor(index / size)}`));
      for (let i = block.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [block[i], block[j]] = [block[j] as SplitName, block[i] as SplitName];
      }
      this.blocks.set(stratum, block);
    }
    return block[offset] as SplitName;
  }
}
