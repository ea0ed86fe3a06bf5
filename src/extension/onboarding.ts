import { cp, stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';

/** The walkthrough's id as VS Code names it: `<publisher>.<name>#<walkthrough id>`. */
const WALKTHROUGH = 'foundation-models.foundation-models#getStarted';

/** Get Started: the walkthrough (browse → try a model → evaluate the sample → deploy and test → connect Azure). */
export async function getStarted(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
}

/** The sample data shipped with the extension (`samples/` in the package). */
function packagedSamples(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.extensionUri, 'samples');
}

/** Evaluate… on the sample reviews, straight from the package (they are only read). */
export async function evaluateSample(context: vscode.ExtensionContext): Promise<void> {
  await vscode.commands.executeCommand(COMMANDS.evaluate, vscode.Uri.joinPath(packagedSamples(context), 'reviews.csv'));
}

/**
 * Opens a copy of the sample data (reviews, NER, QA, summaries, translations) in a new window, so that its files can
 * be right-clicked and changed freely. The copy lives in the extension's storage; an existing copy is kept as it is.
 */
export async function openSampleData(context: vscode.ExtensionContext): Promise<void> {
  const copy = vscode.Uri.joinPath(context.globalStorageUri, 'samples');
  const exists = await stat(copy.fsPath).then(() => true, () => false);
  if (!exists) await cp(packagedSamples(context).fsPath, copy.fsPath, { recursive: true, errorOnExist: false, force: false });
  await vscode.commands.executeCommand('vscode.openFolder', copy, { forceNewWindow: true });
}
