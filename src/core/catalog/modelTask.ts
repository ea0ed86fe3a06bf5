import { isTaskId, type TaskId } from '../tasks';

/**
 * Task names as the sources spell them, mapped onto ours. Hugging Face pipeline tags and Azure ML registry tags
 * mostly use our ids already; these are the aliases seen in model cards, MLmodel files and registry tags.
 */
const TASK_ALIASES: Readonly<Record<string, TaskId>> = {
  'sentiment-analysis': 'text-classification',
  'text-classification-multilabel': 'text-classification',
  'zero-shot-classification': 'text-classification',
  ner: 'token-classification',
  'text-named-entity-recognition': 'token-classification',
  'named-entity-recognition': 'token-classification',
  'question-answering-extractive': 'question-answering',
  'text-summarization': 'summarization',
  'text-translation': 'translation',
  'text2text-generation': 'summarization',
  'chat-completion': 'text-generation',
};

/** Our task id for a source's task name, or the name as it was when we have no such task. */
export function normalizeTaskName(name: string): string {
  const key = name.trim().toLowerCase().replace(/_/g, '-');
  if (isTaskId(key)) return key;
  if (/^translation(-[a-z]{2,3}-to-[a-z]{2,3})?$/.test(key)) return 'translation';
  return TASK_ALIASES[key] ?? key;
}

/** Architecture class name suffixes (`config.json` → `architectures`) and the task a head of that kind does. */
const ARCHITECTURE_SUFFIXES: readonly (readonly [RegExp, TaskId])[] = [
  [/ForSequenceClassification$/, 'text-classification'],
  [/ForTokenClassification$/, 'token-classification'],
  [/ForQuestionAnswering$/, 'question-answering'],
  [/ForMaskedLM$/, 'fill-mask'],
  [/(ForCausalLM|LMHeadModel)$/, 'text-generation'],
  [/^(MarianMTModel|M2M100ForConditionalGeneration|MBartForConditionalGeneration|NllbForConditionalGeneration)$/, 'translation'],
  [/ForConditionalGeneration$/, 'summarization'],
];

export function taskFromArchitecture(architecture: string): TaskId | undefined {
  return ARCHITECTURE_SUFFIXES.find(([pattern]) => pattern.test(architecture))?.[1];
}

const ENCODER_FINE_TUNING: readonly TaskId[] = ['text-classification', 'token-classification', 'question-answering'];
const SEQ2SEQ_FINE_TUNING: readonly TaskId[] = ['summarization', 'translation'];

/**
 * What a model can be fine-tuned for, judged from its inference task: an encoder (classification, tagging,
 * extractive QA, fill-mask) takes any encoder head; an encoder-decoder takes summarization and translation.
 * Decoder-only generation models are evaluate-only here, as in the Azure ML fine-tuning components.
 */
export function fineTuningTasksFor(task: string): TaskId[] {
  switch (normalizeTaskName(task)) {
    case 'text-classification':
    case 'token-classification':
    case 'question-answering':
    case 'fill-mask':
      return [...ENCODER_FINE_TUNING];
    case 'summarization':
    case 'translation':
      return [...SEQ2SEQ_FINE_TUNING];
    default:
      return [];
  }
}

/** Azure ML registry tags list fine-tuning tasks comma-separated (`finetuning_tasks`); keep the ones we know. */
export function parseFineTuningTasks(value: string | undefined | null): TaskId[] {
  if (!value) return [];
  const tasks = value.split(/[,;\s]+/).map(normalizeTaskName).filter(isTaskId);
  return [...new Set(tasks)].filter((task) => task !== 'fill-mask' && task !== 'text-generation');
}
