import assert from 'node:assert/strict';
import { appendCanonicalLine, canonicalJson } from '../../../../src/core/datasets/canonicalJson';
import type { CanonicalRecord } from '../../../../src/core/tasks';

function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

/** Characters JSON treats apart: quotes, backslashes, every control character, line and paragraph separators, surrogates alone and paired. */
const PIECES = ['a', 'word ', '"', '\\', '/', '\u0000', '\u0007', '\b', '\t', '\n', '\f', '\r', '\u001f', '\u007f', '\u2028', '\u2029', 'é', '€', '😀', '\ud83d', '\ude00', '\ufeff', '</script>'];
const NUMBERS = [0, -0, 1, -7, 42, 1e21, 2 ** 53, 0.1, Number.NaN, Number.POSITIVE_INFINITY];

describe('canonical JSON lines', () => {
  it('writes every record exactly as JSON.stringify does, on 20,000 generated records', () => {
    const next = random(3);
    const text = () => Array.from({ length: Math.floor(next() * 8) }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
    for (let i = 0; i < 20_000; i++) {
      const record: Record<string, unknown> = {};
      for (const key of ['sentence', 'label', 'tokens', text()]) {
        const kind = Math.floor(next() * 4);
        if (kind === 0) record[key] = text();
        else if (kind === 1) record[key] = NUMBERS[Math.floor(next() * NUMBERS.length)];
        else if (kind === 2) record[key] = Array.from({ length: Math.floor(next() * 3) }, text);
      }
      assert.equal(canonicalJson(record as CanonicalRecord), JSON.stringify(record), JSON.stringify(record));
    }
  });

  it('looks at no string of a record read from a JSON line with no backslash, and still writes it as JSON.stringify does', () => {
    const next = random(5);
    const text = () => Array.from({ length: Math.floor(next() * 8) }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
    let plainLines = 0;
    for (let i = 0; i < 20_000; i++) {
      const line = JSON.stringify({ sentence: text(), label: next() < 0.5 ? text() : Math.floor(next() * 9), tokens: [text(), text()] });
      if (line.includes('\\')) continue; // an escape in the line: not known to be plain
      plainLines++;
      const out: string[] = [];
      appendCanonicalLine(JSON.parse(line) as CanonicalRecord, out, true);
      assert.equal(out.join(''), `${line}\n`);
    }
    assert.ok(plainLines > 200, `${plainLines} lines without an escape`);
  });
});
