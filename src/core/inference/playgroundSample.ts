import type { CatalogModel } from '../catalog/catalogModel';
import { TASKS, type TaskId } from '../tasks';
import { QuestionInputSchema, type InferenceInput } from './inferenceTypes';

/**
 * The playground's first input for `model` on `task`: the model's own sample (a question answering model's is a JSON
 * `{question, context}`), else the task's. A sample that does not fit the task's form gives way to the task's.
 */
export function playgroundSample(model: Pick<CatalogModel, 'sampleInput'>, task: TaskId): InferenceInput {
  const { sample, inference } = TASKS[task];
  const own = model.sampleInput?.trim();
  if (inference.input === 'question') {
    const parsed = own ? QuestionInputSchema.safeParse(parseJson(own)) : undefined;
    if (parsed?.success) return parsed.data;
    return 'question' in sample ? { question: sample.question, context: sample.context } : { question: '', context: sample.text };
  }
  return { text: own || ('text' in sample ? sample.text : sample.context) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The mask token a fill-mask text holds (`[MASK]` for BERT's family, `<mask>` for RoBERTa's), if any. */
export function maskTokenOf(text: string): string | undefined {
  return /\[MASK\]|<mask>/.exec(text)?.[0];
}
