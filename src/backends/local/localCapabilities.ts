import { trainingFolderOf, type CatalogModel } from '../../core/catalog/catalogModel';
import { trainingSourceOf } from '../../core/catalog/modelDownloads';
import { layoutForTask } from '../../core/catalog/hubFiles';
import { normalizeTaskName } from '../../core/catalog/modelTask';
import { isTaskId, TASKS, type TaskId } from '../../core/tasks';
import { CAN, cannot, type Capability } from '../backend';

/**
 * What a model of the local catalog can do on this machine, said once for the jobs, the endpoints and the playground:
 * run (its ONNX export is here, for its task), or train (its PyTorch weights are here, for a task the Trainer script
 * knows). A curated model whose ONNX export is on the Hub but not yet here says "download it first" with the
 * `downloadModel` remedy, which the editor turns into a Download button; one whose PyTorch weights are not here yet
 * says so with `downloadForFineTuning` (Download for Fine-tuning: its Hub source's weights).
 */

/** The tasks the generated Trainer script (`trainerScript.ts`) fine-tunes. */
export const LOCALLY_TRAINED_TASKS: ReadonlySet<TaskId> = new Set<TaskId>(['text-classification']);

/** The task a model runs: the one asked for, else its own when we know it. */
function runTask(model: CatalogModel, task: TaskId | undefined): TaskId | undefined {
  if (task) return task;
  const own = normalizeTaskName(model.task);
  return isTaskId(own) ? own : undefined;
}

/** Whether `model` runs on this machine for `task` (its own task by default): evaluation, endpoints, the playground. */
export function runsHere(model: CatalogModel, task?: TaskId): Capability {
  const chosen = runTask(model, task);
  if (!chosen) return cannot(`${model.name} is a ${model.task} model, a task Foundation Models does not run.`);
  const { displayName } = TASKS[chosen];
  if (normalizeTaskName(model.task) !== chosen) return cannot(`${model.name} is a ${model.task} model; choose a ${displayName.toLowerCase()} model.`);
  if (!model.path) {
    if (model.onnxSource) {
      return cannot(`${model.name} is not on this machine yet: download its ONNX export (${model.onnxSource.repo}) from the Hugging Face Hub first.`, 'downloadModel');
    }
    return cannot(`${model.name} has no ONNX export that runs on this machine; use it on the Azure backend, or add a folder with its ONNX export to foundationModels.localModelPaths.`);
  }
  if (!model.weights?.includes('onnx')) {
    const graphs = layoutForTask(chosen) === 'seq2seq' ? 'onnx/encoder_model.onnx and onnx/decoder_model_merged.onnx' : 'onnx/model.onnx';
    return cannot(
      `The model folder ${model.path} cannot run on this machine: it has no ONNX export (tokenizer.json and ${graphs} beside config.json). Export one (for example with \`optimum-cli export onnx\`), or use the Azure backend.`,
    );
  }
  return CAN;
}

/** Whether `model` can be fine-tuned on this machine for `task`: PyTorch weights here, and a task the script trains. */
export function trainsHere(model: CatalogModel, task: TaskId): Capability {
  const { displayName, fineTunable } = TASKS[task];
  if (!fineTunable) return cannot(`${displayName} cannot be fine-tuned; evaluate it instead.`);
  if (!LOCALLY_TRAINED_TASKS.has(task)) {
    return cannot(`Fine-tuning on this machine trains text classification in this version; fine-tune ${displayName.toLowerCase()} on the Azure backend.`);
  }
  if (!model.fineTuningTasks.includes(task)) return cannot(`${model.name} (${model.task}) cannot be fine-tuned for ${displayName.toLowerCase()}.`);
  if (trainingFolderOf(model)) return CAN;
  const source = trainingSourceOf(model);
  if (source) {
    return cannot(
      `${model.name} has no PyTorch weights on this machine to fine-tune: download them from its Hugging Face source (${source}) first, with Download for Fine-tuning or \`fm model pull ${source} --for fine-tuning\`; or fine-tune it on Azure.`,
      'downloadForFineTuning',
    );
  }
  if (!model.path) {
    return cannot(`${model.name} has no PyTorch weights (config.json with model.safetensors or pytorch_model.bin) on this machine to fine-tune: put them in a folder named in foundationModels.localModelPaths, or fine-tune it on Azure.`);
  }
  return cannot(`${model.path} has no PyTorch weights to fine-tune (config.json with model.safetensors or pytorch_model.bin); an ONNX export can be evaluated but not trained.`);
}
