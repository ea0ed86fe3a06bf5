import * as vscode from 'vscode';
import type { BackendId, BackendOptions } from '../backends/registry';
import { azureBackendOptions } from './azure/azureSettings';
import { configuredInference, configuredModelPaths, configuredPythonPath } from './settings';

/**
 * Each backend as the editor creates it: its options from its settings, and the sign-in whose session changes mean
 * it must be created again. One line per backend of the registry (`src/backends/registry.ts`).
 */
interface EditorBackend {
  options(context: vscode.ExtensionContext): BackendOptions;
  /** Whether a change of sessions of this authentication provider (by id) concerns the backend. */
  signsInWith(providerId: string): boolean;
}

export const EDITOR_BACKENDS: Readonly<Record<BackendId, EditorBackend>> = {
  local: {
    options: (context) => ({
      localModelPaths: configuredModelPaths(),
      localJobsFolder: vscode.Uri.joinPath(context.globalStorageUri, 'jobs').fsPath,
      pythonPath: configuredPythonPath(),
      inference: configuredInference(),
    }),
    signsInWith: () => false,
  },
  azure: {
    options: (context) => ({ azure: azureBackendOptions(context) }),
    // VS Code's Microsoft sign-in (and its sovereign-cloud twin).
    signsInWith: (providerId) => providerId.startsWith('microsoft'),
  },
};
