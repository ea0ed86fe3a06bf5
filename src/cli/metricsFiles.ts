import path from 'node:path';
import type * as z from 'zod';
import { jsonParseFailure, prettyPrintedHint } from '../core/datasets/jsonRecords';
import { InputFileError, openRegularFile } from '../core/inputFiles/regularFile';
import { textLines } from '../core/inputFiles/textLines';
import { decodeTextFile } from '../core/inputFiles/textStream';
import { MAX_JSON_DEPTH, MAX_LINE_CHARS, MAX_METRICS_FILE_BYTES, formatLimitBytes } from '../core/inputLimits';
import { nestingOverflowAt, nestsDeeperThan, tooDeepMessage } from '../core/jsonNesting';
import { describeIssue } from '../core/metrics';

/**
 * Predictions and references files of `fm metrics`: JSON Lines, one `{"<key>": value}` record a line, read whole
 * (they pair up line by line) within `MAX_METRICS_FILE_BYTES`. A regular file only; lines and nesting bounded.
 */

/** A line of a predictions or references file that is not a valid record; printed as `FILE:LINE: problem`, exit 1. */
export class RecordFileError extends Error {
  override readonly name = 'RecordFileError';
}

/** A predictions or references file that cannot be opened; printed alone, exit 2 (as `fm dataset` does). */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
}

export interface LocatedValue {
  readonly value: unknown;
  readonly line: number;
}

export interface RecordShape {
  /** The field names a record may use, one of them per record. */
  readonly keys: readonly string[];
  /** The field names of the other file (references for predictions): found here, the files were swapped. */
  readonly otherKeys: readonly string[];
  /** `--predictions` or `--references`. */
  readonly option: string;
  readonly schema: z.ZodType;
  /** What the value should be, in words, for messages. */
  readonly expected: string;
}

/** One line's JSON object, or throws `RecordFileError` at `where`. */
function parseLine(text: string, where: string, keys: readonly string[]): Record<string, unknown> {
  const hint = prettyPrintedHint(text);
  if (hint) throw new RecordFileError(`${where}: ${hint}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    if (nestingOverflowAt(text, MAX_JSON_DEPTH) !== -1) throw new RecordFileError(`${where}: ${tooDeepMessage(MAX_JSON_DEPTH)}`);
    const failure = jsonParseFailure(error, text);
    throw new RecordFileError(`${where}: not valid JSON: ${failure.what}${failure.offset === undefined ? '' : ` at column ${failure.offset + 1}`}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new RecordFileError(`${where}: expected a JSON object such as {"${keys[0]}": …}`);
  if (nestsDeeperThan(json, MAX_JSON_DEPTH, text.length)) throw new RecordFileError(`${where}: ${tooDeepMessage(MAX_JSON_DEPTH)}`);
  return json as Record<string, unknown>;
}

/** Opens `file` (a regular file within the size limit) and streams its lines. */
async function* fileLines(file: string): AsyncGenerator<{ readonly line: number; readonly text: string | undefined }> {
  let opened;
  try {
    opened = await openRegularFile(file, file);
  } catch (error) {
    if (error instanceof InputFileError) throw new UnreadableFileError(error.message);
    throw error;
  }
  try {
    if (opened.size > MAX_METRICS_FILE_BYTES) {
      throw new UnreadableFileError(`${file}: is ${formatLimitBytes(opened.size)}; fm metrics reads files of up to ${formatLimitBytes(MAX_METRICS_FILE_BYTES)}: score the records in parts`);
    }
    yield* textLines(decodeTextFile(opened, path.basename(file)), MAX_LINE_CHARS);
  } catch (error) {
    if (error instanceof InputFileError) throw new RecordFileError(error.message);
    throw error;
  } finally {
    await opened.handle.close();
  }
}

/** Reads `{"<key>": value}` records, one a line; blank lines are skipped. Throws RecordFileError on the first bad line. */
export async function readRecords(file: string, shape: RecordShape): Promise<LocatedValue[]> {
  const name = path.basename(file);
  const records: LocatedValue[] = [];
  for await (const { line, text } of fileLines(file)) {
    const where = `${name}:${line}`;
    if (text === undefined) throw new RecordFileError(`${where}: the line is longer than ${formatLimitBytes(MAX_LINE_CHARS)}: a predictions or references file has one short JSON record a line`);
    const trimmed = text.trim();
    if (trimmed === '') continue;
    const record = parseLine(trimmed, where, shape.keys);
    const present = shape.keys.filter((key) => Object.hasOwn(record, key));
    if (present.length !== 1) {
      const swapped = shape.otherKeys.find((key) => Object.hasOwn(record, key));
      const missing = `no "${shape.keys.join('" or "')}" field${swapped ? ` but a "${swapped}" one: is this file given as ${shape.option} by mistake?` : ''}`;
      throw new RecordFileError(`${where}: ${present.length === 0 ? missing : `both "${present.join('" and "')}": give one`}`);
    }
    const key = present[0] as string;
    const parsed = shape.schema.safeParse(record[key]);
    if (!parsed.success) throw new RecordFileError(`${where}: ${key}: ${describeIssue(parsed.error, shape.expected, record[key])}`);
    records.push({ value: record[key], line });
  }
  return records;
}
