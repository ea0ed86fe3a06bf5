import * as vscode from 'vscode';
import { BACKEND_IDS, isBackendId, type BackendId } from '../backends/registry';

/*
 * The settings activation reads (which backend, whether a change concerns it). They are checked without zod, which
 * activation does not load; the settings each backend is created from are read, with zod, in `backendSettings.ts`.
 */

export const SETTINGS_SECTION = 'foundationModels';

export function setting(key: string): unknown {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(key);
}

/** The `foundationModels.backend` setting, validated: anything unknown falls back to the first backend (local). */
export function configuredBackend(): BackendId {
  const value = setting('backend');
  return isBackendId(value) ? value : BACKEND_IDS[0];
}

export async function setConfiguredBackend(id: BackendId): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('backend', id, vscode.ConfigurationTarget.Global);
}

/** Settings whose change means the backend must be created again. */
export function affectsBackendSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return ['backend', 'localModelPaths', 'pythonPath', 'azure', 'inference'].some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
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
