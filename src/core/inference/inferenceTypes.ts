import * as z from 'zod';

/**
 * One run of a model on one input, as plain data: what the model card's playground sends and shows, what a scoring
 * server answers, and what an evaluation turns into a prediction (through the task table's `inference`). The input
 * is a text (with a second text for sentence-pair classification) or a question with its context; the output has
 * one of five shapes, each named by its `kind`. Validated with these schemas wherever it crosses a boundary (a
 * webview message, a request body); offsets are UTF-16 code unit indexes into the input string, `end` exclusive, as
 * `String.prototype.slice` takes them.
 */

/** A text to classify, tag, fill in, summarize, translate or continue; `textPair` is a sentence pair's second text. */
export const TextInputSchema = z.strictObject({
  text: z.string(),
  textPair: z.string().optional(),
});

/** An extractive question: the answer is a span of `context`. */
export const QuestionInputSchema = z.strictObject({
  question: z.string(),
  context: z.string(),
});

export const InferenceInputSchema = z.union([TextInputSchema, QuestionInputSchema]);
export type TextInput = z.infer<typeof TextInputSchema>;
export type QuestionInput = z.infer<typeof QuestionInputSchema>;
export type InferenceInput = z.infer<typeof InferenceInputSchema>;

/** What a task's model reads: a text, a text with an optional second one, or a question and its context. */
export type InferenceInputKind = 'text' | 'text-pair' | 'question';

/** Limits a caller may set on one run; each task reads those that concern it. */
export const InferenceOptionsSchema = z.strictObject({
  /** How many labels (classification) or tokens (fill-mask) to return, best first. */
  topK: z.number().int().min(1).max(50).optional(),
  /** How many tokens summarization, translation and generation may write. */
  maxNewTokens: z.number().int().min(1).max(2048).optional(),
  /** Sampling temperature for generation; 0 or absent: greedy, the same text every time (as evaluation wants). */
  temperature: z.number().min(0).max(2).optional(),
});
export type InferenceOptions = z.infer<typeof InferenceOptionsSchema>;

const ScoreSchema = z.number().min(0).max(1);
const OffsetSchema = z.number().int().nonnegative();

export const LabelScoreSchema = z.object({ label: z.string(), score: ScoreSchema });

/** A named entity: its type (`PER`, `LOC`…), the mean score of its tokens, and where it is in the text. */
export const EntitySchema = z.object({ type: z.string(), score: ScoreSchema, start: OffsetSchema, end: OffsetSchema, text: z.string() });

/** A token that fills the mask, with the text it makes. */
export const MaskFillSchema = z.object({ token: z.string(), score: ScoreSchema, sequence: z.string() });

export const InferenceOutputSchema = z.discriminatedUnion('kind', [
  /** Classes, best first. */
  z.object({ kind: z.literal('labels'), labels: z.array(LabelScoreSchema) }),
  /** Entities in the order they occur in the text. */
  z.object({ kind: z.literal('entities'), entities: z.array(EntitySchema) }),
  /** The answer span of the context (`context.slice(start, end) === answer`). */
  z.object({ kind: z.literal('answer'), answer: z.string(), score: ScoreSchema, start: OffsetSchema, end: OffsetSchema }),
  /** Tokens for the mask, best first. */
  z.object({ kind: z.literal('tokens'), tokens: z.array(MaskFillSchema) }),
  /** Text the model wrote: a summary, a translation, or the continuation of a prompt (without the prompt). */
  z.object({ kind: z.literal('text'), text: z.string() }),
]);
export type InferenceOutput = z.infer<typeof InferenceOutputSchema>;
export type InferenceOutputKind = InferenceOutput['kind'];
export type LabelScore = z.infer<typeof LabelScoreSchema>;
export type Entity = z.infer<typeof EntitySchema>;
export type MaskFill = z.infer<typeof MaskFillSchema>;

/** One run's answer and how long the model took (loading excluded once it is loaded). */
export const InferenceResultSchema = z.object({ output: InferenceOutputSchema, durationMs: z.number().nonnegative() });
export type InferenceResult = z.infer<typeof InferenceResultSchema>;

/** The output of `kind`, or an error naming what came instead (a task table whose output and runner disagree). */
export function outputOfKind<K extends InferenceOutputKind>(output: InferenceOutput, kind: K): Extract<InferenceOutput, { kind: K }> {
  if (output.kind !== kind) throw new Error(`Expected a "${kind}" output, not "${output.kind}".`);
  return output as Extract<InferenceOutput, { kind: K }>;
}

/** An output of `kind` with nothing in it: what an input the model could not take counts as (a wrong prediction). */
export function emptyOutput(kind: InferenceOutputKind): InferenceOutput {
  switch (kind) {
    case 'labels':
      return { kind, labels: [] };
    case 'entities':
      return { kind, entities: [] };
    case 'answer':
      return { kind, answer: '', score: 0, start: 0, end: 0 };
    case 'tokens':
      return { kind, tokens: [] };
    case 'text':
      return { kind, text: '' };
  }
}

/** Why `input` is not what a model reading `kind` takes, or undefined. */
export function inputKindProblem(kind: InferenceInputKind, input: InferenceInput): string | undefined {
  if (kind === 'question') return 'question' in input ? undefined : 'This model answers a question about a context: give {question, context}.';
  if (!('text' in input)) return 'This model reads a text, not a question with a context.';
  if (kind === 'text' && input.textPair !== undefined) return 'This model reads one text; a second text (textPair) is for sentence-pair classification.';
  return undefined;
}
