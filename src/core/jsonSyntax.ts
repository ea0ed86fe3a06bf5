import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { MAX_JSON_DEPTH } from './inputLimits';
import { nestingOverflowAt } from './jsonNesting';

/**
 * Where a JSON text goes wrong, for messages that say line, column and what was expected. `JSON.parse`'s own
 * message quotes the whole text in some cases and gives no position in others; `jsonc-parser` (the parser VS Code
 * uses for settings) reports each error with its offset, in strict JSON mode here (no comments, no trailing commas).
 */
export interface JsonSyntaxError {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** 0-based offset into the text. */
  readonly position: number;
  /** What the parser expected there, e.g. `"," or "]"`. */
  readonly expected: string;
  /** What it found: a quoted character, or `the end of the text`. */
  readonly found: string;
}

/** By `printParseErrorCode` name (the codes are a const enum, which isolated modules cannot read). */
const EXPECTED: Readonly<Record<string, string>> = {
  InvalidSymbol: 'a value (a string, number, object, array, true, false or null)',
  InvalidNumberFormat: 'a number',
  PropertyNameExpected: 'a property name in double quotes',
  ValueExpected: 'a value (a string, number, object, array, true, false or null)',
  ColonExpected: '":" after the property name',
  CommaExpected: '","',
  CloseBraceExpected: '"," or "}"',
  CloseBracketExpected: '"," or "]"',
  EndOfFileExpected: 'the end of the text',
  InvalidCommentToken: 'no comment (JSON has none)',
  UnexpectedEndOfComment: 'no comment (JSON has none)',
  UnexpectedEndOfString: 'a closing quote',
  UnexpectedEndOfNumber: 'a digit',
  InvalidUnicode: 'four hex digits after \\u',
  InvalidEscapeCharacter: 'an escape such as \\n, \\" or \\u0041',
  InvalidCharacter: 'no raw control character in a string (escape it)',
};

/**
 * The first syntax error of `text` as strict JSON, or undefined when it parses. A text that nests deeper than
 * `MAX_JSON_DEPTH` is not handed to the parser (it recurses per level): its error is the bracket that goes too deep.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const tooDeep = nestingOverflowAt(text, MAX_JSON_DEPTH);
  if (tooDeep !== -1) return located(text, tooDeep, `no more than ${MAX_JSON_DEPTH} levels of nested objects and arrays`);
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  return located(text, first.offset, EXPECTED[printParseErrorCode(first.error)] ?? 'valid JSON');
}

function located(text: string, position: number, expected: string): JsonSyntaxError {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - (before.lastIndexOf('\n') + 1) + 1;
  const found = position >= text.length ? 'the end of the text' : JSON.stringify(text.charAt(position));
  return { line, column, position, expected, found };
}
