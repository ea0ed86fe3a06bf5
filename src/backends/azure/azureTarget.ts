import * as z from 'zod';

/** The workspace the user picked (remembered by the VS Code layer, given by flags to the CLI). */
export const AzureWorkspaceTargetSchema = z.object({
  subscriptionId: z.string().min(1),
  resourceGroup: z.string().min(1),
  workspace: z.string().min(1),
});
export type AzureWorkspaceTarget = z.infer<typeof AzureWorkspaceTargetSchema>;

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}`, each part encoded. */
export function workspaceArmPath(target: AzureWorkspaceTarget): string {
  return (
    `/subscriptions/${encodeURIComponent(target.subscriptionId)}/resourceGroups/${encodeURIComponent(target.resourceGroup)}` +
    `/providers/Microsoft.MachineLearningServices/workspaces/${encodeURIComponent(target.workspace)}`
  );
}

/** ARM ids look like `/subscriptions/{sub}/resourceGroups/{rg}/providers/…/workspaces/{ws}`. */
export function targetFromWorkspaceId(id: string): AzureWorkspaceTarget | undefined {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)$/i.exec(id);
  if (!match) return undefined;
  const [, subscriptionId = '', resourceGroup = '', workspace = ''] = match;
  return { subscriptionId, resourceGroup, workspace };
}
