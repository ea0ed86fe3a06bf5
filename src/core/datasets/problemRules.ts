// Apart from datasetProblem.ts, which reads files: the task table (and through it the webviews) names rules too.
/** The rules a record can break, each with what it means for every record that breaks it. */
export const PROBLEM_RULES = {
  empty: 'is empty',
  'number-not-text': 'is a number, not text: is the right column mapped?',
  'not-text': 'is not text',
  'not-label': 'is not a class label (an integer or a text)',
  'not-whole-number': 'is not a whole number ≥ 0',
  'not-list': 'is not a list of strings (a JSON array or space-separated words)',
  'list-item-not-string': 'holds an item that is not a string',
  'empty-list': 'is an empty list',
  'missing-field': 'is missing from the record',
  'tags-per-token': 'has a different number of tags than tokens',
  'answer-offset': 'the answer is not at its offset in the context',
} as const;
export type ProblemRule = keyof typeof PROBLEM_RULES;
