import * as vscode from 'vscode';
import * as z from 'zod';
import { BACKEND_IDS, BackendIdSchema, type BackendId } from '../backends/registry';
import { resolveModelPath } from '../core/catalog/modelPaths';

export const SETTINGS_SECTION = 'foundationModels';

function setting(key: string): unknown {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(key);
}

/** The `foundationModels.backend` setting, validated: anything unknown falls back to the first backend (local). */
export function configuredBackend(): BackendId {
  const parsed = BackendIdSchema.safeParse(setting('backend'));
  return parsed.success ? parsed.data : BACKEND_IDS[0];
}

export async function setConfiguredBackend(id: BackendId): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('backend', id, vscode.ConfigurationTarget.Global);
}

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

/** Settings whose change means the backend must be created again. */
export function affectsBackendSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return ['backend', 'localModelPaths', 'pythonPath', 'azure', 'inference'].some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
}

const WholeNumberSchema = z.number().int().min(1);

/** `foundationModels.inference.batchSize` and `.threads` (0: onnxruntime chooses); a value of the wrong shape is the default. */
export function configuredInference(): { batchSize: number | undefined; threads: number | undefined } {
  const batchSize = WholeNumberSchema.safeParse(setting('inference.batchSize'));
  const threads = z.number().int().min(0).safeParse(setting('inference.threads'));
  return { batchSize: batchSize.success ? batchSize.data : undefined, threads: threads.success ? threads.data : undefined };
}

/**
 * `foundationModels.pythonPath`: the Python that runs local fine-tuning, from the user's own settings only (a
 * repository must not choose the program that runs with the user's data: the setting is machine-scoped).
 */
export function configuredPythonPath(): string {
  const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<unknown>('pythonPath');
  const value = inspected?.globalValue ?? inspected?.defaultValue;
  return typeof value === 'string' && value.trim() ? value.trim() : 'python3';
}
