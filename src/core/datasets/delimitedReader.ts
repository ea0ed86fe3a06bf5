import { MAX_LINE_CHARS, formatLimitBytes } from '../inputLimits';
import { DatasetReadError, type DatasetProblem } from './datasetProblem';
import { DelimitedParser, type QuoteError } from './delimitedParser';
import { Columns, DelimitedRow, type RawItem } from './rawRecord';
import type { DatasetSniff } from './sniff';

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

/**
 * Past this many characters held for one unfinished record (a record's limit, and the few chunks the reader once
 * let run ahead of its parser), the record cannot end in time: the read stops there.
 */
const RUN_ON_CHARS = MAX_LINE_CHARS + 4 * 1024 * 1024;

function quoteProblem(error: QuoteError): string {
  if (error === 'MissingQuotes') return 'unterminated quote: a field opens with " and never closes (everything after it was read as one field)';
  return 'malformed quotes: a quoted field must end with " followed by the delimiter or a line break; write a quote inside a field as ""';
}

/** CSV or TSV records keyed by the header's names (or `column_N`), each with the physical line it starts on. */
class DelimitedRecords {
  private readonly parser: DelimitedParser;
  private line = 1;
  private columns: Columns | undefined;
  private items: RawItem[] = [];

  constructor(
    private readonly name: string,
    private readonly hasHeader: boolean,
    delimiter: string,
  ) {
    this.parser = new DelimitedParser(delimiter, RUN_ON_CHARS);
  }

  /** The items of the records `text` completes; throws once the record it ends in has run on too long. */
  push(text: string): RawItem[] {
    this.parser.push(text, this.onRow);
    return this.take();
  }

  /** The items of the last record, when the text does not end with a line break. */
  end(): RawItem[] {
    this.parser.end(this.onRow);
    return this.take();
  }

  /** Whether the record being read has run on past any record's limit without ending (a quote that never closes). */
  get runsOn(): boolean {
    return this.parser.pending > RUN_ON_CHARS;
  }

  runOnError(): DatasetReadError {
    return new DatasetReadError({
      file: this.name,
      line: this.line,
      message: `this record runs on for more than ${formatLimitBytes(MAX_LINE_CHARS)} without ending: a quote that never closes? Write a quote inside a field as ""`,
    });
  }

  private take(): RawItem[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  private problem(line: number, message: string): void {
    this.items.push({ kind: 'problem', problem: { file: this.name, line, message } });
  }

  private readonly onRow = (cells: string[], errors: readonly QuoteError[], breaks: number): void => {
    const start = this.line;
    this.line += breaks + 1;
    let length = 0;
    for (let i = 0; i < cells.length; i++) length += (cells[i] as string).length;
    for (const error of errors) this.problem(start, quoteProblem(error));
    if (errors.length > 0) return;
    if (length > MAX_LINE_CHARS) {
      this.problem(start, `this record is longer than ${formatLimitBytes(MAX_LINE_CHARS)}, more than any record of text data: a quote that closes far too late?`);
      return;
    }
    if (cells.length === 1 && cells[0] === '') return; // blank line
    const columns = this.columns ?? this.header(cells, start);
    if (columns === undefined) return;
    const count = columns.names.length;
    if (cells.length !== count) {
      this.problem(start, `has ${cells.length} field${cells.length === 1 ? '' : 's'}, the header has ${count}; check the delimiters and quotes on this line`);
      return;
    }
    this.items.push(new DelimitedRow(start, cells, columns));
  };

  /** The columns, from the first row: its cells when the file has a header (then undefined: it is no record). */
  private header(cells: string[], line: number): Columns | undefined {
    if (!this.hasHeader) return (this.columns = new Columns(cells.map((_, index) => `column_${index + 1}`)));
    const header = headerColumns(cells, this.name, line);
    this.columns = new Columns(header.columns);
    for (const problem of header.problems) this.items.push({ kind: 'problem', problem });
    return undefined;
  }
}

/**
 * CSV or TSV records, a decoded chunk's worth at a time: each chunk is parsed at once (see `delimitedParser.ts`).
 * A record that runs on past any record's limit without ending stops the read with a `DatasetReadError` at its line.
 */
export async function* readDelimited(chunks: AsyncIterable<string>, name: string, sniff: DatasetSniff): AsyncGenerator<RawItem[]> {
  const records = new DelimitedRecords(name, sniff.hasHeader, sniff.delimiter ?? ',');
  for await (const text of chunks) {
    const items = records.push(text);
    if (items.length > 0) yield items;
    if (records.runsOn) throw records.runOnError();
  }
  const items = records.end();
  if (items.length > 0) yield items;
}
