import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { DEFAULT_INFERENCE_SETTINGS, sessionOptions, type InferenceSettings } from '../src/backends/local/inferenceSettings';
import { lengthBatches } from '../src/backends/local/lengthBatches';
import { loadTaskModel } from '../src/backends/local/localInference';
import { benchTexts, writeBenchEncoder } from './benchEncoder';

/**
 * Local inference against onnxruntime itself, in the same process and the same rounds:
 * - classification: texts/s of the local backend's path (`loadTaskModel(...).run`: tokenize, batch, run, decode into
 *   labels), as evaluation calls it, against a bare onnxruntime-node InferenceSession fed the same batches already
 *   tokenized (same batch size, same session options), on an encoder of a few million parameters written here;
 * - generation: time to first token and tokens/s of the playground's streamed generation against a bare greedy loop
 *   with the key/value cache on the same ONNX graph (the tiny-generator fixture).
 * Each side's wall time and CPU time (every thread of the process: onnxruntime's pool included) per round; ratios are
 * taken round by round, so that other engineers' load on the shared machine sways both sides alike.
 */

const GENERATOR = path.resolve(__dirname, '../test/fixtures/models/tiny-generator');
const SAMPLES = path.resolve(__dirname, '../samples');

export interface Sample {
  readonly ms: number;
  readonly cpuMs: number;
}

async function timed(run: () => Promise<unknown>): Promise<Sample> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await run();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}


interface TokenizerCall {
  (texts: string[], options: { padding: boolean; truncation: boolean }): Record<string, { data: BigInt64Array; dims: number[] }>;
}

type Feeds = Record<string, ort.Tensor>;

/** The batches our path forms (`lengthBatches`), tokenized as the pipeline does (padded to each batch's longest), as onnxruntime tensors. */
function pretokenize(tokenizer: TokenizerCall, texts: readonly string[], batchSize: number, inputNames: readonly string[]): Feeds[] {
  const batches: Feeds[] = [];
  for (const batch of lengthBatches(texts.map((text) => ({ text })), batchSize)) {
    const encoding = tokenizer(batch.map((i) => texts[i] ?? ''), { padding: true, truncation: true });
    const feeds: Feeds = {};
    for (const name of inputNames) {
      const tensor = encoding[name];
      if (!tensor) throw new Error(`The tokenizer gave no ${name}.`);
      feeds[name] = new ort.Tensor('int64', tensor.data, tensor.dims);
    }
    batches.push(feeds);
  }
  return batches;
}

export interface ClassificationRound {
  readonly ours: Sample;
  readonly bare: Sample;
}

export interface ClassificationFigures {
  readonly parameters: number;
  readonly texts: number;
  readonly meanTokens: number;
  readonly settings: InferenceSettings;
  readonly rounds: readonly ClassificationRound[];
}

/** Texts/s of our path and of the bare session at `settings`, `rounds` rounds after one warm-up of each. */
export async function measureClassification(folder: string, parameters: number, settings: InferenceSettings, textCount: number, rounds: number): Promise<ClassificationFigures> {
  const texts = benchTexts(textCount);
  const model = await loadTaskModel(folder, 'text-classification', settings);
  const session = await ort.InferenceSession.create(path.join(folder, 'onnx', 'model.onnx'), { executionProviders: ['cpu'], ...sessionOptions(settings) });
  try {
    const { AutoTokenizer } = await import('@huggingface/transformers');
    const tokenizer = (await AutoTokenizer.from_pretrained(folder, { local_files_only: true })) as unknown as TokenizerCall;
    const batches = pretokenize(tokenizer, texts, settings.batchSize, session.inputNames);
    const meanTokens = batches.reduce((sum, feeds) => sum + Array.from(feeds.attention_mask?.data as BigInt64Array, Number).reduce((a, b) => a + b, 0), 0) / texts.length;
    const inputs = texts.map((text) => ({ text }));
    const ours = () => model.run(inputs);
    const bare = async () => {
      for (const feeds of batches) await session.run(feeds);
    };
    await ours();
    await bare();
    const results: ClassificationRound[] = [];
    for (let round = 0; round < rounds; round++) {
      // Alternate which side goes first, so that neither always follows the other's garbage.
      if (round % 2 === 0) {
        const o = await timed(ours);
        results.push({ ours: o, bare: await timed(bare) });
      } else {
        const b = await timed(bare);
        results.push({ ours: await timed(ours), bare: b });
      }
    }
    return { parameters, texts: texts.length, meanTokens, settings, rounds: results };
  } finally {
    await model.dispose();
    await session.release();
  }
}

