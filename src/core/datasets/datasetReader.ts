import path from 'node:path';
import { MAX_LINE_CHARS } from '../inputLimits';
import { openRegularFile, readPrefix, type OpenedFile } from '../inputFiles/regularFile';
import { decodeTextFile } from '../inputFiles/textStream';
import { mapLineBatches } from '../inputFiles/textLines';
import { DatasetReadError, type DatasetProblem } from './datasetProblem';
import { readDelimited } from './delimitedReader';
import { readJsonArray } from './jsonArrayReader';
import { jsonLineItem, LINE_TOO_LONG } from './jsonRecords';
import { ObjectRecord, type DatasetRecord, type RawItem } from './rawRecord';
import { sniffDataset, type DatasetSniff } from './sniff';

export { headerColumns } from './delimitedReader';

export type { DatasetRecord };

/** What a read yields: a record, or a structural problem with the record that starts on that line. */
export type ReadItem = { readonly kind: 'record'; readonly record: DatasetRecord } | { readonly kind: 'problem'; readonly problem: DatasetProblem };

export interface ReadProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
}

export interface ReadOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: ReadProgress) => void) | undefined;
  /** Overrides what sniffing found (the user said the file has no header, say). */
  readonly sniff?: Partial<DatasetSniff> | undefined;
}

const SNIFF_BYTES = 64 * 1024;

/** Sniffs an opened file from its first bytes; throws `DatasetReadError` for an empty file or one that is not a dataset of its format. */
async function sniffOpened(opened: OpenedFile, file: string): Promise<DatasetSniff & { size: number; head: Uint8Array }> {
  const name = path.basename(file);
  if (opened.size === 0) throw new DatasetReadError({ file: name, message: 'the file is empty' });
  const head = await readPrefix(opened.handle, Math.min(SNIFF_BYTES, opened.size));
  const sniff = sniffDataset(file, head, head.length === opened.size);
  if (sniff.problem) throw new DatasetReadError({ file: name, ...sniff.problem });
  return { ...sniff, size: opened.size, head };
}

/**
 * Sniffs a file from its first bytes, and returns them with the file's size. Throws `InputFileError` (a
 * `DatasetReadError` past the open) for a missing file, anything but a regular file, an empty file, one that is not
 * UTF-8, or content that is not what its extension says.
 */
export async function sniffFile(file: string): Promise<DatasetSniff & { size: number; head: Uint8Array }> {
  const opened = await openRegularFile(file);
  try {
    return await sniffOpened(opened, file);
  } finally {
    await opened.handle.close();
  }
}

/** JSON Lines records, a chunk's worth at a time: each chunk is split and parsed at once (see `mapLineBatches`). */
function readJsonLines(chunks: AsyncIterable<string>, name: string): AsyncGenerator<RawItem[]> {
  return mapLineBatches(chunks, MAX_LINE_CHARS, (line, text): RawItem | undefined =>
    text === undefined ? { kind: 'problem', problem: { file: name, line, message: `the line ${LINE_TOO_LONG}` } } : jsonLineItem(text, line, name),
  );
}

/** The items of a `.json` array, one at a time (the format is for small files). */
async function* oneByOne(items: AsyncIterable<ReadItem>): AsyncGenerator<RawItem[]> {
  for await (const item of items) yield [item.kind === 'record' ? new ObjectRecord(item.record.line, item.record.values) : item];
}

/**
 * Streams a dataset's records with bounded memory, the records of each chunk read in one array, as the readers hold
 * them (see `rawRecord.ts`): a reader that works through them synchronously (validation) pays for no promise per
 * record, and for no record keyed by column. The file's extension decides its format
 * (the content is sniffed only when the extension is none of the dataset ones). Structural problems (ragged rows,
 * bad quotes, invalid JSON, values nested too deeply, lines too long) come as items in line order; a file that
 * cannot be read at all, or past some line, throws `InputFileError`. Stopping the iteration early (a preview) stops
 * reading the file.
 */
export async function* readDatasetBatches(file: string, options: ReadOptions = {}): AsyncGenerator<readonly RawItem[]> {
  const name = path.basename(file);
  const opened = await openRegularFile(file);
  try {
    const sniffed = await sniffOpened(opened, file);
    const sniff = { ...sniffed, ...options.sniff };
    const chunks = decodeTextFile(opened, name, options);
    switch (sniff.format) {
      case 'jsonl':
        yield* readJsonLines(chunks, name);
        return;
      case 'json':
        yield* oneByOne(readJsonArray(chunks, name));
        return;
      case 'csv':
      case 'tsv':
        yield* readDelimited(chunks, name, sniff);
        return;
    }
  } finally {
    await opened.handle.close();
  }
}

/** As `readDatasetBatches`, one item at a time, each record plain and prototype-free. */
export async function* readDataset(file: string, options: ReadOptions = {}): AsyncGenerator<ReadItem> {
  for await (const items of readDatasetBatches(file, options)) {
    for (const item of items) yield item.kind === 'record' ? { kind: 'record', record: item.toRecord() } : item;
  }
}
