import type { RoleSpec, RoleValue } from '../tasks';
import type { ProblemRule } from './problemRules';
import { parseListCell } from './columnProfile';

export type { RoleValue };
export type RoleResult = { readonly ok: true; readonly value: RoleValue | undefined } | { readonly ok: false; readonly message: string; readonly rule: ProblemRule };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 37)}…` : value}"`;
  return `${typeof value} ${String(value)}`;
}

const NUMBER_ONLY = /^\s*-?\d+(\.\d+)?\s*$/;

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** SQuAD keeps answers in one-element lists (`answers.text: ["Denver"]`): a scalar role takes the first. */
function unwrapSingle(value: unknown): unknown {
  return Array.isArray(value) && value.length >= 1 && !Array.isArray(value[0]) ? value[0] : value;
}

/**
 * Turns a raw cell or JSON value into the role's canonical value, or says what is wrong with it in words that
 * follow `FILE:LINE: role:`.
 */
export function roleValue(role: RoleSpec, raw: unknown): RoleResult {
  if (isEmpty(raw) || (Array.isArray(raw) && raw.length === 0 && role.kind !== 'string-list')) {
    return role.required ? { ok: false, message: 'is empty', rule: 'empty' } : { ok: true, value: undefined };
  }
  switch (role.kind) {
    case 'string': {
      const value = unwrapSingle(raw);
      if (typeof value === 'string') {
        if (value.trim() === '') return { ok: false, message: 'is empty', rule: 'empty' };
        // A bare number where text belongs is almost always a column mapped to the wrong role.
        if (role.prose && NUMBER_ONLY.test(value)) return { ok: false, message: `is a number (${value.trim()}), not text; is it mapped to the right column?`, rule: 'number-not-text' };
        return { ok: true, value };
      }
      return { ok: false, message: `expected text, found ${describe(value)}`, rule: 'not-text' };
    }
    case 'label': {
      const value = unwrapSingle(raw);
      if (typeof value === 'string') return { ok: true, value: value.trim() };
      if (typeof value === 'number' && Number.isInteger(value)) return { ok: true, value };
      if (typeof value === 'boolean') return { ok: true, value: String(value) };
      return { ok: false, message: `expected an integer or a text label, found ${describe(value)}`, rule: 'not-label' };
    }
    case 'integer': {
      const value = unwrapSingle(raw);
      const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
      if (typeof number === 'number' && Number.isInteger(number) && number >= 0) return { ok: true, value: number };
      return { ok: false, message: `expected a whole number ≥ 0, found ${describe(value)}`, rule: 'not-whole-number' };
    }
    case 'string-list': {
      const list = typeof raw === 'string' ? parseListCell(raw) : raw;
      if (!Array.isArray(list)) return { ok: false, message: `expected a list of strings (a JSON array or space-separated words), found ${describe(raw)}`, rule: 'not-list' };
      const bad = list.findIndex((item) => typeof item !== 'string');
      if (bad !== -1) return { ok: false, message: `item ${bad + 1} of the list is ${describe(list[bad])}, expected a string`, rule: 'list-item-not-string' };
      if (list.length === 0) return { ok: false, message: 'is an empty list', rule: 'empty-list' };
      return { ok: true, value: list as string[] };
    }
  }
}
