import { entitiesFromTokens, type TaggedToken } from '../../core/inference/entities';
import type { InferenceInput, InferenceOptions, InferenceOutput } from '../../core/inference/inferenceTypes';
import type { LocalPipeline } from '../../core/tasks';
import { tokenOffsets, type TokenizerLike, type TokenOffset } from './tokenOffsets';

/**
 * One batch of inputs through a loaded transformers.js pipeline, per pipeline (the task table's `localPipeline`),
 * answered in the task's output shape (`core/inference/inferenceTypes.ts`). Classification, summarization,
 * translation, generation and fill-mask call the pipeline itself; token classification and question answering call
 * its tokenizer and model, because the pipelines give no character offsets (see `tokenOffsets.ts`).
 */

interface TensorLike {
  readonly dims: readonly number[];
  readonly data: ArrayLike<number>;
  tolist(): unknown;
}

type Encoding = Record<string, TensorLike>;

/** The parts of a loaded transformers.js pipeline the runners use. */
export interface LoadedPipeline {
  (input: unknown, options?: Record<string, unknown>): Promise<unknown>;
  readonly tokenizer: TokenizerLike & {
    (text: string[], options: { text_pair?: string[]; padding: boolean; truncation: boolean }): Encoding;
    readonly all_special_ids: readonly number[];
    readonly mask_token?: string | null;
  };
  readonly model: ((inputs: Encoding) => Promise<Record<string, TensorLike>>) & { readonly config: { readonly id2label?: Record<string, string> } };
  dispose(): Promise<void>;
}

export interface RunContext {
  readonly signal?: AbortSignal | undefined;
  /** Generated text as it comes, piece by piece (one input at a time only). */
  readonly onToken?: ((text: string) => void) | undefined;
  /** Builds a generation's streamer and stopping criteria (from transformers.js). */
  readonly generation?: GenerationHooks | undefined;
}

/** transformers.js's streamer and interruptible stopping criteria, made by the loader that has the module. */
export interface GenerationHooks {
  streamer(onToken: (text: string) => void): unknown;
  interruptible(signal: AbortSignal): { criteria: unknown; dispose(): void };
}

export type TaskRunner = (pipe: LoadedPipeline, inputs: readonly InferenceInput[], options: InferenceOptions, context: RunContext) => Promise<InferenceOutput[]>;

/** How many answer tokens a span may have: longer spans are never the answer (Hugging Face's default is 15). */
const MAX_ANSWER_TOKENS = 30;

function textOf(input: InferenceInput): string {
  if ('text' in input) return input.text;
  throw new Error('This model reads a text, not a question with a context.');
}

function questionOf(input: InferenceInput): { question: string; context: string } {
  if ('question' in input) return input;
  throw new Error('This model reads a question with its context, not a text.');
}

function softmax(values: readonly number[]): number[] {
  const top = Math.max(...values);
  const exps = values.map((v) => (Number.isFinite(v) ? Math.exp(v - top) : 0));
  const sum = exps.reduce((a, b) => a + b, 0) || 1;
  return exps.map((e) => e / sum);
}

function rowOf(tensor: TensorLike, row: number): number[] {
  const width = tensor.dims[1] ?? 0;
  return Array.from({ length: width }, (_, i) => Number(tensor.data[row * width + i]));
}

/** The ids of each row of an encoding, as numbers. */
function idRows(encoding: Encoding): number[][] {
  const ids = encoding.input_ids?.tolist();
  return Array.isArray(ids) ? ids.map((row) => (Array.isArray(row) ? row.map(Number) : [])) : [];
}

/**
 * Where each token of `tokens` sits in `row` (an encoded sequence with special tokens and perhaps a first text
 * before it), from `from` on; stops at the first token the row does not have (truncation).
 */
