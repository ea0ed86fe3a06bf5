import * as vscode from 'vscode';
import { BACKEND_IDS, BACKENDS } from '../backends/registry';
import type { BackendHost } from './backendHost';
import type { CatalogTreeProvider } from './catalog/catalogTreeProvider';
import { VIEWS } from './commandIds';
import { setConfiguredBackend } from './settings';

/** Select Backend…: every backend of the registry, the current one marked. */
export async function selectBackend(backends: BackendHost): Promise<void> {
  const picked = await vscode.window.showQuickPick(
    BACKEND_IDS.map((id) => ({ label: BACKENDS[id].label, id, picked: id === backends.currentId, description: id === backends.currentId ? 'current' : undefined })),
    { title: 'Select Backend', placeHolder: `Current: ${backends.currentLabel}` },
  );
  if (picked) await setConfiguredBackend(picked.id);
}

/** Use Local Models: the embedded backend, which needs no account (the first of the registry). */
export async function useLocalModels(): Promise<void> {
  await setConfiguredBackend(BACKEND_IDS[0]);
  await vscode.commands.executeCommand(`${VIEWS.catalog}.focus`);
}

export async function refreshCatalog(backends: BackendHost, catalogTree: CatalogTreeProvider): Promise<void> {
  (await backends.current()).catalog.refresh();
  catalogTree.refresh();
}
