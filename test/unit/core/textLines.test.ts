import assert from 'node:assert/strict';
import { LineSplitter } from '../../../src/core/inputFiles/textLines';

/** The lines of a whole text, each numbered, one too long as undefined. */
function wholeLines(text: string, maxChars: number): [number, string | undefined][] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, i) => [i + 1, line.length > maxChars ? undefined : line]);
}

function chunkedLines(chunks: readonly string[], maxChars: number): [number, string | undefined][] {
  const splitter = new LineSplitter(maxChars);
  const lines: [number, string | undefined][] = [];
  const onLine = (line: number, text: string | undefined) => lines.push([line, text]);
  for (const chunk of chunks) splitter.push(chunk, onLine);
  splitter.end(onLine);
  return lines;
}

describe('line splitter', () => {
  it('gives each line once, numbered, one over the limit once as undefined, however the text is cut: 5,000 generated texts', () => {
    let state = 11;
    const next = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: Math.floor(next() * 40) }, () => (next() < 0.25 ? '\n' : 'ab'[Math.floor(next() * 2)])).join('');
      const cuts = Array.from({ length: Math.floor(next() * 5) }, () => Math.floor(next() * (text.length + 1))).sort((a, b) => a - b);
      const chunks = [...cuts, text.length].map((end, k) => text.slice(k === 0 ? 0 : (cuts[k - 1] as number), end));
      assert.deepEqual(chunkedLines(chunks, 5), wholeLines(text, 5), JSON.stringify(chunks));
    }
  });
});