export function alignTokens(row: readonly number[], tokens: readonly TokenOffset[], from = 0): number[] {
  const head = tokens.slice(0, 3).map((t) => t.id);
  if (head.length === 0) return [];
  let start = -1;
  for (let at = from; at < row.length && start < 0; at++) if (head.every((id, k) => row[at + k] === id || at + k >= row.length)) start = at;
  if (start < 0) return [];
  const positions: number[] = [];
  for (let k = 0; k < tokens.length && start + k < row.length && row[start + k] === tokens[k]?.id; k++) positions.push(start + k);
  return positions;
}

const classifyTexts: TaskRunner = async (pipe, inputs, options) => {
  const topK = options.topK ?? 1;
  const texts = inputs.map((input) => {
    const text = textOf(input);
    return 'textPair' in input && input.textPair !== undefined ? { text, text_pair: input.textPair } : text;
  });
  // One call per batch: the pipeline pads the batch and runs one ONNX session call.
  const output = (await pipe(texts, { top_k: topK })) as unknown[];
  return output.map((item) => {
    const labels = (Array.isArray(item) ? item : [item]) as { label: string; score: number }[];
    return { kind: 'labels', labels: labels.map(({ label, score }) => ({ label: String(label), score: Number(score) })) };
  });
};

const tagTokens: TaskRunner = async (pipe, inputs) => {
  const texts = inputs.map(textOf);
  const encoding = pipe.tokenizer(texts, { padding: true, truncation: true });
  const { logits } = await pipe.model(encoding);
  if (!logits) throw new Error('The model answered no logits.');
  const [, length = 0, labelCount = 0] = logits.dims;
  const id2label = pipe.model.config.id2label ?? {};
  const rows = idRows(encoding);
  return texts.map((text, row) => {
    const offsets = tokenOffsets(pipe.tokenizer, text, length);
    const positions = alignTokens(rows[row] ?? [], offsets);
    const tagged: TaggedToken[] = positions.map((position, k) => {
      const base = (row * length + position) * labelCount;
      const scores = softmax(Array.from({ length: labelCount }, (_, i) => Number(logits.data[base + i])));
      const best = scores.indexOf(Math.max(...scores));
      const token = offsets[k] as TokenOffset;
      return { tag: id2label[String(best)] ?? `LABEL_${best}`, score: scores[best] ?? 0, start: token.start, end: token.end, continues: token.continues };
    });
    return { kind: 'entities', entities: entitiesFromTokens(text, tagged) };
  });
};

/** The best span of the context: start and end among the context's tokens, at most MAX_ANSWER_TOKENS apart. */
function bestSpan(starts: number[], ends: number[], positions: readonly number[]): { first: number; last: number; score: number } | undefined {
  const startScores = softmax(positions.map((p) => starts[p] ?? Number.NEGATIVE_INFINITY));
  const endScores = softmax(positions.map((p) => ends[p] ?? Number.NEGATIVE_INFINITY));
  let best: { first: number; last: number; score: number } | undefined;
  for (let i = 0; i < positions.length; i++) {
    for (let j = i; j < Math.min(positions.length, i + MAX_ANSWER_TOKENS); j++) {
      const score = (startScores[i] ?? 0) * (endScores[j] ?? 0);
      if (!best || score > best.score) best = { first: i, last: j, score };
    }
  }
  return best;
}

const answerQuestions: TaskRunner = async (pipe, inputs) => {
  const questions = inputs.map(questionOf);
  const encoding = pipe.tokenizer(questions.map((q) => q.question), { text_pair: questions.map((q) => q.context), padding: true, truncation: true });
  const { start_logits: starts, end_logits: ends } = await pipe.model(encoding);
  if (!starts || !ends) throw new Error('The model answered no start and end logits.');
  const rows = idRows(encoding);
  return questions.map(({ question, context }, row) => {
    const ids = rows[row] ?? [];
    const offsets = tokenOffsets(pipe.tokenizer, context, ids.length);
    // The context's tokens come after the question's.
    const positions = alignTokens(ids, offsets, pipe.tokenizer.encode(question, { add_special_tokens: false }).length + 1);
    const span = bestSpan(rowOf(starts, row), rowOf(ends, row), positions);
    if (!span) return { kind: 'answer', answer: '', score: 0, start: 0, end: 0 };
    const start = offsets[span.first]?.start ?? 0;
    const end = offsets[span.last]?.end ?? start;
    return { kind: 'answer', answer: context.slice(start, end), score: span.score, start, end };
  });
};

