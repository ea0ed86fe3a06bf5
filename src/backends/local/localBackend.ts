import type { CatalogModel } from '../../core/catalog/catalogModel';
import type { Backend, CatalogService } from '../backend';
import { loadCuratedCatalog } from './curatedCatalog';

class LocalCatalog implements CatalogService {
  private cached: CatalogModel[] | undefined;

  async list(): Promise<CatalogModel[]> {
    this.cached ??= loadCuratedCatalog();
    return this.cached;
  }

  async get(id: string): Promise<CatalogModel | undefined> {
    return (await this.list()).find((model) => model.id === id);
  }

  refresh(): void {
    this.cached = undefined;
  }
}

/** The embedded backend: works with no account and no network. */
export function createLocalBackend(): Backend {
  return {
    id: 'local',
    displayName: 'Local',
    catalog: new LocalCatalog(),
    dispose: () => undefined,
  };
}
