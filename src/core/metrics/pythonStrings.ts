/**
 * The few Python string operations the reference metric scripts rely on, with Python's exact semantics where
 * JavaScript's differ. JavaScript's `\s` counts U+FEFF as whitespace and misses U+001C–U+001F and U+0085, which
 * Python's `str.split()` and `str.isspace()` treat as whitespace.
 */

/** The characters for which Python's `str.isspace()` is true (the same set as `re`'s `\s` on `str`). */
const PY_WHITESPACE_CLASS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const PY_WHITESPACE_RUN = new RegExp(`[${PY_WHITESPACE_CLASS}]+`, 'g');
const PY_TRAILING_WHITESPACE = new RegExp(`[${PY_WHITESPACE_CLASS}]+$`);

/** Python's `text.split()` with no argument: the non-empty pieces between runs of whitespace. */
export function pySplit(text: string): string[] {
  const pieces = text.split(PY_WHITESPACE_RUN);
  // split() leaves an empty piece at either end when the text starts or ends with whitespace.
  if (pieces.length > 0 && pieces[0] === '') pieces.shift();
  if (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  return pieces;
}

/** Python's `text.rstrip()` with no argument. */
export function pyRstrip(text: string): string {
  return text.replace(PY_TRAILING_WHITESPACE, '');
}

/**
 * Orders strings as Python and NumPy do (by Unicode code point). JavaScript's default sort compares UTF-16
 * code units, which puts characters above U+FFFF before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
