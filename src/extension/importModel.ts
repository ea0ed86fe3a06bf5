import * as vscode from 'vscode';
import { requireService, type ModelImportService } from '../backends/backend';
import { huggingFaceIdProblem } from '../core/catalog/huggingFaceImport';
import type { BackendHost } from './backendHost';
import { pullWithConsent } from './catalog/modelDownloads';
import { COMMANDS } from './commandIds';
import { withAbortableProgress } from './progress';
import { SETTINGS_SECTION } from './settings';

/**
 * Import from Hugging Face…: a Hub model id (checked as it is typed), then what the backend's import needs (a task,
 * a compute), then the import: a job that brings the model into the backend (followed in the Jobs view), or a folder
 * on this machine that joins the catalog through `foundationModels.localModelPaths`.
 */
export async function importFromHuggingFace(backends: BackendHost, secrets: vscode.SecretStorage): Promise<void> {
  const backend = await backends.current();
  const importer = requireService(backend, 'modelImport');
  const steps = 1 + (importer.tasks.length > 0 ? 1 : 0);
  const id = await vscode.window.showInputBox({
    title: `Import from Hugging Face (1/${steps}): model id`,
    prompt: `The model on the Hugging Face Hub, as owner/name. ${importer.description}`,
    placeHolder: 'distilbert/distilbert-base-uncased',
    validateInput: (text) => huggingFaceIdProblem(text),
  });
  if (!id) return;
  const modelId = id.trim();
  let task: string | undefined;
  if (importer.tasks.length > 0) {
    task = (await vscode.window.showQuickPick(importer.tasks.map((name) => ({ label: name })), { title: `Import from Hugging Face (2/${steps}): task of ${modelId}`, placeHolder: 'What the model does' }))?.label;
    if (!task) return;
  }
  const compute = await pickCompute(backends, importer, modelId);
  if (compute === null) return;
  let result = await withAbortableProgress({ location: vscode.ProgressLocation.Notification, title: `Importing ${modelId}`, cancellable: true }, (signal, report) =>
    importer.import({ modelId, task, compute }, { signal, progress: report }),
  );
  if (result.kind === 'notFound' && result.download && backend.modelDownloads) {
    // Not on this machine: download it (with the same consent and progress as Download Model…), then import that.
    const pulled = await pullWithConsent(backend.modelDownloads, result.download, modelId, secrets);
    if (!pulled) return;
    result = await importer.import({ modelId, folder: pulled.folder });
  } else if (result.kind === 'notFound') {
    const folder = await chooseFolder(modelId, result.problem);
    if (!folder) return;
    result = await importer.import({ modelId, folder });
  }
  if (result.kind === 'job') {
    await vscode.commands.executeCommand(COMMANDS.showJobLog, result.job);
    void vscode.window.showInformationMessage(result.note);
  } else if (result.kind === 'folder') {
    await addModelFolder(result.folder);
    void vscode.window.showInformationMessage(`${modelId} is in the catalog under On This Machine (${result.folder}).`);
  }
}

/** The compute an import runs on, where it runs on one: the default first, then the backend's clusters. Null: dismissed. */
async function pickCompute(backends: BackendHost, importer: ModelImportService, modelId: string): Promise<string | undefined | null> {
  if (!importer.defaultCompute) return undefined;
  const clusters = await (await backends.current()).jobs?.computes().catch(() => []) ?? [];
  const picked = await vscode.window.showQuickPick(
    [{ label: importer.defaultCompute.name, description: importer.defaultCompute.description }, ...clusters.map((c) => ({ label: c.name, description: c.description }))],
    { title: `Import ${modelId}: compute`, placeHolder: 'Where the import runs' },
  );
  return picked ? picked.label : null;
}

async function chooseFolder(modelId: string, problem: string): Promise<string | undefined> {
  const choose = 'Choose Folder…';
  if ((await vscode.window.showWarningMessage(problem, { modal: true }, choose)) !== choose) return undefined;
  const picked = await vscode.window.showOpenDialog({ title: `The folder of ${modelId}`, canSelectFiles: false, canSelectFolders: true, canSelectMany: false });
  return picked?.[0]?.fsPath;
}

async function addModelFolder(folder: string): Promise<void> {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const paths = configuration.get<unknown>('localModelPaths');
  const current = Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  if (!current.includes(folder)) await configuration.update('localModelPaths', [...current, folder], vscode.ConfigurationTarget.Global);
}
