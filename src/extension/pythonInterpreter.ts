import path from 'node:path';
import * as vscode from 'vscode';
import * as z from 'zod';
import { configuredPythonPath, SETTINGS_SECTION } from './settings';

/**
 * The Python that runs fine-tuning on this machine (`foundationModels.pythonPath`), chosen from the environments the
 * Python extension knows (its `environments` API, read without depending on the extension: it may be absent), or by
 * browsing to an interpreter; and the fixes a missing package notice offers (copy the install command, or type it in
 * a terminal for the user to run).
 */

const PYTHON_EXTENSION = 'ms-python.python';

/** The parts of the Python extension's API read here; anything else it holds is ignored. */
const PythonApiSchema = z.looseObject({
  environments: z
    .looseObject({
      known: z.array(
        z.looseObject({
          path: z.string(),
          executable: z.looseObject({ uri: z.looseObject({ fsPath: z.string() }).optional() }).optional(),
          environment: z.looseObject({ name: z.string().optional() }).optional().nullable(),
          version: z.looseObject({ major: z.number().optional(), minor: z.number().optional(), micro: z.number().optional() }).optional().nullable(),
        }),
      ),
    })
    .optional(),
});

interface Interpreter {
  readonly label: string;
  readonly path: string;
}

/** The interpreters the Python extension knows, when it is installed (its `environments.known`, or its active one). */
async function pythonExtensionInterpreters(): Promise<Interpreter[]> {
  const extension = vscode.extensions.getExtension(PYTHON_EXTENSION);
  if (!extension) return [];
  const api = PythonApiSchema.safeParse(extension.isActive ? extension.exports : await extension.activate().then((exports: unknown) => exports, () => undefined));
  const known = api.success ? (api.data.environments?.known ?? []) : [];
  const interpreters = known.map((env) => {
    const executable = env.executable?.uri?.fsPath ?? env.path;
    const version = env.version?.major === undefined ? '' : `Python ${env.version.major}.${env.version.minor ?? 0}.${env.version.micro ?? 0}`;
    return { label: [env.environment?.name, version].filter(Boolean).join(' · ') || path.basename(executable), path: executable };
  });
  if (interpreters.length > 0) return interpreters;
  // Older Python extensions: the interpreter they have selected for the workspace.
  const selected: unknown = await vscode.commands.executeCommand('python.interpreterPath', { workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath }).then((v: unknown) => v, () => undefined);
  return typeof selected === 'string' && selected ? [{ label: 'Selected in the Python extension', path: selected }] : [];
}

/** Choose Python Interpreter…: sets `foundationModels.pythonPath` (user settings: it decides what runs with your data). */
export async function choosePythonInterpreter(): Promise<void> {
  const current = configuredPythonPath();
  const interpreters = await pythonExtensionInterpreters();
  const browse = { label: '$(folder-opened) Browse…', description: 'choose an interpreter file', path: '' };
  const items = [
    ...interpreters.map((i) => ({ label: i.label, description: i.path, path: i.path })),
    browse,
    ...(interpreters.length === 0 ? [{ label: '$(extensions) Install the Python extension', description: 'to pick from your environments', path: 'install' }] : []),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Python for fine-tuning on this machine', placeHolder: `Now: ${current}. It needs torch, transformers, datasets and accelerate.` });
  if (!picked) return;
  if (picked.path === 'install') {
    await vscode.commands.executeCommand('workbench.extensions.search', PYTHON_EXTENSION);
    return;
  }
  let chosen = picked.path;
  if (!chosen) {
    const files = await vscode.window.showOpenDialog({ title: 'The Python interpreter for fine-tuning', canSelectFiles: true, canSelectFolders: false, canSelectMany: false });
    chosen = files?.[0]?.fsPath ?? '';
  }
  if (!chosen) return;
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('pythonPath', chosen, vscode.ConfigurationTarget.Global);
  vscode.window.setStatusBarMessage(`Fine-tuning runs ${chosen}`, 5000);
}

function commandArgument(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) throw new Error('No install command was given.');
  return value;
}

export async function copyInstallCommand(value: unknown): Promise<void> {
  const command = commandArgument(value);
  await vscode.env.clipboard.writeText(command);
  vscode.window.setStatusBarMessage(`Copied: ${command}`, 5000);
}

/** Opens a terminal with the install command typed, not run: the user reads it and presses Enter. */
export function installInTerminal(value: unknown): void {
  const command = commandArgument(value);
  const terminal = vscode.window.createTerminal({ name: 'Foundation Models: Python packages' });
  terminal.show();
  terminal.sendText(command, false);
}
