import type { DatasetRecord } from './datasetReader';

export type ColumnType = 'integer' | 'number' | 'boolean' | 'string' | 'string-list' | 'list' | 'object' | 'empty';

/** What the first rows say about one column (or a dotted path into nested JSON objects). */
export interface ColumnProfile {
  readonly name: string;
  readonly type: ColumnType;
  /** Distinct non-empty values seen (capped at 1000). */
  readonly distinct: number;
  readonly nonEmpty: number;
  /** Average length of the text values, in characters. */
  readonly averageLength: number;
  readonly samples: readonly string[];
}

/**
 * Reads `answers.text` from `{answers: {text: [...]}}`; a plain key wins over a path. Own properties only: a
 * column named `toString` or `constructor` is found only where the record has one.
 */
export function valueAtPath(values: Readonly<Record<string, unknown>>, column: string): unknown {
  if (Object.hasOwn(values, column)) return values[column];
  let current: unknown = values;
  for (const part of column.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Column names in first-seen order, with one level of nested objects flattened to dotted paths. */
export function discoverColumns(records: readonly DatasetRecord[]): string[] {
  const columns = new Set<string>();
  for (const { values } of records) {
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        for (const inner of Object.keys(value)) columns.add(`${key}.${inner}`);
      } else columns.add(key);
    }
  }
  return [...columns];
}

/** A CSV cell that holds a list: a JSON array of strings, or words separated by spaces. */
export function parseListCell(cell: string): string[] | undefined {
  const text = cell.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed as string[];
    } catch {
      return undefined;
    }
    return undefined;
  }
  return text === '' ? [] : text.split(/\s+/);
}

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function typeOf(value: unknown): ColumnType {
  if (value === undefined || value === null || value === '') return 'empty';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? 'string-list' : 'list';
  if (typeof value === 'object') return 'object';
  const text = String(value).trim();
  if (INTEGER.test(text)) return 'integer';
  if (NUMBER.test(text)) return 'number';
  if (/^(true|false)$/i.test(text)) return 'boolean';
  if (text.startsWith('[') && parseListCell(text) !== undefined) return 'string-list';
  return 'string';
}

/** Widens two types to the one that holds both (integer + number → number; anything + string → string). */
function widen(a: ColumnType, b: ColumnType): ColumnType {
  if (a === b || b === 'empty') return a;
  if (a === 'empty') return b;
  if ((a === 'integer' && b === 'number') || (a === 'number' && b === 'integer')) return 'number';
  if (a === 'string-list' || a === 'list' || b === 'string-list' || b === 'list') return a === b ? a : 'list';
  return 'string';
}

export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

export function profileColumns(records: readonly DatasetRecord[], columns = discoverColumns(records)): ColumnProfile[] {
  return columns.map((name) => {
    let type: ColumnType = 'empty';
    const distinct = new Set<string>();
    let nonEmpty = 0;
    let totalLength = 0;
    const samples: string[] = [];
    for (const { values } of records) {
      const value = valueAtPath(values, name);
      const valueType = typeOf(value);
      type = widen(type, valueType);
      if (valueType === 'empty') continue;
      nonEmpty++;
      const text = textOf(value);
      totalLength += text.length;
      if (distinct.size < 1000) distinct.add(text);
      if (samples.length < 3 && !samples.includes(text)) samples.push(text.length > 80 ? `${text.slice(0, 77)}…` : text);
    }
    return { name, type, distinct: distinct.size, nonEmpty, averageLength: nonEmpty ? totalLength / nonEmpty : 0, samples };
  });
}
