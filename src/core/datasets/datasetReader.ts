import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { AsyncQueue } from './asyncQueue';
import { DatasetReadError, type DatasetProblem } from './datasetProblem';
import { describeNonUtf8, firstInvalidUtf8, sniffDataset, type DatasetSniff } from './sniff';

/** One record as read, before any task rule: values keyed by column name. */
export interface DatasetRecord {
  /** Physical line (1-based) where the record starts. */
  readonly line: number;
  readonly values: Readonly<Record<string, unknown>>;
}

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
const CHUNK_BYTES = 1024 * 1024;
/** A `.json` array is parsed whole; past this size the user is asked for JSONL. */
const MAX_JSON_ARRAY_BYTES = 256 * 1024 * 1024;

async function readHead(file: string, bytes = SNIFF_BYTES): Promise<{ head: Uint8Array; size: number }> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new DatasetReadError({ file: path.basename(file), message: describeOpenError(error) });
  });
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(bytes, size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { head: buffer.subarray(0, bytesRead), size };
  } finally {
    await handle.close();
  }
}

function describeOpenError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: the file cannot be read';
    case 'EISDIR':
      return 'is a folder, not a dataset file';
    default:
      return `cannot be read (${error.code ?? error.message})`;
  }
}

/**
 * Sniffs a file from its first bytes, and returns them with the file's size. Throws `DatasetReadError` for a
 * missing, empty or non-UTF-8 file.
 */
export async function sniffFile(file: string): Promise<DatasetSniff & { size: number; head: Uint8Array }> {
  const { head, size } = await readHead(file);
  const name = path.basename(file);
  if (size === 0) throw new DatasetReadError({ file: name, message: 'the file is empty' });
  const sniff = sniffDataset(file, head, head.length === size);
  if (sniff.encodingProblem) {
    const at = firstInvalidUtf8(sniff.bom ? head.subarray(3) : head, head.length === size);
    const line = lineOfByte(head, at + (sniff.bom ? 3 : 0));
    throw new DatasetReadError({ file: name, line, message: sniff.encodingProblem });
  }
  return { ...sniff, size, head };
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

async function lineOfFileByte(file: string, offset: number): Promise<number> {
  let line = 1;
  for await (const chunk of createReadStream(file, { end: Math.max(0, offset - 1), highWaterMark: CHUNK_BYTES })) {
    const bytes = chunk as Buffer;
    for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) line++;
  }
  return line;
}

/**
 * The file's text, decoded as a stream: bounded memory, never splits a character at a chunk edge, and stops with
 * a located `DatasetReadError` at the first byte that is not UTF-8.
 */
async function* decodeFile(file: string, size: number, options: ReadOptions): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES, signal: options.signal });
  let bytesRead = 0;
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        // Locate the bad byte: it is in this chunk, or in the few bytes carried over from the previous one.
        const at = firstInvalidUtf8(bytes, false);
        const offset = bytesRead + Math.max(0, at);
        const line = await lineOfFileByte(file, offset);
        throw new DatasetReadError({ file: path.basename(file), line, message: describeNonUtf8(bytes) });
      }
      bytesRead += bytes.length;
      options.onProgress?.({ bytesRead, totalBytes: size });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    if (error instanceof DatasetReadError) throw error;
    throw new DatasetReadError({ file: path.basename(file), message: describeOpenError(error as NodeJS.ErrnoException) });
  } finally {
    stream.destroy();
  }
}

/** Counts `\n` (or `\r` in old Mac files) in a string, for line numbers. */
function countBreaks(text: string, breakChar: string): number {
  let count = 0;
  for (let i = text.indexOf(breakChar); i !== -1; i = text.indexOf(breakChar, i + 1)) count++;
  return count;
}

async function* readJsonLines(file: string, size: number, options: ReadOptions): AsyncGenerator<ReadItem> {
  const name = path.basename(file);
  let carry = '';
  let line = 0;
  const handleLine = (raw: string): ReadItem | undefined => {
    line++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { kind: 'problem', problem: { file: name, line, message: `invalid JSON: ${jsonErrorMessage(error, text)}` } };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      return { kind: 'problem', problem: { file: name, line, message: `each line must be a JSON object, found ${found}` } };
    }
    return { kind: 'record', record: { line, values: value as Record<string, unknown> } };
  };
  for await (const text of decodeFile(file, size, options)) {
    let start = 0;
    let end = text.indexOf('\n');
    if (end === -1) {
      carry += text;
      continue;
    }
    const first = handleLine(carry + text.slice(0, end));
    carry = '';
    if (first) yield first;
    start = end + 1;
    while ((end = text.indexOf('\n', start)) !== -1) {
      const item = handleLine(text.slice(start, end));
      if (item) yield item;
      start = end + 1;
    }
    carry = text.slice(start);
  }
  if (carry) {
    const item = handleLine(carry);
    if (item) yield item;
  }
}

/** JSON.parse's message with the column it points at, in the user's terms. */
function jsonErrorMessage(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (position) {
    const column = Number(position[1]) + 1;
    return `${message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')} at column ${column}`;
  }
  return text.length > 100000 ? message.slice(0, 200) : message;
}

