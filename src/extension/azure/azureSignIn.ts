import * as vscode from 'vscode';
import { armScope } from '../../backends/azure/azureCloud';
import type { AzureWorkspaceTarget } from '../../backends/azure/azureTarget';
import type { BackendHost } from '../backendHost';
import { extensionLog } from '../log';
import { withAbortableProgress } from '../progress';
import { setConfiguredBackend } from '../settings';
import { configuredCloud, editorCredential, rememberedWorkspace, rememberWorkspace } from './azureSettings';
import { authProviderId, signInInteractively } from './vscodeCredential';

/** Runs `work` under a cancellable notification; its AbortSignal follows the Cancel button. */
function withCancellableProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return withAbortableProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, work);
}

interface WorkspacePick extends vscode.QuickPickItem {
  readonly target: AzureWorkspaceTarget | undefined;
}

/**
 * Sign in to Azure: VS Code's Microsoft sign-in first (prompting), else whatever `DefaultAzureCredential` finds
 * (Azure CLI, environment, managed identity). Then the subscription and workspace pickers; the choice is
 * remembered and the catalog switches to Azure.
 */
export async function signInToAzure(context: vscode.ExtensionContext, backends: BackendHost): Promise<void> {
  const log = extensionLog();
  const cloud = configuredCloud();
  if (!(await signInInteractively(authProviderId(cloud.name), armScope(cloud.endpoints)))) {
    log.info('VS Code Microsoft sign-in is unavailable or was declined; trying DefaultAzureCredential (Azure CLI, environment, managed identity).');
  }
  const azure = await import('../../backends/azure/azureBackend');
  const signIn = editorCredential(cloud);
  let subscriptions;
  try {
    subscriptions = await withCancellableProgress('Listing your Azure subscriptions', (signal) => azure.listSubscriptions(signIn, cloud.endpoints, signal));
  } catch (error) {
    if (error instanceof vscode.CancellationError) return;
    const message = azure.describeAzureError(error, 'Signing in to Azure');
    log.error(message);
    const local = 'Use Local Models';
    if ((await vscode.window.showErrorMessage(message, local)) === local) await setConfiguredBackend('local');
    return;
  }
  if (subscriptions.length === 0) {
    void vscode.window.showWarningMessage('Signed in, but this account sees no enabled Azure subscription.');
    return;
  }
  const remembered = rememberedWorkspace(context);
  const subscription = await vscode.window.showQuickPick(
    subscriptions.map((s) => ({ label: s.displayName || s.subscriptionId, description: s.subscriptionId, id: s.subscriptionId, picked: s.subscriptionId === remembered?.subscriptionId })),
    { title: 'Azure Subscription', placeHolder: 'The subscription of your Azure ML workspace' },
  );
  if (!subscription) return;
  const workspaces = await withCancellableProgress(`Listing workspaces in ${subscription.label}`, (signal) =>
    azure.listWorkspaces(signIn, cloud.endpoints, subscription.id, signal),
  ).then(undefined, (error: unknown) => {
    if (!(error instanceof vscode.CancellationError)) void vscode.window.showErrorMessage(azure.describeAzureError(error, 'Listing workspaces'));
    return undefined;
  });
  if (!workspaces) return;
  const items: WorkspacePick[] = [
    ...workspaces.map((w) => ({
      label: w.workspace,
      description: [w.friendlyName !== w.workspace ? w.friendlyName : undefined, w.resourceGroup, w.location].filter(Boolean).join(' · '),
      target: { subscriptionId: w.subscriptionId, resourceGroup: w.resourceGroup, workspace: w.workspace },
    })),
    { label: 'No workspace', description: 'Browse the registries only', target: undefined },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Azure ML Workspace', placeHolder: 'Its models join the catalog; jobs run there' });
  if (!picked) return;
  await rememberWorkspace(context, picked.target);
  await setConfiguredBackend('azure');
  backends.reset();
  log.info(`Azure: ${picked.target ? `workspace ${picked.target.workspace} in ${picked.target.resourceGroup}` : 'registries only'} (${cloud.name}).`);
}
