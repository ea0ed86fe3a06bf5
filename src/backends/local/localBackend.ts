import type { CatalogModel } from '../../core/catalog/catalogModel';
import { catalogListing, type Backend, type CatalogListing, type CatalogRequest } from '../backend';
import { ListingCatalog } from '../listingCatalog';
import type { LocalBackendOptions } from './localOptions';
import { loadCuratedCatalog } from './curatedCatalog';
import { findCachedHubModel, findCachedPytorchModel } from './hub/cachedHubModels';
import { pullRequestFor } from './hub/hubModelDownloads';
import { inferenceSettings } from './inferenceSettings';
import { LocalInferenceService } from './localInferenceService';
import { LocalEndpoints } from './localEndpoints';
import { LocalJobs, registeredModelsFolder } from './localJobs';
import { LocalModelImport } from './localModelImport';
import { HubModelDownloads } from './hub/hubModelDownloads';
import { scanModelFolders } from './localModelFolders';

/**
 * A curated model whose ONNX export is in the Hugging Face cache (downloaded here, by `fm model pull` or any other
 * tool) runs on this machine: its `path` is the snapshot folder, its weights the ONNX export. One whose Hub source's
 * PyTorch weights are there too (`fm model pull SOURCE --for fine-tuning`, Download for Fine-tuning, or Python
 * tools' own downloads) can be fine-tuned here: its `trainingPath` is that snapshot.
 */
async function withDownloadedWeights(model: CatalogModel, env: NodeJS.ProcessEnv | undefined): Promise<CatalogModel> {
  const onnxRequest = pullRequestFor(model);
  const pytorchRequest = pullRequestFor(model, 'pytorch');
  const [onnx, pytorch] = await Promise.all([
    onnxRequest ? findCachedHubModel(onnxRequest.repo, 'main', onnxRequest.task, { env }).catch(() => undefined) : undefined,
    pytorchRequest ? findCachedPytorchModel(pytorchRequest.repo, 'main', { env }).catch(() => undefined) : undefined,
  ]);
  if (!onnx?.onnx && !pytorch?.pytorch) return model;
  const weights: NonNullable<CatalogModel['weights']> = [...(onnx?.onnx ? (['onnx'] as const) : []), ...(pytorch?.pytorch ? (['pytorch'] as const) : [])];
  return { ...model, ...(onnx?.onnx ? { path: onnx.folder } : {}), ...(pytorch?.pytorch ? { trainingPath: pytorch.folder } : {}), weights };
}

class LocalCatalog extends ListingCatalog {
  readonly remote = false;

  constructor(
    private readonly modelPaths: readonly string[],
    /** Scanned too, but may be missing or empty (the registered-models folder). */
    private readonly optionalPaths: readonly string[] = [],
    /** Where the Hugging Face cache is read from (`HF_HOME`…). */
    private readonly hubEnvironment?: NodeJS.ProcessEnv | undefined,
  ) {
    super();
  }

  protected async read(request: CatalogRequest): Promise<CatalogListing> {
    const curated = await Promise.all(loadCuratedCatalog().map((model) => withDownloadedWeights(model, this.hubEnvironment)));
    const paths = [...this.modelPaths, ...this.optionalPaths];
    if (paths.length === 0) return catalogListing(curated);
    request.progress?.('Reading local model folders');
    const folders = await scanModelFolders(paths, request.signal, this.optionalPaths);
    return catalogListing([...curated, ...folders.models], folders.problems);
  }
}

/** The embedded backend: works with no account and no network. */
export function createLocalBackend(options: LocalBackendOptions = {}): Backend {
  // Models registered from local jobs live beside the jobs folder and always belong to the catalog.
  const registered = options.localJobsFolder ? registeredModelsFolder(options.localJobsFolder) : undefined;
  const catalog = new LocalCatalog(options.localModelPaths ?? [], registered ? [registered] : [], options.hubEnvironment);
  const settings = inferenceSettings(options.inference);
  // Scoring servers on 127.0.0.1; they stop when the backend is disposed (VS Code closes, the CLI ends).
  const endpoints = new LocalEndpoints(catalog, settings);
  const inference = new LocalInferenceService(settings);
  return {
    id: 'local',
    displayName: 'Local',
    catalog,
    jobs: options.localJobsFolder ? new LocalJobs(options.localJobsFolder, catalog, options.pythonPath, settings) : undefined,
    endpoints,
    inference,
    modelImport: new LocalModelImport(options.hubEnvironment),
    modelDownloads: new HubModelDownloads(options.hubEnvironment),
    absent: {
      jobs: { reason: 'Local jobs need a folder to keep them in; none was given.' },
      // Registered data assets live in an Azure ML workspace; this machine has files, not assets.
      dataAssets: { reason: 'The Local backend has no registered data assets: they live in an Azure ML workspace. Sign in to Azure and choose a workspace, or switch the backend (Select Backend…).', remedy: 'signIn' },
    },
    location: 'this machine',
    dispose: () => {
      endpoints.dispose();
      inference.dispose();
    },
  };
}
