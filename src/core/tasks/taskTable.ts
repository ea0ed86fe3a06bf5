import type { TrainingSettings } from '../trainingSettings';
import { fillMask } from './fillMask';
import { questionAnswering } from './questionAnswering';
import { summarization } from './summarization';
import type { RoleSpec, TaskDefinition, TaskSample } from './taskDefinition';
import { isTaskId, TASK_IDS, type TaskId } from './taskIds';
import { textClassification } from './textClassification';
import { textGeneration } from './textGeneration';
import { tokenClassification } from './tokenClassification';
import { translation } from './translation';

/**
 * The task table: every task's definition, by id. Everything that differs by task reads it; `docs/architecture.md`
 * says how to add a task.
 */
export const TASKS: Readonly<Record<TaskId, TaskDefinition>> = {
  'text-classification': textClassification,
  'token-classification': tokenClassification,
  'question-answering': questionAnswering,
  summarization,
  translation,
  'fill-mask': fillMask,
  'text-generation': textGeneration,
};

export function taskDisplayName(id: TaskId): string {
  return TASKS[id].displayName;
}

/** The task's role of kind `label` (classification's class), which a split stratifies by and validation counts. */
export function labelRole(task: TaskId): RoleSpec | undefined {
  return TASKS[task].roles.find((role) => role.kind === 'label');
}

export function defaultTrainingSettings(task: TaskId): TrainingSettings {
  return TASKS[task].training;
}

/** The tasks a job of this kind can have (never none): fine-tuning takes the fine-tunable ones. */
export function tasksFor(mode: 'fineTune' | 'evaluate'): [TaskId, ...TaskId[]] {
  const tasks = TASK_IDS.filter((id) => mode === 'evaluate' || TASKS[id].fineTunable);
  return [tasks[0] ?? TASK_IDS[0], ...tasks.slice(1)];
}

/** The sample input of a model's task; a model of a task we do not know gets the first task's (a text). */
export function sampleFor(task: string | undefined): TaskSample {
  return TASKS[task && isTaskId(task) ? task : TASK_IDS[0]].sample;
}

/**
 * What a model can be fine-tuned for, judged from its inference task: the fine-tunable tasks of the same model
 * family (an encoder takes any encoder head; an encoder-decoder takes summarization and translation). Decoder-only
 * generation models are evaluate-only here, as in the Azure ML fine-tuning components.
 */
export function fineTuningTasksFor(task: TaskId): TaskId[] {
  const { family } = TASKS[task];
  return TASK_IDS.filter((id) => TASKS[id].family === family && TASKS[id].fineTunable);
}
