import os from 'node:os';
import type { TokenCredential } from '@azure/core-auth';
import path from 'node:path';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import { BackendUnavailableError, catalogListing, type Backend, type CatalogListing, type CatalogRequest } from '../backend';
import { CatalogDiskCache } from '../catalogCache';
import { ListingCatalog } from '../listingCatalog';
import { trimSlash } from './azureCloud';
import { createMlClient, describeAzureError, isSignInError, type MlClient } from './azureHttp';
import { listRegistryModels } from './registryCatalog';
import { listWorkspaceModels } from './workspaceCatalog';

import { createAzureCredential } from './azureCredential';
import { AzureEndpoints } from './azureEndpoints';
import { AzureJobs } from './azureJobs';
import { AzureModelImport } from './azureModelImport';
import type { AzureBackendOptions } from './azureOptions';

export { listSubscriptions, listWorkspaces, type AzureSubscription, type AzureWorkspaceSummary } from './azureAccount';
export { describeAzureError, isSignInError } from './azureHttp';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOT_SIGNED_IN = { reason: 'Not signed in to Azure: sign in, or use the local backend.', remedy: 'signIn' } as const;
/** Jobs, endpoints and imports live in a workspace; the registries can be browsed without one. */
const NO_WORKSPACE = { reason: 'This needs an Azure ML workspace: sign in and choose one.', remedy: 'chooseWorkspace' } as const;
/** Trying a model runs it where it is deployed: on Azure, deploy it and use Test Endpoint. */
const NO_INFERENCE = { reason: 'Azure ML runs a model once it is deployed: deploy it, then use Test Endpoint; or try it on the local backend.', remedy: 'useLocal' } as const;

interface CatalogSource {
  /** Names the source in cache keys and messages. */
  readonly key: string;
  readonly label: string;
  read(request: CatalogRequest): Promise<CatalogModel[]>;
}

/**
 * The Azure ML catalog: the registries' models and the chosen workspace's own, each source cached on disk for a
 * day. Sources are read side by side; one that fails becomes a warning while the others still list, and only
 * when every source fails does the listing fail (typically: not signed in).
 */
class AzureCatalog extends ListingCatalog {
  readonly remote = true;
  private bypassDiskCache = false;
  private readonly cache: CatalogDiskCache | undefined;
  private readonly sources: CatalogSource[];

  constructor(options: AzureBackendOptions) {
    super();
    this.cache = options.cacheFolder ? new CatalogDiskCache(options.cacheFolder, options.cacheTtlMs ?? DAY_MS) : undefined;
    const cloudKey = trimSlash(options.cloud.resourceManager);
    let client: MlClient | undefined;
    // Registries need no workspace; any subscription id serves their raw requests.
    const mlClient = () =>
      (client ??= createMlClient(createAzureCredential(options.cloud, options.signIn), options.workspace?.subscriptionId ?? 'registries', options.cloud));
    this.sources = options.registries.map((registry) => ({
      key: `${cloudKey} registry ${registry}`,
      label: `registry ${registry}`,
      read: (request) => listRegistryModels(mlClient(), options.cloud, registry, request),
    }));
    const target = options.workspace;
    if (target) {
      this.sources.push({
        key: `${cloudKey} workspace ${target.subscriptionId}/${target.resourceGroup}/${target.workspace}`,
        label: `workspace ${target.workspace}`,
        read: (request) => listWorkspaceModels(mlClient(), target, request),
      });
    }
  }

  /** Also skips the disk cache once, so Refresh reads the sources again. */
  override refresh(): void {
    super.refresh();
    this.bypassDiskCache = true;
  }

  protected async read(request: CatalogRequest): Promise<CatalogListing> {
    if (this.sources.length === 0) {
      throw new BackendUnavailableError('No Azure registry or workspace is chosen. Set foundationModels.azure.registries or choose a workspace.', 'chooseWorkspace');
    }
    const bypass = this.bypassDiskCache;
    this.bypassDiskCache = false;
    const results = await Promise.allSettled(this.sources.map((source) => this.readSource(source, request, bypass)));
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
    return catalogListing(models, warnings);
  }

  private async readSource(source: CatalogSource, request: CatalogRequest, bypassCache: boolean): Promise<CatalogModel[]> {
    if (!bypassCache) {
      const cached = await this.cache?.read(source.key);
      if (cached) return cached;
    }
    const models = await source.read(request);
    await this.cache?.write(source.key, models);
    return models;
  }
}

/**
 * The Azure Machine Learning backend. It is built as its own bundle (`dist/azureBackend.js`) and loaded only
 * when the user picks Azure, so that the Azure SDK never weighs on activation.
 */
export function createAzureBackend(options: { readonly azure?: AzureBackendOptions | undefined } = {}): Backend {
  const azure = options.azure;
  if (!azure) {
    const notSignedIn = async (): Promise<never> => {
      throw new BackendUnavailableError(NOT_SIGNED_IN.reason, NOT_SIGNED_IN.remedy);
    };
    const catalog = { remote: true, list: notSignedIn, get: notSignedIn, refresh: () => undefined };
    return { id: 'azure', displayName: 'Azure ML', catalog, location: 'not signed in', absent: { jobs: NOT_SIGNED_IN, endpoints: NOT_SIGNED_IN, modelImport: NOT_SIGNED_IN, inference: NO_INFERENCE }, dispose: () => undefined };
  }
  const catalog = new AzureCatalog(azure);
  const target = azure.workspace;
  let client: MlClient | undefined;
  let credential: TokenCredential | undefined;
  const signedIn = () => (credential ??= createAzureCredential(azure.cloud, azure.signIn));
  const workspaceClient = (subscriptionId: string) => (client ??= createMlClient(signedIn(), subscriptionId, azure.cloud));
  const jobs = target
    ? new AzureJobs({
        client: () => workspaceClient(target.subscriptionId),
        credential: signedIn,
        cloud: azure.cloud,
        target,
        catalog,
        workFolder: path.join(os.tmpdir(), 'foundation-models-uploads'),
        resultsFolder: azure.cacheFolder ? path.join(azure.cacheFolder, 'evaluations') : undefined,
        pollMinMs: azure.logPollMinMs,
        pollMaxMs: azure.logPollMaxMs,
      })
    : undefined;
  const endpoints = target ? new AzureEndpoints({ client: () => workspaceClient(target.subscriptionId), credential: signedIn, cloud: azure.cloud, target, catalog }) : undefined;
  return {
    id: 'azure',
    displayName: 'Azure ML',
    catalog,
    jobs,
    endpoints,
    modelImport: jobs ? new AzureModelImport(jobs) : undefined,
    absent: { jobs: NO_WORKSPACE, endpoints: NO_WORKSPACE, modelImport: NO_WORKSPACE, inference: NO_INFERENCE },
    location: target ? `workspace ${target.workspace}` : 'no workspace',
    dispose: () => endpoints?.dispose(),
  };
}
