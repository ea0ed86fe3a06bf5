import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeFileError, fileKind } from '../inputFiles/regularFile';
import { labelRole, type CanonicalRecord, type TaskId } from '../tasks';
import { appendCanonicalLine } from './canonicalJson';
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

/** The output folder cannot be used: it is a file, a device, a pipe, or cannot be created. */
export class OutputFolderError extends Error {
  override readonly name = 'OutputFolderError';
}

/**
 * Staging folders are named after the process that writes them (`.fm-convert-<pid>-XXXXXX`), so that a run can
 * tell the folder a crashed or killed run left behind from one a running conversion still writes.
 */
const STAGING_PREFIX = '.fm-convert-';
/** A staging folder of an older version (no process id in its name) is stale past this age. */
const LEGACY_STAGING_MS = 60 * 60 * 1000;

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes staging folders that a conversion interrupted without cleaning up (killed, crashed, power cut) left in `outDir`. */
async function removeStaleStaging(outDir: string): Promise<void> {
  const entries = await readdir(outDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(STAGING_PREFIX)) continue;
    const folder = path.join(outDir, entry.name);
    const pid = /^\.fm-convert-(\d+)-/.exec(entry.name)?.[1];
    const stale = pid ? !processIsAlive(Number(pid)) : Date.now() - (await stat(folder).then((s) => s.mtimeMs, () => Date.now())) > LEGACY_STAGING_MS;
    if (stale) await rm(folder, { recursive: true, force: true });
  }
}

/** A split's lines are gathered, up to this many pieces, and written at once: a write per record cost more than its JSON. */
const WRITE_PIECES = 2048;

/**
 * The staging folder's three files. A write that fails (a full disk) is kept and said once the records are in;
 * abandoning (an abort, a failure) destroys the streams without an unhandled error from writes still in flight.
 */
class SplitWriters {
  private readonly streams: Record<SplitName, WriteStream>;
  /** Each split's lines not yet written, in pieces (see `appendCanonicalLine`). */
  private readonly gathered: Record<SplitName, string[]>;
  private failure: { name: SplitName; error: unknown } | undefined;

  constructor(
    private readonly staging: string,
    private readonly outDir: string,
  ) {
    this.streams = Object.fromEntries(SPLITS.map((name) => [name, this.open(name)])) as Record<SplitName, WriteStream>;
    this.gathered = { train: [], validation: [], test: [] };
  }

  private open(name: SplitName): WriteStream {
    const stream = createWriteStream(path.join(this.staging, `${name}.jsonl`), { highWaterMark: 1 << 20 });
    stream.on('error', (error) => (this.failure ??= { name, error }));
    return stream;
  }

  private check(): void {
    if (this.failure) throw new OutputFolderError(`Cannot write ${this.failure.name}.jsonl in ${this.outDir}: ${describeFileError(this.failure.error)}.`);
  }

  /** Adds `record` to split `name`; resolves at once, or when the file's stream has room again (backpressure). */
  write(name: SplitName, record: CanonicalRecord, plainText: boolean): Promise<void> | undefined {
    const pieces = this.gathered[name];
    appendCanonicalLine(record, pieces, plainText);
    return pieces.length < WRITE_PIECES ? undefined : this.flush(name);
  }

  private flush(name: SplitName): Promise<void> | undefined {
    this.check();
    const pieces = this.gathered[name];
    if (pieces.length === 0) return undefined;
    const text = pieces.join('');
    this.gathered[name] = [];
    const stream = this.streams[name];
    if (stream.write(text)) return undefined;
    return once(stream, 'drain').then(
      () => undefined,
      () => this.check(),
    );
  }

  async finish(): Promise<void> {
    for (const name of SPLITS) await this.flush(name);
    await Promise.all(SPLITS.map((name) => new Promise<void>((resolve) => this.streams[name].end(() => resolve()))));
    this.check();
  }

  abandon(): void {
    for (const stream of Object.values(this.streams)) stream.destroy();
  }
}

