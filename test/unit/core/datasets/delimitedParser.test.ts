import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { DelimitedParser, type QuoteError } from '../../../../src/core/datasets/delimitedParser';

interface Row {
  readonly cells: string[];
  readonly errors: readonly string[];
  /** Line breaks inside the cells. */
  readonly breaks: number;
}

const breaksIn = (cells: readonly string[]) => cells.reduce((sum, cell) => sum + cell.split('\n').length - 1, 0);

/** The rows and quote errors papaparse's own streaming parse gives for these chunks (as the reader once ran it). */
function papaparseRows(chunks: readonly string[], delimiter: string): Promise<Row[]> {
  const rows: Row[] = [];
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(Readable.from(chunks, { objectMode: true }) as unknown as Papa.LocalFile, {
      delimiter,
      newline: '\n',
      header: false,
      skipEmptyLines: false,
      dynamicTyping: false,
      step: (result) => rows.push({ cells: result.data, errors: result.errors.map((e) => e.code), breaks: breaksIn(result.data) }),
      complete: () => resolve(rows),
      error: reject,
    });
  });
}

function parserRows(chunks: readonly string[], delimiter: string): Row[] {
  const rows: Row[] = [];
  const parser = new DelimitedParser(delimiter);
  const onRow = (cells: string[], errors: readonly QuoteError[], breaks: number) => rows.push({ cells, errors: [...errors], breaks });
  for (const chunk of chunks) parser.push(chunk, onRow);
  parser.end(onRow);
  return rows;
}

/** A seeded generator, so that a failure shows the same input every time. */
function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

/** Text made of what matters to a CSV parser: quotes, delimiters, line breaks, spaces, and a few letters. */
function hostileText(next: () => number, delimiter: string): string {
  const pieces = ['a', 'bc', ' ', '  ', '"', '""', delimiter, delimiter, '\n', '\n', '"\n', `"${delimiter}`, `${delimiter}"`, 'é', '\u00a0', '\t', ',', ';'];
  let text = '';
  const length = Math.floor(next() * 60);
  for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
  return text;
}

/** `text` cut at random places into 1 to 6 non-empty chunks. */
function cut(next: () => number, text: string): string[] {
  const cuts = [...new Set(Array.from({ length: Math.floor(next() * 6) }, () => Math.floor(next() * text.length)))].filter((c) => c > 0).sort((a, b) => a - b);
  const chunks: string[] = [];
  let start = 0;
  for (const at of [...cuts, text.length]) {
    if (at > start) chunks.push(text.slice(start, at));
    start = at;
  }
  return chunks;
}

describe('delimited parser', () => {
  it('splits quoted and unquoted fields, with escaped quotes, line breaks inside quotes, and spaces after a closing quote', () => {
    const rows = parserRows(['a,"b ""q"", c",d\n"multi\nline" ,x\n', 'plain,row'], ',');
    assert.deepEqual(rows, [
      { cells: ['a', 'b "q", c', 'd'], errors: [], breaks: 0 },
      { cells: ['multi\nline', 'x'], errors: [], breaks: 1 },
      { cells: ['plain', 'row'], errors: [], breaks: 0 },
    ]);
  });

  it('reports a malformed quote on its row and an unterminated one at the end, as papaparse does', () => {
    assert.deepEqual(parserRows(['"bad"quote",pos\nok,1\n'], ','), [
      { cells: ['bad"quote', 'pos'], errors: ['InvalidQuotes'], breaks: 0 },
      { cells: ['ok', '1'], errors: [], breaks: 0 },
    ]);
    assert.deepEqual(parserRows(['ok,1\n"never', ' closed,pos\nmore,neg\n'], ','), [
      { cells: ['ok', '1'], errors: [], breaks: 0 },
      { cells: ['never closed,pos\nmore,neg\n'], errors: ['MissingQuotes'], breaks: 2 },
    ]);
  });

  it('holds what follows the last line break for the next chunk, and counts it', () => {
    const parser = new DelimitedParser('\t');
    const rows: string[][] = [];
    parser.push('a\tb\nc\t"d', (cells) => rows.push(cells));
    assert.deepEqual(rows, [['a', 'b']]);
    assert.equal(parser.pending, 4);
    parser.push('"\n', (cells) => rows.push(cells));
    assert.equal(parser.pending, 0);
    assert.deepEqual(rows, [['a', 'b'], ['c', 'd']]);
  });

  it('gives the same rows and quote errors as papaparse\'s streaming parse, on 6,000 generated inputs cut at random', async () => {
    const next = random(16);
    for (let i = 0; i < 6000; i++) {
      // Single characters as sniffing finds them, and papaparse's multi-character delimiters, one starting with a space.
      const delimiter = [',', '\t', ';', '|', '::', ' ,'][i % 6] as string;
      const text = hostileText(next, delimiter);
      const chunks = cut(next, text);
      if (chunks.length === 0) continue;
      const rows = parserRows(chunks, delimiter);
      assert.deepEqual(rows, await papaparseRows(chunks, delimiter), `input ${JSON.stringify(chunks)} with ${JSON.stringify(delimiter)}`);
      // Where the chunks are cut does not matter: the reader cuts them where its decoder does.
      assert.deepEqual(rows, await papaparseRows([text], delimiter), `input ${JSON.stringify(text)} whole`);
    }
  });

  it('reads a row of megabytes, parsed again only as the text after it doubles and never held past the limit, with the same rows as papaparse', async () => {
    const field = `${'words, and "quoted" words\n'.repeat(40_000)}`;
    const text = `a,b\n"${field.replaceAll('"', '""')}",x\n"never closed ${field.replaceAll('"', '')}`;
    const chunks = Array.from({ length: Math.ceil(text.length / 65_536) }, (_, i) => text.slice(i * 65_536, (i + 1) * 65_536));
    const rows = parserRows(chunks, ',');
    assert.deepEqual(rows.map((row) => [row.cells.length, row.errors, row.breaks]), [[2, [], 0], [2, [], 40_000], [1, ['MissingQuotes'], 40_000]]);
    assert.equal(rows[1]?.cells[0], field);
    assert.deepEqual(rows, await papaparseRows([text], ','));
    const parser = new DelimitedParser(',', 300_000);
    for (const chunk of chunks.slice(0, 20)) parser.push(chunk, () => undefined);
    assert.ok(parser.pending <= 300_000 + 65_536, `${parser.pending} characters held`);
  });
});
