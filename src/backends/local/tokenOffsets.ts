/**
 * Where each token of a text is in the text. transformers.js's tokenizers give ids but no character offsets (its
 * token-classification pipeline says so: "TODO: Add support for start and end"), and its question-answering pipeline
 * decodes the answer tokens (WordPiece writes "60,000" back as "60, 000"): so each token is decoded on its own and
 * found in the text from where the previous one ended, case-insensitively. A token that cannot be found as it is
 * (`[UNK]`, a normalized accent) covers what lies before the next token that is found, or else the run of letters
 * and digits where the text goes on; a lone space token covers the space, and the bytes of a character byte-level
 * BPE split over tokens cover the character (the first) and nothing (the others).
 */

/** The parts of a transformers.js tokenizer this needs. */
export interface TokenizerLike {
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
  decode(ids: number[], options?: { skip_special_tokens?: boolean }): string;
}

export interface TokenOffset {
  readonly id: number;
  /** `[start, end)` in the text. */
  readonly start: number;
  readonly end: number;
  /** Continues the word of the token before it (a `##piece`, or letters that follow letters with no space between). */
  readonly continues: boolean;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;
/** How far past a token that was not found the next one is looked for. */
const MAX_UNKNOWN_CHARACTERS = 40;

/** A decoded token as it appears in the text: no `##` continuation mark, no space a byte-level or SentencePiece token carries. */
function surface(decoded: string): { text: string; subword: boolean } {
  const subword = decoded.startsWith('##') && decoded.length > 2;
  return { text: (subword ? decoded.slice(2) : decoded).trim(), subword };
}

/** Where `piece` starts in `text` at or after `from` with only white space skipped, or -1. */
function locate(lower: string, piece: string, from: number): number {
  if (!piece) return -1;
  let at = from;
  while (at < lower.length && /\s/.test(lower[at] ?? '')) at++;
  return lower.startsWith(piece.toLowerCase(), at) ? at : -1;
}

function skipSpace(text: string, from: number): number {
  let at = from;
  while (at < text.length && /\s/.test(text[at] ?? '')) at++;
  return at;
}

function trimEnd(text: string, start: number, end: number): number {
  let at = end;
  while (at > start && /\s/.test(text[at - 1] ?? '')) at--;
  return at;
}

/** The end of the run of letters and digits at `start` (at least one character, not past the text). */
function wordEnd(text: string, start: number): number {
  let at = start;
  while (at < text.length && WORD_CHARACTER.test(text[at] ?? '')) at++;
  return Math.min(text.length, Math.max(at, start + 1));
}

/**
 * The offsets of the first `limit` tokens of `text` as the tokenizer splits it (no special tokens): what the model
 * sees of it once truncated.
 */
export function tokenOffsets(tokenizer: TokenizerLike, text: string, limit = Number.POSITIVE_INFINITY): TokenOffset[] {
  const ids = tokenizer.encode(text, { add_special_tokens: false }).slice(0, limit);
  const lower = text.toLowerCase();
  const found: { id: number; start: number; end: number; subword: boolean; unlocated?: boolean }[] = [];
  let cursor = 0;
  let pendingBytes = 0;
  for (const id of ids) {
    const piece = surface(tokenizer.decode([id], { skip_special_tokens: false }));
    if (!piece.text) {
      // A token of white space alone (byte-level BPE's lone space): the white space where the text goes on.
      const end = skipSpace(text, cursor);
      found.push({ id, start: cursor, end, subword: false });
      cursor = end;
      continue;
    }
    if (piece.text.includes('\uFFFD')) {
      // A byte of a character that byte-level BPE split over several tokens: the first covers the character, the
      // others (as many as its UTF-8 bytes, at most) cover nothing.
      const start = pendingBytes > 0 ? cursor : skipSpace(text, cursor);
      const code = pendingBytes > 0 ? undefined : text.codePointAt(start);
      const character = code !== undefined && code > 0x7f ? String.fromCodePoint(code) : '';
      pendingBytes = character ? Buffer.byteLength(character) - 1 : Math.max(0, pendingBytes - 1);
      found.push({ id, start, end: start + character.length, subword: false });
      cursor = start + character.length;
      continue;
    }
    pendingBytes = 0;
    const pending = found.at(-1)?.unlocated ? found.at(-1) : undefined;
    let at = locate(lower, piece.text, cursor);
    if (at < 0 && pending) {
      // After a token that was not found (`<unk>` for "Zü"), this one may be a few characters on.
      const next = lower.indexOf(piece.text.toLowerCase(), pending.start + 1);
      if (next >= 0 && next - pending.start <= MAX_UNKNOWN_CHARACTERS) at = next;
    }
    if (at >= 0) {
      if (pending) pending.end = Math.max(pending.start, trimEnd(text, pending.start, at));
      found.push({ id, start: at, end: at + piece.text.length, subword: piece.subword, unlocated: false });
      cursor = at + piece.text.length;
    } else {
      // Not found: it covers the run of letters and digits where the text goes on, unless the next token is found sooner.
      if (pending) cursor = pending.end;
      const start = skipSpace(text, cursor);
      found.push({ id, start, end: wordEnd(text, start), subword: piece.subword, unlocated: true });
      cursor = start;
    }
  }
  return found.map((token, i) => {
    const previous = found[i - 1];
    const touching = previous !== undefined && previous.end === token.start && token.start > 0;
    const lettersGoOn = touching && WORD_CHARACTER.test(text[token.start - 1] ?? '') && WORD_CHARACTER.test(text[token.start] ?? '');
    return { id: token.id, start: token.start, end: token.end, continues: previous !== undefined && (token.subword || lettersGoOn) };
  });
}
