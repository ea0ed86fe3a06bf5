import type { CatalogModel } from '../../core/catalog/catalogModel';
import { normalizeTaskName } from '../../core/catalog/modelTask';
import { InferenceInputSchema, InferenceOptionsSchema, inputKindProblem, type InferenceInput, type InferenceResult } from '../../core/inference/inferenceTypes';
import { describeIssue } from '../../core/metrics';
import { isTaskId, TASKS, type TaskId } from '../../core/tasks';
import { capabilityError, type Capability, type InferenceRunOptions, type InferenceService } from '../backend';
import type { InferenceSettings } from './inferenceSettings';
import type { TaskModel } from './localInference';
import { runsHere } from './localCapabilities';

/**
 * The model card's playground on this machine: one input at a time through the model's ONNX export. The model last
 * run stays loaded (a playground sends one input after another to the same model); another model, or another task,
 * unloads it first, so at most one is in memory.
 */
export class LocalInferenceService implements InferenceService {
  private loaded: { readonly key: string; readonly model: Promise<TaskModel> } | undefined;

  constructor(private readonly settings: InferenceSettings) {}

  supports(model: CatalogModel, task?: TaskId): Capability {
    return runsHere(model, task);
  }

  async run(model: CatalogModel, rawInput: InferenceInput, options: InferenceRunOptions = {}): Promise<InferenceResult> {
    const { task: asked, signal, onToken, ...rawLimits } = options;
    const capability = this.supports(model, asked);
    if (!capability.ok) throw capabilityError(capability, model.id);
    const own = normalizeTaskName(model.task);
    const task = asked ?? (isTaskId(own) ? own : undefined);
    if (!task || !model.path) throw new Error(`${model.name} cannot run here.`);
    const parsedInput = InferenceInputSchema.safeParse(rawInput);
    if (!parsedInput.success) throw new Error(`The input is not valid: ${describeIssue(parsedInput.error, 'a text, or a question with its context', rawInput)}.`);
    const limits = InferenceOptionsSchema.safeParse(rawLimits);
    if (!limits.success) throw new Error(`The options are not valid: ${describeIssue(limits.error)}.`);
    const kindProblem = inputKindProblem(TASKS[task].inference.input, parsedInput.data);
    if (kindProblem) throw new Error(kindProblem);
    const taskModel = await this.load(model.path, task);
    const problem = taskModel.inputProblem(parsedInput.data);
    if (problem) throw new Error(`The text ${problem}.`);
    const started = performance.now();
    const [output] = await taskModel.run([parsedInput.data], { ...limits.data, signal, onToken });
    if (!output) throw new Error(`${model.name} gave no answer.`);
    return { output, durationMs: Math.round(performance.now() - started) };
  }

  private load(folder: string, task: TaskId): Promise<TaskModel> {
    const key = `${task}:${folder}`;
    if (this.loaded?.key === key) return this.loaded.model;
    this.unload();
    const model = import('./localInference').then(({ loadTaskModel }) => loadTaskModel(folder, task, this.settings));
    this.loaded = { key, model };
    // A load that failed is not kept: the next run tries again (the folder may have been fixed).
    model.catch(() => {
      if (this.loaded?.model === model) this.loaded = undefined;
    });
    return model;
  }

  private unload(): void {
    const previous = this.loaded?.model;
    this.loaded = undefined;
    void previous?.then((model) => model.dispose(), () => undefined);
  }

  dispose(): void {
    this.unload();
  }
}
