import type { CatalogModel } from '../core/catalog/catalogModel';
import { isTaskId, TASKS, type TaskId } from '../core/tasks';
import { CAN, cannot, type Backend, type Capability } from './backend';

export const MODEL_ACTIONS = ['download', 'evaluate', 'downloadForFineTuning', 'fineTune', 'deploy'] as const;
export type ModelAction = (typeof MODEL_ACTIONS)[number];

/** What a backend can do with one model: each action with its reason when it cannot, and which one leads. */
export interface ModelActions {
  readonly capabilities: Readonly<Record<ModelAction, Capability>>;
  /** The fine-tuning tasks of the model this backend can run, each with its reason when it cannot. */
  readonly fineTuning: readonly { readonly task: TaskId; readonly capability: Capability }[];
  /** The action a card offers first: the first the backend can do, in the order that suits the model. */
  readonly primary: ModelAction | undefined;
  /** The actions in the order a card shows them. */
  readonly order: readonly ModelAction[];
}

function jobCapability(backend: Backend, check: (jobs: NonNullable<Backend['jobs']>) => Capability): Capability {
  return backend.jobs ? check(backend.jobs) : cannot(backend.absent?.jobs?.reason ?? `The ${backend.displayName} backend cannot run jobs.`);
}

/**
 * Asks the backend's own services what it can do with `model` (the same checks the panels and Deploy make), so a card
 * never offers what would fail. A model that must be downloaded first leads with Download (offered only then); a base
 * model (fine-tuned for tasks other than its own, like BERT's fill-mask) leads with Fine-tune; a model made for its
 * task leads with Evaluate; Deploy comes last. Download for Fine-tuning (its PyTorch weights) stands before Fine-tune
 * while that is all fine-tuning lacks.
 */
export function modelActions(backend: Backend, model: CatalogModel): ModelActions {
  const fineTuning = model.fineTuningTasks.map((task) => ({ task, capability: jobCapability(backend, (jobs) => jobs.supports('fineTune', task, model)) }));
  const fineTune =
    fineTuning.find((t) => t.capability.ok)?.capability ??
    fineTuning[0]?.capability ??
    cannot(`${model.name} has no task that can be fine-tuned; evaluate or deploy it instead.`);
  const evaluate = isTaskId(model.task)
    ? jobCapability(backend, (jobs) => jobs.supports('evaluate', model.task as TaskId, model))
    : cannot(`${model.name} is a ${model.task} model; evaluation covers ${Object.values(TASKS).map((t) => t.displayName.toLowerCase()).join(', ')}.`);
  const deploy = backend.endpoints ? backend.endpoints.deployable(model) : cannot(backend.absent?.endpoints?.reason ?? `The ${backend.displayName} backend cannot deploy models.`);
  const playground = isTaskId(model.task) && backend.inference ? backend.inference.supports(model, model.task) : CAN;
  // Download leads while the model must come to this machine first (its checks say so with the downloadModel remedy).
  const waitsForDownload = [evaluate, deploy, playground, ...fineTuning.map((t) => t.capability)].some((c) => !c.ok && c.remedy === 'downloadModel');
  const download = waitsForDownload && backend.modelDownloads ? CAN : cannot(`${model.name} has nothing to download on the ${backend.displayName} backend.`);
  // Download for Fine-tuning comes before Fine-tune while no task can be fine-tuned for want of the model's PyTorch weights.
  const waitsForWeights = !fineTune.ok && fineTuning.some((t) => !t.capability.ok && t.capability.remedy === 'downloadForFineTuning');
  const downloadForFineTuning = waitsForWeights && backend.modelDownloads ? CAN : cannot(`${model.name} has no PyTorch weights to download for fine-tuning on the ${backend.displayName} backend.`);
  const capabilities = { download, evaluate, downloadForFineTuning, fineTune, deploy };
  const isBase = model.fineTuningTasks.length > 0 && !model.fineTuningTasks.some((task) => task === model.task);
  const fineTuneSteps: ModelAction[] = downloadForFineTuning.ok ? ['downloadForFineTuning', 'fineTune'] : ['fineTune'];
  const jobs: ModelAction[] = isBase ? [...fineTuneSteps, 'evaluate', 'deploy'] : ['evaluate', ...fineTuneSteps, 'deploy'];
  const order: ModelAction[] = download.ok ? ['download', ...jobs] : jobs;
  return { capabilities, fineTuning, primary: order.find((action) => capabilities[action].ok), order };
}
