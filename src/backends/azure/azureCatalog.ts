import type { CatalogModel } from '../../core/catalog/catalogModel';
import { BackendUnavailableError, catalogListing, type CatalogListing, type CatalogRequest } from '../backend';
import { CatalogDiskCache, type CatalogEntry } from '../catalogCache';
import { ListingCatalog } from '../listingCatalog';
import { trimSlash } from './azureCloud';
import { createAzureCredential } from './azureCredential';
import { createMlClient, describeAzureError, isSignInError, type MlClient } from './azureHttp';
import type { AzureBackendOptions } from './azureOptions';
import { listRegistryEntries, type RegistryListOptions } from './registryCatalog';
import { listWorkspaceEntries } from './workspaceCatalog';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * How often `onModels` may be called while models arrive (the first batch goes at once): often enough to look live,
 * rarely enough that handing over and grouping 10,000 models each time stays a small part of the listing's CPU.
 */
const PARTIAL_EVERY_MS = 500;

interface CatalogSource {
  /** Names the source in cache keys and messages. */
  readonly key: string;
  readonly label: string;
  read(request: CatalogRequest, options: RegistryListOptions): Promise<CatalogEntry[]>;
}

/** Gathers each source's models so far and hands them all to `onModels`: the first batch at once, then at most every `PARTIAL_EVERY_MS`. */
class PartialListing {
  private readonly bySource: Map<string, CatalogModel>[];
  private timer: NodeJS.Timeout | undefined;
  private sent = false;

  constructor(
    sources: number,
    private readonly onModels: ((models: readonly CatalogModel[]) => void) | undefined,
  ) {
    this.bySource = Array.from({ length: sources }, () => new Map());
  }

  set(source: number, entries: readonly CatalogEntry[]): void {
    const models = this.bySource[source];
    for (const entry of entries) models?.set(entry.name, entry.model);
    this.changed();
  }

  private changed(): void {
    if (!this.onModels || this.timer) return;
    if (!this.sent) return this.flush();
    this.timer = setTimeout(() => this.flush(), PARTIAL_EVERY_MS);
  }

  private flush(): void {
    this.timer = undefined;
    this.sent = true;
    this.onModels?.(this.bySource.flatMap((models) => [...models.values()]));
  }

  /** No call after the listing has ended: `list` has resolved with the whole of it. */
  end(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * The Azure ML catalog: the registries' models and the chosen workspace's own. Sources are read side by side, each
 * model handed to `onModels` as soon as it is read; one that fails becomes a warning while the others still list, and
 * only when every source fails does the listing fail (typically: not signed in).
 *
 * Each source's listing is kept on disk (`cacheFolder`). On the next start a listing younger than `cacheTtlMs` is used
 * as it is, without a request; an older one is shown at once and read again behind it, where only the models whose
 * latest version changed cost a request. Refresh reads every source and every model again.
 */
export class AzureCatalog extends ListingCatalog {
  readonly remote = true;
  private bypassDiskCache = false;
  private readonly cache: CatalogDiskCache | undefined;
  private readonly sources: CatalogSource[];
  /** Every model handed over so far (then the whole listing's), so that a model card opens while the listing loads. */
  private seen = new Map<string, CatalogModel>();

  private readonly concurrency: number | undefined;

  constructor(options: AzureBackendOptions) {
    super();
    this.concurrency = options.catalogReadsInParallel;
    this.cache = options.cacheFolder ? new CatalogDiskCache(options.cacheFolder, options.cacheTtlMs ?? DAY_MS, Date.now, options.log) : undefined;
    const cloudKey = trimSlash(options.cloud.resourceManager);
    let client: MlClient | undefined;
    // Registries need no workspace; any subscription id serves their raw requests.
    const mlClient = () =>
      (client ??= createMlClient(createAzureCredential(options.cloud, options.signIn), options.workspace?.subscriptionId ?? 'registries', options.cloud));
    this.sources = options.registries.map((registry) => ({
      key: `${cloudKey} registry ${registry}`,
      label: `registry ${registry}`,
      read: (request, list) => listRegistryEntries(mlClient(), options.cloud, registry, request, list),
    }));
    const target = options.workspace;
    if (target) {
      this.sources.push({
        key: `${cloudKey} workspace ${target.subscriptionId}/${target.resourceGroup}/${target.workspace}`,
        label: `workspace ${target.workspace}`,
        read: (request, list) => listWorkspaceEntries(mlClient(), target, request, list),
      });
    }
  }

  /** Also reads past the disk cache once, so that Refresh reads every source and model again. */
  override refresh(): void {
    super.refresh();
    this.bypassDiskCache = true;
    this.seen = new Map();
  }

  /** A model already read answers at once, even while the rest of the listing loads. */
  override async get(id: string, request?: CatalogRequest): Promise<CatalogModel | undefined> {
    return this.seen.get(id) ?? super.get(id, request);
  }

  protected async read(request: CatalogRequest): Promise<CatalogListing> {
    if (this.sources.length === 0) {
      throw new BackendUnavailableError('No Azure registry or workspace is chosen. Set foundationModels.azure.registries or choose a workspace.', 'chooseWorkspace');
    }
    const bypass = this.bypassDiskCache;
    this.bypassDiskCache = false;
    const partial = new PartialListing(this.sources.length, request.onModels);
    const seen = this.seen;
    const show = (index: number, entries: readonly CatalogEntry[]) => {
      for (const entry of entries) seen.set(entry.model.id, entry.model);
      partial.set(index, entries);
    };
    const results = await Promise.allSettled(this.sources.map((source, index) => this.readSource(source, request, bypass, (entries) => show(index, entries))));
    partial.end();
    request.signal?.throwIfAborted();
    const models: CatalogModel[] = [];
    const warnings: string[] = [];
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') models.push(...result.value);
      else warnings.push(describeAzureError(result.reason, `Azure ${this.sources[index]?.label ?? 'source'}`));
    });
    if (models.length === 0 && warnings.length === this.sources.length) {
      const reasons = results.map((r) => (r.status === 'rejected' ? r.reason : undefined));
      // Every source failed for want of a sign-in: say that once, not once per source.
      if (reasons.every(isSignInError)) throw new BackendUnavailableError(describeAzureError(reasons[0], 'Azure'), 'signIn');
      throw new Error(warnings.join('\n'), { cause: reasons[0] });
    }
    if (this.seen === seen) this.seen = new Map(models.map((model) => [model.id, model]));
    return catalogListing(models, warnings);
  }

  private async readSource(source: CatalogSource, request: CatalogRequest, refresh: boolean, show: (entries: readonly CatalogEntry[]) => void): Promise<CatalogModel[]> {
    const cached = refresh ? undefined : await this.cache?.read(source.key);
    if (cached) {
      show(cached.entries);
      if (cached.fresh) return cached.entries.map((entry) => entry.model);
    }
    const known = cached ? new Map(cached.entries.map((entry) => [entry.name, entry])) : undefined;
    const entries = await source.read(request, { known, concurrency: this.concurrency, onEntry: (entry) => show([entry]) });
    await this.cache?.write(source.key, entries);
    return entries.map((entry) => entry.model);
  }
}
