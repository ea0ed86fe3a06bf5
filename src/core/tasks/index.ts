// The task table and what it is made of; see taskTable.ts.
export { TASK_IDS, TaskIdSchema, isTaskId, type TaskId } from './taskIds';
export type { CanonicalRecord, ComponentContext, LocalPipeline, MetricFamily, ModelFamily, RoleKind, RoleSpec, RoleValue, RuleProblem, TaskDefinition, TaskInference, TaskSample } from './taskDefinition';
export { TASKS, defaultTrainingSettings, fineTuningTasksFor, labelRole, sampleFor, taskDisplayName, tasksFor } from './taskTable';
