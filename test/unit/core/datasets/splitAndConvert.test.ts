import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { convertDataset } from '../../../../src/core/datasets/convertDataset';
import { parseSplit, StratifiedSplitter, type SplitName } from '../../../../src/core/datasets/splitDataset';
import { previewDataset } from '../../../../src/core/datasets/previewDataset';
import { SAMPLES, tempFolder } from '../../../support/tempFiles';

const files = tempFolder();

function assignAll(seed: number, labels: string[]): SplitName[] {
  const splitter = new StratifiedSplitter([80, 10, 10], seed);
  return labels.map((label) => splitter.assign(label));
}

describe('split', () => {
  const labels = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 'rare' : i % 2 ? 'a' : 'b'));

  it('is deterministic for a seed and different for another', () => {
    assert.deepEqual(assignAll(7, labels), assignAll(7, labels));
    assert.notDeepEqual(assignAll(7, labels), assignAll(8, labels));
  });

  it('gives each label the requested proportions', () => {
    const splits = assignAll(42, labels);
    for (const label of ['a', 'b', 'rare']) {
      const mine = splits.filter((_, i) => labels[i] === label);
      const share = (name: SplitName) => mine.filter((s) => s === name).length / mine.length;
      assert.equal(share('train'), 0.8, label);
      assert.equal(share('validation'), 0.1, label);
      assert.equal(share('test'), 0.1, label);
    }
  });

  it('parses percentages and says what is wrong with bad ones', () => {
    assert.deepEqual(parseSplit('70, 15, 15'), [70, 15, 15]);
    assert.throws(() => parseSplit('80,10'), /three whole percentages/);
    assert.throws(() => parseSplit('80,10,5'), /add up to 100 \(got 80 \+ 10 \+ 5\)/);
    assert.throws(() => parseSplit('0,50,50'), /train split cannot be 0%/);
  });
});

describe('convert', () => {
  it('writes canonical JSONL per split, stratified, the same for the same seed', async () => {
    const input = path.join(SAMPLES, 'reviews.csv');
    const mapping = { sentence: 'review_text', label: 'sentiment' };
    const first = await convertDataset(input, 'text-classification', mapping, path.join(files.dir(), 'one'), { split: [80, 10, 10], seed: 3 });
    const again = await convertDataset(input, 'text-classification', mapping, path.join(files.dir(), 'two'), { split: [80, 10, 10], seed: 3 });
    assert.deepEqual(first.written, { train: 48, validation: 6, test: 6 });
    const read = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const test = read(first.files.test);
    assert.deepEqual(Object.keys(test[0] ?? {}), ['sentence', 'label']);
    assert.deepEqual(test.map((r) => r.label).sort(), ['negative', 'negative', 'neutral', 'neutral', 'positive', 'positive']);
    assert.equal(readFileSync(first.files.train, 'utf8'), readFileSync(again.files.train, 'utf8'));
  });

  it('writes nothing when the data has problems, and never overwrites without asking', async () => {
    const bad = files.write('bad.csv', 'text,label\nfine,1\n,2\n');
    const out = path.join(files.dir(), 'bad-out');
    const result = await convertDataset(bad, 'text-classification', { sentence: 'text', label: 'label' }, out, { split: [80, 10, 10], seed: 1 });
    assert.equal(result.report.valid, false);
    assert.deepEqual(result.written, { train: 0, validation: 0, test: 0 });
    const { readdirSync } = await import('node:fs');
    assert.deepEqual(readdirSync(out), [], 'no partial files and no staging folder are left');

    const good = path.join(SAMPLES, 'en-ro.csv');
    const target = path.join(files.dir(), 'twice');
    const mapping = { source: 'english', target: 'romanian' };
    await convertDataset(good, 'translation', mapping, target, { split: [80, 10, 10], seed: 1 });
    await assert.rejects(convertDataset(good, 'translation', mapping, target, { split: [80, 10, 10], seed: 1 }), /already exist/);
    const again = await convertDataset(good, 'translation', mapping, target, { split: [80, 10, 10], seed: 1, overwrite: true });
    assert.equal(again.written.train + again.written.validation + again.written.test, 40);
  });
});

describe('preview', () => {
  it('reads only the first rows of a large file and estimates its size', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `"review ${i}, fine",${i % 2}\n`).join('');
    const file = files.write('big.csv', `text,label\n${rows}`);
    let bytes = 0;
    const preview = await previewDataset(file, 50);
    assert.equal(preview.records.length, 50);
    assert.equal(preview.exactRows, false);
    assert.ok(Math.abs(preview.estimatedRows - 200_000) / 200_000 < 0.05, `estimate ${preview.estimatedRows}`);
    assert.deepEqual(preview.columns.map((c) => [c.name, c.type]), [['text', 'string'], ['label', 'integer']]);
    bytes = preview.sizeBytes;
    assert.ok(bytes > 4_000_000);
  });

  it('counts the rows of a small file exactly', async () => {
    const preview = await previewDataset(path.join(SAMPLES, 'news-summaries.tsv'));
    assert.deepEqual([preview.exactRows, preview.estimatedRows, preview.sniff.format], [true, 25, 'tsv']);
  });
});
