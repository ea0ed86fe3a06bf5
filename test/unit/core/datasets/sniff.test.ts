import assert from 'node:assert/strict';
import { firstInvalidUtf8, sniffDataset } from '../../../../src/core/datasets/sniff';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('dataset sniffing', () => {
  it('tells CSV, TSV, JSONL and JSON apart: by extension, and by content when the extension is none of them', () => {
    assert.equal(sniffDataset('a.csv', bytes('a,b\n1,2\n'), true).format, 'csv');
    assert.equal(sniffDataset('a.tsv', bytes('a\tb\n1\t2\n'), true).format, 'tsv');
    assert.equal(sniffDataset('a.jsonl', bytes('{"a":1}\n'), true).format, 'jsonl');
    assert.equal(sniffDataset('a.json', bytes('[{"a":1}]'), true).format, 'json');
    assert.equal(sniffDataset('a.txt', bytes('{"a":1}\n{"a":2}\n'), true).format, 'jsonl');
    assert.equal(sniffDataset('a.txt', bytes('[{"a":1}]'), true).format, 'json');
    // The extension decides: content that disagrees is reported as such, not read as another format.
    const object = sniffDataset('a.json', bytes('{"a":1}\n{"a":2}\n'), true);
    assert.equal(object.format, 'json');
    assert.deepEqual(object.problem, { line: 1, message: 'this .json file holds a JSON object, not an array of records: a .json dataset is one array, [{…}, {…}], not an object around one; if the file has one object per line, name it .jsonl' });
    const array = sniffDataset('a.jsonl', bytes('\n[{"a":1}]\n'), true);
    assert.equal(array.format, 'jsonl');
    assert.match(array.problem?.message ?? '', /^this \.jsonl file's first line is an array, not a JSON object/);
    assert.equal(array.problem?.line, 2);
    // A .csv file that is really tab-separated.
    const sniff = sniffDataset('a.csv', bytes('text\tlabel\nhello, world\t1\nbye\t0\n'), true);
    assert.equal(sniff.format, 'tsv');
    assert.equal(sniff.delimiter, '\t');
  });

  it('finds semicolons and ignores delimiters inside quotes', () => {
    assert.equal(sniffDataset('a.csv', bytes('a;b;c\n"1,5";2;3\n4;5;6\n'), true).delimiter, ';');
    assert.equal(sniffDataset('a.csv', bytes('text,label\n"a; b; c",1\n"d; e",0\n'), true).delimiter, ',');
  });

  it('detects header, BOM and line endings', () => {
    const crlf = sniffDataset('a.csv', bytes('\ufefftext,label\r\nhi,1\r\n'), true);
    assert.deepEqual([crlf.bom, crlf.lineEnding, crlf.hasHeader], [true, '\r\n', true]);
    assert.equal(sniffDataset('a.csv', bytes('hello,1\nbye,0\n'), true).hasHeader, false);
    assert.equal(sniffDataset('a.csv', bytes('a,b\r1,2\r'), true).lineEnding, '\r');
  });

  it('reports a file that is not UTF-8, and UTF-16 by name', () => {
    assert.match(sniffDataset('a.csv', new Uint8Array([0x61, 0x2c, 0xff, 0x0a]), true).encodingProblem ?? '', /not valid UTF-8/);
    assert.match(sniffDataset('a.csv', new Uint8Array([0xff, 0xfe, 0x61, 0x00]), true).encodingProblem ?? '', /UTF-16/);
    assert.equal(sniffDataset('a.csv', bytes('naïve,café\n'), true).encodingProblem, undefined);
  });

  it('does not call a character cut at the end of a sample invalid, but does at the end of a file', () => {
    const cut = bytes('é').subarray(0, 1);
    assert.equal(firstInvalidUtf8(cut, false), -1);
    assert.equal(firstInvalidUtf8(cut, true), 0);
    assert.equal(firstInvalidUtf8(new Uint8Array([0xc0, 0x80]), true), 0, 'overlong form');
    assert.equal(firstInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80]), true), 0, 'surrogate');
  });
});
