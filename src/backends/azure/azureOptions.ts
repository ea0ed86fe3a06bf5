import type { TokenCredential } from '@azure/core-auth';
import type { AzureCloudEndpoints } from './azureCloud';
import type { AzureWorkspaceTarget } from './azureTarget';

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
  /** How long a cached listing is used as it is; an older one is shown while it is read again. */
  readonly cacheTtlMs?: number | undefined;
  /** Version reads in flight while the catalog lists (`VERSION_READS_IN_PARALLEL` by default; the bench compares). */
  readonly catalogReadsInParallel?: number | undefined;
  /** Where the backend reports what the user does not need to see at once (a corrupt cache file it ignored). */
  readonly log?: ((line: string) => void) | undefined;
  /** Bounds of the wait between job log polls (2 s to 60 s by default; a local fake server in tests answers faster). */
  readonly logPollMinMs?: number | undefined;
  readonly logPollMaxMs?: number | undefined;
}
