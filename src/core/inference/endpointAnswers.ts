import type { InferenceInput, InferenceOutput, InferenceOutputKind } from './inferenceTypes';
import { InferenceOutputSchema } from './inferenceTypes';

/**
 * A deployed endpoint's answer to one input, read as the playground draws it. Endpoints answer in the shapes of the
 * Hugging Face pipelines their scoring scripts wrap (transformers' pipeline docs: `{label, score}`, `{entity_group,
 * score, word, start, end}`, `{answer, score, start, end}`, `{token_str, score, sequence}`, `{summary_text}`,
 * `{translation_text}`, `{generated_text}`), as a list with one answer per input, under `predictions` (our scoring
 * server, `fm serve`) or bare (Azure ML's MLflow scoring script); a text may come as a plain string. Undefined when
 * the answer is none of these: the playground then shows it as it came.
 */
export function outputFromEndpoint(kind: InferenceOutputKind, body: unknown, input: InferenceInput): InferenceOutput | undefined {
  const answer = firstAnswer(body);
  if (answer === undefined || answer === null) return undefined;
  // A bare string is an answer only inside the answers' list (`["POSITIVE"]`): on its own it is more often an error.
  if (typeof answer === 'string' && answer === body) return undefined;
  const output = READERS[kind](answer, input);
  return output && InferenceOutputSchema.safeParse(output).success ? output : undefined;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The answer to the first (the only) input: unwraps `{predictions: […]}` and the one-per-input list. */
function firstAnswer(body: unknown): unknown {
  const unwrapped = isObject(body) && Array.isArray(body.predictions) ? body.predictions : body;
  return Array.isArray(unwrapped) && unwrapped.length === 1 ? unwrapped[0] : unwrapped;
}

/** A list's items, or the value as a list of one. */
const items = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function readLabels(answer: unknown): InferenceOutput | undefined {
  const source = isObject(answer) && Array.isArray(answer.labels) ? answer.labels : answer;
  const labels = items(source).flatMap((item) => {
    if (typeof item === 'string') return [{ label: item, score: 1 }];
    const label = isObject(item) ? asString(item.label) : undefined;
    const score = isObject(item) ? asNumber(item.score) : undefined;
    return label !== undefined && score !== undefined ? [{ label, score }] : [];
  });
  return labels.length ? { kind: 'labels', labels: labels.sort((a, b) => b.score - a.score) } : undefined;
}

function readEntities(answer: unknown, input: InferenceInput): InferenceOutput | undefined {
  const text = 'text' in input ? input.text : '';
  const found = isObject(answer) && Array.isArray(answer.entities) ? answer.entities : answer;
  // One entity may come unwrapped from the list of one input's entities.
  const source = Array.isArray(found) ? found : isObject(found) && 'start' in found ? [found] : undefined;
  if (!source) return undefined;
  const entities = source.flatMap((item) => {
    if (!isObject(item)) return [];
    const type = asString(item.type) ?? asString(item.entity_group) ?? asString(item.entity)?.replace(/^[BI]-/, '');
    const [score, start, end] = [asNumber(item.score), asNumber(item.start), asNumber(item.end)];
    if (type === undefined || score === undefined || start === undefined || end === undefined || end > text.length) return [];
    return [{ type, score, start, end, text: text.slice(start, end) }];
  });
  return entities.length === source.length ? { kind: 'entities', entities } : undefined;
}

function readAnswer(answer: unknown, input: InferenceInput): InferenceOutput | undefined {
  if (!isObject(answer) || !('context' in input)) return undefined;
  const [text, score, start, end] = [asString(answer.answer), asNumber(answer.score), asNumber(answer.start), asNumber(answer.end)];
  if (text === undefined) return undefined;
  // Without offsets (some scoring scripts drop them), the span is found in the context.
  const at = start ?? input.context.indexOf(text);
  if (at < 0) return undefined;
  return { kind: 'answer', answer: text, score: score ?? 1, start: at, end: end ?? at + text.length };
}

function readTokens(answer: unknown): InferenceOutput | undefined {
  const source = isObject(answer) && Array.isArray(answer.tokens) ? answer.tokens : answer;
  const tokens = items(source).flatMap((item) => {
    if (!isObject(item)) return [];
    const token = asString(item.token_str) ?? asString(item.token);
    const [score, sequence] = [asNumber(item.score), asString(item.sequence)];
    return token !== undefined && score !== undefined && sequence !== undefined ? [{ token, score, sequence }] : [];
  });
  return tokens.length ? { kind: 'tokens', tokens } : undefined;
}

const TEXT_KEYS = ['text', 'generated_text', 'summary_text', 'translation_text', '0'] as const;

function readText(answer: unknown, input: InferenceInput): InferenceOutput | undefined {
  const first = Array.isArray(answer) && answer.length === 1 ? answer[0] : answer;
  const text = typeof first === 'string' ? first : isObject(first) ? TEXT_KEYS.map((key) => asString(first[key])).find((t) => t !== undefined) : undefined;
  if (text === undefined) return undefined;
  // A generation endpoint may answer with the prompt and its continuation: the playground shows the continuation.
  const prompt = 'text' in input ? input.text : '';
  return { kind: 'text', text: prompt && text.startsWith(prompt) ? text.slice(prompt.length) : text };
}

const READERS: Readonly<Record<InferenceOutputKind, (answer: unknown, input: InferenceInput) => InferenceOutput | undefined>> = {
  labels: readLabels,
  entities: readEntities,
  answer: readAnswer,
  tokens: readTokens,
  text: readText,
};
