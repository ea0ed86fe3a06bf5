import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeModel, FLOAT, INT64, type NodeSpec, type TensorSpec } from './onnxWriter';

/**
 * A BERT-style sentence classifier of a few million parameters in Hugging Face layout (config.json, tokenizer.json,
 * tokenizer_config.json, onnx/model.onnx) that transformers.js loads as the fixtures are: post-LayerNorm layers,
 * learned positions, a [CLS] pooler and a classification head over input_ids and attention_mask. Its weights are
 * seeded noise (the bench measures speed, not answers); its WordPiece vocabulary is made-up words and suffixes, and
 * `benchTexts` writes texts from them of varied lengths, as reviews are.
 */
export interface EncoderShape {
  readonly vocab: number;
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly feedForward: number;
  readonly maxPositions: number;
  readonly labels: number;
}

export const BENCH_ENCODER: EncoderShape = { vocab: 8000, hidden: 256, layers: 4, heads: 4, feedForward: 1024, maxPositions: 512, labels: 3 };

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const SUFFIXES = ['##s', '##ed', '##ing', '##ly', '##er', '##est', '##ness', '##ful'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ner', 'tra', 'vos', 'pel', 'dun', 'shi', 'ro', 'ba', 'qui', 'zen', 'fa', 'gor', 'te', 'wil', 'hu', 'ex', 'cal'];

function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

/** The vocabulary's whole words: syllables joined, distinct, in a fixed order. */
function benchWords(count: number): string[] {
  const words = new Set<string>();
  for (let n = 0; words.size < count; n++) {
    let word = '';
    for (let k = n; word.length === 0 || k > 0; k = Math.floor(k / SYLLABLES.length)) word += SYLLABLES[k % SYLLABLES.length];
    words.add(word);
  }
  return [...words];
}

function vocabulary(size: number): string[] {
  const punctuation = ['.', ',', '!', '?'];
  return [...SPECIAL, ...punctuation, ...SUFFIXES, ...benchWords(size - SPECIAL.length - punctuation.length - SUFFIXES.length)];
}

/** `count` texts of 4 to 90 words (a few with a suffix, some unknown), seeded. */
export function benchTexts(count: number, shape: EncoderShape = BENCH_ENCODER, seed = 7): string[] {
  const words = vocabulary(shape.vocab).filter((w) => /^[a-z]+$/.test(w));
  const random = seeded(seed);
  return Array.from({ length: count }, () => {
    const length = 4 + Math.floor(random() ** 2 * 86);
    const text = Array.from({ length }, () => {
      const word = words[Math.floor(random() * words.length)] ?? 'ka';
      const r = random();
      return r < 0.1 ? `${word}${(SUFFIXES[Math.floor(r * 80)] ?? '##s').slice(2)}` : r < 0.12 ? 'xyzzy' : word;
    });
    return `${text.join(' ')}.`;
  });
}

function tokenizerJson(vocab: readonly string[]): unknown {
  const special = (content: string, id: number) => ({ content, id, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true });
  const template = (pair: boolean) => [
    { SpecialToken: { id: '[CLS]', type_id: 0 } },
    { Sequence: { id: 'A', type_id: 0 } },
    { SpecialToken: { id: '[SEP]', type_id: 0 } },
    ...(pair ? [{ Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }] : []),
  ];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, lowercase: true, strip_accents: null },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: template(false),
      pair: template(true),
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((token, id) => [token, id])) },
  };
}

