import assert from 'node:assert/strict';
import { choosePytorchFiles } from '../../../src/core/catalog/pytorchFiles';

const BERT_TOKENIZER = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'README.md', '.gitattributes'];
const OTHER_FORMS = ['tf_model.h5', 'flax_model.msgpack', 'model.onnx', 'onnx/model.onnx', 'onnx/model_quantized.onnx', 'coreml/model.mlpackage/Data/weights.bin', 'rust_model.ot'];

function files(result: ReturnType<typeof choosePytorchFiles>): readonly string[] {
  assert.ok('choice' in result, 'problem' in result ? result.problem : 'no choice');
  return result.choice.files;
}

function problem(result: ReturnType<typeof choosePytorchFiles>): string {
  assert.ok('problem' in result, `a problem, not ${JSON.stringify(result)}`);
  return result.problem;
}

describe('which Hub files fine-tuning needs (the PyTorch form)', () => {
  it('takes config, tokenizer files and model.safetensors, never the onnx/ folder or TensorFlow/Flax weights', () => {
    const result = choosePytorchFiles('google-bert/bert-base-uncased', [...BERT_TOKENIZER, 'model.safetensors', 'pytorch_model.bin', ...OTHER_FORMS]);
    assert.deepEqual(result, {
      choice: { files: ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'README.md', 'model.safetensors'], format: 'safetensors', shards: 1 },
    });
  });

  it('takes pytorch_model.bin when there is no safetensors file', () => {
    const result = choosePytorchFiles('Helsinki-NLP/opus-mt-en-ro', ['config.json', 'generation_config.json', 'pytorch_model.bin', 'source.spm', 'target.spm', 'vocab.json', 'tokenizer_config.json', 'tf_model.h5']);
    assert.deepEqual(result, {
      choice: { files: ['config.json', 'tokenizer_config.json', 'vocab.json', 'source.spm', 'target.spm', 'generation_config.json', 'pytorch_model.bin'], format: 'bin', shards: 1 },
    });
  });

  it('takes BPE and sentencepiece tokenizer files that exist', () => {
    assert.deepEqual(files(choosePytorchFiles('openai-community/gpt2', ['config.json', 'vocab.json', 'merges.txt', 'special_tokens_map.json', 'model.safetensors', '64-8bits.tflite'])), [
      'config.json',
      'special_tokens_map.json',
      'vocab.json',
      'merges.txt',
      'model.safetensors',
    ]);
    assert.deepEqual(files(choosePytorchFiles('google-t5/t5-small', ['config.json', 'spiece.model', 'tokenizer.json', 'model.safetensors'])), [
      'config.json',
      'tokenizer.json',
      'spiece.model',
      'model.safetensors',
    ]);
  });

  it('takes every shard with its index, safetensors before .bin shards', () => {
    const names = [
      'config.json',
      'tokenizer.json',
      'model.safetensors.index.json',
      'model-00002-of-00002.safetensors',
      'model-00001-of-00002.safetensors',
      'pytorch_model.bin.index.json',
      'pytorch_model-00001-of-00002.bin',
      'pytorch_model-00002-of-00002.bin',
    ];
    assert.deepEqual(choosePytorchFiles('microsoft/phi-2', names), {
      choice: { files: ['config.json', 'tokenizer.json', 'model.safetensors.index.json', 'model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'], format: 'safetensors', shards: 2 },
    });
    const binOnly = names.filter((name) => !name.includes('safetensors'));
    assert.deepEqual(files(choosePytorchFiles('microsoft/phi-2', binOnly)).slice(-3), ['pytorch_model.bin.index.json', 'pytorch_model-00001-of-00002.bin', 'pytorch_model-00002-of-00002.bin']);
  });

  it('falls back to .bin when the safetensors shards are incomplete, and says so when nothing is whole', () => {
    const partial = ['config.json', 'model.safetensors.index.json', 'model-00001-of-00003.safetensors', 'model-00003-of-00003.safetensors'];
    assert.deepEqual(files(choosePytorchFiles('o/m', [...partial, 'pytorch_model.bin'])).at(-1), 'pytorch_model.bin');
    assert.match(problem(choosePytorchFiles('o/m', partial)), /^o\/m has no PyTorch weights to fine-tune \(it has 2 of the 3 safetensors shards its names promise\)/);
    assert.match(problem(choosePytorchFiles('o/m', ['config.json', 'model-00001-of-00001.safetensors'])), /without model\.safetensors\.index\.json/);
  });

  it('refuses an ONNX export with a sentence that names it and says what to pull instead', () => {
    const message = problem(choosePytorchFiles('Xenova/distilbert-base-uncased', ['config.json', 'tokenizer.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx']));
    assert.equal(
      message,
      "Xenova/distilbert-base-uncased has no PyTorch weights to fine-tune (it has ONNX weights only): fine-tuning needs config.json with model.safetensors or pytorch_model.bin (or their shards with an index). Pull the model's original repository for fine-tuning instead of an export, or fine-tune it on Azure.",
    );
    assert.match(problem(choosePytorchFiles('o/tf-only', ['config.json', 'tf_model.h5', 'flax_model.msgpack'])), /\(it has TensorFlow and Flax weights only\)/);
  });

  it('ignores weights in sub-folders and needs config.json', () => {
    assert.match(problem(choosePytorchFiles('o/nested', ['config.json', 'checkpoint-500/model.safetensors'])), /has no PyTorch weights/);
    assert.equal(problem(choosePytorchFiles('o/no-config', ['model.safetensors', 'tokenizer.json'])), 'o/no-config has PyTorch weights but no config.json, which fine-tuning needs to load them.');
  });
});
