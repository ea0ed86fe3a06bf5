import path from 'node:path';

export type DatasetFormat = 'csv' | 'tsv' | 'jsonl' | 'json';
export type LineEnding = '\n' | '\r\n' | '\r';

export interface DatasetSniff {
  readonly format: DatasetFormat;
  /** For CSV and TSV. */
  readonly delimiter?: string | undefined;
  /** For CSV and TSV: whether the first row names the columns. */
  readonly hasHeader: boolean;
  readonly bom: boolean;
  readonly lineEnding: LineEnding;
  /** Set when the sampled bytes are not UTF-8: what to tell the user. */
  readonly encodingProblem?: string | undefined;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

export const DATASET_EXTENSIONS: Readonly<Record<string, DatasetFormat>> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
};

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return UTF8_BOM.every((b, i) => bytes[i] === b);
}

/**
 * Where UTF-8 decoding of `bytes` first fails, or -1. A multi-byte sequence cut off at the end of a sample is not
 * an error unless `complete` says the bytes are the whole file.
 */
export function firstInvalidUtf8(bytes: Uint8Array, complete: boolean): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (i + length > bytes.length) return complete ? i : -1;
    for (let k = 1; k < length; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    // Overlong and surrogate forms.
    const b1 = bytes[i + 1] as number;
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) {
      return i;
    }
    i += length;
  }
  return -1;
}

export function describeNonUtf8(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return 'the file is UTF-16; save it as UTF-8 (in VS Code: "Save with Encoding" → UTF-8) and try again';
  }
  return 'the file is not valid UTF-8; save it as UTF-8 (in VS Code: "Save with Encoding" → UTF-8) and try again';
}

function detectLineEnding(text: string): LineEnding {
  const lf = text.indexOf('\n');
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n';
  if (lf === -1 && text.includes('\r')) return '\r';
  return '\n';
}

/** Counts delimiter occurrences outside double quotes on each of the first lines. */
function delimiterCounts(lines: string[], delimiter: string): number[] {
  return lines.map((line) => {
    let count = 0;
    let quoted = false;
    for (const char of line) {
      if (char === '"') quoted = !quoted;
      else if (char === delimiter && !quoted) count++;
    }
    return count;
  });
}

/** The delimiter that splits the first lines into the same, largest number of fields. */
export function sniffDelimiter(lines: string[], fallback: string): string {
  let best = fallback;
  let bestScore = 0;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const counts = delimiterCounts(lines, delimiter);
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = consistent * first;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

const looksNumeric = (value: string) => /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(value);

/**
 * A first row is a header unless it looks like data: some of its cells are numbers, or a cell repeats. Files
 * without a header get column names `column_1`, `column_2`, …
 */
export function sniffHeader(firstRow: string[]): boolean {
  if (firstRow.length === 0) return true;
  if (firstRow.some(looksNumeric)) return false;
  return true;
}

/**
 * Format, delimiter, header, BOM, line endings and UTF-8 validity from the first bytes of a file (64 KiB is
 * plenty); reads nothing else.
 */
export function sniffDataset(fileName: string, head: Uint8Array, isWholeFile: boolean): DatasetSniff {
  const bom = hasUtf8Bom(head);
  const body = bom ? head.subarray(3) : head;
  const invalidAt = firstInvalidUtf8(body, isWholeFile);
  const encodingProblem = invalidAt >= 0 ? describeNonUtf8(head) : undefined;
  const safe = invalidAt >= 0 ? body.subarray(0, invalidAt) : body;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(safe);
  const lineEnding = detectLineEnding(text);
  const extension = path.extname(fileName).toLowerCase();
  const firstChar = text.trimStart()[0];
  let format = DATASET_EXTENSIONS[extension];
  if (!format || format === 'json' || format === 'jsonl') {
    format = firstChar === '[' ? 'json' : firstChar === '{' ? 'jsonl' : (format ?? 'csv');
  }
  if (format === 'json' || format === 'jsonl') return { format, hasHeader: true, bom, lineEnding, encodingProblem };

  const lines = text.split(/\r\n|\n|\r/).slice(0, 20);
  if (!isWholeFile && lines.length > 1) lines.pop(); // the last sampled line may be cut
  const nonEmpty = lines.filter((line) => line.length > 0);
  const delimiter = sniffDelimiter(nonEmpty, format === 'tsv' ? '\t' : ',');
  const firstRow = (nonEmpty[0] ?? '').split(delimiter).map((cell) => cell.replace(/^"|"$/g, ''));
  return {
    format: delimiter === '\t' ? 'tsv' : 'csv',
    delimiter,
    hasHeader: sniffHeader(firstRow),
    bom,
    lineEnding,
    encodingProblem,
  };
}

/** What sniffing found, in the words every surface (CLI, panel) shows; each surface joins them its own way. */
export interface SniffFacts {
  readonly format: string;
  readonly delimiter?: string | undefined;
  /** For CSV and TSV only. */
  readonly header?: 'header row' | 'no header' | undefined;
  readonly lineEnding: 'LF' | 'CRLF' | 'CR';
  readonly encoding: 'UTF-8' | 'UTF-8 with BOM';
}

export function sniffFacts(sniff: DatasetSniff): SniffFacts {
  const delimited = sniff.format === 'csv' || sniff.format === 'tsv';
  return {
    format: sniff.format.toUpperCase(),
    delimiter: sniff.delimiter,
    header: delimited ? (sniff.hasHeader ? 'header row' : 'no header') : undefined,
    lineEnding: sniff.lineEnding === '\r\n' ? 'CRLF' : sniff.lineEnding === '\r' ? 'CR' : 'LF',
    encoding: sniff.bom ? 'UTF-8 with BOM' : 'UTF-8',
  };
}
