import * as z from 'zod';
import type { TokenCredential } from '@azure/core-auth';
import type { CatalogModel } from '../core/catalog/catalogModel';
import type { AzureCloudEndpoints } from './azure/azureCloud';
import type { AzureWorkspaceTarget } from './azure/azureTarget';
import { catalogFacets, type CatalogFacets } from '../core/catalog/catalogQuery';

export const BACKEND_IDS = ['local', 'azure'] as const;
export const BackendIdSchema = z.enum(BACKEND_IDS);
export type BackendId = z.infer<typeof BackendIdSchema>;

export const BACKEND_LABELS: Readonly<Record<BackendId, string>> = {
  local: 'Local (this machine, no account)',
  azure: 'Azure Machine Learning',
};

/** What a catalog listing holds: the models, the filter values they offer, and what could not be read. */
export interface CatalogListing {
  readonly models: CatalogModel[];
  readonly facets: CatalogFacets;
  /** One line per source that failed (a folder, a registry), saying which and why; the rest still lists. */
  readonly warnings: string[];
}

export function catalogListing(models: CatalogModel[], warnings: string[] = []): CatalogListing {
  return { models, facets: catalogFacets(models), warnings };
}

export interface CatalogRequest {
  readonly signal?: AbortSignal;
  /** Called with a short line of what is being read, for a progress notification. */
  readonly progress?: (message: string) => void;
}

/** The models a backend can offer. */
export interface CatalogService {
  list(request?: CatalogRequest): Promise<CatalogListing>;
  get(id: string, request?: CatalogRequest): Promise<CatalogModel | undefined>;
  /** Forget anything cached, so that the next `list` reads the sources again. */
  refresh(): void;
}

/** What the Azure backend needs: who the user is, which cloud, and where to look. */
export interface AzureBackendOptions {
  /**
   * The editor's Microsoft sign-in, when there is one. `DefaultAzureCredential` (environment, managed identity,
   * Azure CLI…) always stands behind it, and alone serves the CLI.
   */
  readonly signIn?: TokenCredential | undefined;
  readonly cloud: AzureCloudEndpoints;
  /** The workspace whose own models join the catalog; registries are listed without one. */
  readonly workspace?: AzureWorkspaceTarget | undefined;
  /** Registries to list, e.g. `azureml` and `HuggingFace`. */
  readonly registries: readonly string[];
  /** Folder for the on-disk catalog cache; no cache without one. */
  readonly cacheFolder?: string | undefined;
  /** How long a cached listing stays fresh. */
  readonly cacheTtlMs?: number | undefined;
}

/** What the VS Code layer or the CLI tells a backend when it creates one (from settings or flags). */
export interface BackendOptions {
  /** Model folders for the local catalog, already resolved to absolute paths. */
  readonly localModelPaths?: readonly string[];
  readonly azure?: AzureBackendOptions | undefined;
}

/**
 * What the VS Code layer and the CLI talk to. They never know which implementation is behind it.
 * Jobs, data and endpoints join this interface as their issues land.
 */
export interface Backend {
  readonly id: BackendId;
  readonly displayName: string;
  readonly catalog: CatalogService;
  dispose(): void;
}

/** A capability this backend does not offer (yet); the message is shown to the user as it is. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
}

/**
 * Checked by name, not `instanceof`: the Azure backend is a separate bundle with its own copy of the class.
 */
export function isBackendUnavailable(error: unknown): error is BackendUnavailableError {
  return error instanceof Error && error.name === 'BackendUnavailableError';
}
