import type { CatalogModel } from '../core/catalog/catalogModel';
import type { CatalogListing, CatalogRequest, CatalogService } from './backend';

/**
 * A catalog that reads its whole listing at once and keeps it until `refresh()`. A read that fails is not kept,
 * so the next `list()` tries again.
 */
export abstract class ListingCatalog implements CatalogService {
  private cached: Promise<CatalogListing> | undefined;
  abstract readonly remote: boolean;

  protected abstract read(request: CatalogRequest): Promise<CatalogListing>;

  list(request: CatalogRequest = {}): Promise<CatalogListing> {
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
}
