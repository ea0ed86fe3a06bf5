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
 * A language as a BCP-47 tag: an ISO 639 code (`en`, or three letters where a language has no two-letter code), then
 * a script and a region only where they matter (`zh-Hans`, `pt-BR`). Never `multilingual`: a model covering many
 * languages gives `languageCount` instead.
 */
export const LanguageTagSchema = z.string().regex(/^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$/);

/**
 * A page about the model for people: its Hub page, its paper. Only https to a named host, with no spaces or
 * credentials, so no link can run script, reach a local address or travel unencrypted.
 */
export const ModelLinkSchema = z.object({
  /** What the page is, e.g. `Hugging Face Hub` or `Paper (arXiv)`. */
  label: z.string().min(1).max(80),
  url: z.url({ protocol: /^https$/, hostname: z.regexes.domain }).regex(/^https:\/\/[^\s@\\]+$/),
});
export type ModelLink = z.infer<typeof ModelLinkSchema>;

/** An Azure VM size as Azure names it, e.g. `Standard_NC24ads_A100_v4`. */
export const VmSizeNameSchema = z.string().regex(/^Standard_[A-Za-z0-9_]+$/);

/**
 * The Azure VM sizes a public source recommends for the model (the `azureml` registry's `inferenceRecommendedSkus` and
 * `finetuneRecommendedSkus`), best first as the source orders them, without sizes Azure has retired.
 */
export const AzureComputeSchema = z.object({
  /** Sizes to deploy it on (real-time endpoints). */
  inference: z.array(VmSizeNameSchema).min(1).optional(),
  /** Sizes to fine-tune it on. */
  fineTuning: z.array(VmSizeNameSchema).min(1).optional(),
});
export type AzureCompute = z.infer<typeof AzureComputeSchema>;

/**
 * One model as the catalog shows it. Backends validate what they read (shipped JSON, folders on disk,
 * registry responses) against this schema before anything else sees it.
 */
export const CatalogModelSchema = z.object({
  /** Stable id, unique across collections, e.g. `curated/distilbert-base-uncased`. */
  id: z.string().min(1),
  /** The model's own name, e.g. `distilbert-base-uncased`. */
  name: z.string().min(1),
  /** A name for people (its card's first heading), e.g. `DistilBERT base (uncased)`; the views fall back to `name`. */
  displayName: z.string().min(1).optional(),
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
   * The forms of the weights on this machine: an ONNX export (config, tokenizer and graph, in `path`: runs here) and
   * PyTorch weights (safetensors or bin, in `trainingPath` when set, else in `path`: can be fine-tuned here).
   */
  weights: z.array(z.enum(['onnx', 'pytorch'])).optional(),
  /**
   * The folder of the PyTorch weights fine-tuning starts from, when they are not in `path`: a curated model's Hub
   * `source` pulled for fine-tuning into the Hugging Face cache (its ONNX export, in `path`, is another repository).
   */
  trainingPath: z.string().optional(),
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
  /**
   * The languages it reads or writes, as its card states them: all of them, or (with `languageCount`) a few the card
   * names. Absent when unknown.
   */
  languages: z.array(LanguageTagSchema).min(1).optional(),
  /** How many languages it covers, for a model with too many to list (xlm-roberta-base: 100). */
  languageCount: z.number().int().positive().optional(),
  /** What it is for, in one to three sentences of our own (facts from its card or paper, not its wording). */
  intendedUse: z.string().min(1).optional(),
  /** What it does badly or should not be used for (biases, domains, input length), likewise in our own words. */
  limitations: z.string().min(1).optional(),
  /** Pages about it for people: its Hub page, its paper. */
  links: z.array(ModelLinkSchema).optional(),
  /** Azure VM sizes a public source recommends for it; absent rather than guessed. */
  azureCompute: AzureComputeSchema.optional(),
});

export type CatalogModel = z.infer<typeof CatalogModelSchema>;

export function formatParameterCount(parameters: number | undefined): string | undefined {
  if (parameters === undefined) return undefined;
  if (parameters >= 1e9) return `${(parameters / 1e9).toFixed(1).replace(/\.0$/, '')}B params`;
  if (parameters >= 1e6) return `${Math.round(parameters / 1e6)}M params`;
  return `${Math.round(parameters / 1e3)}K params`;
}

/** The folder with the PyTorch weights `model` is fine-tuned from here, when it has them. */
export function trainingFolderOf(model: Pick<CatalogModel, 'path' | 'weights' | 'trainingPath'>): string | undefined {
  if (!model.weights?.includes('pytorch')) return undefined;
  return model.trainingPath ?? model.path;
}
