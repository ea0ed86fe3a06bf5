/**
 * How the local backend runs models: the batch size (inputs per ONNX session call) and onnxruntime's intra-op
 * threads. Named settings rather than constants, to be measured on each machine: on two shared cores one thread can
 * beat two. Editor settings `foundationModels.inference.batchSize` / `threads`; in the CLI `FM_INFERENCE_BATCH_SIZE`
 * / `FM_INFERENCE_THREADS`.
 */
export interface InferenceSettings {
  /** Inputs per call into the model during evaluation and serving. */
  readonly batchSize: number;
  /** onnxruntime's intra-op threads; undefined lets onnxruntime choose (one per core). */
  readonly threads?: number | undefined;
}

export const DEFAULT_INFERENCE_SETTINGS: InferenceSettings = { batchSize: 16, threads: undefined };

/** Settings from partial values; anything out of range falls back to the default. */
export function inferenceSettings(values: { readonly batchSize?: number | undefined; readonly threads?: number | undefined } = {}): InferenceSettings {
  const whole = (value: number | undefined, max: number) => (value !== undefined && Number.isInteger(value) && value >= 1 && value <= max ? value : undefined);
  return { batchSize: whole(values.batchSize, 1024) ?? DEFAULT_INFERENCE_SETTINGS.batchSize, threads: whole(values.threads, 256) };
}

/** The onnxruntime session options for `settings` (transformers.js's `session_options`; the bench's bare session too). */
export function sessionOptions(settings: InferenceSettings): { intraOpNumThreads?: number; interOpNumThreads?: number } {
  return settings.threads ? { intraOpNumThreads: settings.threads, interOpNumThreads: 1 } : {};
}
