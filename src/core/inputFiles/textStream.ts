import type { FileHandle } from 'node:fs/promises';
import { InputFileError, type OpenedFile } from './regularFile';

/**
 * The text of an opened regular file as a stream of chunks, for readers that go through a file once with bounded
 * memory (datasets, metrics files):
 * - decoded as UTF-8 without ever splitting a character at a chunk edge; a leading byte-order mark is dropped;
 * - the first byte that is not UTF-8, and the first NUL byte (binary data, or UTF-16 text), stop the stream with an
 *   `InputFileError` at its physical line;
 * - line breaks come out as `\n` whatever the file used (`\r\n`, `\n`, a lone `\r`, or a mix), so every reader
 *   counts physical lines as an editor does.
 */

export interface TextStreamOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: { readonly bytesRead: number; readonly totalBytes: number }) => void) | undefined;
}

const CHUNK_BYTES = 1024 * 1024;
const CR = 0x0d;
const LF = 0x0a;

export const NOT_UTF8 = 'the file is not valid UTF-8; save it as UTF-8 (in VS Code: "Save with Encoding" → UTF-8) and try again';
export const UTF16 = 'the file is UTF-16; save it as UTF-8 (in VS Code: "Save with Encoding" → UTF-8) and try again';
export const NUL_BYTE = 'holds a NUL (zero) byte, which text never has: this is a binary file or UTF-16 text; save it as UTF-8 text';

/** UTF-16 text without a byte-order mark: one byte of most pairs is zero (ASCII text), always the same one. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const pairs = Math.floor(Math.min(bytes.length, 4096) / 2);
  if (pairs < 2) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  return (odd > pairs * 0.3 && even < pairs * 0.05) || (even > pairs * 0.3 && odd < pairs * 0.05);
}

/**
 * For the first bytes of a file: the sentence for a text encoding other than UTF-8 that they show (a UTF-16 or
 * UTF-32 byte-order mark, or UTF-16 without one), or undefined.
 */
export function otherEncoding(head: Uint8Array): string | undefined {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) return 'the file is UTF-32; save it as UTF-8 (in VS Code: "Save with Encoding" → UTF-8) and try again';
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return UTF16;
  if (looksLikeUtf16(head)) return 'the file looks like UTF-16 text without a byte-order mark (every other byte is zero); save it as UTF-8 (in VS Code: "Save with Encoding" → UTF-8) and try again';
  return undefined;
}

/** Line breaks in `bytes` as an editor counts them: `\n`, `\r\n` and a lone `\r` are one each. */
export function countLineBreaks(bytes: Uint8Array, followedByLf = false): number {
  let breaks = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === LF) breaks++;
    else if (b === CR && (i + 1 < bytes.length ? bytes[i + 1] !== LF : !followedByLf)) breaks++;
  }
  return breaks;
}

/** The physical line (1-based) of byte `offset` of an open file. */
export async function lineOfOffset(handle: FileHandle, offset: number): Promise<number> {
  let line = 1;
  const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(1, offset + 1)));
  for (let position = 0; position < offset; ) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, offset - position + 1), position);
    if (bytesRead === 0) break;
    const end = Math.min(bytesRead, offset - position);
    line += countLineBreaks(buffer.subarray(0, end), buffer[end] === LF);
    position += bytesRead;
  }
  return line;
}

/** First index in `bytes` that is not UTF-8, or -1; a sequence cut off at the end is fine unless `complete`. */
export function firstInvalidUtf8(bytes: Uint8Array, complete: boolean): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (i + length > bytes.length) return complete ? i : -1;
    for (let k = 1; k < length; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    // Overlong and surrogate forms.
    const b1 = bytes[i + 1] as number;
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) {
      return i;
    }
    i += length;
  }
  return -1;
}

/** `\r\n` and lone `\r` as `\n`; a `\r` at the very end of a chunk waits for the next one (it may start with `\n`). */
class LineBreakNormalizer {
  private pendingCr = false;

  push(text: string): string {
    let out = this.pendingCr ? `\r${text}` : text;
    this.pendingCr = out.endsWith('\r');
    if (this.pendingCr) out = out.slice(0, -1);
    return out.includes('\r') ? out.replace(/\r\n?/g, '\n') : out;
  }

  end(): string {
    return this.pendingCr ? '\n' : '';
  }
}

/**
 * Decoded, line-break-normalized chunks of an opened file (see above). `name` is how problems name the file. The
 * handle stays open: the caller closes it.
 */
export async function* decodeTextFile(opened: OpenedFile, name: string, options: TextStreamOptions = {}): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const breaks = new LineBreakNormalizer();
  const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(1, opened.size)));
  const fail = async (offset: number, message: string) => new InputFileError({ file: name, line: await lineOfOffset(opened.handle, offset), message });
  let position = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const { bytesRead } = await opened.handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    const bytes = buffer.subarray(0, bytesRead);
    const encoding = position === 0 ? otherEncoding(bytes) : undefined;
    if (encoding) throw new InputFileError({ file: name, line: 1, message: encoding });
    const nul = bytes.indexOf(0);
    let text: string;
    try {
      text = decoder.decode(nul === -1 ? bytes : bytes.subarray(0, nul), { stream: true });
    } catch {
      // The bad byte is in this chunk, or among the few carried over from the previous one.
      throw await fail(position + Math.max(0, firstInvalidUtf8(bytes, false)), NOT_UTF8);
    }
    if (nul !== -1) throw await fail(position + nul, NUL_BYTE);
    position += bytesRead;
    options.onProgress?.({ bytesRead: position, totalBytes: opened.size });
    const normalized = breaks.push(text);
    if (normalized) yield normalized;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw await fail(Math.max(0, position - 1), NOT_UTF8);
  }
  const tail = breaks.push(rest) + breaks.end();
  if (tail) yield tail;
}
