import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import * as vscode from 'vscode';
import type { AzureCloudName } from '../../backends/azure/azureCloud';

/** VS Code's Microsoft sign-in; sovereign clouds have a provider of their own. */
export function authProviderId(cloud: AzureCloudName | 'Custom'): string {
  return cloud === 'AzureCloud' ? 'microsoft' : 'microsoft-sovereign-cloud';
}

/** VS Code refreshes its sessions itself; a token is re-asked for after this long, which costs nothing. */
const TOKEN_REUSE_MS = 5 * 60 * 1000;

/**
 * VS Code's Microsoft authentication provider as an `@azure/identity` `TokenCredential`, the way
 * `@microsoft/vscode-azext-azureauth` wraps it. It never prompts: with no session it throws a
 * `CredentialUnavailableError` (by name, which `ChainedTokenCredential` checks), so the chain moves on to
 * `DefaultAzureCredential`. Prompting is the Sign in command's job.
 */
export class VsCodeMicrosoftCredential implements TokenCredential {
  constructor(private readonly providerId: string) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const list = Array.isArray(scopes) ? scopes : [scopes];
    const withTenant = options?.tenantId ? [...list, `VSCODE_TENANT:${options.tenantId}`] : list;
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await vscode.authentication.getSession(this.providerId, withTenant, { silent: true });
    } catch (error) {
      throw unavailable(`VS Code's ${this.providerId} sign-in is not available here (${error instanceof Error ? error.message : String(error)}).`);
    }
    if (!session) throw unavailable('Not signed in to Microsoft in VS Code.');
    return { token: session.accessToken, expiresOnTimestamp: Date.now() + TOKEN_REUSE_MS };
  }
}

function unavailable(message: string): Error {
  const error = new Error(message);
  error.name = 'CredentialUnavailableError';
  return error;
}

/** Asks VS Code for a session, prompting the user; false when the provider is missing or the user declines. */
export async function signInInteractively(providerId: string, scope: string): Promise<boolean> {
  try {
    return Boolean(await vscode.authentication.getSession(providerId, [scope], { createIfNone: true }));
  } catch {
    return false;
  }
}
