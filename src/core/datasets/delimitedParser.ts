/**
 * CSV and TSV rows from text that arrives in chunks, synchronously: each chunk is split into the rows it completes at
 * once, with no stream, promise or object per row between the text and the reader.
 *
 * The rules are papaparse's (5.x, `Parser` in papaparse.js), kept to the letter because every message the reader
 * gives about quotes depends on them: a field that starts with `"` runs to the next `"` that is followed (after
 * optional spaces) by the delimiter or a line break, `""` inside it is one quote, another `"` is a malformed quote
 * (`InvalidQuotes`, and the field runs on), and a quote still open at the end of the input is `MissingQuotes`.
 * Line breaks reach it as `\n` (see `textStream.ts`). `test/unit/core/datasets/delimitedParser.test.ts` compares
 * the rows and errors with papaparse's own streaming parse on generated input cut into chunks at random.
 *
 * What differs is how it gets there, for speed: an unquoted field is scanned character by character rather than by
 * two `indexOf` calls per field; papaparse's look-ahead for the next delimiter and line break is done only in the
 * rare case that needs it (a closing quote followed by neither); and the row a chunk left unfinished is completed
 * from the next chunk's first line alone where it can be, rather than by copying it and the whole next chunk into
 * one string (which cost as much as the parsing).
 */

export type QuoteError = 'MissingQuotes' | 'InvalidQuotes';

/** Called with each row's cells, the quote errors found in it (usually none: the same empty array), and the line breaks inside its cells. */
export type RowHandler = (cells: string[], errors: readonly QuoteError[], breaks: number) => void;

const QUOTE = '"';
const QUOTE_CODE = 0x22;
const NEWLINE = '\n';
const NEWLINE_CODE = 0x0a;
const NO_ERRORS: readonly QuoteError[] = Object.freeze([]);
const CLOSED_BY_DELIMITER = 1;
const CLOSED_BY_NEWLINE = 2;
const STRAY_QUOTE = 3;

/** papaparse refuses these as delimiters and falls back to a comma; so does an empty one, which would never advance. */
const BAD_DELIMITERS = ['\r', '\n', '"', '\ufeff', ''];

/** Counts `\n` in a string. */
export function countBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf(NEWLINE); i !== -1; i = text.indexOf(NEWLINE, i + 1)) count++;
  return count;
}

/** An unfinished row this long is parsed again only once as much text again has come (or at the limit). */
const LONG_ROW_CHARS = 256 * 1024;

export class DelimitedParser {
  private readonly delimiter: string;
  /** The text of the row that the last chunk left unfinished. */
  private partial = '';
  /** Chunks after a long unfinished row, not yet parsed. */
  private waiting: string[] = [];
  private waitingChars = 0;

  /**
   * `maxPending`: the most text held without parsing it. Every chunk is parsed from the start of the row the last one
   * left unfinished, as papaparse does; a long row (a quote that never closes) is parsed again only when the text after
   * it has doubled, so that reading it costs time in proportion to its length, not to its square.
   */
  constructor(
    delimiter: string,
    private readonly maxPending = Number.POSITIVE_INFINITY,
  ) {
    this.delimiter = BAD_DELIMITERS.includes(delimiter) ? ',' : delimiter;
  }

  /** Characters held for a row not yet finished: everything since the last complete row. */
  get pending(): number {
    return this.partial.length + this.waitingChars;
  }

  /** Hands on the rows that `text` completes; what follows the last line break waits for the next chunk. */
  push(text: string, onRow: RowHandler): void {
    const held = this.partial.length;
    if (held >= LONG_ROW_CHARS && this.waitingChars + text.length < held && held + this.waitingChars + text.length <= this.maxPending) {
      this.waiting.push(text);
      this.waitingChars += text.length;
      return;
    }
    if (this.waitingChars > 0) {
      text = this.waiting.join('') + text;
      this.waiting = [];
      this.waitingChars = 0;
    }
    if (this.partial === '') {
      this.partial = text.substring(this.parse(text, 0, true, onRow));
      return;
    }
    // The unfinished row and this chunk's first line alone, when that completes it (a single-character delimiter
    // never holds a line break, so rows are decided there as in the whole text); else the two joined.
    const newline = this.delimiter.length === 1 ? text.indexOf(NEWLINE) : -1;
    if (newline !== -1 && this.completeRow(this.partial + text.substring(0, newline + 1), onRow)) {
      this.partial = text.substring(this.parse(text, newline + 1, true, onRow));
      return;
    }
    const input = this.partial + text;
    this.partial = input.substring(this.parse(input, 0, true, onRow));
  }