/** The graph: embeddings, `layers` encoder layers, pooler and classifier; initializers are seeded noise. */
function encoderGraph(shape: EncoderShape): { nodes: NodeSpec[]; initializers: TensorSpec[] } {
  const random = seeded(42);
  const nodes: NodeSpec[] = [];
  const initializers: TensorSpec[] = [];
  const weight = (name: string, dims: number[], scale = 0.05): string => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = (random() * 2 - 1) * scale;
    initializers.push({ name, dims, data });
    return name;
  };
  const filled = (name: string, dims: number[], value: number): string => {
    initializers.push({ name, dims, data: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(value) });
    return name;
  };
  const ints = (name: string, values: number[], dims: number[] = [values.length]): string => {
    initializers.push({ name, dims, data: BigInt64Array.from(values.map(BigInt)) });
    return name;
  };
  const node = (op: string, inputs: string[], output: string, attributes?: NodeSpec['attributes']): string => {
    nodes.push({ op, inputs, outputs: [output], attributes });
    return output;
  };
  const { hidden: h, heads, feedForward: ff } = shape;
  const headSize = h / heads;
  const norm = (x: string, name: string) => node('LayerNormalization', [x, filled(`${name}.gamma`, [h], 1), filled(`${name}.beta`, [h], 0)], `${name}.out`, { axis: -1, epsilon: { float: 1e-12 } });
  const linear = (x: string, name: string, inSize: number, outSize: number) => node('Add', [node('MatMul', [x, weight(`${name}.w`, [inSize, outSize])], `${name}.mm`), weight(`${name}.b`, [outSize], 0.01)], `${name}.out`);

  // Embeddings: words + positions 0..S-1, then LayerNorm.
  const seqLength = node('Gather', [node('Shape', ['input_ids'], 'ids.shape'), ints('one', [1], [])], 'seq.length', { axis: 0 });
  const positions = node('Range', [ints('zero', [0], []), seqLength, 'one'], 'positions');
  const embedded = node('Add', [node('Gather', ['word_embeddings', 'input_ids'], 'words'), node('Gather', ['position_embeddings', positions], 'pos')], 'embedded');
  weight('word_embeddings', [shape.vocab, h]);
  weight('position_embeddings', [shape.maxPositions, h]);
  let x = norm(embedded, 'embeddings.norm');
  // Padding: -10000 added to the scores of padded keys, [B, 1, 1, S].
  const keep = node('Cast', ['attention_mask'], 'mask.float', { to: FLOAT });
  const maskBias = node('Unsqueeze', [node('Mul', [node('Sub', [filled('f.one', [], 1), keep], 'mask.inverse'), filled('f.minus', [], -10000)], 'mask.bias2'), ints('axes12', [1, 2])], 'mask.bias');
  const split = ints('split.shape', [0, 0, heads, headSize]);
  const merge = ints('merge.shape', [0, 0, h]);
  for (let l = 0; l < shape.layers; l++) {
    const p = `layer${l}`;
    const heads4 = (name: string, perm: number[]) => node('Transpose', [node('Reshape', [linear(x, `${p}.${name}`, h, h), split], `${p}.${name}.split`)], `${p}.${name}.heads`, { perm });
    const scores = node('Mul', [node('MatMul', [heads4('q', [0, 2, 1, 3]), heads4('k', [0, 2, 3, 1])], `${p}.qk`), filled(`${p}.scale`, [], 1 / Math.sqrt(headSize))], `${p}.scaled`);
    const probs = node('Softmax', [node('Add', [scores, maskBias], `${p}.masked`)], `${p}.probs`, { axis: -1 });
    const context = node('Reshape', [node('Transpose', [node('MatMul', [probs, heads4('v', [0, 2, 1, 3])], `${p}.ctx`)], `${p}.ctx.t`, { perm: [0, 2, 1, 3] }), merge], `${p}.ctx.merged`);
    x = norm(node('Add', [x, linear(context, `${p}.o`, h, h)], `${p}.attn.res`), `${p}.attn.norm`);
    // GELU as x * 0.5 * (1 + erf(x / sqrt 2)), which onnxruntime fuses.
    const up = linear(x, `${p}.ff1`, h, ff);
    const erf = node('Erf', [node('Mul', [up, filled(`${p}.rsqrt2`, [], Math.SQRT1_2)], `${p}.gelu.in`)], `${p}.gelu.erf`);
    const gelu = node('Mul', [node('Mul', [up, node('Add', [erf, filled(`${p}.g1`, [], 1)], `${p}.gelu.1p`)], `${p}.gelu.m`), filled(`${p}.ghalf`, [], 0.5)], `${p}.gelu`);
    x = norm(node('Add', [x, linear(gelu, `${p}.ff2`, ff, h)], `${p}.ff.res`), `${p}.ff.norm`);
  }
  const cls = node('Gather', [x, ints('zero.index', [0], [])], 'cls', { axis: 1 });
  const pooled = node('Tanh', [linear(cls, 'pooler', h, h)], 'pooled');
  nodes.push({ op: 'Identity', inputs: [linear(pooled, 'classifier', h, shape.labels)], outputs: ['logits'] });
  return { nodes, initializers };
}

/** Writes the encoder into `folder`; returns its parameter count. */
export function writeBenchEncoder(folder: string, shape: EncoderShape = BENCH_ENCODER): number {
  mkdirSync(path.join(folder, 'onnx'), { recursive: true });
  const labels = Array.from({ length: shape.labels }, (_, i) => `label_${i}`);
  const config = {
    architectures: ['BertForSequenceClassification'],
    model_type: 'bert',
    vocab_size: shape.vocab,
    hidden_size: shape.hidden,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    intermediate_size: shape.feedForward,
    max_position_embeddings: shape.maxPositions,
    id2label: Object.fromEntries(labels.map((label, i) => [String(i), label])),
    label2id: Object.fromEntries(labels.map((label, i) => [label, i])),
  };
  writeFileSync(path.join(folder, 'config.json'), JSON.stringify(config, null, 1));
  writeFileSync(path.join(folder, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocabulary(shape.vocab))));
  const tokenizerConfig = { cls_token: '[CLS]', do_lower_case: true, mask_token: '[MASK]', model_max_length: shape.maxPositions, pad_token: '[PAD]', sep_token: '[SEP]', tokenizer_class: 'BertTokenizer', unk_token: '[UNK]' };
  writeFileSync(path.join(folder, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 1));
  const { nodes, initializers } = encoderGraph(shape);
  const dims = ['batch', 'sequence'];
  const model = encodeModel({
    name: 'bench-encoder',
    nodes,
    initializers,
    inputs: [{ name: 'input_ids', type: INT64, dims }, { name: 'attention_mask', type: INT64, dims }],
    outputs: [{ name: 'logits', type: FLOAT, dims: ['batch', shape.labels] }],
  });
  writeFileSync(path.join(folder, 'onnx', 'model.onnx'), model);
  return initializers.reduce((sum, t) => sum + (t.data instanceof Float32Array ? t.data.length : 0), 0);
}
