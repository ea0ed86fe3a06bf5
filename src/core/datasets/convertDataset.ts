import { once } from 'node:events';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { labelRole, type TaskId } from '../tasks';
import type { ColumnMapping } from './recordMapping';
import { SPLITS, StratifiedSplitter, type SplitName, type SplitPercentages } from './splitDataset';
import { validateDataset, type ValidationOptions, type ValidationReport } from './validateDataset';

export interface ConvertOptions extends ValidationOptions {
  readonly split: SplitPercentages;
  readonly seed: number;
  /** Replace train/validation/test files already in the output folder. */
  readonly overwrite?: boolean;
  /**
   * Called for each record as it is written, in order, with its part and its physical line in the input file (before
   * the whole file is known to be valid: an invalid file keeps none of them).
   */
  readonly onPlaced?: ((split: SplitName, line: number) => void) | undefined;
}

export interface ConvertResult {
  readonly report: ValidationReport;
  /** Records written per split; empty when the data was not valid and nothing was written. */
  readonly written: Readonly<Record<SplitName, number>>;
  readonly files: Readonly<Record<SplitName, string>>;
}

export class OutputExistsError extends Error {
  override readonly name = 'OutputExistsError';
}

/**
 * Validates and converts in one streaming pass: valid records go, as canonical JSONL, to train/validation/test
 * files by a seeded split (stratified by label for classification). Files are written to a temporary folder and
 * moved into place only when the whole input was valid; the input file is only read.
 */
export async function convertDataset(file: string, task: TaskId, mapping: ColumnMapping, outDir: string, options: ConvertOptions): Promise<ConvertResult> {
  const files = Object.fromEntries(SPLITS.map((name) => [name, path.join(outDir, `${name}.jsonl`)])) as Record<SplitName, string>;
  const existing = Object.values(files).filter((f) => existsSync(f));
  if (existing.length > 0 && !options.overwrite) {
    throw new OutputExistsError(`${existing.map((f) => path.basename(f)).join(', ')} already exist in ${outDir}; choose another folder or allow overwriting`);
  }
  if (Object.values(files).some((f) => path.resolve(f) === path.resolve(file))) {
    throw new OutputExistsError('the output would replace the input file; choose another folder');
  }
  await mkdir(outDir, { recursive: true });
  const staging = await mkdtemp(path.join(outDir, '.fm-convert-'));
  const streams = Object.fromEntries(SPLITS.map((name) => [name, createWriteStream(path.join(staging, `${name}.jsonl`), { highWaterMark: 1 << 20 })])) as Record<SplitName, WriteStream>;
  const written: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  const splitter = new StratifiedSplitter(options.split, options.seed);
  const stratifyBy = labelRole(task)?.name;
  let report: ValidationReport;
  try {
    report = await validateDataset(file, task, mapping, {
      ...options,
      onRecord: (record, line) => {
        const split = splitter.assign(stratifyBy !== undefined ? String(record[stratifyBy]) : '');
        written[split]++;
        options.onPlaced?.(split, line);
        const stream = streams[split];
        return stream.write(`${JSON.stringify(record)}\n`) ? undefined : once(stream, 'drain').then(() => undefined);
      },
    });
    await Promise.all(Object.values(streams).map((stream) => new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())))));
    if (report.valid) {
      for (const name of SPLITS) await rename(path.join(staging, `${name}.jsonl`), files[name]);
    }
  } finally {
    for (const stream of Object.values(streams)) stream.destroy();
    await rm(staging, { recursive: true, force: true });
  }
  return { report, written: report.valid ? written : { train: 0, validation: 0, test: 0 }, files };
}
