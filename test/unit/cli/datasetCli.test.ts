import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo as capture } from '../../support/captureIo';
import { SAMPLES, tempFolder } from '../../support/tempFiles';

const files = tempFolder();


describe('fm dataset', () => {
  it('inspect prints format, rows and columns with types', async () => {
    const io = capture();
    assert.equal(await runCli(['dataset', 'inspect', path.join(SAMPLES, 'reviews.csv')], io), 0);
    assert.match(io.stdout, /^reviews\.csv: CSV, delimiter ",", header row, LF line endings, UTF-8\n60 rows, \d+ bytes\ncolumns:\n  review_id  integer/);
    assert.match(io.stdout, /  sentiment  string  \(3 distinct/);
  });

  it('validate uses the suggested mapping and exits 0 for a valid file', async () => {
    const io = capture();
    assert.equal(await runCli(['dataset', 'validate', path.join(SAMPLES, 'ner.jsonl'), '--task', 'token-classification'], io), 0);
    assert.match(io.stderr, /tokens=words .*\n  tags=ner_tags/);
    assert.equal(io.stdout, 'valid: 40 records\n');
  });

  it('validate with a wrong --map exits 1 and lists the problems with lines', async () => {
    const io = capture();
    const code = await runCli(['dataset', 'validate', path.join(SAMPLES, 'reviews.csv'), '--task', 'text-classification', '--map', 'sentence=stars,label=sentiment'], io);
    assert.equal(code, 1);
    assert.match(io.stdout, /^reviews\.csv:2: sentence: is a number/m);
    assert.match(io.stdout, /invalid: 60 problems in 60 records \(0 valid\)\n$/);
  });

  it('validate --json gives a report that parses', async () => {
    const io = capture();
    await runCli(['dataset', 'validate', path.join(SAMPLES, 'qa.jsonl'), '--task', 'question-answering', '--json'], io);
    const report = JSON.parse(io.stdout) as { valid: boolean; validRecords: number; mapping: Record<string, string> };
    assert.equal(report.valid, true);
    assert.equal(report.mapping.answer_start, 'answers.answer_start');
  });

  it('convert writes the three files', async () => {
    const io = capture();
    const out = path.join(files.dir(), 'out');
    assert.equal(await runCli(['dataset', 'convert', path.join(SAMPLES, 'news-summaries.tsv'), '--task', 'summarization', '--out', out, '--split', '60,20,20', '--seed', '5'], io), 0);
    const lines = readFileSync(path.join(out, 'train.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 15);
    assert.deepEqual(Object.keys(JSON.parse(lines[0] ?? '{}') as object), ['document', 'summary']);
  });

  it('exits 2 for a missing file, a bad task, a bad --map or a bad --split', async () => {
    const cases = [
      [['dataset', 'validate', path.join(SAMPLES, 'nope.csv'), '--task', 'summarization'], /nope\.csv: file not found/],
      [['dataset', 'validate', path.join(SAMPLES, 'reviews.csv'), '--task', 'sentiment'], /Unknown task "sentiment"/],
      [['dataset', 'validate', path.join(SAMPLES, 'reviews.csv'), '--task', 'text-classification', '--map', 'sentence'], /role=column pairs/],
      [['dataset', 'convert', path.join(SAMPLES, 'reviews.csv'), '--task', 'text-classification', '--out', files.dir(), '--split', '90,20,0'], /add up to 100/],
      [['dataset', 'convert', path.join(SAMPLES, 'reviews.csv'), '--task', 'text-classification'], /needs --out DIR/],
    ] as const;
    for (const [argv, message] of cases) {
      const io = capture();
      assert.equal(await runCli([...argv], io), 2, argv.join(' '));
      assert.match(io.stderr, message);
    }
  });
});
