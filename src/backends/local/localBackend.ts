import type { CatalogModel } from '../../core/catalog/catalogModel';
import { catalogListing, type Backend, type BackendOptions, type CatalogListing, type CatalogRequest, type CatalogService } from '../backend';
import { loadCuratedCatalog } from './curatedCatalog';
import { scanModelFolders } from './localModelFolders';

class LocalCatalog implements CatalogService {
  private cached: Promise<CatalogListing> | undefined;

  constructor(private readonly modelPaths: readonly string[]) {}

  list(request?: CatalogRequest): Promise<CatalogListing> {
    this.cached ??= this.read(request).catch((error: unknown) => {
      this.cached = undefined;
      throw error;
    });
    return this.cached;
  }

  async get(id: string, request?: CatalogRequest): Promise<CatalogModel | undefined> {
    return (await this.list(request)).models.find((model) => model.id === id);
  }

  refresh(): void {
    this.cached = undefined;
  }

  private async read(request?: CatalogRequest): Promise<CatalogListing> {
    const curated = loadCuratedCatalog();
    if (this.modelPaths.length === 0) return catalogListing(curated);
    request?.progress?.('Reading local model folders');
    const folders = await scanModelFolders(this.modelPaths, request?.signal);
    return catalogListing([...curated, ...folders.models], folders.problems);
  }
}

/** The embedded backend: works with no account and no network. */
export function createLocalBackend(options: BackendOptions = {}): Backend {
  return {
    id: 'local',
    displayName: 'Local',
    catalog: new LocalCatalog(options.localModelPaths ?? []),
    dispose: () => undefined,
  };
}
