import * as z from 'zod';

/**
 * The tasks Foundation Models knows. Ids are the Hugging Face / Azure ML task names; the CLI and the tests use them
 * as written here. This module is kept tiny on purpose: webviews and the protocol import it without the table.
 * A new task gets its id here, its definition in a file of its own beside this one, and a line in `taskTable.ts`.
 */
export const TASK_IDS = [
  'text-classification',
  'token-classification',
  'question-answering',
  'summarization',
  'translation',
  'fill-mask',
  'text-generation',
] as const;

export const TaskIdSchema = z.enum(TASK_IDS);
export type TaskId = z.infer<typeof TaskIdSchema>;

export function isTaskId(value: string): value is TaskId {
  return (TASK_IDS as readonly string[]).includes(value);
}
