import * as vscode from 'vscode';
import { remedyOf, type Remedy } from '../backends/backend';
import { COMMANDS, type CommandId } from './commandIds';

/** Each remedy a backend can name, as the button that applies it. */
export const REMEDY_ACTIONS: Readonly<Record<Remedy, { readonly label: string; readonly command: CommandId }>> = {
  signIn: { label: 'Sign in to Azure', command: COMMANDS.signInToAzure },
  chooseWorkspace: { label: 'Choose a Workspace', command: COMMANDS.chooseAzureWorkspace },
  useLocal: { label: 'Use Local Models', command: COMMANDS.useLocalModels },
};

/** The buttons to offer for an error: its remedy, and the local backend as the way out of any Azure dead end. */
export function remedyActions(error: unknown): { label: string; command: CommandId }[] {
  const remedy = remedyOf(error);
  if (!remedy) return [];
  return remedy === 'useLocal' ? [REMEDY_ACTIONS.useLocal] : [REMEDY_ACTIONS[remedy], REMEDY_ACTIONS.useLocal];
}

/** Shows `message` as an error with the error's remedies as buttons, and runs the one picked. */
export async function showErrorWithRemedies(message: string, error: unknown): Promise<void> {
  const actions = remedyActions(error);
  const picked = await vscode.window.showErrorMessage(message, ...actions.map((a) => a.label));
  const action = actions.find((a) => a.label === picked);
  if (action) await vscode.commands.executeCommand(action.command);
}
