import * as z from 'zod';
import { TaskIdSchema } from '../core/tasks/taskIds';
import { TrainingSettingsSchema } from '../core/trainingSettings';
import { defineChannel } from './channel';

export const JobModeSchema = z.enum(['fineTune', 'evaluate']);
export type JobMode = z.infer<typeof JobModeSchema>;

const MappingSchema = z.record(z.string(), z.string());

export const SuggestionSchema = z.object({
  role: z.string(),
  column: z.string().optional(),
  confidence: z.number().min(0).max(1),
  reason: z.string(),
});

export const PanelProblemSchema = z.object({
  line: z.number().int().positive().optional(),
  role: z.string().optional(),
  message: z.string(),
  /** The problem as `FILE:LINE: role: message`. */
  text: z.string(),
});
export type PanelProblem = z.infer<typeof PanelProblemSchema>;

export const SplitSettingsSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('automatic'), train: z.number().int().min(1).max(100), validation: z.number().int().min(0).max(99), test: z.number().int().min(0).max(99) }),
  z.object({ mode: z.literal('files'), validationFile: z.string().optional(), testFile: z.string().optional() }),
]);

/** The form as the webview edits it: a model may still be missing (an empty catalog), which submit refuses. */
export const JobFormDraftSchema = z.object({
  modelId: z.string(),
  task: TaskIdSchema,
  mapping: MappingSchema,
  split: SplitSettingsSchema,
  settings: TrainingSettingsSchema,
  compute: z.string().optional(),
  sourceLanguage: z.string().optional(),
  targetLanguage: z.string().optional(),
});
export type JobFormDraft = z.infer<typeof JobFormDraftSchema>;
/** The form as submitted: every field a job needs. */
export const JobFormSchema = JobFormDraftSchema.extend({ modelId: z.string().min(1, 'choose a model') });
export type JobForm = z.infer<typeof JobFormSchema>;

/** A button under a notice: runs an extension command with its arguments (only one the extension itself offered). */
export const NoticeActionSchema = z.object({ label: z.string(), command: z.string(), args: z.array(z.string()).optional() });
export const NoticeSchema = z.object({
  text: z.string(),
  actions: z.array(NoticeActionSchema),
  /** Submit waits until it is resolved (a missing prerequisite); the notice's text says why. */
  blocking: z.boolean().optional(),
});
export type Notice = z.infer<typeof NoticeSchema>;

/** A model of the panel's list: the tasks it offers, and those it cannot run here with the backend's reason and remedy. */
export const PanelModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  tasks: z.array(TaskIdSchema),
  blocked: z.array(
    z.object({
      task: TaskIdSchema,
      /** A few words beside its name in the list (`download first`). */
      label: z.string(),
      reason: z.string(),
      actions: z.array(NoticeActionSchema),
    }),
  ),
});
export type PanelModel = z.infer<typeof PanelModelSchema>;

export const JobPanelInitSchema = z.object({
  type: z.literal('init'),
  mode: JobModeSchema,
  file: z.object({ path: z.string(), name: z.string() }),
  preview: z.object({
    format: z.string(),
    summary: z.string(),
    columns: z.array(z.object({ name: z.string(), type: z.string() })),
    rows: z.array(z.array(z.string())),
    estimatedRows: z.number(),
    exactRows: z.boolean(),
  }),
  tasks: z.array(
    z.object({
      id: TaskIdSchema,
      displayName: z.string(),
      roles: z.array(z.object({ name: z.string(), required: z.boolean(), description: z.string() })),
      defaults: TrainingSettingsSchema,
      /** Its data names two languages (translation), whose codes the form asks for. */
      languagePair: z.boolean(),
      /** Why the backend cannot run this kind of job for the task at all, when it cannot. */
      unsupported: z.string().optional(),
    }),
  ),
  models: z.array(PanelModelSchema),
  form: JobFormDraftSchema,
  suggestions: z.array(SuggestionSchema),
  languages: z.object({ source: z.string().optional(), target: z.string().optional() }),
  /** Where the job can run: the backend's clusters (GPU ones first) or this machine. */
  computes: z.array(z.object({ name: z.string(), description: z.string() })),
  /** What stands in the way (not signed in, no model, no compute), each with the actions that lead on. */
  notices: z.array(NoticeSchema),
  /** The task guessed from the columns, and how sure the guess is (0–1): a low one is said in the panel. */
  guess: z.object({ task: TaskIdSchema, confidence: z.number().min(0).max(1) }),
});
export type JobPanelInit = z.infer<typeof JobPanelInitSchema>;

/** Problems of one role and rule: what they have in common, how many, and the first few with their lines. */
export const ProblemGroupSchema = z.object({
  role: z.string().optional(),
  summary: z.string(),
  count: z.number().int().positive(),
  examples: z.array(PanelProblemSchema),
});
export type PanelProblemGroup = z.infer<typeof ProblemGroupSchema>;

/** The result of validating the whole file with a mapping; `cancelled` when a newer request or Cancel stopped it. */
export const ValidationResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('done'),
    valid: z.boolean(),
    records: z.number(),
    validRecords: z.number(),
    totalProblems: z.number(),
    /** The problems grouped by role and rule, the largest group first (the list itself is in the Problems panel). */
    groups: z.array(ProblemGroupSchema),
    /** How many of the problems the Problems panel lists (it stops at a limit). */
    listedInProblemsPanel: z.number().int().nonnegative(),
  }),
  z.object({ status: z.literal('cancelled') }),
]);
export type ValidationResult = z.infer<typeof ValidationResultSchema>;

const PurposeSchema = z.enum(['validation', 'test']);

/** What the panel asks the extension, each answered by a reply paired by id. */
export const JOB_PANEL_REQUESTS = {
  /** The suggested mapping of the file's columns for a task. */
  suggest: { params: z.object({ task: TaskIdSchema }), result: z.object({ suggestions: z.array(SuggestionSchema) }) },
  /** Validates the whole file (progress comes as `validationProgress` with this request's id). */
  validate: { params: z.object({ task: TaskIdSchema, mapping: MappingSchema }), result: ValidationResultSchema },
  /** A validation or test file the user picks; no path when they dismiss the dialog. */
  chooseFile: { params: z.object({ purpose: PurposeSchema }), result: z.object({ path: z.string().optional() }) },
  /** Submits the job; the result says where it went, a failure why not. */
  submit: { params: z.object({ form: JobFormSchema }), result: z.object({ message: z.string() }) },
};

export const JobPanelToWebviewSchema = z.discriminatedUnion('type', [
  JobPanelInitSchema,
  /** The models and notices again, after something changed what the backend can do (a download, another Python). */
  z.object({ type: z.literal('update'), models: z.array(PanelModelSchema), notices: z.array(NoticeSchema) }),
  z.object({ type: z.literal('validationProgress'), requestId: z.number(), fraction: z.number().min(0).max(1) }),
]);

export const JobPanelToExtensionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('cancelValidation') }),
  z.object({ type: z.literal('openProblem'), line: z.number().int().positive() }),
  /** A notice's button; the extension runs only commands (with the arguments) it offered in the panel's notices. */
  z.object({ type: z.literal('runCommand'), command: z.string(), args: z.array(z.string()).optional() }),
]);

export const jobPanelChannel = defineChannel(JobPanelToWebviewSchema, JobPanelToExtensionSchema, JOB_PANEL_REQUESTS);
export type JobPanelToWebview = z.infer<typeof JobPanelToWebviewSchema>;
export type JobPanelToExtension = z.infer<typeof JobPanelToExtensionSchema>;
