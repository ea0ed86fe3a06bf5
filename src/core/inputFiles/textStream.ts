import { isAscii, isUtf8 } from 'node:buffer';
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

/** Whether `second` can follow the lead byte `lead` (E0, ED, F0 and F4 narrow it: no overlong or surrogate forms). */
function secondByteFits(lead: number, second: number): boolean {
  if (lead === 0xe0) return second >= 0xa0 && second <= 0xbf;
  if (lead === 0xed) return second >= 0x80 && second <= 0x9f;
  if (lead === 0xf0) return second >= 0x90 && second <= 0xbf;
  if (lead === 0xf4) return second >= 0x80 && second <= 0x8f;
  return second >= 0x80 && second <= 0xbf;
}

/**
 * How many bytes at the end of `bytes` begin a character that the next chunk may finish: a lead byte and the
 * continuation bytes that can follow it, fewer than the character needs. 0 when the end is complete, and when it
 * cannot be the start of any character (then it is not UTF-8, as a streaming decoder would say at once).
 */
export function unfinishedTail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back] as number;
    if (b < 0x80) return 0;
    if (b < 0xc0) continue; // a continuation byte: its lead is further back
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length <= back) return 0;
    return back === 1 || secondByteFits(b, bytes[n - back + 1] as number) ? back : 0;
  }
  return 0;
}

/** Decoded text is made in pieces of at most this many bytes: strings that small live and die young in V8's heap. */
const PIECE_BYTES = 64 * 1024;

/** Where to cut `body` (valid UTF-8) near `at` without cutting a character: back past continuation bytes. */
function characterStart(body: Uint8Array, at: number): number {
  let cut = at;
  while (cut > 0 && ((body[cut] as number) & 0xc0) === 0x80) cut--;
  return cut;
}

/**
 * UTF-8 chunks to text, as `new TextDecoder('utf-8', { fatal: true })` decodes a stream (a leading byte-order mark
 * dropped, a character cut at a chunk's end finished by the next chunk, the first byte that cannot be UTF-8 refused
 * in the chunk where it is seen), but checked with `isUtf8` and, for ASCII (most data), made a string with no
 * decoding at all: several times faster than a streaming `TextDecoder`, which held dataset reads back. A chunk's
 * text comes in pieces of at most 64 KB (a megabyte-long string is allocated apart and freed only by a full
 * collection; small ones cost nothing to free).
 */
export class Utf8Chunks {
  private held: Buffer | undefined;
  private started = false;

  /** The text of `bytes` after what the last chunk left unfinished, in pieces, or undefined when they are not UTF-8. */
  decode(bytes: Uint8Array): string[] | undefined {
    const all = this.held ? Buffer.concat([this.held, bytes]) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const tail = unfinishedTail(all);
    const body = all.subarray(0, all.length - tail);
    const ascii = isAscii(body);
    if (!ascii && !isUtf8(body)) return undefined;
    this.held = tail === 0 ? undefined : Buffer.from(all.subarray(all.length - tail));
    const pieces: string[] = [];
    for (let start = 0; start < body.length; ) {
      const end = start + PIECE_BYTES >= body.length ? body.length : ascii ? start + PIECE_BYTES : characterStart(body, start + PIECE_BYTES);
      pieces.push(body.toString(ascii ? 'latin1' : 'utf8', start, end));
      start = end;
    }
    if (!this.started && pieces.length > 0) {
      this.started = true;
      if (pieces[0]?.charCodeAt(0) === 0xfeff) pieces[0] = pieces[0].slice(1);
    }
    return pieces;
  }

  /** False when the last chunk left a character unfinished: the text ends inside one. */
  end(): boolean {
    const complete = this.held === undefined;
    this.held = undefined;
    return complete;
  }
}

/**
 * An open file's chunks, read one ahead: while a chunk is decoded and parsed, the next is already being read (on
 * libuv's thread pool, on another core where there is one), so the reader never waits for the disk or page cache.
 */
class ChunkReader {
  private readonly buffers: [Buffer, Buffer];
  private turn: 0 | 1 = 0;
  private position = 0;
  private next: Promise<number> | undefined;

  constructor(
    private readonly opened: OpenedFile,
    size: number,
  ) {
    this.buffers = [Buffer.alloc(size), Buffer.alloc(size)];
  }

  /** The next chunk (empty at the end of the file); valid until the call after this one. */
  async read(): Promise<Buffer> {
    const bytesRead = await (this.next ?? this.start());
    const buffer = this.buffers[this.turn];
    this.turn = this.turn === 0 ? 1 : 0;
    this.position += bytesRead;
    this.next = bytesRead === 0 ? undefined : this.start();
    return buffer.subarray(0, bytesRead);
  }

  /** Waits for the read ahead, if one is still going, so that the caller may close the file. */
  async settle(): Promise<void> {
    await this.next?.catch(() => undefined);
    this.next = undefined;
  }

  private start(): Promise<number> {
    const buffer = this.buffers[this.turn];
    const read = this.opened.handle.read(buffer, 0, buffer.length, this.position).then(({ bytesRead }) => bytesRead);
    read.catch(() => undefined); // a read ahead that nobody waits for fails quietly; one awaited throws there
    return read;
  }
}

/**
 * Decoded, line-break-normalized chunks of an opened file (see above). `name` is how problems name the file. The
 * handle stays open: the caller closes it.
 */
export async function* decodeTextFile(opened: OpenedFile, name: string, options: TextStreamOptions = {}): AsyncGenerator<string> {
  const decoder = new Utf8Chunks();
  const breaks = new LineBreakNormalizer();
  const reader = new ChunkReader(opened, Math.min(CHUNK_BYTES, Math.max(1, opened.size)));
  const fail = async (offset: number, message: string) => new InputFileError({ file: name, line: await lineOfOffset(opened.handle, offset), message });
  let position = 0;
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      const bytes = await reader.read();
      if (bytes.length === 0) break;
      const encoding = position === 0 ? otherEncoding(bytes) : undefined;
      if (encoding) throw new InputFileError({ file: name, line: 1, message: encoding });
      const nul = bytes.indexOf(0);
      const pieces = decoder.decode(nul === -1 ? bytes : bytes.subarray(0, nul));
      // The bad byte is in this chunk, or among the few carried over from the previous one.
      if (pieces === undefined) throw await fail(position + Math.max(0, firstInvalidUtf8(bytes, false)), NOT_UTF8);
      if (nul !== -1) throw await fail(position + nul, NUL_BYTE);
      position += bytes.length;
      options.onProgress?.({ bytesRead: position, totalBytes: opened.size });
      for (const text of pieces) {
        const normalized = breaks.push(text);
        if (normalized) yield normalized;
      }
    }
  } finally {
    await reader.settle();
  }
  if (!decoder.end()) throw await fail(Math.max(0, position - 1), NOT_UTF8);
  const tail = breaks.end();
  if (tail) yield tail;
}
