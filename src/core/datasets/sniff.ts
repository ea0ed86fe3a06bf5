import path from 'node:path';
import { countLineBreaks, firstInvalidUtf8, NOT_UTF8, NUL_BYTE, otherEncoding, UTF16 } from '../inputFiles/textStream';

export { firstInvalidUtf8 } from '../inputFiles/textStream';

export type DatasetFormat = 'csv' | 'tsv' | 'jsonl' | 'json';
export type LineEnding = '\n' | '\r\n' | '\r';

export interface DatasetSniff {
  readonly format: DatasetFormat;
  /** For CSV and TSV. */
  readonly delimiter?: string | undefined;
  /** For CSV and TSV: whether the first row names the columns. */
  readonly hasHeader: boolean;
  readonly bom: boolean;
  /** The first line's ending. Every reader takes `\r\n`, `\n` and `\r` alike, mixed or not. */
  readonly lineEnding: LineEnding;
  /** Lines end in more than one way (some `\r\n`, some `\n`, say). */
  readonly mixedLineEndings?: boolean | undefined;
  /** Set when the sampled bytes are not UTF-8 text: what to tell the user. */
  readonly encodingProblem?: string | undefined;
  /** Why the file cannot be read as a dataset of its format, and the line at fault (encoding, NUL bytes, content that is not what the extension says). */
  readonly problem?: { readonly line: number; readonly message: string } | undefined;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

/** The file's extension decides its format; a file with none of these is sniffed from its content. */
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

export function describeNonUtf8(bytes: Uint8Array): string {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) ? UTF16 : NOT_UTF8;
}

const lineAt = (bytes: Uint8Array, offset: number) => 1 + countLineBreaks(bytes.subarray(0, offset));

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);

/** Files that are not text at all, by their first bytes (when the head is not text either): what they are and what to do. */
const BINARY_SIGNATURES: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file, not text: decompress it first (gunzip)' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx workbook is one), not text: export the sheet as CSV (UTF-8), or unzip the file' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an Excel .xls workbook, not text: export the sheet as CSV (UTF-8)' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file, not text: convert it to JSON Lines or CSV' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document, not text' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image, not text' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image, not text' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a], what: 'an xz-compressed file, not text: decompress it first' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd-compressed file, not text: decompress it first' },
];

/** What is wrong with the bytes as UTF-8 text, at which line; `body` is the head after a byte-order mark. */
function encodingProblemOf(head: Uint8Array, body: Uint8Array, isWholeFile: boolean): { line: number; message: string } | undefined {
  const invalidAt = firstInvalidUtf8(body, isWholeFile);
  const nulAt = body.indexOf(0);
  const binary = invalidAt >= 0 || nulAt >= 0 ? BINARY_SIGNATURES.find((signature) => startsWith(head, signature.bytes)) : undefined;
  if (binary) return { line: 1, message: `the file is ${binary.what}` };
  const other = otherEncoding(head);
  if (other) return { line: 1, message: other };
  if (hasUtf8Bom(body)) {
    return { line: 1, message: 'the file starts with two byte-order marks: delete the invisible character (U+FEFF) at the start of its first line' };
  }
  if (invalidAt >= 0 && (nulAt < 0 || invalidAt < nulAt)) return { line: lineAt(body, invalidAt), message: NOT_UTF8 };
  if (nulAt >= 0) return { line: lineAt(body, nulAt), message: NUL_BYTE };
  return undefined;
}

function detectLineEnding(text: string): { lineEnding: LineEnding; mixed: boolean } {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  const mixed = [crlf, lf, cr].filter((n) => n > 0).length > 1;
  const first = /\r\n|\n|\r/.exec(text)?.[0];
  return { lineEnding: first === '\r\n' ? '\r\n' : first === '\r' ? '\r' : '\n', mixed };
}

/** One row of a sampled line, split on `delimiter` outside double quotes, with the quotes taken off. */
export function splitRow(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

/** The delimiter that splits the first lines into the same, largest number of fields. */
export function sniffDelimiter(lines: string[], fallback: string): string {
  let best = fallback;
  let bestScore = 0;
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const counts = lines.map((line) => splitRow(line, delimiter).length - 1);
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
 * Whether the first row names the columns, from how its cells compare with the rows below, column by column: a
 * word above numbers (`stars` over `4`, `5`) is a name, a number above numbers is data, and a number above words
 * (`0` over `great film`, as pandas writes unnamed columns) is a name too. Where the columns do not tell (all text),
 * a first row with no number in it is a header. Files without a header get column names `column_1`, `column_2`, …
 */
export function sniffHeader(rows: readonly (readonly string[])[]): boolean {
  const [first, ...rest] = rows;
  if (!first || first.length === 0) return true;
  let header = 0;
  let data = 0;
  first.forEach((cell, column) => {
    const below = rest.map((row) => row[column]).filter((value): value is string => value !== undefined && value.trim() !== '');
    if (below.length === 0) return;
    const numbersBelow = below.filter(looksNumeric).length;
    if (numbersBelow === below.length) {
      if (looksNumeric(cell)) data++;
      else header++;
    } else if (numbersBelow === 0 && looksNumeric(cell)) header++;
  });
  return header === data ? !first.some(looksNumeric) : header > data;
}

/** The first line with something on it, trimmed, and its number. */
function firstContentLine(text: string): { line: number; text: string } | undefined {
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    const trimmed = line.replace(/\r$/, '').trim();
    if (trimmed) return { line: index + 1, text: trimmed };
  }
  return undefined;
}

const quoteStart = (text: string) => JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text);

