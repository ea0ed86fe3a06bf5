import * as vscode from 'vscode';
import * as z from 'zod';
import type { BackendId, BackendOptions } from '../backends/registry';
import { resolveModelPath } from '../core/catalog/modelPaths';
import { azureBackendOptions } from './azure/azureSettings';
import { configuredPythonPath, setting } from './settings';

const ModelPathsSchema = z.array(z.string().trim().min(1));

/**
 * `foundationModels.localModelPaths`, resolved: `~` is the home folder and a relative path is taken from the
 * first workspace folder. A value of the wrong shape counts as no paths (VS Code already flags it in settings).
 */
export function configuredModelPaths(): string[] {
  const parsed = ModelPathsSchema.safeParse(setting('localModelPaths') ?? []);
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return parsed.success ? parsed.data.map((raw) => resolveModelPath(raw, base)) : [];
}

const WholeNumberSchema = z.number().int().min(1);

/** `foundationModels.inference.batchSize` and `.threads` (0: onnxruntime chooses); a value of the wrong shape is the default. */
export function configuredInference(): { batchSize: number | undefined; threads: number | undefined } {
  const batchSize = WholeNumberSchema.safeParse(setting('inference.batchSize'));
  const threads = z.number().int().min(0).safeParse(setting('inference.threads'));
  return { batchSize: batchSize.success ? batchSize.data : undefined, threads: threads.success ? threads.data : undefined };
}

/**
 * Each backend as the editor creates it: its options from its settings, and the sign-in whose session changes mean
 * it must be created again. One line per backend of the registry (`src/backends/registry.ts`). Part of the
 * lazily loaded workbench (`workbench.ts`): `BackendHost` reads it when it first creates a backend.
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