/** `[MASK]` and `<mask>` both stand for the model's own mask token. */
function withModelMask(text: string, mask: string): string {
  return text.replace(/\[MASK\]|<mask>/g, mask);
}

/** Why `input` cannot go to this model, or undefined: a fill-mask text must hold the mask. */
export function maskProblem(pipe: LoadedPipeline, input: InferenceInput): string | undefined {
  const mask = pipe.tokenizer.mask_token;
  if (!mask || !('text' in input) || withModelMask(input.text, mask).includes(mask)) return undefined;
  return `has no mask: a fill-mask model fills the ${mask} in a text`;
}

const fillMasks: TaskRunner = async (pipe, inputs, options) => {
  const mask = pipe.tokenizer.mask_token ?? '[MASK]';
  const texts = inputs.map((input) => withModelMask(textOf(input), mask));
  const masked = texts.flatMap((text, i) => (text.includes(mask) ? [i] : []));
  const outputs: InferenceOutput[] = texts.map(() => ({ kind: 'tokens', tokens: [] }));
  if (masked.length === 0) return outputs;
  const answers = (await pipe(masked.map((i) => texts[i]), { top_k: options.topK ?? 5 })) as { token_str: string; score: number; sequence: string }[][];
  masked.forEach((index, k) => {
    outputs[index] = { kind: 'tokens', tokens: (answers[k] ?? []).map((a) => ({ token: String(a.token_str), score: Number(a.score), sequence: String(a.sequence) })) };
  });
  return outputs;
};

/** Summarization, translation and generation: one `generate` per batch, streamed and interruptible for one input. */
function writeText(key: 'summary_text' | 'translation_text' | 'generated_text', extra: Record<string, unknown> = {}): TaskRunner {
  return async (pipe, inputs, options, context) => {
    const texts = inputs.map(textOf);
    const stop = context.signal && context.generation ? context.generation.interruptible(context.signal) : undefined;
    const streamer = context.onToken && texts.length === 1 ? context.generation?.streamer(context.onToken) : undefined;
    try {
      const output = (await pipe(texts, {
        ...extra,
        ...(options.maxNewTokens ? { max_new_tokens: options.maxNewTokens } : {}),
        // A temperature above 0 samples (a playground's choice); otherwise greedy, as `extra` says for generation.
        ...(options.temperature ? { do_sample: true, temperature: options.temperature } : {}),
        ...(stop ? { stopping_criteria: stop.criteria } : {}),
        ...(streamer ? { streamer } : {}),
      })) as unknown[];
      context.signal?.throwIfAborted();
      return output.map((item) => {
        const first = (Array.isArray(item) ? item[0] : item) as Record<string, unknown> | undefined;
        return { kind: 'text', text: String(first?.[key] ?? '') };
      });
    } finally {
      stop?.dispose();
    }
  };
}

/** The runner of each transformers.js pipeline the task table names. */
export const RUNNERS: Readonly<Record<LocalPipeline, TaskRunner>> = {
  'text-classification': classifyTexts,
  'token-classification': tagTokens,
  'question-answering': answerQuestions,
  'fill-mask': fillMasks,
  summarization: writeText('summary_text'),
  translation: writeText('translation_text'),
  // The continuation only, deterministically (greedy), as the reference of an evaluation is.
  'text-generation': writeText('generated_text', { return_full_text: false, do_sample: false }),
};
