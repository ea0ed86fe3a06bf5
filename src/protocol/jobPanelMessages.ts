import * as z from 'zod';
import { TaskIdSchema } from '../core/tasks';
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

export const JobFormSchema = z.object({
  modelId: z.string().min(1),
  task: TaskIdSchema,
  mapping: MappingSchema,
  split: SplitSettingsSchema,
  settings: TrainingSettingsSchema,
  compute: z.string().optional(),
  sourceLanguage: z.string().optional(),
  targetLanguage: z.string().optional(),
});
export type JobForm = z.infer<typeof JobFormSchema>;

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
    }),
  ),
  models: z.array(z.object({ id: z.string(), name: z.string(), tasks: z.array(TaskIdSchema) })),
  form: JobFormSchema,
  suggestions: z.array(SuggestionSchema),
  languages: z.object({ source: z.string().optional(), target: z.string().optional() }),
  /** Where the job can run: the backend's clusters (GPU ones first) or this machine. */
  computes: z.array(z.object({ name: z.string(), description: z.string() })),
  notice: z.string().optional(),
});
export type JobPanelInit = z.infer<typeof JobPanelInitSchema>;

export const JobPanelToWebviewSchema = z.discriminatedUnion('type', [
  JobPanelInitSchema,
  z.object({ type: z.literal('suggestions'), task: TaskIdSchema, suggestions: z.array(SuggestionSchema) }),
  z.object({ type: z.literal('validationStarted'), id: z.number() }),
  z.object({ type: z.literal('validationProgress'), id: z.number(), fraction: z.number().min(0).max(1) }),
  z.object({
    type: z.literal('validationResult'),
    id: z.number(),
    valid: z.boolean(),
    records: z.number(),
    validRecords: z.number(),
    totalProblems: z.number(),
    problems: z.array(PanelProblemSchema),
  }),
  z.object({ type: z.literal('validationCancelled'), id: z.number() }),
  z.object({ type: z.literal('fileChosen'), purpose: z.enum(['validation', 'test']), path: z.string() }),
  z.object({ type: z.literal('submitResult'), ok: z.boolean(), message: z.string() }),
]);

export const JobPanelToExtensionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('changeTask'), task: TaskIdSchema }),
  z.object({ type: z.literal('validate'), task: TaskIdSchema, mapping: MappingSchema }),
  z.object({ type: z.literal('cancelValidation') }),
  z.object({ type: z.literal('openProblem'), line: z.number().int().positive() }),
  z.object({ type: z.literal('chooseFile'), purpose: z.enum(['validation', 'test']) }),
  z.object({ type: z.literal('submit'), form: JobFormSchema }),
]);

export const jobPanelChannel = defineChannel(JobPanelToWebviewSchema, JobPanelToExtensionSchema);
export type JobPanelToWebview = z.infer<typeof JobPanelToWebviewSchema>;
export type JobPanelToExtension = z.infer<typeof JobPanelToExtensionSchema>;
