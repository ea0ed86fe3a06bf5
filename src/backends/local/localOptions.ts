/** What the local backend is told when it is created (from settings in the editor, from flags in the CLI). */
export interface LocalBackendOptions {
  /** Model folders for the local catalog, already resolved to absolute paths. */
  readonly localModelPaths?: readonly string[];
  /** Folder where the local backend keeps its jobs (job.json, log.txt, outputs); no local jobs without one. */
  readonly localJobsFolder?: string | undefined;
  /** The Python that runs local fine-tuning (it needs torch, transformers, datasets, accelerate). */
  readonly pythonPath?: string | undefined;
  /** Batch size and onnxruntime threads for evaluation, endpoints and the playground (`inferenceSettings.ts`). */
  readonly inference?: { readonly batchSize?: number | undefined; readonly threads?: number | undefined } | undefined;
  /** Where the Hugging Face settings (`HF_ENDPOINT`, `HF_HOME`, `HF_HUB_OFFLINE`…) are read; the process's by default. */
  readonly hubEnvironment?: NodeJS.ProcessEnv | undefined;
}
