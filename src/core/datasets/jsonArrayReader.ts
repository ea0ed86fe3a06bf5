import { MAX_JSON_DEPTH, MAX_LINE_CHARS } from '../inputLimits';
import { tooDeepMessage } from '../jsonNesting';
import { DatasetReadError } from './datasetProblem';
import type { ReadItem } from './datasetReader';
import { LINE_TOO_LONG, parseJsonRecord } from './jsonRecords';

/**
 * A `.json` dataset (one array of objects) read as a stream: a scanner finds where each top-level item starts and
 * ends (strings, escapes and brackets followed, nesting bounded), so each item is parsed on its own and every
 * problem names the physical line of the file, as JSON Lines problems do. Only the current item is held in memory.
 * A problem inside an item is reported and reading goes on; a break in the array itself (a missing comma, text
 * after the closing bracket, a file that ends inside the array) ends the reading with its line.
 */

const enum Char {
  Tab = 0x09,
  Lf = 0x0a,
  Cr = 0x0d,
  Space = 0x20,
  Quote = 0x22,
  Comma = 0x2c,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
}

const isSpace = (c: number) => c === Char.Space || c === Char.Lf || c === Char.Tab || c === Char.Cr;

/** One top-level item: its text, or why it has none, with the 1-based line and column where it starts. */
interface ArrayItem {
  readonly index: number;
  readonly line: number;
  readonly column: number;
  readonly text?: string | undefined;
  readonly problem?: string | undefined;
}

type State = 'open' | 'first' | 'item' | 'next' | 'comma' | 'closed';

/** The scanner's state between chunks. */
class ItemScanner {
  state: State = 'open';
  line = 1;
  /** Characters of the current line already passed. */
  column = 0;
  index = 0;
  depth = 0;
  closers: number[] = [];
  inString = false;
  escaped = false;
  parts: string[] = [];
  length = 0;
  start = { line: 1, column: 1 };
  dropped: 'long' | 'deep' | undefined;

  constructor(readonly file: string) {}

  fail(message: string, line = this.line): never {
    throw new DatasetReadError({ file: this.file, line, message });
  }

  beginItem(): void {
    this.state = 'item';
    this.index++;
    this.start = { line: this.line, column: this.column + 1 };
    this.depth = 0;
    this.closers = [];
    this.parts = [];
    this.length = 0;
    this.dropped = undefined;
  }

  endItem(text: string): ArrayItem {
    const { line, column } = this.start;
    if (this.dropped === 'deep') return { index: this.index, line, column, problem: tooDeepMessage(MAX_JSON_DEPTH) };
    if (this.dropped === 'long') return { index: this.index, line, column, problem: `item ${this.index} of the array ${LINE_TOO_LONG}` };
    return { index: this.index, line, column, text: this.parts.join('') + text };
  }

  /** Keeps the current item's text of this chunk from `from`, or drops it once it is too long. */
  keep(piece: string): void {
    if (this.dropped) return;
    this.length += piece.length;
    if (this.length > MAX_LINE_CHARS) {
      this.dropped = 'long';
      this.parts = [];
    } else this.parts.push(piece);
  }

  /** A bracket inside an item; true when it closes the item. */
  bracket(c: number): boolean {
    if (c === Char.OpenBracket || c === Char.OpenBrace) {
      this.depth++;
      if (this.depth <= MAX_JSON_DEPTH) this.closers.push(c === Char.OpenBracket ? Char.CloseBracket : Char.CloseBrace);
      else if (!this.dropped) {
        this.dropped = 'deep';
        this.parts = [];
      }
      return false;
    }
    if (this.depth <= MAX_JSON_DEPTH) {
      const expected = this.closers.pop();
      if (expected !== c) {
        const found = String.fromCharCode(c);
        this.fail(`invalid JSON at column ${this.column + 1}: this "${found}" does not close the ${expected === Char.CloseBrace ? '"{"' : '"["'} before it (item ${this.index} of the array starts on line ${this.start.line})`);
      }
    }
    this.depth--;
    return this.depth === 0;
  }

  /** Between items: `,`, `]` or spaces. */
  between(c: number): void {
    if (isSpace(c)) return;
    if (this.state === 'next') {
      if (c === Char.Comma) this.state = 'comma';
      else if (c === Char.CloseBracket) this.state = 'closed';
      else this.fail(`expected "," or "]" after item ${this.index} of the array, found "${String.fromCharCode(c)}" at column ${this.column + 1}`);
    } else if (this.state === 'closed') {
      this.fail(`text after the end of the array at column ${this.column + 1}: a .json dataset is one array of objects`);
    }
  }
}

