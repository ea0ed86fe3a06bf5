import { MAX_JSON_DEPTH, MAX_LINE_CHARS, formatLimitBytes } from '../inputLimits';
import { nestingOverflowAt, nestsDeeperThan, tooDeepMessage } from '../jsonNesting';
import { findJsonSyntaxError } from '../jsonSyntax';
import { ObjectRecord, type RawItem } from './rawRecord';

/**
 * One JSON record (a JSON Lines line, an item of a `.json` array) from its text: parsed, nesting bounded, and given
 * no prototype, so that a column named `__proto__` or `toString` is a column like any other.
 */

/** Why `JSON.parse` refused `text`, and the offset in it where it went wrong when that is known. */
export function jsonParseFailure(error: unknown, text: string, end = 'the end of the line'): { readonly offset: number | undefined; readonly what: string } {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (position) {
    const what = message.replace(/ in JSON at position \d+.*$/, '').replace(/ at position \d+.*$/, '');
    return { offset: Number(position[1]), what };
  }
  // V8 says nothing of where in some cases, and quotes the whole text: locate the error with the strict parser.
  const syntax = findJsonSyntaxError(text);
  if (!syntax) return { offset: undefined, what: 'not valid JSON' };
  const found = syntax.position >= text.length ? end : syntax.found;
  return { offset: syntax.position, what: `expected ${syntax.expected}, found ${found}` };
}

/** `found an array`, `found a string`: what a value is, for messages. */
export function describeJsonKind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

export type ParsedRecord =
  | { readonly ok: true; readonly values: Record<string, unknown> }
  | { readonly ok: false; readonly offset?: number | undefined; readonly message: string; readonly notObject?: string | undefined };

/**
 * `text` as a record: a JSON object of at most `MAX_JSON_DEPTH` levels, with no prototype. On failure, the message
 * (and where known the offset of the error in `text`); `notObject` says what the value was when it parsed but is
 * not an object.
 */
export function parseJsonRecord(text: string, end?: string): ParsedRecord {
  const parsed = parseJsonObject(text, end);
  if (parsed.ok) Object.setPrototypeOf(parsed.values, null);
  return parsed;
}

/** As `parseJsonRecord`, the object keeping its prototype: for a reader that reads its own fields only (`ObjectRecord`). */
function parseJsonObject(text: string, end?: string): ParsedRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const tooDeep = nestingOverflowAt(text, MAX_JSON_DEPTH);
    if (tooDeep !== -1) return { ok: false, offset: tooDeep, message: tooDeepMessage(MAX_JSON_DEPTH) };
    const failure = jsonParseFailure(error, text, end);
    return { ok: false, offset: failure.offset, message: `invalid JSON: ${failure.what}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'not an object', notObject: describeJsonKind(value) };
  if (nestsDeeperThan(value, MAX_JSON_DEPTH, text.length)) return { ok: false, message: tooDeepMessage(MAX_JSON_DEPTH) };
  return { ok: true, values: value as Record<string, unknown> };
}

/**
 * For a line that holds only an opening bracket, what is likely wrong: a pretty-printed JSON document where one
 * JSON value per line is expected. Undefined for any other line.
 */
export function prettyPrintedHint(text: string): string | undefined {
  if (text.length > 64) return undefined; // cheap for the usual line: no copy of it
  const trimmed = text.trim();
  if (trimmed !== '{' && trimmed !== '[') return undefined;
  return `this line holds only "${trimmed}": each line must hold one whole JSON object; if the file is pretty-printed JSON${trimmed === '[' ? ' (an array)' : ''}, write one object per line`;
}

export const LINE_TOO_LONG = `is longer than ${formatLimitBytes(MAX_LINE_CHARS)} (${MAX_LINE_CHARS.toLocaleString('en-US')} characters), more than any record of text data: check that the file is what its extension says`;

/** A line that starts with a space (or is empty) may be blank; one that starts with `{` (nearly all) is not. */
const mayBeBlank = (text: string) => {
  const c = text.charCodeAt(0);
  return Number.isNaN(c) || c <= 0x20 || c === 0xa0 || c === 0xfeff || (c >= 0x1680 && c <= 0x3000);
};

const lineProblem = (file: string, line: number, message: string): RawItem => ({ kind: 'problem', problem: { file, line, message } });

/** A JSON Lines line as a read item: a record, a problem, or nothing for a blank line. */
export function jsonLineItem(text: string, line: number, file: string): RawItem | undefined {
  // Blank lines are skipped; the test copies a line only when it may be blank (this runs once per line).
  if (mayBeBlank(text) && text.trim() === '') return undefined;
  if (text.charCodeAt(0) === 0xfeff) return lineProblem(file, line, 'starts with a byte-order mark (U+FEFF), as if another file had been pasted here: delete that invisible character');
  const hint = prettyPrintedHint(text);
  if (hint) return lineProblem(file, line, hint);
  const parsed = parseJsonObject(text);
  if (parsed.ok) return new ObjectRecord(line, parsed.values, text);
  if (parsed.notObject) return lineProblem(file, line, `each line must be a JSON object, found ${parsed.notObject}`);
  return lineProblem(file, line, parsed.offset === undefined || !parsed.message.startsWith('invalid JSON') ? parsed.message : `${parsed.message} at column ${parsed.offset + 1}`);
}
