import type { ModelDownloadService } from '../../backend';
import type { CachedHubModel, PulledModel, PullProgress, PullRequest } from '../../../core/catalog/modelDownloads';
import { listCachedHubModels } from './cachedHubModels';
import { hubSettings } from './hubEnvironment';
import { pullHubModel } from './hubPull';

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

  pull(request: PullRequest, options: { token?: string | undefined; signal?: AbortSignal | undefined; onProgress?: ((event: PullProgress) => void) | undefined } = {}): Promise<PulledModel> {
    return pullHubModel(request, { ...options, env: this.env });
  }

  list(): Promise<CachedHubModel[]> {
    return listCachedHubModels({ env: this.env });
  }
}
