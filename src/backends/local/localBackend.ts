import { catalogListing, type Backend, type BackendOptions, type CatalogListing, type CatalogRequest } from '../backend';
import { ListingCatalog } from '../listingCatalog';
import { loadCuratedCatalog } from './curatedCatalog';
import { LocalJobs } from './localJobs';
import { scanModelFolders } from './localModelFolders';

class LocalCatalog extends ListingCatalog {
  constructor(private readonly modelPaths: readonly string[]) {
    super();
  }

  protected async read(request: CatalogRequest): Promise<CatalogListing> {
    const curated = loadCuratedCatalog();
    if (this.modelPaths.length === 0) return catalogListing(curated);
    request.progress?.('Reading local model folders');
    const folders = await scanModelFolders(this.modelPaths, request.signal);
    return catalogListing([...curated, ...folders.models], folders.problems);
  }
}

/** The embedded backend: works with no account and no network. */
export function createLocalBackend(options: BackendOptions = {}): Backend {
  const catalog = new LocalCatalog(options.localModelPaths ?? []);
  return {
    id: 'local',
    displayName: 'Local',
    catalog,
    jobs: options.localJobsFolder ? new LocalJobs(options.localJobsFolder, catalog, options.pythonPath) : undefined,
    dispose: () => undefined,
  };
}
