import path from 'node:path';
import type { InferenceInput, InferenceOptions, InferenceOutput } from '../../core/inference/inferenceTypes';
import { TASKS, type TaskId } from '../../core/tasks';
import { sessionOptions, type InferenceSettings } from './inferenceSettings';
import { lengthBatches } from './lengthBatches';
import { checkRunnableFolder } from './onnxFolder';
import { runtimeLoader } from './localRuntime';
import { maskProblem, RUNNERS, type GenerationHooks, type LoadedPipeline, type RunContext } from './taskRunners';

export { ModelNotRunnableError, checkRunnableFolder } from './onnxFolder';

/**
 * Inference on this machine through transformers.js on onnxruntime-node, from model folders on disk only: remote
 * models are switched off, so nothing is ever fetched from a hub at run time. The pipeline is the task table's
 * (`TASKS[task].localPipeline`), in the folder's layout and data type (`onnxFolder.ts`). This module is a bundle of
 * its own (`esbuild.mjs`), loaded on first use: it brings onnxruntime's native library, which a package may not carry
 * (a LocalRuntimeUnavailableError).
 */
const loadTransformers = runtimeLoader(() => import('@huggingface/transformers'));

/** An input this model cannot take; `index` is its place in the batch. The message follows `inputs[i] `. */
export class InferenceInputError extends Error {
  override readonly name = 'InferenceInputError';
  constructor(
    readonly index: number,
    readonly problem: string,
  ) {
    super(`Input ${index + 1} ${problem}.`);
  }
}

export interface TaskRunOptions extends InferenceOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onToken?: ((text: string) => void) | undefined;
  /** After each batch: how many inputs are done. */
  readonly onProgress?: ((done: number) => void) | undefined;
}

/** A model folder loaded for one task; runs one call at a time (an ONNX session is not shared by overlapping runs). */
export interface TaskModel {
  readonly task: TaskId;
  readonly folder: string;
  /** Why `input` cannot go to this model (a fill-mask text without the mask), or undefined. */
  inputProblem(input: InferenceInput): string | undefined;
  /** The outputs of `inputs`, in order, run in batches of the settings' size (inputs of like lengths together). */
  run(inputs: readonly InferenceInput[], options?: TaskRunOptions): Promise<InferenceOutput[]>;
  /** Unloads the model once the run under way, if any, is done. */
  dispose(): Promise<void>;
}

function generationHooks(transformers: Awaited<ReturnType<typeof loadTransformers>>, pipe: LoadedPipeline): GenerationHooks {
  return {
    streamer: (onToken) => new transformers.TextStreamer(pipe.tokenizer as never, { skip_prompt: true, skip_special_tokens: true, callback_function: onToken }),
    interruptible: (signal) => {
      const criteria = new transformers.InterruptableStoppingCriteria();
      const stop = () => criteria.interrupt();
      if (signal.aborted) stop();
      signal.addEventListener('abort', stop, { once: true });
      return { criteria, dispose: () => signal.removeEventListener('abort', stop) };
    },
  };
}

/** Loads `folder` for `task`; a ModelNotRunnableError says what the folder lacks. */
export async function loadTaskModel(folder: string, task: TaskId, settings: InferenceSettings): Promise<TaskModel> {
  // The runtime first: a folder cannot be made runnable where the package has no runtime at all.
  const transformers = await loadTransformers();
  const resolved = path.resolve(folder);
  const { dtype } = await checkRunnableFolder(resolved, task);
  transformers.env.allowRemoteModels = false;
  transformers.env.allowLocalModels = true;
  transformers.env.localModelPath = '';
  const pipeline = TASKS[task].localPipeline;
  const pipe = (await transformers.pipeline(pipeline, resolved, { local_files_only: true, dtype, session_options: sessionOptions(settings) })) as unknown as LoadedPipeline;
  const hooks = generationHooks(transformers, pipe);
  const runner = RUNNERS[pipeline];
  let tail: Promise<unknown> = Promise.resolve();
  const runAll = async (inputs: readonly InferenceInput[], options: TaskRunOptions): Promise<InferenceOutput[]> => {
    const { signal, onToken, onProgress, ...limits } = options;
    const outputs = new Array<InferenceOutput>(inputs.length);
    let done = 0;
    for (const batch of lengthBatches(inputs, settings.batchSize)) {
      signal?.throwIfAborted();
      const context: RunContext = { signal, onToken, generation: hooks };
      const answers = await runner(pipe, batch.map((i) => inputs[i] as InferenceInput), limits, context);
      batch.forEach((index, k) => (outputs[index] = answers[k] as InferenceOutput));
      done += batch.length;
      onProgress?.(done);
    }
    return outputs;
  };
  return {
    task,
    folder: resolved,
    inputProblem: (input) => (pipeline === 'fill-mask' ? maskProblem(pipe, input) : undefined),
    run(inputs, options = {}) {
      const problem = inputs.map((input, index) => ({ index, problem: pipeline === 'fill-mask' ? maskProblem(pipe, input) : undefined })).find((p) => p.problem);
      if (problem?.problem) return Promise.reject(new InferenceInputError(problem.index, problem.problem));
      const run = tail.then(() => runAll(inputs, options));
      tail = run.catch(() => undefined);
      return run;
    },
    async dispose() {
      await tail;
      await pipe.dispose();
    },
  };
}
