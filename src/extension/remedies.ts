import * as vscode from 'vscode';
import { remedyModelOf, remedyOf, type Remedy } from '../backends/backend';
import { COMMANDS, type CommandId } from './commandIds';

/** A button that applies a remedy: a command the extension offers, with its arguments (the model to download). */
export interface RemedyAction {
  readonly label: string;
  readonly command: CommandId;
  readonly args?: readonly string[] | undefined;
}

/** The remedies that download the model they are about, and need its id. */
type ModelRemedy = 'downloadModel' | 'downloadForFineTuning';

/** Each remedy that needs nothing more than its command, as the button that applies it. */
export const REMEDY_ACTIONS: Readonly<Record<Exclude<Remedy, ModelRemedy>, RemedyAction>> = {
  signIn: { label: 'Sign in to Azure', command: COMMANDS.signInToAzure },
  chooseWorkspace: { label: 'Choose a Workspace', command: COMMANDS.chooseAzureWorkspace },
  useLocal: { label: 'Use Local Models', command: COMMANDS.useLocalModels },
};

/**
 * The button of `remedy`; a download needs the model it downloads, and without one there is none. Download for
 * Fine-tuning is Download Model… asked for the model's PyTorch weights (its second argument).
 */
export function remedyAction(remedy: Remedy, modelId?: string): RemedyAction | undefined {
  if (remedy === 'downloadModel') return modelId ? { label: 'Download Model', command: COMMANDS.downloadModel, args: [modelId] } : undefined;
  if (remedy === 'downloadForFineTuning') return modelId ? { label: 'Download for Fine-tuning', command: COMMANDS.downloadModel, args: [modelId, 'pytorch'] } : undefined;
  return REMEDY_ACTIONS[remedy];
}

/** The buttons for a remedy: the remedy's own, and the local backend as the way out of any Azure dead end. */
export function remedyButtons(remedy: Remedy | undefined, modelId?: string): RemedyAction[] {
  if (!remedy) return [];
  const action = remedyAction(remedy, modelId);
  if (!action) return [];
  return remedy === 'signIn' || remedy === 'chooseWorkspace' ? [action, REMEDY_ACTIONS.useLocal] : [action];
}

/** The buttons to offer for an error: its remedy (for the model it names), and Use Local Models after an Azure one. */
export function remedyActions(error: unknown): RemedyAction[] {
  return remedyButtons(remedyOf(error), remedyModelOf(error));
}

/** Runs a remedy's button. */
export async function runRemedy(action: RemedyAction): Promise<void> {
  await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
}

/** Shows `message` as an error with the error's remedies as buttons, and runs the one picked. */
export async function showErrorWithRemedies(message: string, error: unknown): Promise<void> {
  const actions = remedyActions(error);
  const picked = await vscode.window.showErrorMessage(message, ...actions.map((a) => a.label));
  const action = actions.find((a) => a.label === picked);
  if (action) await runRemedy(action);
}
