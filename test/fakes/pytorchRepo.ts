import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TINY_SENTIMENT } from './fakeHub';

/**
 * A model repository as the Hub holds an original (not exported) model, written into `folder` for a fake Hub to
 * serve: tiny-sentiment's config and tokenizer, PyTorch weights as safetensors (a valid header and deterministic
 * tensor bytes, big enough to be cut mid-file) and as `.bin`, and the other forms a real repository often has beside
 * them (TensorFlow, Flax, an `onnx/` folder), which a pull for fine-tuning must leave alone.
 */
export const PYTORCH_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'README.md', 'model.safetensors'] as const;

/** A safetensors file: an 8-byte little-endian header length, the JSON header, then the tensors' bytes. */
export function safetensorsBytes(tensors: Record<string, readonly number[]>): Buffer {
  let offset = 0;
  const header: Record<string, unknown> = {};
  for (const [name, shape] of Object.entries(tensors)) {
    const size = shape.reduce((a, b) => a * b, 1) * 4;
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  const data = Buffer.alloc(offset);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + 7) % 251;
  return Buffer.concat([length, json, data]);
}

export function writePytorchRepo(folder: string): string {
  mkdirSync(path.join(folder, 'onnx'), { recursive: true });
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) copyFileSync(path.join(TINY_SENTIMENT, file), path.join(folder, file));
  writeFileSync(path.join(folder, 'vocab.txt'), ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'good', 'bad'].join('\n'));
  writeFileSync(path.join(folder, 'README.md'), '---\nlicense: apache-2.0\npipeline_tag: text-classification\n---\n# tiny sentiment (PyTorch)\n');
  writeFileSync(path.join(folder, 'model.safetensors'), safetensorsBytes({ 'bert.embeddings.word_embeddings.weight': [256, 16], 'classifier.weight': [3, 16], 'classifier.bias': [3] }));
  writeFileSync(path.join(folder, 'pytorch_model.bin'), Buffer.alloc(4096, 1));
  writeFileSync(path.join(folder, 'tf_model.h5'), Buffer.alloc(4096, 2));
  writeFileSync(path.join(folder, 'flax_model.msgpack'), Buffer.alloc(4096, 3));
  writeFileSync(path.join(folder, 'onnx', 'model.onnx'), Buffer.alloc(4096, 4));
  return folder;
}