/** The top-level items of the array in `chunks`. */
async function* arrayItems(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ArrayItem> {
  const s = new ItemScanner(file);
  for await (const text of chunks) {
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (s.state === 'item') {
        if (s.inString) {
          if (s.escaped) s.escaped = false;
          else if (c === Char.Backslash) s.escaped = true;
          else if (c === Char.Quote) s.inString = false;
        } else if (c === Char.Quote) s.inString = true;
        else if (c === Char.OpenBracket || c === Char.OpenBrace || c === Char.CloseBracket || c === Char.CloseBrace) {
          if (s.depth > 0 || c === Char.OpenBracket || c === Char.OpenBrace) {
            if (s.bracket(c)) {
              yield s.endItem(s.dropped ? '' : text.slice(from, i + 1));
              s.state = 'next';
            }
          } else {
            // A scalar item ends at the array's closing bracket.
            yield s.endItem(s.dropped ? '' : text.slice(from, i));
            s.state = 'closed';
          }
        } else if (s.depth === 0 && (c === Char.Comma || isSpace(c))) {
          yield s.endItem(s.dropped ? '' : text.slice(from, i));
          s.state = c === Char.Comma ? 'comma' : 'next';
        }
      } else if (s.state === 'open') {
        if (c === Char.OpenBracket) s.state = 'first';
        else if (!isSpace(c)) s.fail(`does not start with "[": a .json dataset is one array of objects, [{…}, {…}]`);
      } else if (s.state === 'first' || s.state === 'comma') {
        if (c === Char.CloseBracket && s.state === 'first') s.state = 'closed';
        else if (c === Char.CloseBracket || c === Char.Comma) {
          s.fail(`${c === Char.Comma ? 'an empty item (a comma with nothing before it)' : 'a comma before "]"'} at column ${s.column + 1}: JSON allows neither`);
        } else if (!isSpace(c)) {
          s.beginItem();
          from = i;
          if (c === Char.Quote) s.inString = true;
          else if (c === Char.OpenBracket || c === Char.OpenBrace) s.bracket(c);
        }
      } else s.between(c);
      if (c === Char.Lf) {
        s.line++;
        s.column = 0;
      } else s.column++;
    }
    if (s.state === 'item') s.keep(text.slice(from));
  }
  if (s.state === 'item' && s.depth === 0 && !s.inString) {
    yield s.endItem('');
    s.state = 'next';
  }
  if (s.state === 'open') s.fail('holds no JSON array: a .json dataset is one array of objects, [{…}, {…}]');
  if (s.state === 'item') s.fail(`the file ends inside item ${s.index} of the array, which starts on line ${s.start.line}: a bracket or a quote is not closed`);
  if (s.state !== 'closed') s.fail('the file ends before the array is closed with "]"');
}

/** Where an offset into an item's text is in the file. */
function physical(item: ArrayItem & { text: string }, offset: number): { line: number; column: number } {
  const before = item.text.slice(0, offset);
  const breaks = before.split('\n').length - 1;
  return breaks === 0 ? { line: item.line, column: item.column + offset } : { line: item.line + breaks, column: offset - before.lastIndexOf('\n') };
}

export async function* readJsonArray(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ReadItem> {
  for await (const item of arrayItems(chunks, file)) {
    const problem = (line: number, message: string): ReadItem => ({ kind: 'problem', problem: { file, line, message } });
    if (item.text === undefined) {
      yield problem(item.line, item.problem ?? 'cannot be read');
      continue;
    }
    const parsed = parseJsonRecord(item.text, 'the end of the item');
    if (parsed.ok) yield { kind: 'record', record: { line: item.line, values: parsed.values } };
    else if (parsed.notObject) yield problem(item.line, `item ${item.index} of the array is ${parsed.notObject}, not a JSON object`);
    else if (parsed.offset === undefined) yield problem(item.line, parsed.message);
    else {
      const at = physical({ ...item, text: item.text }, parsed.offset);
      yield problem(at.line, parsed.message.startsWith('invalid JSON') ? `${parsed.message} at column ${at.column}` : parsed.message);
    }
  }
}