/** What a JSON Lines file's first line is instead of an object, in words that point at the cause. */
function notAnObjectLine(extension: string, first: string): string {
  if (/^(\/\/|#|\/\*)/.test(first)) return `this ${extension} file's first line is a comment (it starts ${quoteStart(first)}): JSON Lines has no comments; delete the comment lines`;
  let value: unknown;
  try {
    value = first.length < 10_000 ? JSON.parse(first) : undefined;
  } catch {
    value = undefined;
  }
  if (value !== undefined) {
    const kind = value === null ? 'null' : typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : 'a boolean';
    return `this ${extension} file's first line is ${kind}, not a JSON object: JSON Lines has one object per line, such as {"text": "…", "label": "…"}`;
  }
  const delimited = /[,;\t|]/.test(first);
  return `this ${extension} file's first line is not a JSON object (it starts ${quoteStart(first)}): JSON Lines has one object per line${delimited ? '; if the file is CSV or TSV, name it .csv or .tsv' : ''}`;
}

/** Where the content says another format than the extension does: the message, or undefined. */
function formatMismatch(extension: string, format: DatasetFormat, first: string): string | undefined {
  const opensArray = /^\[\s*(\{|$)/.test(first);
  switch (format) {
    case 'jsonl':
      if (first.startsWith('[')) return `this ${extension} file's first line is an array, not a JSON object: JSON Lines has one object per line; if the file is one JSON array, name it .json`;
      if (!first.startsWith('{')) return notAnObjectLine(extension, first);
      return undefined;
    case 'json':
      if (first.startsWith('{')) return 'this .json file holds a JSON object, not an array of records: a .json dataset is one array, [{…}, {…}], not an object around one; if the file has one object per line, name it .jsonl';
      if (!first.startsWith('[')) return `this .json file does not start with "[" (it starts ${quoteStart(first)}): a .json dataset is one array of objects, [{…}, {…}]`;
      return undefined;
    case 'csv':
    case 'tsv':
      if (first.startsWith('{') && first.endsWith('}')) return `this ${extension} file's first line is a JSON object, not a row of values: if the file has one JSON object per line, name it .jsonl`;
      if (opensArray) return `this ${extension} file starts with a JSON array, not a row of values: if the file is one JSON array, name it .json`;
      return undefined;
  }
}

/**
 * Format, delimiter, header, BOM, line endings and UTF-8 validity from the first bytes of a file (64 KiB is
 * plenty); reads nothing else. The extension decides the format; content that disagrees with it is a `problem`.
 */
export function sniffDataset(fileName: string, head: Uint8Array, isWholeFile: boolean): DatasetSniff {
  const bom = hasUtf8Bom(head);
  const body = bom ? head.subarray(3) : head;
  const encoding = encodingProblemOf(head, body, isWholeFile);
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body);
  const { lineEnding, mixed } = detectLineEnding(text);
  const normalized = text.replace(/\r\n?/g, '\n');
  const extension = path.extname(fileName).toLowerCase();
  const declared = DATASET_EXTENSIONS[extension];
  const first = firstContentLine(normalized);
  const firstChar = first?.text[0];
  const format = declared ?? (firstChar === '[' ? 'json' : firstChar === '{' ? 'jsonl' : 'csv');
  const mismatch = declared && first ? formatMismatch(extension, declared, first.text) : undefined;
  const problem = encoding ?? (mismatch && first ? { line: first.line, message: mismatch } : undefined);
  const common = { bom, lineEnding, mixedLineEndings: mixed, encodingProblem: encoding?.message, problem };
  if (format === 'json' || format === 'jsonl') return { format, hasHeader: true, ...common };

  const lines = normalized.split('\n').slice(0, 20);
  if (!isWholeFile && lines.length > 1) lines.pop(); // the last sampled line may be cut
  const nonEmpty = lines.filter((line) => line.length > 0);
  const delimiter = sniffDelimiter(nonEmpty, format === 'tsv' ? '\t' : ',');
  return {
    format: delimiter === '\t' ? 'tsv' : 'csv',
    delimiter,
    hasHeader: sniffHeader(nonEmpty.map((line) => splitRow(line, delimiter))),
    ...common,
  };
}

/** What sniffing found, in the words every surface (CLI, panel) shows; each surface joins them its own way. */
export interface SniffFacts {
  readonly format: string;
  readonly delimiter?: string | undefined;
  /** For CSV and TSV only. */
  readonly header?: 'header row' | 'no header' | undefined;
  readonly lineEnding: 'LF' | 'CRLF' | 'CR' | 'mixed';
  readonly encoding: 'UTF-8' | 'UTF-8 with BOM';
}

export function sniffFacts(sniff: DatasetSniff): SniffFacts {
  const delimited = sniff.format === 'csv' || sniff.format === 'tsv';
  return {
    format: sniff.format.toUpperCase(),
    delimiter: sniff.delimiter,
    header: delimited ? (sniff.hasHeader ? 'header row' : 'no header') : undefined,
    lineEnding: sniff.mixedLineEndings ? 'mixed' : sniff.lineEnding === '\r\n' ? 'CRLF' : sniff.lineEnding === '\r' ? 'CR' : 'LF',
    encoding: sniff.bom ? 'UTF-8 with BOM' : 'UTF-8',
  };
}