  /** Hands on the last row, when the text does not end with a line break. */
  end(onRow: RowHandler): void {
    const input = this.partial + this.waiting.join('');
    this.partial = '';
    this.waiting = [];
    this.waitingChars = 0;
    if (input) this.parse(input, 0, false, onRow);
  }

  /** Whether `head` is made of whole rows; if so, they are handed on. */
  private completeRow(head: string, onRow: RowHandler): boolean {
    const rows: [string[], readonly QuoteError[], number][] = [];
    if (this.parse(head, 0, true, (cells, errors, breaks) => rows.push([cells, errors, breaks])) !== head.length) return false;
    for (const [cells, errors, breaks] of rows) onRow(cells, errors, breaks);
    return true;
  }

  /** The rows of `input` from `start` (the last one too unless `ignoreLastRow`); returns where the last row handed on ends. */
  private parse(input: string, start: number, ignoreLastRow: boolean, onRow: RowHandler): number {
    if (input.indexOf(QUOTE, start) === -1) return this.parseUnquoted(input, start, ignoreLastRow, onRow);
    return new RowScan(input, start, this.delimiter, ignoreLastRow, onRow).run();
  }

  /** papaparse's fast mode: no quote anywhere, so rows are lines and cells what the delimiter separates. */
  private parseUnquoted(input: string, start: number, ignoreLastRow: boolean, onRow: RowHandler): number {
    for (let end = input.indexOf(NEWLINE, start); end !== -1; end = input.indexOf(NEWLINE, start)) {
      onRow(input.substring(start, end).split(this.delimiter), NO_ERRORS, 0);
      start = end + 1;
    }
    if (ignoreLastRow) return start;
    onRow(input.substring(start).split(this.delimiter), NO_ERRORS, 0);
    return input.length;
  }
}

/** One pass over one input (a chunk, or the unfinished row with the next chunk) from a row's start. */
class RowScan {
  private readonly length: number;
  private readonly delimiterCode: number;
  private readonly singleCharDelimiter: boolean;
  private cursor: number;
  /** Where the last row handed on ends. */
  private lastCursor: number;
  private row: string[] = [];
  private errors: QuoteError[] | undefined;
  /** Line breaks inside the current row's cells. */
  private breaks = 0;
  /** The first `\n` at or after some point no later than the current field (`length` when there is none). */
  private nextBreak = -1;

  constructor(
    private readonly input: string,
    start: number,
    private readonly delimiter: string,
    private readonly ignoreLastRow: boolean,
    private readonly onRow: RowHandler,
  ) {
    this.length = input.length;
    this.cursor = start;
    this.lastCursor = start;
    this.delimiterCode = delimiter.charCodeAt(0);
    this.singleCharDelimiter = delimiter.length === 1;
  }

  run(): number {
    const { input, length, delimiterCode } = this;
    for (;;) {
      if (input.charCodeAt(this.cursor) === QUOTE_CODE) {
        if (this.quotedField()) return this.lastCursor;
        continue;
      }
      // An unquoted field ends at the first line break or delimiter (the line break where both start).
      let end = this.cursor;
      let code = 0;
      for (; end < length; end++) {
        code = input.charCodeAt(end);
        if (code === NEWLINE_CODE || (code === delimiterCode && (this.singleCharDelimiter || input.startsWith(this.delimiter, end)))) break;
      }
      if (end === length) break;
      this.row.push(input.substring(this.cursor, end));
      if (code === NEWLINE_CODE) this.saveRow(end + 1);
      else this.cursor = end + this.delimiter.length;
    }
    this.finish(undefined);
    return this.lastCursor;
  }

  private delimiterAt(index: number): boolean {
    return this.singleCharDelimiter ? this.input.charCodeAt(index) === this.delimiterCode : this.input.startsWith(this.delimiter, index);
  }

