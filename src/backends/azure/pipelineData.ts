import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { TASKS, type ComponentContext, type TaskId } from '../../core/tasks';

/**
 * Our canonical JSONL (one key per task role, `src/core/tasks`) in the shape the `azureml` fine-tune components
 * read (each task's `azure.finetune.shapeRecord`). Most tasks read it as it is, naming the keys through inputs
 * (`sentence1_key`, `document_key`…); two do not:
 *
 * - question answering reads SQuAD's nesting: `answers: { answer_start: [n], text: ["…"] }` (`answers_key`,
 *   `answer_start_key`, `answer_text_key`);
 * - translation names the columns by language code (`source_lang: en` reads the `en` key).
 */
export type RecordShaper = (record: Record<string, unknown>) => Record<string, unknown>;

/** The task's record shaper for its fine-tune component (the task table's `shapeRecord`), if it reshapes at all. */
export function componentRecordShaper(task: TaskId, context: ComponentContext): RecordShaper | undefined {
  const shape = TASKS[task].azure.finetune?.shapeRecord;
  if (!shape) return undefined;
  return (record) => shape(record, context);
}

/** Writes `input` reshaped record by record into `output` (streamed: the file may be larger than memory). */
export async function reshapeJsonl(input: string, output: string, shape: RecordShaper, signal?: AbortSignal): Promise<void> {
  const out = createWriteStream(output);
  try {
    for await (const line of createInterface({ input: createReadStream(input, { signal }), crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      if (!out.write(`${JSON.stringify(shape(JSON.parse(line) as Record<string, unknown>))}\n`)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
}
