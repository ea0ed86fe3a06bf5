/**
 * How the local backend runs models: the batch size (inputs per ONNX session call) and onnxruntime's intra-op
 * threads. Named settings rather than constants, to be measured on each machine. Editor settings
 * `foundationModels.inference.batchSize` / `threads`; in the CLI `FM_INFERENCE_BATCH_SIZE` / `FM_INFERENCE_THREADS`.
 *
 * The defaults are measured (`FM_BENCH_SECTIONS=inference-sweep npm run bench`, a 5.4M-parameter encoder on two
 * shared cores): one intra-op thread ran three times the texts per second of two (onnxruntime's own choice there,
 * whose threads spin while they wait and then fight the editor and everything else for the cores), and batches of 4
 * to 16 texts of like lengths (`lengthBatches.ts`) beat both single texts (a session call each) and batches of 32 or
 * more (their activations outgrow the caches).
 */
export interface InferenceSettings {
  /** Inputs per call into the model during evaluation and serving. */
  readonly batchSize: number;
  /** onnxruntime's intra-op threads; undefined lets onnxruntime choose (one per core). */
  readonly threads?: number | undefined;
}

export const DEFAULT_INFERENCE_SETTINGS: InferenceSettings = { batchSize: 8, threads: 1 };

/**
 * Settings from partial values: a missing or out-of-range value is the default; `threads: 0` lets onnxruntime choose.
 */
export function inferenceSettings(values: { readonly batchSize?: number | undefined; readonly threads?: number | undefined } = {}): InferenceSettings {
  const whole = (value: number | undefined, max: number) => (value !== undefined && Number.isInteger(value) && value >= 1 && value <= max ? value : undefined);
  return {
    batchSize: whole(values.batchSize, 1024) ?? DEFAULT_INFERENCE_SETTINGS.batchSize,
    threads: values.threads === 0 ? undefined : (whole(values.threads, 256) ?? DEFAULT_INFERENCE_SETTINGS.threads),
  };
}

/** The onnxruntime session options for `settings` (transformers.js's `session_options`; the bench's bare session too). */
export function sessionOptions(settings: InferenceSettings): { intraOpNumThreads?: number; interOpNumThreads?: number } {
  return settings.threads ? { intraOpNumThreads: settings.threads, interOpNumThreads: 1 } : {};
}
