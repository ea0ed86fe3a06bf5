import * as z from 'zod';

/**
 * The advanced settings of a fine-tuning job, validated wherever they cross a boundary (panel, CLI). Each task's
 * starting values are in its task definition (`tasks/`, `defaultTrainingSettings`).
 */
export const TrainingSettingsSchema = z.object({
  learningRate: z.number().positive().max(1),
  epochs: z.number().int().min(1).max(100),
  batchSize: z.number().int().min(1).max(1024),
  maxSequenceLength: z.number().int().min(8).max(32768),
  seed: z.number().int().min(0),
});
export type TrainingSettings = z.infer<typeof TrainingSettingsSchema>;
