import * as z from 'zod';
import { TaskIdSchema } from '../tasks';

/** Where a model comes from; the catalog tree's first level. */
export const COLLECTIONS = {
  curated: 'Curated',
  'local-folder': 'On This Machine',
  azureml: 'Azure ML Registry',
  huggingface: 'Hugging Face Registry',
  workspace: 'Workspace Models',
} as const;

export type CollectionId = keyof typeof COLLECTIONS;
export const CollectionIdSchema = z.enum(Object.keys(COLLECTIONS) as [CollectionId, ...CollectionId[]]);

export const OnnxSourceSchema = z.object({
  /** `owner/name` on the Hub, e.g. `Xenova/bert-base-NER`. */
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  /** Where the repository was seen: a file of transformers.js, or public code that loads or pins it. */
  verified: z.string().min(1),
});

/**
 * One model as the catalog shows it. Backends validate what they read (shipped JSON, folders on disk,
 * registry responses) against this schema before anything else sees it.
 */
export const CatalogModelSchema = z.object({
  /** Stable id, unique across collections, e.g. `curated/distilbert-base-uncased`. */
  id: z.string().min(1),
  /** The model's own name, e.g. `distilbert-base-uncased`. */
  name: z.string().min(1),
  collection: CollectionIdSchema,
  /** The inference task. Registries hold models for tasks we cannot fine-tune, so any string is kept. */
  task: z.string().min(1),
  fineTuningTasks: z.array(TaskIdSchema).default([]),
  license: z.string().min(1),
  /** Markdown; third-party text, sanitized before it is shown. */
  description: z.string(),
  publisher: z.string().optional(),
  version: z.string().optional(),
  /** Parameter count, when known. */
  parameters: z.number().int().positive().optional(),
  /** Folder on disk for local models. */
  path: z.string().optional(),
  /**
   * The forms of the weights in `path`: an ONNX export (config, tokenizer and graph: runs on this machine) and
   * PyTorch weights (safetensors or bin: can be fine-tuned here).
   */
  weights: z.array(z.enum(['onnx', 'pytorch'])).optional(),
  /** Where the model lives, as its source names it: a registry asset id, a Hugging Face id, a folder. */
  source: z.string().optional(),
  /** A short example input for the task, shown in the card's sample-inference box. */
  sampleInput: z.string().optional(),
  /**
   * The named inputs of the model's signature, when known: the columns a model fine-tuned here was trained on (its
   * MLflow signature takes them, not a bare list of texts), so that a first request names them.
   */
  inputColumns: z.array(z.string().min(1)).optional(),
  /**
   * A Hugging Face repository with this model's ONNX export that transformers.js runs (`fm model pull` fetches it
   * for local use), and the public source that showed it exists. Absent when none was found: the model is then
   * Azure-only, as a guess here would send users to a repository that may not be there.
   */
  onnxSource: OnnxSourceSchema.optional(),
});

export type CatalogModel = z.infer<typeof CatalogModelSchema>;

export function formatParameterCount(parameters: number | undefined): string | undefined {
  if (parameters === undefined) return undefined;
  if (parameters >= 1e9) return `${(parameters / 1e9).toFixed(1).replace(/\.0$/, '')}B params`;
  if (parameters >= 1e6) return `${Math.round(parameters / 1e6)}M params`;
  return `${Math.round(parameters / 1e3)}K params`;
}
