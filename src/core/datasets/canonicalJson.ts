import type { CanonicalRecord } from '../tasks';

/**
 * Canonical records as lines of JSON, exactly as `JSON.stringify` writes them, in well under half its time:
 * conversion writes one per valid record, and `JSON.stringify` cost more than reading the record had. Most strings
 * need no escape and are only quoted; one that may (a quote, a backslash, a control character, any surrogate) is
 * left to `JSON.stringify`. A line is appended in pieces to an array that is joined once for many lines: building
 * each line as a string of its own cost as much again. `test/unit/core/datasets/canonicalJson.test.ts` compares
 * the result with `JSON.stringify` on generated records.
 */

/** What `JSON.stringify` may write otherwise than as it is: `"`, `\`, control characters, and surrogates (a lone one is escaped). */
const MAY_NEED_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Whether `text` can be written between quotes as it is. */
const plain = (text: string) => !MAY_NEED_ESCAPE.test(text);

/**
 * A value's JSON, or undefined for a string written as it is (its quotes go with the pieces around it). `plainText`:
 * the caller knows that no string needs an escape.
 */
function valueJson(value: unknown, plainText: boolean): string | undefined {
  if (typeof value === 'string') return plainText || plain(value) ? undefined : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (Array.isArray(value) && value.every((item: unknown) => typeof item === 'string')) {
    return `[${value.map((item: string) => (plainText || plain(item) ? `"${item}"` : JSON.stringify(item))).join(',')}]`;
  }
  return JSON.stringify(value);
}

/**
 * The text between values for one key, ready made: what comes before the key (`{`, `,`, or `",` after a string left
 * open), the key, and the quote that opens a string value. A line is then five pieces for two string values.
 */
interface KeyPieces {
  /** Indexed by [first key ? 0 : after a plain string ? 2 : 1][opens a plain string ? 1 : 0]. */
  readonly before: readonly (readonly [string, string])[];
}

const keyPieces = new Map<string, KeyPieces>();

function piecesFor(key: string): KeyPieces {
  let pieces = keyPieces.get(key);
  if (!pieces) {
    const name = `${JSON.stringify(key)}:`;
    pieces = { before: ['{', ',', '",'].map((lead) => [`${lead}${name}`, `${lead}${name}"`] as const) };
    if (keyPieces.size < 1000) keyPieces.set(key, pieces);
  }
  return pieces;
}

/**
 * Appends `record` as JSON and a line break to `out`. `plainText`: no string of the record needs an escape (it was
 * read from JSON with no backslash, see `RawRecord.plainText`), so none is looked at.
 */
export function appendCanonicalLine(record: CanonicalRecord, out: string[], plainText = false): void {
  let state = 0; // 0: nothing written yet, 1: after a value, 2: after a plain string, its closing quote not yet written
  for (const key of Object.keys(record)) {
    const value: unknown = record[key];
    // JSON.stringify leaves out what has no JSON (undefined, functions, symbols).
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    const json = valueJson(value, plainText);
    const before = piecesFor(key).before[state] as readonly [string, string];
    if (json === undefined) {
      out.push(before[1], value as string);
      state = 2;
    } else {
      out.push(before[0], json);
      state = 1;
    }
  }
  out.push(state === 0 ? '{}\n' : state === 2 ? '"}\n' : '}\n');
}

/** `record` as one line of JSON, without the line break. */
export function canonicalJson(record: CanonicalRecord): string {
  const out: string[] = [];
  appendCanonicalLine(record, out);
  return out.join('').slice(0, -1);
}