/** A bench encoder in a temporary folder for `use`, removed after. */
export async function withBenchEncoder<T>(use: (folder: string, parameters: number) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fm-bench-encoder-'));
  try {
    return await use(dir, writeBenchEncoder(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface GenerationRun {
  readonly tokens: number;
  readonly firstTokenMs: number;
  readonly totalMs: number;
  readonly text?: string;
}

interface GeneratorConfig {
  readonly eos_token_id: number;
  readonly n_layer: number;
  readonly n_head: number;
  readonly n_embd: number;
}

/** Greedy decoding on the bare session with the key/value cache: prompt ids in, generated ids (EOS included) out. */
async function bareGreedy(session: ort.InferenceSession, config: GeneratorConfig, prompt: readonly number[], maxNewTokens: number): Promise<GenerationRun & { ids: number[] }> {
  const headSize = config.n_embd / config.n_head;
  const start = performance.now();
  let firstTokenMs = 0;
  const ids: number[] = [];
  let past: Feeds = {};
  for (let layer = 0; layer < config.n_layer; layer++) {
    for (const kind of ['key', 'value']) past[`past_key_values.${layer}.${kind}`] = new ort.Tensor('float32', new Float32Array(0), [1, config.n_head, 0, headSize]);
  }
  let step: readonly number[] = prompt;
  let seen = 0;
  while (ids.length < maxNewTokens) {
    const total = seen + step.length;
    const feeds: Feeds = {
      ...past,
      input_ids: new ort.Tensor('int64', BigInt64Array.from(step.map(BigInt)), [1, step.length]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from(step.map((_, i) => BigInt(seen + i))), [1, step.length]),
    };
    const out = await session.run(feeds);
    const logits = out.logits as ort.Tensor;
    const vocab = logits.dims[2] ?? 0;
    const data = logits.data as Float32Array;
    let best = 0;
    const base = (step.length - 1) * vocab;
    for (let v = 1; v < vocab; v++) if ((data[base + v] ?? -Infinity) > (data[base + best] ?? -Infinity)) best = v;
    if (ids.length === 0) firstTokenMs = performance.now() - start;
    ids.push(best);
    if (best === config.eos_token_id) break;
    past = {};
    for (let layer = 0; layer < config.n_layer; layer++) {
      for (const kind of ['key', 'value']) past[`past_key_values.${layer}.${kind}`] = out[`present.${layer}.${kind}`] as ort.Tensor;
    }
    seen = total;
    step = [best];
  }
  return { ids, tokens: ids.length, firstTokenMs, totalMs: performance.now() - start };
}

export interface GenerationFigures {
  readonly prompts: number;
  readonly maxNewTokens: number;
  /** Whether our text equals the bare loop's decoded tokens for every prompt. */
  readonly sameText: boolean;
  /** Per round: streamed as the playground does (`ours`), unstreamed as evaluation does (`plain`), and the bare loop. */
  readonly rounds: readonly { readonly ours: readonly GenerationRun[]; readonly plain: readonly GenerationRun[]; readonly bare: readonly GenerationRun[] }[];
}

/** The prompts: the first three words of each review of samples/reviews.csv. */
function generationPrompts(count: number): string[] {
  const rows = readFileSync(path.join(SAMPLES, 'reviews.csv'), 'utf8').trim().split('\n').slice(1, count + 1);
  return rows.map((row) => (/^[^,]*,(?:"((?:[^"]|"")*)"|([^,]*)),/.exec(row)?.slice(1).find(Boolean) ?? 'The').split(' ').slice(0, 3).join(' '));
}

/** Streamed generation through our path and the bare greedy loop, one prompt at a time, `rounds` rounds. */
export async function measureGeneration(settings: InferenceSettings, promptCount: number, maxNewTokens: number, rounds: number): Promise<GenerationFigures> {
  const prompts = generationPrompts(promptCount);
  const config = JSON.parse(readFileSync(path.join(GENERATOR, 'config.json'), 'utf8')) as GeneratorConfig;
  const model = await loadTaskModel(GENERATOR, 'text-generation', settings);
  const session = await ort.InferenceSession.create(path.join(GENERATOR, 'onnx', 'model.onnx'), { executionProviders: ['cpu'], ...sessionOptions(settings) });
  try {
    const { AutoTokenizer } = await import('@huggingface/transformers');
    const tokenizer = (await AutoTokenizer.from_pretrained(GENERATOR, { local_files_only: true })) as unknown as {
      encode(text: string): number[];
      decode(ids: number[], options: { skip_special_tokens: boolean }): string;
    };
    const encoded = prompts.map((prompt) => tokenizer.encode(prompt));
    const ours = async (prompt: string, tokens: number, streamed: boolean): Promise<GenerationRun> => {
      const start = performance.now();
      let firstTokenMs = 0;
      const onToken = streamed ? () => (firstTokenMs ||= performance.now() - start) : undefined;
      const [output] = await model.run([{ text: prompt }], { maxNewTokens, onToken });
      return { tokens, firstTokenMs, totalMs: performance.now() - start, text: output?.kind === 'text' ? output.text : '' };
    };
    const results: { ours: GenerationRun[]; plain: GenerationRun[]; bare: GenerationRun[] }[] = [];
    let sameText = true;
    for (let round = 0; round <= rounds; round++) {
      const runs = { ours: [] as GenerationRun[], plain: [] as GenerationRun[], bare: [] as GenerationRun[] };
      for (const [i, prompt] of prompts.entries()) {
        const b = await bareGreedy(session, config, encoded[i] ?? [], maxNewTokens);
        const text = tokenizer.decode(b.ids, { skip_special_tokens: true }).trim();
        runs.bare.push({ ...b, text });
        runs.ours.push(await ours(prompt, b.tokens, true));
        runs.plain.push(await ours(prompt, b.tokens, false));
        if ([runs.ours, runs.plain].some((list) => (list.at(-1)?.text ?? '').trim() !== text)) sameText = false;
      }
      // Round 0 warms all up.
      if (round > 0) results.push(runs);
    }
    return { prompts: prompts.length, maxNewTokens, sameText, rounds: results };
  } finally {
    await model.dispose();
    await session.release();
  }
}

export const textsPerSecond = (texts: number, sample: Sample, cpu = false): number => texts / ((cpu ? sample.cpuMs : sample.ms) / 1000);

/** The default settings, or those of FM_BENCH_INFERENCE_BATCH / FM_BENCH_INFERENCE_THREADS. */
export function benchSettings(): InferenceSettings {
  const batch = Number(process.env.FM_BENCH_INFERENCE_BATCH ?? DEFAULT_INFERENCE_SETTINGS.batchSize);
  const threads = process.env.FM_BENCH_INFERENCE_THREADS === undefined ? DEFAULT_INFERENCE_SETTINGS.threads : Number(process.env.FM_BENCH_INFERENCE_THREADS) || undefined;
  return { batchSize: batch, threads };
}
