import * as z from 'zod';
import type { TaskId } from './tasks';

/** The advanced settings of a fine-tuning job, validated wherever they cross a boundary (panel, CLI). */
export const TrainingSettingsSchema = z.object({
  learningRate: z.number().positive().max(1),
  epochs: z.number().int().min(1).max(100),
  batchSize: z.number().int().min(1).max(1024),
  maxSequenceLength: z.number().int().min(8).max(32768),
  seed: z.number().int().min(0),
});
export type TrainingSettings = z.infer<typeof TrainingSettingsSchema>;

/**
 * Starting points per task, close to the Azure ML foundation-model samples: encoders at 2e-5–3e-5, seq2seq at
 * 5e-5 with smaller batches for long documents.
 */
export const DEFAULT_TRAINING_SETTINGS: Readonly<Record<TaskId, TrainingSettings>> = {
  'text-classification': { learningRate: 2e-5, epochs: 3, batchSize: 16, maxSequenceLength: 256, seed: 42 },
  'token-classification': { learningRate: 2e-5, epochs: 3, batchSize: 16, maxSequenceLength: 256, seed: 42 },
  'question-answering': { learningRate: 3e-5, epochs: 2, batchSize: 12, maxSequenceLength: 384, seed: 42 },
  summarization: { learningRate: 5e-5, epochs: 3, batchSize: 4, maxSequenceLength: 1024, seed: 42 },
  translation: { learningRate: 5e-5, epochs: 3, batchSize: 8, maxSequenceLength: 256, seed: 42 },
  'fill-mask': { learningRate: 5e-5, epochs: 1, batchSize: 8, maxSequenceLength: 512, seed: 42 },
  'text-generation': { learningRate: 5e-5, epochs: 1, batchSize: 4, maxSequenceLength: 512, seed: 42 },
};
