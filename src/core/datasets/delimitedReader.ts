import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { MAX_LINE_CHARS, formatLimitBytes } from '../inputLimits';
import { AsyncQueue } from './asyncQueue';
import { DatasetReadError, type DatasetProblem } from './datasetProblem';
import type { ReadItem } from './datasetReader';
import type { DatasetSniff } from './sniff';

/** Counts `\n` in a string, for line numbers (line breaks reach the parser as `\n` whatever the file used). */
function countBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
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

/** Text that can be between the input and a paused parser (a few decoded chunks). */
const IN_FLIGHT_CHARS = 4 * 1024 * 1024;

/** Thrown into the parser's input when it has taken in more than a record may hold without finishing one. */
class RecordTooLong extends Error {}

/**
 * The decoded chunks, counting what went to the parser since its last complete row: past a record's limit (and a
 * few chunks in flight between the stream and a paused parser), the record it is in cannot end in time. One chunk
 * is buffered ahead, not the default sixteen.
 */
function boundedInput(chunks: AsyncIterable<string>, sinceLastRow: { chars: number }): Readable {
  async function* bounded(): AsyncGenerator<string> {
    for await (const text of chunks) {
      sinceLastRow.chars += text.length;
      if (sinceLastRow.chars > MAX_LINE_CHARS + IN_FLIGHT_CHARS) throw new RecordTooLong();
      yield text;
    }
  }
  return Readable.from(bounded(), { objectMode: true, highWaterMark: 1 });
}

function quoteProblem(error: Papa.ParseError): string {
  if (error.code === 'MissingQuotes') return 'unterminated quote: a field opens with " and never closes (everything after it was read as one field)';
  if (error.code === 'InvalidQuotes') return 'malformed quotes: a quoted field must end with " followed by the delimiter or a line break; write a quote inside a field as ""';
  return error.message;
}

/** Runs papaparse over the chunks with backpressure at both ends; rows come out of the returned queue. */
function parseRows(input: Readable, delimiter: string, sinceLastRow: { chars: number }): { rows: AsyncQueue<Papa.ParseStepResult<string[]>>; stop: () => void } {
  let parser: Papa.Parser | undefined;
  // Papa queues every chunk its input emits, so the input stream is paused too, or a slow consumer (convert) would
  // hold the whole file in memory. Papa's resume() on a parser that is not paused re-arms a timer forever: resume
  // only what we paused.
  let paused = false;
  const rows = new AsyncQueue<Papa.ParseStepResult<string[]>>(
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
    delimiter,
    newline: '\n',
    header: false,
    skipEmptyLines: false,
    dynamicTyping: false,
    step: (result, p) => {
      parser = p;
      sinceLastRow.chars = 0;
      rows.push(result);
    },
    complete: () => rows.end(),
    error: (error: Error) => rows.end(error),
  });
  input.once('error', (error) => rows.end(error));
  return { rows, stop: () => parser?.abort() };
}

/** CSV or TSV records, keyed by the header's names (or `column_N`), each with the physical line it starts on. */
export async function* readDelimited(chunks: AsyncIterable<string>, name: string, sniff: DatasetSniff): AsyncGenerator<ReadItem> {
  const sinceLastRow = { chars: 0 };
  const input = boundedInput(chunks, sinceLastRow);
  const { rows, stop } = parseRows(input, sniff.delimiter ?? ',', sinceLastRow);
  let line = 1;
  let columns: string[] | undefined;
  try {
    for await (const result of rows) {
      const cells = result.data;
      const start = line;
      let breaks = 1;
      let length = 0;
      for (const cell of cells) {
        length += cell.length;
        if (cell.indexOf('\n') !== -1) breaks += countBreaks(cell);
      }
      line += breaks;
      for (const error of result.errors) yield { kind: 'problem', problem: { file: name, line: start, message: quoteProblem(error) } };
      if (result.errors.length > 0) continue;
      if (length > MAX_LINE_CHARS) {
        yield { kind: 'problem', problem: { file: name, line: start, message: `this record is longer than ${formatLimitBytes(MAX_LINE_CHARS)}, more than any record of text data: a quote that closes far too late?` } };
        continue;
      }
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
        const message = `has ${cells.length} field${cells.length === 1 ? '' : 's'}, the header has ${columns.length}; check the delimiters and quotes on this line`;
        yield { kind: 'problem', problem: { file: name, line: start, message } };
        continue;
      }
      // No prototype: a column named `__proto__` or `toString` is a column like any other.
      const values = Object.create(null) as Record<string, string>;
      for (let i = 0; i < columns.length; i++) values[columns[i] as string] = cells[i] as string;
      yield { kind: 'record', record: { line: start, values } };
    }
  } catch (error) {
    if (!(error instanceof RecordTooLong)) throw error;
    throw new DatasetReadError({
      file: name,
      line,
      message: `this record runs on for more than ${formatLimitBytes(MAX_LINE_CHARS)} without ending: a quote that never closes? Write a quote inside a field as ""`,
    });
  } finally {
    stop();
    input.destroy();
  }
}
