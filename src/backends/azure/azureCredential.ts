import type { TokenCredential } from '@azure/core-auth';
import { ChainedTokenCredential, DefaultAzureCredential } from '@azure/identity';
import type { AzureCloudEndpoints } from './azureCloud';

/**
 * The credential every Azure call uses. Inside VS Code, `primary` is the editor's own Microsoft sign-in; when it
 * has no session (it throws `CredentialUnavailableError`), `DefaultAzureCredential` takes over: environment
 * variables, workload or managed identity, then the Azure CLI, PowerShell and Developer CLI logins. The CLI,
 * which has no editor, uses the fallback alone.
 */
export function createAzureCredential(cloud: AzureCloudEndpoints, primary?: TokenCredential): TokenCredential {
  const fallback = new DefaultAzureCredential({ authorityHost: cloud.authorityHost });
  return primary ? new ChainedTokenCredential(primary, fallback) : fallback;
}
