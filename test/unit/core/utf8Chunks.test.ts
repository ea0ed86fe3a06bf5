import assert from 'node:assert/strict';
import { unfinishedTail, Utf8Chunks } from '../../../src/core/inputFiles/textStream';

/** What a streaming `TextDecoder` (fatal) makes of each chunk: its text, or `error` from the first chunk it refuses. */
function textDecoderRun(chunks: readonly Uint8Array[]): string[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const out: string[] = [];
  try {
    for (const chunk of chunks) out.push(decoder.decode(chunk, { stream: true }));
    out.push(decoder.decode());
  } catch {
    out.push('error');
  }
  return out;
}

function utf8ChunksRun(chunks: readonly Uint8Array[]): string[] {
  const decoder = new Utf8Chunks();
  const out: string[] = [];
  for (const chunk of chunks) {
    const pieces = decoder.decode(chunk);
    if (pieces === undefined) return [...out, 'error'];
    out.push(pieces.join(''));
  }
  return decoder.end() ? [...out, ''] : [...out, 'error'];
}

function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

/** Bytes that make UTF-8 hard: ASCII, whole characters of 2 to 4 bytes, leads and continuations alone, overlongs, surrogates, a BOM. */
const PIECES: readonly (readonly number[])[] = [
  [0x61], [0x0a], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xef, 0xbb, 0xbf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f],
  [0x80], [0xbf], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xff], [0xe0, 0xa0], [0xf4, 0x8f],
];

describe('UTF-8 chunks', () => {
  it('decodes as a streaming TextDecoder does: the same text per chunk, a refusal in the same chunk, 20,000 generated streams', () => {
    const next = random(7);
    for (let i = 0; i < 20_000; i++) {
      // Mostly valid text, so that refusals come late as often as early.
      const pieces = Array.from({ length: Math.floor(next() * 12) }, () => PIECES[next() < 0.7 ? Math.floor(next() * 9) : Math.floor(next() * PIECES.length)] ?? []);
      const bytes = Uint8Array.from(pieces.flat());
      const cuts = Array.from({ length: Math.floor(next() * 4) }, () => Math.floor(next() * (bytes.length + 1))).sort((a, b) => a - b);
      const chunks = [...cuts, bytes.length].map((end, k) => bytes.subarray(k === 0 ? 0 : (cuts[k - 1] as number), end));
      assert.deepEqual(utf8ChunksRun(chunks), textDecoderRun(chunks), `bytes ${Buffer.from(bytes).toString('hex')} cut at ${cuts.join(',')}`);
    }
  });

  it('cuts a long text into pieces of at most 64 KB, never inside a character', () => {
    const text = 'aé€😀'.repeat(30_000);
    const pieces = new Utf8Chunks().decode(Buffer.from(`\ufeff${text}`)) ?? [];
    assert.equal(pieces.join(''), text);
    assert.ok(pieces.length > 4 && pieces.every((piece) => Buffer.byteLength(piece) <= 64 * 1024));
    const ascii = new Utf8Chunks().decode(Buffer.from('x'.repeat(200_000))) ?? [];
    assert.deepEqual(ascii.map((piece) => piece.length), [65_536, 65_536, 65_536, 3392]);
  });

  it('holds back only the start of a character that the next chunk can finish', () => {
    assert.equal(unfinishedTail(Uint8Array.from([0x61, 0xe2, 0x82])), 2);
    assert.equal(unfinishedTail(Uint8Array.from([0x61, 0xf0, 0x9f, 0x98])), 3);
    assert.equal(unfinishedTail(Uint8Array.from([0x61, 0xe2, 0x82, 0xac])), 0);
    assert.equal(unfinishedTail(Uint8Array.from([0x61, 0xe0, 0x80])), 0, 'an overlong start finishes nothing');
    assert.equal(unfinishedTail(Uint8Array.from([0x61, 0xed, 0xa0])), 0, 'a surrogate start finishes nothing');
    assert.equal(unfinishedTail(Uint8Array.from([0x61, 0xf5])), 0);
  });
});
