import type { ModelDownloadService, ModelPullOptions } from '../../backend';
import type { CatalogModel } from '../../../core/catalog/catalogModel';
import { trainingSourceOf, type CachedHubModel, type PulledModel, type PullRequest, type WeightsForm } from '../../../core/catalog/modelDownloads';
import { normalizeTaskName } from '../../../core/catalog/modelTask';
import { isTaskId } from '../../../core/tasks';
import { listCachedHubModels } from './cachedHubModels';
import { loadCuratedCatalog } from '../curatedCatalog';
import { hubSettings } from './hubEnvironment';
import { HubError, isHubError } from './hubErrors';
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

/** A pull for fine-tuning of a curated model's ONNX export: the sentence also names the repository to pull instead. */
function withCuratedSource(error: HubError, repo: string): HubError {
  const model = loadCuratedCatalog().find((m) => m.onnxSource?.repo === repo);
  const source = model && trainingSourceOf(model);
  if (!model || !source) return error;
  return new HubError('no-pytorch', `${error.message} ${repo} is the ONNX export of ${model.name}, whose PyTorch weights are in ${source}: fm model pull ${source} --for fine-tuning.`);
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

  async pull(request: PullRequest, options: ModelPullOptions = {}): Promise<PulledModel> {
    try {
      return await pullHubModel(request, { ...options, env: this.env });
    } catch (error) {
      throw isHubError(error, 'no-pytorch') ? withCuratedSource(error, request.repo) : error;
    }
  }

  list(): Promise<CachedHubModel[]> {
    return listCachedHubModels({ env: this.env });
  }

  sourceOf(model: CatalogModel, weights: WeightsForm = 'onnx'): PullRequest | undefined {
    if (weights === 'pytorch') return model.weights?.includes('pytorch') ? undefined : pullRequestFor(model, weights);
    return model.path ? undefined : pullRequestFor(model);
  }
}
