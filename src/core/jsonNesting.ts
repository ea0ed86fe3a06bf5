/**
 * How deep JSON nests, found without recursion past a limit: `JSON.parse` itself is iterative, but everything that
 * walks a value afterwards (`JSON.stringify`, a recursive-descent parser that locates a syntax error, a schema) can
 * run out of stack on a value tens of thousands of levels deep. Readers refuse such values first, with these.
 * The top-level value is level 1: `{"a": 1}` nests 1 level, `{"a": [1]}` 2.
 */

function deeper(value: object, remaining: number): boolean {
  if (remaining === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null && deeper(item, remaining - 1)) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if (typeof item === 'object' && item !== null && deeper(item, remaining - 1)) return true;
  }
  return false;
}

/**
 * True when a parsed JSON value nests objects and arrays more than `max` levels deep. Visits each object and array
 * once at most and stops at the first one too deep, so it never recurses more than `max` frames. `sourceLength`,
 * when given, is the length of the text the value was parsed from: a text shorter than `2 × (max + 1)` characters
 * cannot nest that deep, and is not walked at all.
 */
export function nestsDeeperThan(value: unknown, max: number, sourceLength?: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (sourceLength !== undefined && sourceLength < 2 * (max + 1)) return false;
  return deeper(value, max);
}

/**
 * The offset in a JSON text of the first `[` or `{` that opens level `max + 1`, or -1 when the text nests no
 * deeper than `max`. Brackets inside strings do not count; the text need not be valid JSON.
 */
export function nestingOverflowAt(text: string, max: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return -1;
}

/** `nested too deeply (more than 64 levels of objects and arrays)`: the words every reader uses. */
export function tooDeepMessage(max: number): string {
  return `nested too deeply (more than ${max} levels of objects and arrays)`;
}
