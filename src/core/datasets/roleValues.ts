import type { RoleSpec, RoleValue } from '../tasks';
import type { ProblemRule } from './problemRules';
import { parseListCell } from './columnProfile';

export type { RoleValue };

/** A value a role refuses, and why, in words that follow `FILE:LINE: role:`. */
export class RoleRefusal {
  constructor(
    readonly message: string,
    /** The rule it breaks, by which the panel groups problems. */
    readonly rule: ProblemRule,
  ) {}
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 37)}…` : value}"`;
  return `${typeof value} ${String(value)}`;
}

const NUMBER_ONLY = /^\s*-?\d+(\.\d+)?\s*$/;

/** Whether `text` is a bare number; the pattern is tried only on text that starts as one can (most text starts with a letter). */
function numberOnly(text: string): boolean {
  const c = text.charCodeAt(0);
  return ((c >= 0x30 && c <= 0x39) || c === 0x2d || c <= 0x20 || c >= 0x80) && NUMBER_ONLY.test(text);
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** SQuAD keeps answers in one-element lists (`answers.text: ["Denver"]`): a scalar role takes the first. */
function unwrapSingle(value: unknown): unknown {
  return Array.isArray(value) && value.length >= 1 && !Array.isArray(value[0]) ? value[0] : value;
}

const IS_EMPTY = new RoleRefusal('is empty', 'empty');

/**
 * Turns a raw cell or JSON value into the role's canonical value (undefined: an optional role left empty), or a
 * refusal that says what is wrong with it. Called for every mapped value of every record: a value it takes costs no
 * allocation.
 */
export function roleValue(role: RoleSpec, raw: unknown): RoleValue | undefined | RoleRefusal {
  if (isEmpty(raw) || (Array.isArray(raw) && raw.length === 0 && role.kind !== 'string-list')) {
    return role.required ? IS_EMPTY : undefined;
  }
  switch (role.kind) {
    case 'string': {
      const value = unwrapSingle(raw);
      if (typeof value === 'string') {
        // A string `raw` was found not blank above; one taken out of a list was not.
        if (value !== raw && value.trim() === '') return IS_EMPTY;
        // A bare number where text belongs is almost always a column mapped to the wrong role.
        if (role.prose && numberOnly(value)) return new RoleRefusal(`is a number (${value.trim()}), not text; is it mapped to the right column?`, 'number-not-text');
        return value;
      }
      return new RoleRefusal(`expected text, found ${describe(value)}`, 'not-text');
    }
    case 'label': {
      const value = unwrapSingle(raw);
      if (typeof value === 'string') return value.trim();
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'boolean') return String(value);
      return new RoleRefusal(`expected an integer or a text label, found ${describe(value)}`, 'not-label');
    }
    case 'integer': {
      const value = unwrapSingle(raw);
      const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
      if (typeof number === 'number' && Number.isInteger(number) && number >= 0) return number;
      return new RoleRefusal(`expected a whole number ≥ 0, found ${describe(value)}`, 'not-whole-number');
    }
    case 'string-list': {
      const list = typeof raw === 'string' ? parseListCell(raw) : raw;
      if (!Array.isArray(list)) return new RoleRefusal(`expected a list of strings (a JSON array or space-separated words), found ${describe(raw)}`, 'not-list');
      const bad = list.findIndex((item) => typeof item !== 'string');
      if (bad !== -1) return new RoleRefusal(`item ${bad + 1} of the list is ${describe(list[bad])}, expected a string`, 'list-item-not-string');
      if (list.length === 0) return new RoleRefusal('is an empty list', 'empty-list');
      return list as string[];
    }
  }
}
