import assert from 'node:assert/strict';
import path from 'node:path';
import { formatProblem } from '../../../../src/core/datasets/datasetProblem';
import { validateDataset } from '../../../../src/core/datasets/validateDataset';
import { readDataset } from '../../../../src/core/datasets/datasetReader';
import { SAMPLES, tempFolder } from '../../../support/tempFiles';
import type { TaskId } from '../../../../src/core/tasks';
import type { ColumnMapping } from '../../../../src/core/datasets/recordMapping';

const files = tempFolder();

async function problems(name: string, content: string | Uint8Array, task: TaskId, mapping: ColumnMapping): Promise<string[]> {
  const report = await validateDataset(files.write(name, content), task, mapping);
  return report.problems.map(formatProblem);
}

const tc = { sentence: 'text', label: 'label' };

describe('dataset validation', () => {
  it('accepts every sample with its mapping', async () => {
    const cases: [string, TaskId, ColumnMapping][] = [
      ['reviews.csv', 'text-classification', { sentence: 'review_text', label: 'sentiment' }],
      ['ner.jsonl', 'token-classification', { tokens: 'words', tags: 'ner_tags' }],
      ['qa.jsonl', 'question-answering', { question: 'query', context: 'passage', answer_text: 'answers.text', answer_start: 'answers.answer_start' }],
      ['news-summaries.tsv', 'summarization', { document: 'article', summary: 'highlights' }],
      ['en-ro.csv', 'translation', { source: 'english', target: 'romanian' }],
    ];
    for (const [file, task, mapping] of cases) {
      const report = await validateDataset(path.join(SAMPLES, file), task, mapping);
      assert.deepEqual(report.problems.map(formatProblem), [], file);
      assert.ok(report.valid && report.validRecords >= 25, `${file}: ${report.validRecords} records`);
    }
  });

  it('an empty file, and a file with only a header', async () => {
    assert.deepEqual(await problems('empty.csv', '', 'text-classification', tc), ['empty.csv: the file is empty']);
    assert.deepEqual(await problems('header.csv', 'text,label\n', 'text-classification', tc), ['header.csv: has no records (only a header, or only blank lines)']);
  });

  it('ragged rows and quotes, on the line where the record starts', async () => {
    const csv = 'text,label\n"a\nmultiline review",pos\nshort\n"fine",neg\nextra,pos,field\n"bad"quote",pos\n';
    assert.deepEqual(await problems('ragged.csv', csv, 'text-classification', tc), [
      'ragged.csv:4: has 1 field, the header has 2; check the delimiters and quotes on this line',
      'ragged.csv:6: has 3 fields, the header has 2; check the delimiters and quotes on this line',
      'ragged.csv:7: malformed quotes: a quoted field must end with " followed by the delimiter or a line break; write a quote inside a field as ""',
    ]);
    assert.deepEqual(await problems('open.csv', 'text,label\nok,pos\nfine,neg\n"never closed,pos\nmore,neg\n', 'text-classification', tc), [
      'open.csv:4: unterminated quote: a field opens with " and never closes (everything after it was read as one field)',
    ]);
  });

  it('invalid JSON and lines that are not objects, with the column', async () => {
    const jsonl = '{"text":"good","label":1}\n{"text": "bad", label: 0}\n[1,2]\n"just a string"\n\n{"text":"ok","label":0}\n';
    assert.deepEqual(await problems('bad.jsonl', jsonl, 'text-classification', tc), [
      "bad.jsonl:2: invalid JSON: Expected double-quoted property name at column 17",
      'bad.jsonl:3: each line must be a JSON object, found an array',
      'bad.jsonl:4: each line must be a JSON object, found a string',
    ]);
  });

  it('invalid UTF-8, located by line, in the sniffed head and far beyond it', async () => {
    const bad = Buffer.concat([Buffer.from('text,label\nok,pos\ncaf'), Buffer.from([0xe9]), Buffer.from(',neg\n')]);
    assert.deepEqual(await problems('latin1.csv', bad, 'text-classification', tc), [
      'latin1.csv:3: the file is not valid UTF-8; save it as UTF-8 (in VS Code: "Save with Encoding" → UTF-8) and try again',
    ]);
    const rows = Array.from({ length: 20000 }, (_, i) => `review number ${i},${i % 2 ? 'pos' : 'neg'}\n`).join('');
    const far = Buffer.concat([Buffer.from(`text,label\n${rows}`), Buffer.from([0xff]), Buffer.from('x,pos\n')]);
    const found = await problems('far.csv', far, 'text-classification', tc);
    assert.equal(found.length, 1);
    assert.match(found[0] ?? '', /^far\.csv:20002: the file is not valid UTF-8/);
  });

  it('empty required values and wrong types, all of them, each with its role', async () => {
    const jsonl = ['{"text":"","label":1}', '{"text":"fine","label":1.5}', '{"text":42,"label":0}', '{"label":1}', '{"text":"  ","label":null}'].join('\n');
    assert.deepEqual(await problems('types.jsonl', jsonl, 'text-classification', tc), [
      'types.jsonl:1: sentence: is empty',
      'types.jsonl:2: label: expected an integer or a text label, found number 1.5',
      'types.jsonl:3: sentence: expected text, found number 42',
      'types.jsonl:4: sentence: is missing (no "text" field in this record)',
      'types.jsonl:5: sentence: is empty',
      'types.jsonl:5: label: is empty',
    ]);
  });

  it('tokens and tags of different lengths, in JSONL and as CSV cells', async () => {
    const jsonl = '{"w":["A","b"],"t":["B-PER","O"]}\n{"w":["A","b","c"],"t":["O"]}\n{"w":"A b","t":["O"]}\n';
    assert.deepEqual(await problems('ner.jsonl', jsonl, 'token-classification', { tokens: 'w', tags: 't' }), [
      'ner.jsonl:2: tags: has 1 tag for 3 tokens; each token needs exactly one tag',
      'ner.jsonl:3: tags: has 1 tag for 2 tokens; each token needs exactly one tag', // "A b" reads as two words
    ]);
    const numbers = '{"w":[1,2],"t":["O","O"]}\n{"w":{"a":1},"t":["O"]}\n';
    assert.deepEqual(await problems('types.jsonl', numbers, 'token-classification', { tokens: 'w', tags: 't' }), [
      'types.jsonl:1: tokens: item 1 of the list is number 1, expected a string',
      'types.jsonl:2: tokens: expected a list of strings (a JSON array or space-separated words), found an object',
    ]);
    const csv = 'words,tags\n"[""Ann"",""ran""]","[""B-PER"",""O""]"\nAnn ran far,B-PER O\n';
    assert.deepEqual(await problems('ner.csv', csv, 'token-classification', { tokens: 'words', tags: 'tags' }), [
      'ner.csv:3: tags: has 2 tags for 3 tokens; each token needs exactly one tag',
    ]);
  });

  it('an answer that is not at answer_start says where it is', async () => {
    const row = (start: number, text = 'Paris') => JSON.stringify({ q: 'Capital?', c: 'The capital is Paris.', a: { text: [text], answer_start: [start] } });
    const found = await problems('qa.jsonl', [row(15), row(3), row(0, 'Rome')].join('\n'), 'question-answering', {
      question: 'q', context: 'c', answer_text: 'a.text', answer_start: 'a.answer_start',
    });
    assert.deepEqual(found, [
      'qa.jsonl:2: answer_start: "Paris" is not at offset 3 of the context (found " capi" there); it occurs at 15',
      'qa.jsonl:3: answer_start: "Rome" is not at offset 0 of the context (found "The " there); the answer text does not occur in the context at all',
    ]);
  });

  it('duplicate column names are reported and kept apart', async () => {
    const found = await problems('dup.csv', 'text,label,text\nhello,pos,again\nbye,neg,more\n', 'text-classification', tc);
    assert.deepEqual(found, ['dup.csv:1: text: duplicate column name (columns 1 and 3); rename one of them']);
  });

  it('a 10 MB single line is read whole, with the right line numbers after it', async () => {
    const long = 'x'.repeat(10 * 1024 * 1024);
    const report = await validateDataset(files.write('long.jsonl', `{"text":"${long}","label":1}\n{"text":"short","label":""}\n{"text":"b","label":0}\n`), 'text-classification', tc);
    assert.equal(report.validRecords, 2);
    assert.deepEqual(report.problems.map(formatProblem), ['long.jsonl:2: label: is empty']);
  });

  it('a mapping that leaves a required role out, or names a role the task has not', async () => {
    const file = path.join(SAMPLES, 'reviews.csv');
    const report = await validateDataset(file, 'text-classification', { sentence: 'review_text', colour: 'stars' });
    assert.deepEqual(report.problems.map(formatProblem), [
      'reviews.csv: colour: is not a role of text-classification; its roles are sentence, sentence2, label',
      'reviews.csv: label: is not mapped to a column',
    ]);
    assert.equal(report.records, 0, 'nothing is read with a broken mapping');
  });

  it('a wrong column for a role shows on every line, and the classes are checked', async () => {
    const file = path.join(SAMPLES, 'reviews.csv');
    const numbers = await validateDataset(file, 'text-classification', { sentence: 'stars', label: 'sentiment' });
    assert.equal(numbers.totalProblems, 60);
    assert.match(formatProblem(numbers.problems[0]!), /^reviews\.csv:2: sentence: is a number \(\d\), not text/);
    const ids = await validateDataset(file, 'text-classification', { sentence: 'review_text', label: 'review_id' });
    assert.deepEqual(ids.problems.map(formatProblem), ['reviews.csv: label: all 60 records have different labels; is label mapped to an id or text column?']);
    const one = await validateDataset(files.write('one.csv', 'text,label\na,x\nb,x\n'), 'text-classification', tc);
    assert.match(formatProblem(one.problems[0]!), /every record has the same label \("x"\)/);
  });

  it('tells the problems of one wrong column once, with their count and first lines, apart from the others', async () => {
    const rows = ['text,label', '1,pos', ',neg', '2,pos', '3,neg', '4,pos', 'fine text,neg'].join('\n');
    const report = await validateDataset(files.write('groups.csv', `${rows}\n`), 'text-classification', tc);
    assert.equal(report.totalProblems, 6);
    const groups = report.groups.map((g) => ({ role: g.role, summary: g.summary, count: g.count, lines: g.examples.map((e) => e.line) }));
    assert.deepEqual(groups, [
      { role: 'sentence', summary: 'is a number, not text: is the right column mapped?', count: 4, lines: [2, 4, 5] },
      { role: 'sentence', summary: 'is empty', count: 1, lines: [3] },
      // Classes are counted over the valid records only: one is left.
      { role: 'label', summary: 'every record has the same label ("neg"); classification needs at least two classes', count: 1, lines: [undefined] },
    ]);
  });

  it('keeps the first 100 problems and counts the rest', async () => {
    const rows = Array.from({ length: 250 }, () => ',pos').join('\n');
    const report = await validateDataset(files.write('many.csv', `text,label\n${rows}\n`), 'text-classification', tc);
    assert.equal(report.problems.length, 100);
    assert.equal(report.totalProblems, 250);
    assert.equal(report.problems[99]?.line, 101);
  });

  it('stops on an abort signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(validateDataset(path.join(SAMPLES, 'reviews.csv'), 'text-classification', tc, { signal: controller.signal }), { name: 'AbortError' });
  });

  it('reports progress in bytes up to the file size', async () => {
    const seen: number[] = [];
    const file = path.join(SAMPLES, 'en-ro.csv');
    let total = 0;
    await validateDataset(file, 'translation', { source: 'english', target: 'romanian' }, {
      onProgress: ({ bytesRead, totalBytes }) => {
        seen.push(bytesRead);
        total = totalBytes;
      },
    });
    assert.ok(seen.length > 0);
    assert.equal(seen.at(-1), total);
  });

  it('never changes the user file', async () => {
    const content = 'text,label\n"a,b",1\n';
    const file = files.write('keep.csv', content);
    for await (const _ of readDataset(file)) {
      // read everything
    }
    const { readFileSync } = await import('node:fs');
    assert.equal(readFileSync(file, 'utf8'), content);
  });
});