async function* readJsonArray(file: string, size: number, options: ReadOptions): AsyncGenerator<ReadItem> {
  const name = path.basename(file);
  if (size > MAX_JSON_ARRAY_BYTES) {
    throw new DatasetReadError({ file: name, message: `a .json array over ${MAX_JSON_ARRAY_BYTES >> 20} MB cannot be streamed; convert it to JSON Lines (.jsonl), one object per line` });
  }
  let text = '';
  for await (const chunk of decodeFile(file, size, options)) text += chunk;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DatasetReadError({ file: name, message: `invalid JSON: ${jsonErrorMessage(error, text)}` });
  }
  if (!Array.isArray(data)) throw new DatasetReadError({ file: name, message: 'a .json dataset must be an array of objects' });
  for (const [index, value] of data.entries()) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { kind: 'problem', problem: { file: name, message: `item ${index + 1} is not a JSON object` } };
    } else {
      yield { kind: 'record', record: { line: index + 1, values: value as Record<string, unknown> } };
    }
  }
}

/** Column names from a header row: blanks get `column_N`, repeats are reported and renamed `name_2`, … */
export function headerColumns(cells: string[], file: string, line: number): { columns: string[]; problems: DatasetProblem[] } {
  const problems: DatasetProblem[] = [];
  const seen = new Map<string, number>();
  const columns = cells.map((cell, index) => {
    const name = cell.trim() || `column_${index + 1}`;
    const first = seen.get(name);
    if (first === undefined) {
      seen.set(name, index);
      return name;
    }
    problems.push({ file, line, role: name, message: `duplicate column name (columns ${first + 1} and ${index + 1}); rename one of them` });
    let n = 2;
    while (seen.has(`${name}_${n}`)) n++;
    seen.set(`${name}_${n}`, index);
    return `${name}_${n}`;
  });
  return { columns, problems };
}

async function* readDelimited(file: string, size: number, sniff: DatasetSniff, options: ReadOptions): AsyncGenerator<ReadItem> {
  const name = path.basename(file);
  const breakChar = sniff.lineEnding === '\r' ? '\r' : '\n';
  const input = Readable.from(decodeFile(file, size, options), { objectMode: true });
  let parser: Papa.Parser | undefined;
  // Backpressure at both ends: Papa queues every chunk its input emits, so the input stream is paused too, or a
  // slow consumer (convert) would hold the whole file in memory. Papa's resume() on a parser that is not paused
  // re-arms a timer forever: resume only what we paused.
  let paused = false;
  const queue = new AsyncQueue<Papa.ParseStepResult<string[]>>(
    2048,
    () => {
      input.pause();
      if (parser && !paused) {
        paused = true;
        parser.pause();
      }
    },
    () => {
      input.resume();
      if (parser && paused) {
        paused = false;
        parser.resume();
      }
    },
  );
  Papa.parse<string[]>(input as unknown as Papa.LocalFile, {
    delimiter: sniff.delimiter ?? ',',
    newline: sniff.lineEnding,
    header: false,
    skipEmptyLines: false,
    dynamicTyping: false,
    step: (result, p) => {
      parser = p;
      queue.push(result);
    },
    complete: () => queue.end(),
    error: (error: Error) => queue.end(error),
  });
  input.once('error', (error) => queue.end(error));

  let line = 1;
  let columns: string[] | undefined;
  try {
    for await (const result of queue) {
      const cells = result.data;
      const start = line;
      let breaks = 1;
      for (const cell of cells) if (cell.indexOf(breakChar) !== -1) breaks += countBreaks(cell, breakChar);
      line += breaks;
      for (const error of result.errors) {
        const message =
          error.code === 'MissingQuotes'
            ? 'unterminated quote: a field opens with " and never closes (everything after it was read as one field)'
            : error.code === 'InvalidQuotes'
              ? 'malformed quotes: a quoted field must end with " followed by the delimiter or a line break; write a quote inside a field as ""'
              : error.message;
        yield { kind: 'problem', problem: { file: name, line: start, message } };
      }
      if (result.errors.length > 0) continue;
      if (cells.length === 1 && cells[0] === '') continue; // blank line
      if (!columns) {
        if (sniff.hasHeader) {
          const header = headerColumns(cells, name, start);
          columns = header.columns;
          for (const problem of header.problems) yield { kind: 'problem', problem };
          continue;
        }
        columns = cells.map((_, index) => `column_${index + 1}`);
      }
      if (cells.length !== columns.length) {
        yield {
          kind: 'problem',
          problem: { file: name, line: start, message: `has ${cells.length} field${cells.length === 1 ? '' : 's'}, the header has ${columns.length}; check the delimiters and quotes on this line` },
        };
        continue;
      }
      const values: Record<string, string> = {};
      for (let i = 0; i < columns.length; i++) values[columns[i] as string] = cells[i] as string;
      yield { kind: 'record', record: { line: start, values } };
    }
  } finally {
    parser?.abort();
    input.destroy();
  }
}

/**
 * Streams a dataset's records with bounded memory. Structural problems (ragged rows, bad quotes, invalid JSON)
 * come as items in line order; a file that cannot be read at all throws `DatasetReadError`.
 * Stopping the iteration early (a preview) stops reading the file.
 */
export async function* readDataset(file: string, options: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const sniffed = await sniffFile(file);
  const sniff = { ...sniffed, ...options.sniff };
  const size = sniffed.size;
  switch (sniff.format) {
    case 'jsonl':
      yield* readJsonLines(file, size, options);
      return;
    case 'json':
      yield* readJsonArray(file, size, options);
      return;
    case 'csv':
    case 'tsv':
      yield* readDelimited(file, size, sniff, options);
      return;
  }
}
