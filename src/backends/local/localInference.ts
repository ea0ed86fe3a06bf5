import { stat } from 'node:fs/promises';
import path from 'node:path';
import { runtimeLoader } from './localRuntime';
import { notRegularFile } from '../../core/inputFiles/regularFile';

/**
 * Inference on this machine through transformers.js on onnxruntime-node, from model folders on disk only: remote
 * models are switched off, so nothing is ever fetched from a hub at run time. transformers.js is loaded on first
 * use: it brings onnxruntime's native library, which a package may not carry (a LocalRuntimeUnavailableError).
 */
const loadTransformers = runtimeLoader(() => import('@huggingface/transformers'));

export interface Classification {
  readonly label: string;
  readonly score: number;
}

export interface TextClassifier {
  /** One best label per text (with its second text, for sentence-pair models). */
  classify(texts: readonly string[], pairs?: readonly (string | undefined)[]): Promise<Classification[]>;
  dispose(): Promise<void>;
}

/** The model folder cannot run here; the message says what the folder lacks. */
export class ModelNotRunnableError extends Error {
  override readonly name = 'ModelNotRunnableError';
}

const REQUIRED_FILES = ['config.json', 'tokenizer.json', path.join('onnx', 'model.onnx')];

export async function checkRunnableFolder(folder: string): Promise<void> {
  const missing: string[] = [];
  for (const file of REQUIRED_FILES) {
    const stats = await stat(path.join(folder, file)).catch(() => undefined);
    if (!stats) missing.push(file);
    else {
      // A pipe or a device in place of a model file would block or never end the model's loading.
      const problem = notRegularFile(stats);
      if (problem) throw new ModelNotRunnableError(`The model folder ${folder} cannot run on this machine: its ${file} ${problem}.`);
    }
  }
  if (missing.length > 0) {
    throw new ModelNotRunnableError(
      `The model folder ${folder} cannot run on this machine: it lacks ${missing.join(', ')}. ` +
        'Local evaluation needs an ONNX export (for example with `optimum-cli export onnx`), or use the Azure backend.',
    );
  }
}

export async function loadTextClassifier(folder: string): Promise<TextClassifier> {
  // The runtime first: a folder cannot be made runnable where the package has no runtime at all.
  const transformers = await loadTransformers();
  await checkRunnableFolder(folder);
  transformers.env.allowRemoteModels = false;
  transformers.env.allowLocalModels = true;
  transformers.env.localModelPath = '';
  const classifier = await transformers.pipeline('text-classification', folder, { local_files_only: true, dtype: 'fp32' });
  return {
    async classify(texts, pairs) {
      const inputs = texts.map((text, i) => {
        const pair = pairs?.[i];
        return pair === undefined ? text : { text, text_pair: pair };
      });
      // One call per batch: the pipeline pads the batch and runs one ONNX session call.
      const output = (await classifier(inputs as string[], { top_k: 1 })) as unknown;
      return (output as (Classification | Classification[])[]).map((item) => (Array.isArray(item) ? item[0] : item) ?? { label: '', score: 0 });
    },
    async dispose() {
      await classifier.dispose();
    },
  };
}
