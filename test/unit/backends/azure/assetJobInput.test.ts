import assert from 'node:assert/strict';
import { assetJobInput } from '../../../../src/backends/azure/assetJobInput';
import type { DataAssetRef, DataJobSpec } from '../../../../src/core/jobs/jobModel';

/** When an evaluation reads a data asset's file where it is, and when its data still goes as a converted copy. */
describe('Azure: a data asset named in the job instead of an uploaded copy', () => {
  const store = 'azureml://datastores/workspaceblobstore/paths';
  const reviews: DataAssetRef = { name: 'reviews', version: '2', dataType: 'uri_file', uri: `${store}/data/reviews/2/reviews.csv` };
  const spec = (asset: DataAssetRef | undefined, overrides: Partial<DataJobSpec> = {}, mapping: Record<string, string> = { sentence: 'review_text', label: 'sentiment' }): DataJobSpec => ({
    kind: 'evaluate',
    task: 'text-classification',
    modelId: 'azureml/distilbert',
    data: { file: '/cache/reviews.csv', mapping, ...(asset ? { asset } : {}) },
    ...overrides,
  });

  it('names a csv asset\'s own file with its own columns for an evaluation', () => {
    assert.deepEqual(assetJobInput(spec(reviews)), { uri: reviews.uri, columns: { sentence: 'review_text', label: 'sentiment' }, referenceColumn: 'sentiment' });
  });

  it('names the file inside a folder asset by the folder\'s path', () => {
    const folder: DataAssetRef = { name: 'qa-and-ner', version: '1', dataType: 'uri_folder', uri: `${store}/data/samples/`, path: 'ner.jsonl' };
    const input = assetJobInput(spec(folder, { task: 'token-classification' }, { tokens: 'tokens', tags: 'ner_tags' }));
    assert.equal(input?.uri, `${store}/data/samples/ner.jsonl`);
  });

  it('uploads a converted copy for a fine-tune, a nested field, a format the component does not read, or a local file', () => {
    assert.equal(assetJobInput(spec(reviews, { kind: 'fineTune' })), undefined);
    assert.equal(assetJobInput(spec(reviews, {}, { sentence: 'review.text', label: 'sentiment' })), undefined);
    assert.equal(assetJobInput(spec({ ...reviews, uri: `${store}/data/reviews.parquet` })), undefined);
    assert.equal(assetJobInput(spec(undefined)), undefined);
  });
});
