import * as z from 'zod';

/**
 * The tasks Foundation Models knows, with the canonical roles a dataset is mapped onto.
 * Ids are the Hugging Face / Azure ML task names; the CLI and the tests use them as written here.
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

export type RoleKind = 'string' | 'label' | 'string-list' | 'integer';

export interface RoleSpec {
  readonly name: string;
  readonly kind: RoleKind;
  readonly required: boolean;
  readonly description: string;
  /** Running text (a review, a passage), never a bare number: a number there means a wrongly mapped column. */
  readonly prose?: boolean;
}

export interface TaskSpec {
  readonly id: TaskId;
  readonly displayName: string;
  /** Whether a model can be fine-tuned for this task; fill-mask and text generation are evaluate-only. */
  readonly fineTunable: boolean;
  readonly roles: readonly RoleSpec[];
}

const role = (name: string, kind: RoleKind, description: string, required = true): RoleSpec => ({
  name,
  kind,
  required,
  description,
});
const prose = (name: string, description: string, required = true): RoleSpec => ({ ...role(name, 'string', description, required), prose: true });

export const TASKS: Readonly<Record<TaskId, TaskSpec>> = {
  'text-classification': {
    id: 'text-classification',
    displayName: 'Text classification',
    fineTunable: true,
    roles: [
      prose('sentence', 'The text to classify'),
      prose('sentence2', 'A second text, for sentence-pair tasks', false),
      role('label', 'label', 'The class, as an integer or a string'),
    ],
  },
  'token-classification': {
    id: 'token-classification',
    displayName: 'Token classification',
    fineTunable: true,
    roles: [
      role('tokens', 'string-list', 'The words of the sentence'),
      role('tags', 'string-list', 'One tag per token (for example IOB2 entity tags)'),
    ],
  },
  'question-answering': {
    id: 'question-answering',
    displayName: 'Question answering',
    fineTunable: true,
    roles: [
      prose('question', 'The question'),
      prose('context', 'The passage that holds the answer'),
      role('answer_text', 'string', 'The answer, as it occurs in the context'),
      role('answer_start', 'integer', 'Character offset of the answer in the context'),
    ],
  },
  summarization: {
    id: 'summarization',
    displayName: 'Summarization',
    fineTunable: true,
    roles: [prose('document', 'The text to summarize'), role('summary', 'string', 'The reference summary')],
  },
  translation: {
    id: 'translation',
    displayName: 'Translation',
    fineTunable: true,
    roles: [role('source', 'string', 'Text in the source language'), role('target', 'string', 'Its translation')],
  },
  'fill-mask': {
    id: 'fill-mask',
    displayName: 'Fill mask',
    fineTunable: false,
    roles: [role('text', 'string', 'Text with a masked token')],
  },
  'text-generation': {
    id: 'text-generation',
    displayName: 'Text generation',
    fineTunable: false,
    roles: [
      role('text', 'string', 'The prompt'),
      role('ground_truth', 'string', 'The expected continuation', false),
    ],
  },
};

export function taskDisplayName(id: TaskId): string {
  return TASKS[id].displayName;
}

export function isTaskId(value: string): value is TaskId {
  return (TASK_IDS as readonly string[]).includes(value);
}
