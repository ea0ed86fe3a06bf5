import * as vscode from 'vscode';
import { armScope } from '../../backends/azure/azureCloud';
import type { AzureWorkspaceTarget } from '../../backends/azure/azureTarget';
import type { BackendHost } from '../backendHost';
import { extensionLog } from '../log';
import { COMMANDS } from '../commandIds';
import { isCancellation, withAbortableProgress } from '../progress';
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

/** Where the sign-in options are explained (opened outside VS Code). */
const SIGN_IN_HELP = 'https://learn.microsoft.com/azure/machine-learning/how-to-setup-authentication';

/**
 * Sign in to Azure: VS Code's Microsoft sign-in first (prompting), else whatever `DefaultAzureCredential` finds
 * (Azure CLI, environment, managed identity). Then the subscription and workspace pickers; the choice is
 * remembered and the catalog switches to Azure. A failure says what was tried and leads on: Retry, the Azure CLI,
 * Learn more, or the local backend, never back to this same command.
 */
export async function signInToAzure(context: vscode.ExtensionContext, backends: BackendHost): Promise<void> {
  const cloud = configuredCloud();
  if (!(await signInInteractively(authProviderId(cloud.name), armScope(cloud.endpoints)))) {
    extensionLog().info('VS Code Microsoft sign-in is unavailable or was declined; trying DefaultAzureCredential (Azure CLI, environment, managed identity).');
  }
  await chooseAzureWorkspace(context, backends);
}

/** The subscription and workspace pickers with the sign-in there is (no prompt); a failure leads on. */
export async function chooseAzureWorkspace(context: vscode.ExtensionContext, backends: BackendHost): Promise<void> {
  const cloud = configuredCloud();
  const azure = await import('../../backends/azure/azureBackend');
  const signIn = editorCredential(cloud);
  let subscriptions;
  try {
    subscriptions = await withCancellableProgress('Listing your Azure subscriptions', (signal) => azure.listSubscriptions(signIn, cloud.endpoints, signal));
  } catch (error) {
    if (isCancellation(error)) return;
    await signInFailed(error, azure.isSignInError(error) ? NO_SIGN_IN : azure.describeAzureError(error, 'Listing your Azure subscriptions'), context, backends);
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
    if (!isCancellation(error)) void vscode.window.showErrorMessage(azure.describeAzureError(error, 'Listing workspaces'));
    return undefined;
  });
  if (!workspaces) return;
  const picked = await pickWorkspace(workspaces);
  if (!picked) return;
  await rememberWorkspace(context, picked.target);
  await setConfiguredBackend('azure');
  backends.reset();
  extensionLog().info(`Azure: ${picked.target ? `workspace ${picked.target.workspace} in ${picked.target.resourceGroup}` : 'registries only'} (${cloud.name}).`);
}

/** Said when no credential of the chain had a sign-in (instead of "run Sign in", which the user just did). */
const NO_SIGN_IN =
  'No Azure sign-in was found: VS Code\'s Microsoft sign-in was declined or is not available here, and the Azure CLI, environment variables and managed identity had none.';

async function pickWorkspace(workspaces: readonly { subscriptionId: string; resourceGroup: string; workspace: string; friendlyName?: string | undefined; location?: string | undefined }[]): Promise<WorkspacePick | undefined> {
  const items: WorkspacePick[] = [
    ...workspaces.map((w) => ({
      label: w.workspace,
      description: [w.friendlyName !== w.workspace ? w.friendlyName : undefined, w.resourceGroup, w.location].filter(Boolean).join(' · '),
      target: { subscriptionId: w.subscriptionId, resourceGroup: w.resourceGroup, workspace: w.workspace },
    })),
    { label: 'No workspace', description: 'Browse the registries only', target: undefined },
  ];
  return vscode.window.showQuickPick(items, { title: 'Azure ML Workspace', placeHolder: 'Its models join the catalog; jobs run there' });
}

/** The sign-in failed: say so, and offer what leads somewhere. */
async function signInFailed(error: unknown, message: string, context: vscode.ExtensionContext, backends: BackendHost): Promise<void> {
  extensionLog().error(`Signing in to Azure: ${message} (${error instanceof Error ? error.message : String(error)})`);
  const [retry, cli, help, local] = ['Retry', 'Sign in with the Azure CLI', 'Learn More', 'Use Local Models'];
  const choice = await vscode.window.showErrorMessage(message, retry, cli, help, local);
  if (choice === retry) await signInToAzure(context, backends);
  else if (choice === cli) await signInWithAzureCli(context, backends);
  else if (choice === help) await vscode.env.openExternal(vscode.Uri.parse(SIGN_IN_HELP));
  else if (choice === local) await vscode.commands.executeCommand(COMMANDS.useLocalModels);
}

/** How long to wait for the terminal's shell integration before typing `az login` into it blind. */
const SHELL_INTEGRATION_WAIT_MS = 3000;

/**
 * Sign in with the Azure CLI: `az login` in a terminal of its own; when it ends well (seen through the terminal's
 * shell integration), the workspace pickers follow. Without shell integration the command is typed in and a
 * notification offers to go on once it is done.
 */
export async function signInWithAzureCli(context: vscode.ExtensionContext, backends: BackendHost): Promise<void> {
  const terminal = vscode.window.createTerminal({ name: 'Azure sign-in' });
  terminal.show();
  const integration = terminal.shellIntegration ?? (await shellIntegrationOf(terminal));
  if (!integration) {
    terminal.sendText('az login');
    const next = 'Choose a Workspace';
    if ((await vscode.window.showInformationMessage('Finish "az login" in the terminal, then choose your workspace.', next)) === next) await chooseAzureWorkspace(context, backends);
    return;
  }
  const execution = integration.executeCommand('az login');
  const exitCode = await new Promise<number | undefined>((resolve) => {
    const subscription = vscode.window.onDidEndTerminalShellExecution((event) => {
      if (event.execution !== execution) return;
      subscription.dispose();
      resolve(event.exitCode);
    });
  });
  if (exitCode === 0) await chooseAzureWorkspace(context, backends);
  else void vscode.window.showErrorMessage(`"az login" ended with ${exitCode === undefined ? 'an unknown status' : `exit code ${exitCode}`}; see the terminal, and try again.`);
}

function shellIntegrationOf(terminal: vscode.Terminal): Promise<vscode.TerminalShellIntegration | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      resolve(undefined);
    }, SHELL_INTEGRATION_WAIT_MS);
    const subscription = vscode.window.onDidChangeTerminalShellIntegration((event) => {
      if (event.terminal !== terminal) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(event.shellIntegration);
    });
  });
}
