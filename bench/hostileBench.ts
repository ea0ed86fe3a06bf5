import path from 'node:path';
import { bundleCli, runCliProcess } from '../test/support/cliProcess';
import { ensureHostileCorpus, generated, HOSTILE_TMP, special } from '../test/support/hostileCorpus';
import { median } from './stats';

const TC_MAP = ['--task', 'text-classification', '--map', 'sentence=text,label=label'];

/** The hostile inputs whose time to an answer the hostile-input issue set a goal for, each `fm` run as a process. */
const CASES: readonly { readonly label: string; readonly argv: readonly string[]; readonly goalMs: number; readonly goalMb?: number }[] = [
  { label: 'validate a FIFO', argv: ['dataset', 'validate', special('fifo', '.csv'), ...TC_MAP], goalMs: 1000 },
  { label: 'validate a folder', argv: ['dataset', 'validate', special('folder', '.csv'), ...TC_MAP], goalMs: 1000 },
  { label: 'validate a symlink loop', argv: ['dataset', 'validate', special('loop', '.csv'), ...TC_MAP], goalMs: 1000 },
  { label: 'validate /dev/zero', argv: ['dataset', 'validate', '/dev/zero', ...TC_MAP], goalMs: 1000 },
  { label: 'a 100,000-deep JSON line', argv: ['dataset', 'validate', generated('deep-100k.jsonl'), ...TC_MAP], goalMs: 1000 },
  { label: 'render a 1 MB nested-div card', argv: ['card', 'render', generated('card-nested-1mb.md')], goalMs: 1000 },
  {
    label: 'ROUGE on 200,000-token texts',
    argv: ['metrics', '--task', 'summarization', '--predictions', generated('rouge-200k-pred.jsonl'), '--references', generated('rouge-200k-ref.jsonl')],
    goalMs: 10_000,
    goalMb: 300,
  },
];

/**
 * Each case `rounds` times, from the process's start to its exit (Node's start-up included), with its peak memory:
 * the median and range beside the goal. The tests only guard these against a freeze; the figures are measured here.
 */
export async function measureHostileInputs(rounds = 5): Promise<string[]> {
  ensureHostileCorpus();
  const cli = await bundleCli(path.join(HOSTILE_TMP, 'bin', 'cli.js'));
  const lines: string[] = [];
  for (const c of CASES) {
    const ms: number[] = [];
    let peakMb = 0;
    for (let i = 0; i < rounds; i++) {
      const run = await runCliProcess(cli, c.argv, 60_000);
      ms.push(run.ms);
      peakMb = Math.max(peakMb, run.peakMb);
    }
    const middle = median(ms);
    const memory = `peak ${Math.round(peakMb)} MB${c.goalMb ? ` (goal ≤ ${c.goalMb} MB)` : ''}`;
    lines.push(
      `${c.label.padEnd(32)} ${`${Math.round(middle)} ms`.padStart(9)} (${Math.round(Math.min(...ms))}–${Math.round(Math.max(...ms))})  goal ≤ ${c.goalMs} ms: ${(middle / c.goalMs).toFixed(2)}×  ${memory}`,
    );
  }
  return lines;
}