/** Creates `outDir` when it is missing; refuses one that is not a folder, in a sentence. */
async function prepareOutputFolder(outDir: string): Promise<void> {
  const existing = await stat(outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new OutputFolderError(`The output folder ${outDir} ${describeFileError(error).replace(/^file not found/, 'cannot be reached')}.`);
  });
  if (existing && !existing.isDirectory()) {
    throw new OutputFolderError(`The output ${outDir} is ${fileKind(existing)}, not a folder: give --out a folder (it is created when missing).`);
  }
  if (!existing) {
    await mkdir(outDir, { recursive: true }).catch((error: unknown) => {
      throw new OutputFolderError(`The output folder ${outDir} cannot be created: ${describeFileError(error).replace(/^file not found: /, '')}.`);
    });
  }
}

/** Refuses outputs that exist (unless `overwrite`) and any output path that is not a regular file to replace. */
async function checkOutputFiles(files: Readonly<Record<SplitName, string>>, outDir: string, input: string, overwrite: boolean): Promise<void> {
  if (Object.values(files).some((f) => path.resolve(f) === path.resolve(input))) {
    throw new OutputExistsError('the output would replace the input file; choose another folder');
  }
  const existing: string[] = [];
  for (const file of Object.values(files)) {
    const stats = await lstat(file).catch(() => undefined);
    if (!stats) continue;
    if (!stats.isFile()) {
      throw new OutputFolderError(`${path.basename(file)} in ${outDir} is ${fileKind(stats)}, not a file conversion can replace: remove it or choose another folder.`);
    }
    existing.push(file);
  }
  if (existing.length > 0 && !overwrite) {
    throw new OutputExistsError(`${existing.map((f) => path.basename(f)).join(', ')} already exist in ${outDir}; choose another folder or allow overwriting`);
  }
}

/**
 * Validates and converts in one streaming pass: valid records go, as canonical JSONL, to train/validation/test
 * files by a seeded split (stratified by label for classification). Files are written to a temporary folder and
 * moved into place only when the whole input was valid; the input file is only read. An aborted conversion (Ctrl-C)
 * removes its staging folder; one left by a run that could not (killed, crashed) is removed by the next run.
 */
export async function convertDataset(file: string, task: TaskId, mapping: ColumnMapping, outDir: string, options: ConvertOptions): Promise<ConvertResult> {
  const files = Object.fromEntries(SPLITS.map((name) => [name, path.join(outDir, `${name}.jsonl`)])) as Record<SplitName, string>;
  await prepareOutputFolder(outDir);
  await checkOutputFiles(files, outDir, file, options.overwrite ?? false);
  options.signal?.throwIfAborted();
  await removeStaleStaging(outDir);
  const staging = await mkdtemp(path.join(outDir, `${STAGING_PREFIX}${process.pid}-`)).catch((error: unknown) => {
    throw new OutputFolderError(`Cannot write in the output folder ${outDir}: ${describeFileError(error).replace(/^file not found: /, '')}.`);
  });
  const writers = new SplitWriters(staging, outDir);
  const written: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  const splitter = new StratifiedSplitter(options.split, options.seed);
  const stratifyBy = labelRole(task)?.name;
  let report: ValidationReport;
  try {
    report = await validateDataset(file, task, mapping, {
      ...options,
      onRecord: (record, line, plainText) => {
        const split = splitter.assign(stratifyBy !== undefined ? String(record[stratifyBy]) : '');
        written[split]++;
        options.onPlaced?.(split, line);
        return writers.write(split, record, plainText);
      },
    });
    await writers.finish();
    if (report.valid) {
      for (const name of SPLITS) await rename(path.join(staging, `${name}.jsonl`), files[name]);
    }
  } finally {
    writers.abandon();
    await rm(staging, { recursive: true, force: true });
  }
  return { report, written: report.valid ? written : { train: 0, validation: 0, test: 0 }, files };
}
