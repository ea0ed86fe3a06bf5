import * as vscode from 'vscode';
import { BackendIdSchema, type BackendId } from '../backends/backend';

export const SETTINGS_SECTION = 'foundationModels';

/** The `foundationModels.backend` setting, validated: anything unknown falls back to the local backend. */
export function configuredBackend(): BackendId {
  const raw = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>('backend');
  const parsed = BackendIdSchema.safeParse(raw);
  return parsed.success ? parsed.data : 'local';
}

export async function setConfiguredBackend(id: BackendId): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('backend', id, vscode.ConfigurationTarget.Global);
}

export function affectsBackendSetting(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SETTINGS_SECTION}.backend`);
}
