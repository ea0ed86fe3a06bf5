import * as z from 'zod';

/** The workspace the user picked (remembered by the VS Code layer, given by flags to the CLI). */
export const AzureWorkspaceTargetSchema = z.object({
  subscriptionId: z.string().min(1),
  resourceGroup: z.string().min(1),
  workspace: z.string().min(1),
});
export type AzureWorkspaceTarget = z.infer<typeof AzureWorkspaceTargetSchema>;

/** ARM ids look like `/subscriptions/{sub}/resourceGroups/{rg}/providers/…/workspaces/{ws}`. */
export function targetFromWorkspaceId(id: string): AzureWorkspaceTarget | undefined {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)$/i.exec(id);
  if (!match) return undefined;
  const [, subscriptionId = '', resourceGroup = '', workspace = ''] = match;
  return { subscriptionId, resourceGroup, workspace };
}
