import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { chooseHubFiles, layoutForTask, type HubFileChoice } from '../../core/catalog/hubFiles';
import { notRegularFile } from '../../core/inputFiles/regularFile';
import type { TaskId } from '../../core/tasks';

/**
 * Whether a model folder holds an ONNX export transformers.js runs, in either layout it loads (`core/catalog/hubFiles.ts`):
 * `onnx/model.onnx`, or `onnx/encoder_model.onnx` + `onnx/decoder_model_merged.onnx` for an encoder-decoder, in any
 * data type the Hub exports (fp32 first), beside `config.json` and `tokenizer.json`. A folder the user names and a
 * Hugging Face cache snapshot are judged alike, from their file names, then each chosen file must be a regular file
 * (a pipe or a device in place of a graph would block the model's loading or never end it).
 */

/** The model folder cannot run here; the message says what the folder lacks. */
export class ModelNotRunnableError extends Error {
  override readonly name = 'ModelNotRunnableError';
}

/** The folder's top-level and `onnx/` file names, as repository paths (`onnx/model.onnx`). */
async function exportFileNames(folder: string): Promise<string[]> {
  const top = await readdir(folder).catch(() => [] as string[]);
  const graphs = top.includes('onnx') ? await readdir(path.join(folder, 'onnx')).catch(() => [] as string[]) : [];
  return [...top, ...graphs.map((name) => `onnx/${name}`)];
}

/** The ONNX export of `folder` (for `task`'s layout when given), or undefined when it has none: for the catalog. */
export async function onnxExportOf(folder: string, task?: TaskId): Promise<HubFileChoice | undefined> {
  const choice = chooseHubFiles(folder, await exportFileNames(folder), task);
  return 'choice' in choice ? choice.choice : undefined;
}

function missingFiles(names: ReadonlySet<string>, task: TaskId | undefined): string[] {
  const required = ['config.json', 'tokenizer.json'].filter((file) => !names.has(file));
  if (task) {
    const graphs = layoutForTask(task) === 'seq2seq' ? ['onnx/encoder_model.onnx', 'onnx/decoder_model_merged.onnx'] : ['onnx/model.onnx'];
    return [...required, ...graphs.filter((graph) => !names.has(graph))];
  }
  return [...required, 'onnx/model.onnx (or onnx/encoder_model.onnx with onnx/decoder_model_merged.onnx)'];
}

/**
 * The files transformers.js will load from `folder` for `task` (and their data type), after checking that each is
 * a regular file; a ModelNotRunnableError that says what is missing or wrong otherwise.
 */
export async function checkRunnableFolder(folder: string, task?: TaskId): Promise<HubFileChoice> {
  const names = await exportFileNames(folder);
  const chosen = chooseHubFiles(folder, names, task);
  const files = 'choice' in chosen ? chosen.choice.files : ['config.json', 'tokenizer.json'].filter((file) => names.includes(file));
  for (const file of files) {
    const stats = await stat(path.join(folder, ...file.split('/'))).catch(() => undefined);
    const problem = stats && notRegularFile(stats);
    if (problem) throw new ModelNotRunnableError(`The model folder ${folder} cannot run on this machine: its ${file} ${problem}.`);
  }
  if ('choice' in chosen) return chosen.choice;
  const missing = missingFiles(new Set(names), task);
  throw new ModelNotRunnableError(
    missing.length > 0
      ? `The model folder ${folder} cannot run on this machine: it lacks ${missing.join(', ')}. ` +
          'Local evaluation needs an ONNX export (for example with `optimum-cli export onnx`), or use the Azure backend.'
      : `The model folder ${folder} cannot run on this machine: ${chosen.problem}`,
  );
}
