import assert from 'node:assert/strict';
import { chooseHubFiles } from '../../../src/core/catalog/hubFiles';
import { repoFromFolderName, repoFolderName, repoIdProblem, revisionProblem } from '../../../src/core/catalog/hubRepoId';
import { formatByteSize } from '../../../src/core/byteSize';

const META = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', '.gitattributes', 'README.md', 'quantize_config.json'];
const QUANTIZED = ['_quantized', '_fp16', '_int8', '_uint8', '_q4', '_q4f16', '_bnb4'];
const variants = (base: string, suffixes = ['', ...QUANTIZED]) => suffixes.map((suffix) => `onnx/${base}${suffix}.onnx`);

describe('which Hub files a model needs', () => {
  it('takes an encoder export as fp32 onnx/model.onnx, not every quantized variant', () => {
    const result = chooseHubFiles('Xenova/bert-base-NER', [...META, ...variants('model')], 'token-classification');
    assert.deepEqual(result, {
      choice: { files: ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'README.md', 'onnx/model.onnx'], layout: 'single', dtype: 'fp32' },
    });
  });

  it('takes the encoder and the merged decoder of a seq2seq export, and guesses that layout without a task', () => {
    const names = [...META, 'generation_config.json', ...variants('encoder_model'), ...variants('decoder_model'), ...variants('decoder_with_past_model'), ...variants('decoder_model_merged')];
    const expected = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json', 'README.md', 'onnx/encoder_model.onnx', 'onnx/decoder_model_merged.onnx'];
    for (const task of ['translation', 'summarization', undefined] as const) {
      const result = chooseHubFiles('Xenova/t5-small', names, task);
      assert.deepEqual(result, { choice: { files: expected, layout: 'seq2seq', dtype: 'fp32' } }, String(task));
    }
    const asClassifier = chooseHubFiles('Xenova/t5-small', names, 'text-classification');
    assert.ok('problem' in asClassifier);
    assert.match(asClassifier.problem, /^Xenova\/t5-small has ONNX files, but not the ones transformers\.js runs for text-classification \(onnx\/model\.onnx\)/);
  });

  it('falls back to the first data type the repository has in full, and brings external data along', () => {
    const names = ['config.json', 'tokenizer.json', 'onnx/model_fp16.onnx', 'onnx/model_fp16.onnx_data', 'onnx/model_fp16.onnx_data_1', 'onnx/model_q4.onnx', 'onnx/model_fp16.onnx_database'];
    assert.deepEqual(chooseHubFiles('onnx-community/big', names, 'text-generation'), {
      choice: { files: ['config.json', 'tokenizer.json', 'onnx/model_fp16.onnx', 'onnx/model_fp16.onnx_data', 'onnx/model_fp16.onnx_data_1'], layout: 'single', dtype: 'fp16' },
    });
  });

  it('says when there is no ONNX export, or no tokenizer', () => {
    const none = chooseHubFiles('google-bert/bert-base-uncased', ['config.json', 'tokenizer.json', 'model.safetensors', 'pytorch_model.bin']);
    assert.deepEqual(none, {
      problem: 'google-bert/bert-base-uncased: this repository has no ONNX export; look for one made for transformers.js on the Hub (onnx-community/… or Xenova/…), or use the Azure backend for this model.',
    });
    const noTokenizer = chooseHubFiles('someone/model', ['config.json', 'onnx/model.onnx']);
    assert.deepEqual(noTokenizer, { problem: 'someone/model has an ONNX export but no tokenizer.json, which transformers.js needs to run it.' });
  });

  it('checks repository ids and revisions before they reach a URL or a folder name', () => {
    for (const ok of ['Xenova/t5-small', 'onnx-community/Qwen2.5-0.5B-Instruct', 'a/b', 'Helsinki-NLP/opus-mt-en-de']) assert.equal(repoIdProblem(ok), undefined, ok);
    for (const bad of ['gpt2', 'a/b/c', '../etc', 'a/..', 'a--b/c', 'a/b.', 'a/-b', 'a b/c', '']) assert.ok(repoIdProblem(bad), bad);
    for (const ok of ['main', 'v1.0', 'refs/pr/1', 'a'.repeat(40)]) assert.equal(revisionProblem(ok), undefined, ok);
    for (const bad of ['', '../main', 'refs//x', 'a/./b', 'main;rm', '/main']) assert.ok(revisionProblem(bad), bad);
    assert.equal(repoFolderName('Xenova/t5-small'), 'models--Xenova--t5-small');
    assert.equal(repoFromFolderName('models--Xenova--t5-small'), 'Xenova/t5-small');
    assert.equal(repoFromFolderName('datasets--a--b'), undefined);
  });

  it('writes sizes as the Hub does', () => {
    assert.deepEqual([0, 999, 1000, 6452, 255_400_000, 1_100_000_000].map(formatByteSize), ['0 B', '999 B', '1.0 kB', '6.5 kB', '255.4 MB', '1.1 GB']);
  });
});
