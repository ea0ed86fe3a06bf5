import { InputFileError, openRegularFile } from '../inputFiles/regularFile';
import { readDataset, sniffFile, type DatasetRecord } from './datasetReader';
import type { DatasetProblem } from './datasetProblem';
import { discoverColumns, profileColumns, type ColumnProfile } from './columnProfile';
import { headerColumns } from './delimitedReader';
import { splitRow, type DatasetSniff } from './sniff';

export interface DatasetPreview {
  readonly sniff: DatasetSniff;
  readonly sizeBytes: number;
  /** Estimated from samples of the file; exact when it is smaller than 64 KiB. */
  readonly estimatedRows: number;
  readonly exactRows: boolean;
  readonly columns: readonly ColumnProfile[];
  readonly records: readonly DatasetRecord[];
  /** Structural problems among the previewed rows. */
  readonly problems: readonly DatasetProblem[];
}

function countLines(head: Uint8Array): number {
  let lines = 0;
  let blank = true;
  for (const byte of head) {
    if (byte === 0x0a) {
      if (!blank) lines++;
      blank = true;
    } else if (byte !== 0x0d && byte !== 0x20) blank = false;
  }
  return blank ? lines : lines + 1;
}

const SAMPLE_BYTES = 64 * 1024;

/**
 * Average bytes per line from blocks at the start, middle and end of the file: rows often grow along a file
 * (ids, timestamps), so the head alone underestimates their length.
 */
async function bytesPerLine(file: string, size: number): Promise<number> {
  const { handle } = await openRegularFile(file);
  try {
    let bytes = 0;
    let lines = 0;
    for (const offset of [0, Math.floor(size / 2), Math.max(0, size - SAMPLE_BYTES)]) {
      const buffer = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      const block = buffer.subarray(0, bytesRead);
      const first = offset === 0 ? 0 : block.indexOf(0x0a) + 1; // skip a partial first line
      const last = block.lastIndexOf(0x0a);
      if (last < first) continue;
      bytes += last + 1 - first;
      lines += countLines(block.subarray(first, last + 1));
    }
    return lines > 0 ? bytes / lines : size;
  } finally {
    await handle.close();
  }
}

/**
 * The columns in the file's order. A record's keys come back in JavaScript's order, which puts integer-like names
 * (`0`, `1`, as pandas writes unnamed columns) first: a CSV or TSV header gives the order it really has.
 */
function columnsInFileOrder(records: readonly DatasetRecord[], head: Uint8Array, sniff: DatasetSniff): string[] {
  const found = discoverColumns(records);
  if (!sniff.hasHeader || (sniff.format !== 'csv' && sniff.format !== 'tsv')) return found;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r\n|\n|\r/).find((line) => line.length > 0) ?? '';
  const header = headerColumns(splitRow(firstLine, sniff.delimiter ?? ','), '', 1).columns.filter((name) => found.includes(name));
  return [...header, ...found.filter((name) => !header.includes(name))];
}

/** The first rows of a file, its columns and an estimate of its size; reads only what the preview needs. */
export async function previewDataset(file: string, rows = 50, signal?: AbortSignal): Promise<DatasetPreview> {
  const { head, size, ...sniff } = await sniffFile(file);
  const records: DatasetRecord[] = [];
  const problems: DatasetProblem[] = [];
  try {
    for await (const item of readDataset(file, { signal })) {
      if (item.kind === 'record') records.push(item.record);
      else problems.push(item.problem);
      if (records.length + problems.length >= rows) break;
    }
  } catch (error) {
    // The file opened and sniffed well but cannot be read past some line: that is a problem of the preview's rows.
    if (!(error instanceof InputFileError)) throw error;
    problems.push(error.problem);
  }
  const exactRows = head.length === size && sniff.format !== 'json';
  const headerLines = sniff.hasHeader && (sniff.format === 'csv' || sniff.format === 'tsv') ? 1 : 0;
  const estimatedRows = exactRows
    ? Math.max(0, countLines(head) - headerLines)
    : Math.max(0, Math.round(size / (await bytesPerLine(file, size))) - headerLines);
  return {
    sniff,
    sizeBytes: size,
    estimatedRows: sniff.format === 'json' ? records.length : estimatedRows,
    exactRows,
    columns: profileColumns(records, columnsInFileOrder(records, head, sniff)),
    records,
    problems,
  };
}