  /** A field that opens with a quote, up to its closing quote; true when the input ended in it. */
  private quotedField(): boolean {
    const input = this.input;
    const start = this.cursor + 1;
    let escaped = false;
    let quote = this.cursor;
    for (;;) {
      quote = input.indexOf(QUOTE, quote + 1);
      if (quote === -1) {
        if (!this.ignoreLastRow) this.addError('MissingQuotes');
        this.cursor = start;
        this.finish(undefined);
        return true;
      }
      if (quote === this.length - 1) {
        this.cursor = start;
        this.finish(this.field(start, quote, escaped));
        return true;
      }
      if (input.charCodeAt(quote + 1) === QUOTE_CODE) {
        escaped = true; // `""`: one quote, part of the field
        quote++;
        continue;
      }
      const close = this.closing(quote);
      if (close === STRAY_QUOTE) {
        // Not followed by the delimiter, a line break or the end: a stray quote inside the field, which runs on.
        this.addError('InvalidQuotes');
        quote++;
        continue;
      }
      this.row.push(this.field(start, quote, escaped));
      if (close === CLOSED_BY_NEWLINE) this.saveRow(this.closeAt + 1);
      else this.cursor = this.closeAt + this.delimiter.length;
      return false;
    }
  }

  /** Where `closing` found the delimiter or the line break. */
  private closeAt = -1;

  /**
   * What follows a quote that may close a field: the delimiter or a line break, at once (the usual case) or after
   * spaces, with where it starts in `closeAt`; or neither, a stray quote. papaparse's look-ahead (the first
   * delimiter and line break after the quote) is needed only past the usual case.
   */
  private closing(quote: number): number {
    const input = this.input;
    const next = quote + 1;
    this.closeAt = next;
    if (this.delimiterAt(next)) return CLOSED_BY_DELIMITER;
    if (input.charCodeAt(next) === NEWLINE_CODE) return CLOSED_BY_NEWLINE;
    const nextDelimiter = input.indexOf(this.delimiter, next);
    const nextNewline = input.indexOf(NEWLINE, next);
    const checkUpTo = nextNewline === -1 ? nextDelimiter : Math.min(nextDelimiter, nextNewline);
    this.closeAt = next + this.extraSpaces(quote, checkUpTo);
    if (input.startsWith(this.delimiter, this.closeAt)) return CLOSED_BY_DELIMITER;
    this.closeAt = next + this.extraSpaces(quote, nextNewline);
    return input.charCodeAt(this.closeAt) === NEWLINE_CODE ? CLOSED_BY_NEWLINE : STRAY_QUOTE;
  }

  /** How many spaces (only) stand between the quote at `quote` and `index`; 0 when anything else does. */
  private extraSpaces(quote: number, index: number): number {
    if (index === -1 || index === quote + 1) return 0;
    const between = this.input.substring(quote + 1, index);
    return between && between.trim() === '' ? between.length : 0;
  }

  /** A quoted field's value, `""` made one quote, its line breaks counted. */
  private field(start: number, end: number, escaped: boolean): string {
    const input = this.input;
    if (this.nextBreak < start) this.nextBreak = this.indexOrLength(start);
    while (this.nextBreak < end) {
      this.breaks++;
      this.nextBreak = this.indexOrLength(this.nextBreak + 1);
    }
    const value = input.substring(start, end);
    return escaped ? value.replaceAll('""', QUOTE) : value;
  }

  private indexOrLength(from: number): number {
    const index = this.input.indexOf(NEWLINE, from);
    return index === -1 ? this.length : index;
  }

  private addError(error: QuoteError): void {
    (this.errors ??= []).push(error);
  }

  private saveRow(newCursor: number): void {
    this.cursor = newCursor;
    this.onRow(this.row, this.errors ?? NO_ERRORS, this.breaks);
    this.lastCursor = newCursor;
    this.row = [];
    this.errors = undefined;
    this.breaks = 0;
  }

  /** The input ended: the rest is the last cell of the last row, handed on unless it may go on in the next chunk. */
  private finish(value: string | undefined): void {
    if (this.ignoreLastRow) return;
    const cell = value ?? this.input.substring(this.cursor);
    if (value === undefined) this.breaks += countBreaks(cell);
    this.row.push(cell);
    this.saveRow(this.length);
  }
}
