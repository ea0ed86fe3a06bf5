import type { TaskId } from '../tasks';
import type { RoleValue } from './roleValues';

export type CanonicalRecord = Readonly<Record<string, RoleValue>>;

export interface RuleProblem {
  readonly role: string;
  readonly message: string;
}

const clip = (text: string, length = 40) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** Rules that involve several roles of one record, after each role's own value checked out. */
export function crossRoleProblems(task: TaskId, record: CanonicalRecord): RuleProblem[] {
  switch (task) {
    case 'token-classification': {
      const tokens = record.tokens as string[];
      const tags = record.tags as string[];
      return tokens.length === tags.length
        ? []
        : [{ role: 'tags', message: `has ${tags.length} tag${tags.length === 1 ? '' : 's'} for ${tokens.length} token${tokens.length === 1 ? '' : 's'}; each token needs exactly one tag` }];
    }
    case 'question-answering': {
      const context = record.context as string;
      const text = record.answer_text as string;
      const start = record.answer_start as number;
      if (context.startsWith(text, start)) return [];
      const found = context.indexOf(text);
      const hint =
        found === -1
          ? 'the answer text does not occur in the context at all'
          : `it occurs at ${found}${context.indexOf(text, found + 1) === -1 ? '' : ' (and later)'}`;
      return [
        {
          role: 'answer_start',
          message: `"${clip(text)}" is not at offset ${start} of the context (found "${clip(context.slice(start, start + text.length))}" there); ${hint}`,
        },
      ];
    }
    default:
      return [];
  }
}
