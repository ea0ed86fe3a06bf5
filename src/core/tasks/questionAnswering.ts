import { AnswersSchema, TextSchema } from '../metrics/recordSchemas';
import { answerQuestion } from './taskInference';
import { roles, type CanonicalRecord, type RuleProblem, type TaskDefinition } from './taskDefinition';

const clip = (text: string, length = 40) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** The answer text must occur in the context at `answer_start`; when it does not, say where it does occur. */
function answerInContext(record: CanonicalRecord): RuleProblem[] {
  const context = record.context as string;
  const text = record.answer_text as string;
  const start = record.answer_start as number;
  if (context.startsWith(text, start)) return [];
  const found = context.indexOf(text);
  const hint =
    found === -1 ? 'the answer text does not occur in the context at all' : `it occurs at ${found}${context.indexOf(text, found + 1) === -1 ? '' : ' (and later)'}`;
  return [
    {
      role: 'answer_start',
      rule: 'answer-offset',
      message: `"${clip(text)}" is not at offset ${start} of the context (found "${clip(context.slice(start, start + text.length))}" there); ${hint}`,
    },
  ];
}

export const questionAnswering: TaskDefinition = {
  id: 'question-answering',
  displayName: 'Question answering',
  family: 'encoder',
  fineTunable: true,
  roles: [
    roles.prose('question', 'The question', ['query', 'q', 'question_text', 'prompt']),
    roles.prose('context', 'The passage that holds the answer', ['passage', 'paragraph', 'document', 'text', 'article', 'evidence']),
    roles.text('answer_text', 'The answer, as it occurs in the context', ['answers.text', 'answer', 'answers', 'answer_span']),
    roles.integer('answer_start', 'Character offset of the answer in the context', ['answers.answer_start', 'start', 'answer_offset', 'start_position']),
  ],
  recordRules: answerInContext,
  training: { learningRate: 3e-5, epochs: 2, batchSize: 12, maxSequenceLength: 384, seed: 42 },
  inputRoles: ['context', 'question'],
  referenceRole: 'answer_text',
  metrics: { family: 'extractive-qa', prediction: TextSchema, reference: AnswersSchema, predictionShape: 'answer text', referenceShape: 'list of acceptable answer texts' },
  localPipeline: 'question-answering',
  inference: answerQuestion('question', 'context'),
  azure: {
    evaluation: { task: 'question-answering' },
    finetune: {
      component: 'question_answering_pipeline',
      inputs: () => ({ question_key: 'question', context_key: 'context', answers_key: 'answers', answer_start_key: 'answer_start', answer_text_key: 'text' }),
      // SQuAD's nesting, which the component reads through answers_key / answer_start_key / answer_text_key.
      shapeRecord: ({ question, context, answer_text, answer_start }) => ({ question, context, answers: { answer_start: [answer_start], text: [answer_text] } }),
    },
  },
  sample: { question: 'When was the lighthouse built?', context: 'The Harbour Point lighthouse was built in 1872 from local granite.' },
  sourceNames: ['question-answering-extractive'],
  architectures: ['*ForQuestionAnswering'],
};
