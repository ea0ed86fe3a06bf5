import { valueAtPath } from './columnProfile';
import type { DatasetProblem } from './datasetProblem';

/**
 * A record as a reader first holds it, before anything outside the readers sees it: a row's cells under the file's
 * columns, or a parsed JSON object. Validation reads the mapped columns straight from it (`value`); `toRecord`
 * makes the plain, prototype-free `DatasetRecord` that previews and everything else receive. Keying every CSV row's
 * cells by name, and taking every JSON object's prototype away, cost more than parsing them: validation needs
 * neither, as it reads only the mapped columns, and only own fields.
 */

/** What `value` gives for a column the record has no field for. */
export const MISSING: unique symbol = Symbol('missing');

/** One record as read, before any task rule: values keyed by column name. */
export interface DatasetRecord {
  /** Physical line (1-based) where the record starts. */
  readonly line: number;
  /** Own properties only and no prototype: a column named `__proto__` or `toString` is a column like any other. */
  readonly values: Readonly<Record<string, unknown>>;
}

export interface RawRecord {
  /** A record is its own read item (one object less per record than a wrapper). */
  readonly kind: 'record';
  readonly line: number;
  /**
   * The record's own field `column`, or where it has none, the value at `column` as a dotted path into nested JSON
   * objects (`answers.text`); `MISSING` when neither is there. The same as `valueAtPath` on `toRecord().values`.
   */
  value(column: string): unknown;
  /**
   * True when no string the record holds needs an escape in JSON (a quote, a backslash, a control character): it
   * was read from a JSON line with no backslash in it, where a string can hold none of them. False when unknown.
   */
  readonly plainText: boolean;
  toRecord(): DatasetRecord;
}

/** What a reader yields: a record, or a structural problem with the record that starts on that line. */
export type RawItem = RawRecord | { readonly kind: 'problem'; readonly problem: DatasetProblem };

/** A parsed JSON object; its prototype is taken away only when it leaves the reader (`toRecord`). */
export class ObjectRecord implements RawRecord {
  readonly kind = 'record';

  constructor(
    readonly line: number,
    private readonly values: Record<string, unknown>,
    /** The JSON text it was parsed from, when it was one line of its own. */
    private readonly text?: string,
  ) {}

  get plainText(): boolean {
    return this.text !== undefined && this.text.indexOf('\\') === -1;
  }

  value(column: string): unknown {
    // Own fields only, at every level (`valueAtPath`): a prototype's `toString` is never a field.
    if (Object.hasOwn(this.values, column)) return this.values[column];
    const value = valueAtPath(this.values, column);
    return value === undefined ? MISSING : value;
  }

  toRecord(): DatasetRecord {
    if (Object.getPrototypeOf(this.values) !== null) Object.setPrototypeOf(this.values, null);
    return { line: this.line, values: this.values };
  }
}

/** The column names of a delimited file and where each is among a row's cells. */
export class Columns {
  private readonly index = new Map<string, number>();

  constructor(readonly names: readonly string[]) {
    names.forEach((name, i) => this.index.set(name, i));
  }

  /** Where `name` is among the cells, or -1 (a dotted path into a cell never leads anywhere: cells are text). */
  indexOf(name: string): number {
    return this.index.get(name) ?? -1;
  }
}

/** One row of a CSV or TSV file: its cells, under the file's columns. */
export class DelimitedRow implements RawRecord {
  readonly kind = 'record';
  readonly plainText = false;

  constructor(
    readonly line: number,
    private readonly cells: readonly string[],
    private readonly columns: Columns,
  ) {}

  value(column: string): unknown {
    const index = this.columns.indexOf(column);
    return index === -1 ? MISSING : this.cells[index];
  }

  toRecord(): DatasetRecord {
    // No prototype: a column named `__proto__` or `toString` is a column like any other.
    const values = Object.create(null) as Record<string, string>;
    const names = this.columns.names;
    for (let i = 0; i < names.length; i++) values[names[i] as string] = this.cells[i] as string;
    return { line: this.line, values };
  }
}
