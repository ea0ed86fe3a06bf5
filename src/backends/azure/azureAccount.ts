import type { TokenCredential } from '@azure/core-auth';
import * as z from 'zod';
import { trimSlash, type AzureCloudEndpoints } from './azureCloud';
import { createAzureCredential } from './azureCredential';
import { createMlClient, listAllPages } from './azureHttp';
import { targetFromWorkspaceId, type AzureWorkspaceTarget } from './azureTarget';
import { WORKSPACE_API_VERSION } from './workspaceRest';

/** The subscription and workspace pickers' data: what the signed-in user can see. */

const SUBSCRIPTIONS_API_VERSION = '2022-12-01';

const WorkspaceSchema = z.looseObject({ id: z.string(), location: z.string().optional(), properties: z.looseObject({ friendlyName: z.string().nullish() }).nullish() });

const SubscriptionSchema = z.looseObject({
  subscriptionId: z.string().min(1),
  displayName: z.string().default(''),
  state: z.string().optional(),
  tenantId: z.string().optional(),
});
export type AzureSubscription = z.infer<typeof SubscriptionSchema>;

/** `signIn`: the editor's sign-in, if any; `DefaultAzureCredential` stands behind it (see `createAzureCredential`). */
export async function listSubscriptions(signIn: TokenCredential | undefined, cloud: AzureCloudEndpoints, signal?: AbortSignal): Promise<AzureSubscription[]> {
  const client = createMlClient(createAzureCredential(cloud, signIn), 'none', cloud);
  const subscriptions: AzureSubscription[] = [];
  const url = `${trimSlash(cloud.resourceManager)}/subscriptions?api-version=${SUBSCRIPTIONS_API_VERSION}`;
  for await (const subscription of listAllPages(client, url, SubscriptionSchema, signal)) {
    if (!subscription.state || subscription.state === 'Enabled') subscriptions.push(subscription);
  }
  return subscriptions.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export interface AzureWorkspaceSummary extends AzureWorkspaceTarget {
  readonly location: string | undefined;
  readonly friendlyName: string | undefined;
}

export async function listWorkspaces(
  signIn: TokenCredential | undefined,
  cloud: AzureCloudEndpoints,
  subscriptionId: string,
  signal?: AbortSignal,
): Promise<AzureWorkspaceSummary[]> {
  const client = createMlClient(createAzureCredential(cloud, signIn), subscriptionId, cloud);
  const workspaces: AzureWorkspaceSummary[] = [];
  const url = `${trimSlash(cloud.resourceManager)}/subscriptions/${encodeURIComponent(subscriptionId)}/providers/Microsoft.MachineLearningServices/workspaces?api-version=${WORKSPACE_API_VERSION}`;
  for await (const workspace of listAllPages(client, url, WorkspaceSchema, signal)) {
    const target = targetFromWorkspaceId(workspace.id);
    if (target) workspaces.push({ ...target, location: workspace.location, friendlyName: workspace.properties?.friendlyName ?? undefined });
  }
  return workspaces.sort((a, b) => a.workspace.localeCompare(b.workspace));
}
