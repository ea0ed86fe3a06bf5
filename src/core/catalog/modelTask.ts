import { fineTuningTasksFor as familyFineTuningTasks, isTaskId, TASK_IDS, TASKS, type TaskId } from '../tasks';

/**
 * Task names as sources spell them (Hugging Face pipeline tags, Azure ML registry tags, MLmodel files, model class
 * names), mapped onto ours through the task table's `sourceNames` and `architectures`.
 */

const ALIASES: ReadonlyMap<string, TaskId> = new Map(TASK_IDS.flatMap((id) => TASKS[id].sourceNames.map((name) => [name, id] as const)));

/** Our task id for a source's task name, or the name as it was when we have no such task. */
export function normalizeTaskName(name: string): string {
  const key = name.trim().toLowerCase().replace(/_/g, '-');
  if (isTaskId(key)) return key;
  // `translation_en_to_de`, as MLmodel files and Hugging Face pipelines name a language pair's translation.
  const pair = /^(.+)-[a-z]{2,3}-to-[a-z]{2,3}$/.exec(key)?.[1];
  if (pair && isTaskId(pair) && TASKS[pair].languagePair) return pair;
  return ALIASES.get(key) ?? key;
}

/**
 * The task of a model class (`config.json` → `architectures`). Exact names win over suffixes (`*Suffix`), so that
 * `MarianMTModel` is translation while any other `…ForConditionalGeneration` is summarization.
 */
export function taskFromArchitecture(architecture: string): TaskId | undefined {
  const exact = TASK_IDS.find((id) => TASKS[id].architectures.includes(architecture));
  return exact ?? TASK_IDS.find((id) => TASKS[id].architectures.some((pattern) => pattern.startsWith('*') && architecture.endsWith(pattern.slice(1))));
}

/** What a model can be fine-tuned for, judged from its inference task (see `fineTuningTasksFor` in the task table). */
export function fineTuningTasksFor(task: string): TaskId[] {
  const normalized = normalizeTaskName(task);
  return isTaskId(normalized) ? familyFineTuningTasks(normalized) : [];
}

/** Azure ML registry tags list fine-tuning tasks comma-separated (`finetuning_tasks`); keep the ones we can fine-tune. */
export function parseFineTuningTasks(value: string | undefined | null): TaskId[] {
  if (!value) return [];
  const tasks = value.split(/[,;\s]+/).map(normalizeTaskName).filter(isTaskId);
  return [...new Set(tasks)].filter((task) => TASKS[task].fineTunable);
}
