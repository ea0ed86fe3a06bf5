import * as z from 'zod';
import { TASKS, type MetricFamily, type TaskId } from '../tasks';
import { exactMatch } from './squad';

/**
 * The predictions of an evaluation, one row per scored record: what the model answered, what the data says, and
 * where the record came from. A local evaluation writes them to `predictions.jsonl` in its job folder, one JSON
 * object a line: `{"prediction": P, "reference": R, "line": 12, "input": "…"}` (`line` and `input` since they were
 * added; older files have only the first two).
 */

/** One line of `predictions.jsonl`. */
export const PredictionLineSchema = z.object({
  prediction: z.unknown(),
  reference: z.unknown(),
  /** The record's physical line in the user's data file (1-based; the header is line 1 of a CSV). */
  line: z.number().int().positive().optional(),
  /** The text the model read (a second text after a blank line), cut to `INPUT_CHARS`. */
  input: z.string().optional(),
});
export type PredictionLine = z.infer<typeof PredictionLineSchema>;

/** How much of a record's input a predictions file keeps: enough to recognise it; the line leads to the rest. */
export const INPUT_CHARS = 500;

/** A prediction as the views show it: its place in the data, and whether it is a mistake where that is yes or no. */
export interface PredictionRow {
  /** 0-based, in the order the records were scored. */
  readonly index: number;
  readonly line?: number | undefined;
  readonly input?: string | undefined;
  readonly prediction: unknown;
  readonly reference: unknown;
  /** Undefined where a prediction is scored by overlap (summaries, translations), not right or wrong. */
  readonly correct?: boolean | undefined;
}

/** The text a record's input shows as: the first text, then the second after a blank line; cut to `INPUT_CHARS`. */
export function predictionInput(text: string, pair?: string): string {
  const full = pair === undefined ? text : `${text}\n\n${pair}`;
  return full.length > INPUT_CHARS ? `${full.slice(0, INPUT_CHARS - 1)}…` : full;
}

/** Whether a prediction is right, by family; undefined where the family scores overlap rather than right or wrong. */
const CORRECT: Readonly<Record<MetricFamily, ((p: unknown, r: unknown) => boolean) | undefined>> = {
  classification: (p, r) => p === r,
  'sequence-labelling': (p, r) => JSON.stringify(p) === JSON.stringify(r),
  'extractive-qa': (p, r) => (r as string[]).some((answer) => exactMatch(p as string, answer)),
  'exact-match': (p, r) => (p as string).trim() === (r as string).trim(),
  rouge: undefined,
  bleu: undefined,
  'rouge-and-bleu': undefined,
};

/** Right or wrong by the task's own measure (SQuAD normalization for answers), or undefined when it has none. */
export function isCorrectPrediction(task: TaskId, prediction: unknown, reference: unknown): boolean | undefined {
  const { family, prediction: predictionSchema, reference: referenceSchema } = TASKS[task].metrics;
  const compare = CORRECT[family];
  const p = predictionSchema.safeParse(prediction);
  const r = referenceSchema.safeParse(reference);
  if (!compare || !p.success || !r.success) return undefined;
  return compare(p.data, r.data);
}

/**
 * The rows of a `predictions.jsonl` text. A line that is not a prediction is skipped and counted: a damaged file
 * still shows what it can.
 */
export function parsePredictions(task: TaskId, text: string): { rows: PredictionRow[]; skipped: number } {
  const rows: PredictionRow[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const parsed = PredictionLineSchema.safeParse(jsonOrUndefined(line));
    if (!parsed.success) {
      skipped++;
      continue;
    }
    const { prediction, reference, line: sourceLine, input } = parsed.data;
    rows.push({ index: rows.length, line: sourceLine, input, prediction, reference, correct: isCorrectPrediction(task, prediction, reference) });
  }
  return { rows, skipped };
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A prediction or reference as one line of text: a list joined by spaces (tags) or ` | ` (answers). */
export function predictionText(value: unknown, listSeparator = ' '): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => predictionText(item, listSeparator)).join(listSeparator);
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
