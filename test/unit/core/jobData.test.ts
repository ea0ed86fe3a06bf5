import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assertMappingComplete, describeJobData, jobDisplayName, jobLanguages, prepareJobData } from '../../../src/core/jobs/jobData';
import type { DataJobSpec } from '../../../src/core/jobs/jobModel';
import { SAMPLES, tempFolder } from '../../support/tempFiles';

const records = (file: string | undefined) => readFileSync(file ?? '', 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('job data: the steps every backend takes before a job runs', () => {
  const tmp = tempFolder();
  const reviews = (overrides: Partial<DataJobSpec['data']> = {}, kind: DataJobSpec['kind'] = 'fineTune'): DataJobSpec => ({
    kind,
    task: 'text-classification',
    modelId: 'local-folder/x',
    data: { file: path.join(SAMPLES, 'reviews.csv'), mapping: { sentence: 'review_text', label: 'sentiment' }, ...overrides },
  });

  it('evaluation: every record of the file is test data', async () => {
    const data = await prepareJobData(reviews({}, 'evaluate'), path.join(tmp.dir(), 'evaluate'), { defaultSplit: [80, 20, 0] });
    assert.deepEqual(data.counts, { train: 0, validation: 0, test: 60 });
    assert.deepEqual(Object.keys(data.files), ['test']);
    assert.deepEqual(Object.keys(records(data.files.test)[0] ?? {}).sort(), ['label', 'sentence']);
  });

  it('says where each record of a part came from: the user\'s file and its physical line (a quoted newline counts)', async () => {
    const file = tmp.write('multiline.csv', 'review_text,sentiment\n"Two\nlines",positive\n\nOne line,negative\n');
    const placed: string[] = [];
    const data = await prepareJobData({ ...reviews({ file }, 'evaluate') }, path.join(tmp.dir(), 'placed'), {
      defaultSplit: [80, 20, 0],
      onPlaced: (part, source) => placed.push(`${part} ${path.basename(source.file)}:${source.line}`),
    });
    assert.deepEqual(placed, ['test multiline.csv:2', 'test multiline.csv:5']);
    assert.deepEqual(records(data.files.test).map((r) => r.sentence), ['Two\nlines', 'One line']);
  });

  it('fine-tuning: the user\'s percentages, else the backend\'s default, with the same seed giving the same split', async () => {
    const mine = await prepareJobData(reviews({ split: [70, 15, 15] }), path.join(tmp.dir(), 'mine'), { defaultSplit: [80, 20, 0] });
    assert.deepEqual(mine.counts, { train: 42, validation: 9, test: 9 });
    assert.equal(describeJobData(mine), '42 training, 9 validation and 9 test records');
    const byDefault = await prepareJobData(reviews(), path.join(tmp.dir(), 'default'), { defaultSplit: [80, 20, 0] });
    assert.deepEqual(byDefault.counts, { train: 48, validation: 12, test: 0 });
    assert.equal(byDefault.files.test, undefined, 'an empty part has no file');
    const again = await prepareJobData(reviews(), path.join(tmp.dir(), 'again'), { defaultSplit: [80, 20, 0] });
    assert.deepEqual(records(again.files.validation), records(byDefault.files.validation));
  });

  it('fine-tuning with the user\'s own validation and test files: the training file is all training data', async () => {
    const test = tmp.write('own-test.csv', 'review_text,sentiment\nLove it,positive\n');
    const data = await prepareJobData(reviews({ testFile: test }), path.join(tmp.dir(), 'own'), { defaultSplit: [80, 20, 0] });
    assert.deepEqual(data.counts, { train: 60, validation: 0, test: 1 });
    assert.deepEqual(records(data.files.test), [{ sentence: 'Love it', label: 'positive' }]);
  });

  it('says what is wrong before anything is converted: the mapping, the languages, an empty training part', async () => {
    assert.throws(() => assertMappingComplete(reviews({ mapping: { sentence: 'review_text' } })), /The column mapping is incomplete: label is not mapped to a column/);
    const translation: DataJobSpec = { kind: 'evaluate', task: 'translation', modelId: 'm', data: { file: path.join(SAMPLES, 'en-ro.csv'), mapping: { source: 'english', target: 'romanian' } } };
    assert.deepEqual(jobLanguages(translation), { source: 'en', target: 'ro' });
    assert.throws(() => jobLanguages({ ...translation, data: { ...translation.data, mapping: { source: 'a', target: 'b' } } }), /source and target language codes/);
    assert.equal(jobLanguages(reviews()), undefined);
    await assert.rejects(prepareJobData(reviews({ split: [0, 50, 50] }), path.join(tmp.dir(), 'empty'), { defaultSplit: [80, 20, 0] }), /No training data after the split/);
    assert.equal(jobDisplayName(reviews(), 'tiny-sentiment'), 'Fine-tune tiny-sentiment on reviews.csv');
    const asset = { name: 'qa-and-ner', version: '1', dataType: 'uri_folder' as const, uri: 'azureml://datastores/workspaceblobstore/paths/data/samples/', path: 'qa.jsonl' };
    assert.equal(jobDisplayName(reviews({ asset }, 'evaluate'), 'tiny-qa'), 'Evaluate tiny-qa on qa-and-ner:1/qa.jsonl', 'a data asset by its name');
  });
});
