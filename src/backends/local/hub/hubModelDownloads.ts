import type { ModelDownloadService, ModelPullOptions } from '../../backend';
import type { CatalogModel } from '../../../core/catalog/catalogModel';
import { trainingSourceOf, type CachedHubModel, type PulledModel, type PullRequest, type WeightsForm } from '../../../core/catalog/modelDownloads';
import { normalizeTaskName } from '../../../core/catalog/modelTask';
import { isTaskId } from '../../../core/tasks';
import { listCachedHubModels } from './cachedHubModels';
import { hubSettings } from './hubEnvironment';
import { pullHubModel } from './hubPull';

/**
 * What to pull for a catalog model: its ONNX export on the Hub (`onnxSource`), in its task's layout; or, for
 * fine-tuning, the PyTorch weights of its Hub `source` (the original repository, which exports are made from).
 */
export function pullRequestFor(model: CatalogModel, weights: WeightsForm = 'onnx'): PullRequest | undefined {
  if (weights === 'pytorch') {
    const repo = trainingSourceOf(model);
    return repo ? { repo, weights } : undefined;
  }
  if (!model.onnxSource) return undefined;
  const task = normalizeTaskName(model.task);
  return { repo: model.onnxSource.repo, task: isTaskId(task) ? task : undefined };
}

/** The local backend's downloads: ONNX exports from the Hugging Face Hub into the shared Hugging Face cache. */
export class HubModelDownloads implements ModelDownloadService {
  readonly source: string;
  readonly cacheFolder: string;

  /** `env`: where `HF_*` are read (the process's own by default; tests pass theirs). */
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    const settings = hubSettings({}, env);
    this.source = `the Hugging Face Hub (${settings.endpoint})`;
    this.cacheFolder = settings.cacheDir;
  }

  pull(request: PullRequest, options: ModelPullOptions = {}): Promise<PulledModel> {
    return pullHubModel(request, { ...options, env: this.env });
  }

  list(): Promise<CachedHubModel[]> {
    return listCachedHubModels({ env: this.env });
  }

  sourceOf(model: CatalogModel, weights: WeightsForm = 'onnx'): PullRequest | undefined {
    if (weights === 'pytorch') return model.weights?.includes('pytorch') ? undefined : pullRequestFor(model, weights);
    return model.path ? undefined : pullRequestFor(model);
  }
}
