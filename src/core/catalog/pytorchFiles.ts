/**
 * Which files of a Hugging Face repository fine-tuning needs (the PyTorch form a Trainer loads with
 * `from_pretrained`), judged from the repository's file names alone: no network, no disk. The Hub lists them; the
 * cache scan passes a snapshot's.
 *
 * transformers saves weights as `model.safetensors` (or, for a large model, shards `model-00001-of-0000N.safetensors`
 * with `model.safetensors.index.json` naming them), and older checkpoints as `pytorch_model.bin` (or its shards with
 * `pytorch_model.bin.index.json`); `from_pretrained` prefers safetensors when both are there, and so do we. Only the
 * repository's top level is read: never the `onnx/` folder, and never TensorFlow, Flax or other weights.
 */

export type PytorchFormat = 'safetensors' | 'bin';

export interface PytorchFileChoice {
  /** Repository-relative paths: config, tokenizer and other small files first, weights last. */
  readonly files: readonly string[];
  readonly format: PytorchFormat;
  /** How many weight files (1 when not sharded). */
  readonly shards: number;
}

export type PytorchFileChoiceResult = { readonly choice: PytorchFileChoice } | { readonly problem: string };

/** What the Trainer needs besides the weights: the config, and every tokenizer file the repository has. */
const METADATA_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'added_tokens.json',
  'vocab.txt',
  'vocab.json',
  'merges.txt',
  'source.spm',
  'target.spm',
  'generation_config.json',
  'README.md',
] as const;

/** A sentencepiece model at the top level (`spiece.model`, `sentencepiece.bpe.model`, `tokenizer.model`). */
const SENTENCEPIECE = /^[\w.-]+\.model$/;

const WEIGHTS: Readonly<Record<PytorchFormat, { single: string; index: string; shard: RegExp }>> = {
  safetensors: { single: 'model.safetensors', index: 'model.safetensors.index.json', shard: /^model-(\d{5})-of-(\d{5})\.safetensors$/ },
  bin: { single: 'pytorch_model.bin', index: 'pytorch_model.bin.index.json', shard: /^pytorch_model-(\d{5})-of-(\d{5})\.bin$/ },
};

/** Weights of other frameworks, named in the problem sentence when they are all a repository has. */
const OTHER_WEIGHTS: readonly (readonly [RegExp, string])[] = [
  [/^tf_model.*\.h5$/, 'TensorFlow'],
  [/^flax_model.*\.msgpack$/, 'Flax'],
  [/\.onnx$/, 'ONNX'],
  [/^(model|weights).*\.gguf$/, 'GGUF'],
];

/** The weight files of one format: the single file, or every shard its names promise with their index; else why not. */
function weightsOf(names: ReadonlySet<string>, format: PytorchFormat): { files: string[] } | { incomplete: string } | undefined {
  const { single, index, shard } = WEIGHTS[format];
  if (names.has(single)) return { files: [single] };
  const shards = [...names].filter((name) => shard.test(name)).sort();
  if (shards.length === 0) return undefined;
  const total = Number(shard.exec(shards[0] ?? '')?.[2]);
  const complete = shards.length === total && shards.every((name, i) => Number(shard.exec(name)?.[1]) === i + 1 && Number(shard.exec(name)?.[2]) === total);
  if (!names.has(index)) return { incomplete: `its ${format} shards come without ${index}` };
  if (!complete) return { incomplete: `it has ${shards.length} of the ${total} ${format} shards its names promise` };
  return { files: [index, ...shards] };
}

function noWeightsProblem(repo: string, names: readonly string[], incomplete: string | undefined): string {
  const baseNames = names.map((name) => name.slice(name.lastIndexOf('/') + 1));
  const others = OTHER_WEIGHTS.filter(([pattern]) => baseNames.some((name) => pattern.test(name))).map(([, label]) => label);
  const has = others.length > 0 ? ` (it has ${others.join(' and ')} weights only)` : '';
  const why = incomplete ? ` (${incomplete})` : has;
  return `${repo} has no PyTorch weights to fine-tune${why}: fine-tuning needs config.json with model.safetensors or pytorch_model.bin (or their shards with an index). Pull the model's original repository for fine-tuning instead of an export, or fine-tune it on Azure.`;
}

/**
 * The files to fetch from `repo` (named only in the problem sentences) for fine-tuning: config.json, the tokenizer
 * files there are, and the weights, safetensors before `.bin`.
 */
export function choosePytorchFiles(repo: string, names: readonly string[]): PytorchFileChoiceResult {
  const set = new Set(names.filter((name) => !name.includes('/')));
  let weights: { files: string[]; format: PytorchFormat } | undefined;
  let incomplete: string | undefined;
  for (const format of ['safetensors', 'bin'] as const) {
    const found = weightsOf(set, format);
    if (found && 'files' in found) {
      weights = { files: found.files, format };
      break;
    }
    incomplete ??= found?.incomplete;
  }
  if (!weights) return { problem: noWeightsProblem(repo, names, incomplete) };
  if (!set.has('config.json')) return { problem: `${repo} has PyTorch weights but no config.json, which fine-tuning needs to load them.` };
  const metadata = METADATA_FILES.filter((file) => set.has(file));
  const sentencepiece = [...set].filter((name) => SENTENCEPIECE.test(name)).sort();
  const shards = weights.files.filter((file) => !file.endsWith('.index.json')).length;
  return { choice: { files: [...metadata, ...sentencepiece, ...weights.files], format: weights.format, shards } };
}
