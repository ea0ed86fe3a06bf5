import * as z from 'zod';
import { TaskIdSchema } from '../tasks/taskIds';
import { TrainingSettingsSchema } from '../trainingSettings';

/**
 * A fine-tuning or evaluation job as every backend records it and every view shows it. Jobs are persisted
 * (the local backend writes `job.json`), so the record is validated whenever it is read back.
 */
export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'canceled'] as const;
export const JobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const JobKindSchema = z.enum(['fineTune', 'evaluate', 'import', 'batchScore']);
export type JobKind = z.infer<typeof JobKindSchema>;

export function isTerminalStatus(status: JobStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'canceled';
}

/**
 * A registered data asset of the workspace that a job's data file is a copy of: its name, version and, for a
 * `uri_folder`, the file inside it (`/`-separated). A backend that has the asset where the job runs names it in the
 * job instead of uploading the copy.
 */
export const DataAssetRefSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  dataType: z.enum(['uri_file', 'uri_folder']),
  /** Where the asset's data is, as registered (`azureml://datastores/…/paths/…`). */
  uri: z.string().min(1),
  /** The file inside a `uri_folder`. */
  path: z.string().min(1).optional(),
});
export type DataAssetRef = z.infer<typeof DataAssetRefSchema>;

/** What the user asked for: the data as they have it (file + column mapping), the model and the settings. */
export const DataJobSpecSchema = z.object({
  kind: z.enum(['fineTune', 'evaluate']),
  task: TaskIdSchema,
  modelId: z.string().min(1),
  /** The data file and how its columns map to the task's roles (evaluation: test data; fine-tuning: training data). */
  data: z.object({
    file: z.string().min(1),
    /** The data asset `file` was read from (a copy on this machine), when it came from the workspace. */
    asset: DataAssetRefSchema.optional(),
    mapping: z.record(z.string(), z.string()),
    /** Train/validation/test percentages of `file` (fine-tuning); each backend has a default. */
    split: z.tuple([z.number().int().min(0), z.number().int().min(0), z.number().int().min(0)]).optional(),
    /** Validation data in a file of its own, mapped the same way (instead of a split: `file` is then all training data). */
    validationFile: z.string().min(1).optional(),
    /** Test data in a file of its own, likewise. */
    testFile: z.string().min(1).optional(),
  }),
  /** Language codes of a translation's source and target columns. */
  languages: z.object({ source: z.string().min(1), target: z.string().min(1) }).optional(),
  settings: TrainingSettingsSchema.optional(),
  compute: z.string().optional(),
  displayName: z.string().optional(),
});
export type DataJobSpec = z.infer<typeof DataJobSpecSchema>;

/** Import from Hugging Face: a Hub model id, brought into the workspace by the registry's import pipeline. */
export const ImportJobSpecSchema = z.object({
  kind: z.literal('import'),
  /** `owner/name` on the Hugging Face Hub. */
  modelId: z.string().min(1),
  /** The import component's `task_name` (wider than the tasks we fine-tune: image tasks too). */
  importTask: z.string().min(1),
  compute: z.string().optional(),
  displayName: z.string().optional(),
});
export type ImportJobSpec = z.infer<typeof ImportJobSpecSchema>;

/** A batch endpoint scoring a data file: the job the endpoint's invocation creates. */
export const BatchScoreJobSpecSchema = z.object({
  kind: z.literal('batchScore'),
  endpoint: z.string().min(1),
  /** The data file scored, by name. */
  dataFile: z.string().min(1),
  displayName: z.string().optional(),
});
export type BatchScoreJobSpec = z.infer<typeof BatchScoreJobSpecSchema>;

export const JobSpecSchema = z.discriminatedUnion('kind', [DataJobSpecSchema, ImportJobSpecSchema, BatchScoreJobSpecSchema]);
export type JobSpec = z.infer<typeof JobSpecSchema>;

/** What the Jobs view says a job is about: its task, or what it imports. */
export function jobSubject(spec: JobSpec): string {
  if (spec.kind === 'import') return `import ${spec.modelId} (${spec.importTask})`;
  if (spec.kind === 'batchScore') return `score ${spec.dataFile} on ${spec.endpoint}`;
  return spec.task;
}

export const JobRecordSchema = z.object({
  id: z.string().min(1),
  backend: z.string().min(1),
  spec: JobSpecSchema,
  /** Shown in the Jobs tree, e.g. `Evaluate tiny-sentiment on reviews.csv`. */
  displayName: z.string().min(1),
  status: JobStatusSchema,
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().optional(),
  endedAt: z.iso.datetime().optional(),
  /** Why a job failed, in words the user can act on. */
  error: z.string().optional(),
  /** Scalar metrics by name, once an evaluation completed. */
  metrics: z.record(z.string(), z.number()).optional(),
  /** The process running a local job, so another process can tell a live job from one left behind. */
  runnerPid: z.number().int().positive().optional(),
  /** Where outputs landed (predictions file, model folder…), by name. */
  outputs: z.record(z.string(), z.string()).optional(),
});
export type JobRecord = z.infer<typeof JobRecordSchema>;

/** A job's life as its log follower sees it. */
export type JobLogEvent =
  | { readonly type: 'line'; readonly text: string; readonly source?: string }
  | { readonly type: 'status'; readonly status: JobStatus }
  | { readonly type: 'end'; readonly status: JobStatus; readonly error?: string | undefined };

/** `2026-11-22T23:14:05.123Z` → `evaluate-20261122-231405-xxxx`: sortable, readable, unique enough per machine. */
export function newJobId(kind: JobKind, now: Date, random: () => number = Math.random): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const suffix = Math.floor(random() * 36 ** 4).toString(36).padStart(4, '0');
  return `${kind === 'fineTune' ? 'finetune' : kind === 'batchScore' ? 'batch' : kind}-${stamp}-${suffix}`;
}
