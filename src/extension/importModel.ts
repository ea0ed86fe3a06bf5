import * as vscode from 'vscode';
import { checkModelFolder, findCachedModel } from '../backends/local/huggingFaceCache';
import { huggingFaceIdProblem, IMPORT_TASKS, type ImportTask } from '../core/catalog/huggingFaceImport';
import type { BackendHost } from './backendHost';
import { withAbortableProgress } from './progress';
import { SETTINGS_SECTION } from './settings';

/**
 * Import from Hugging Face…: a Hub model id (checked as it is typed) and its task. On Azure the registry's import
 * pipeline brings it into the workspace as a job; locally nothing is downloaded: a copy already on this machine
 * (the Hugging Face cache, or a folder the user picks) joins the catalog through `foundationModels.localModelPaths`.
 */
export async function importFromHuggingFace(backends: BackendHost): Promise<void> {
  const backend = await backends.current();
  const id = await vscode.window.showInputBox({
    title: 'Import from Hugging Face (1/2): model id',
    prompt: 'The model on the Hugging Face Hub, as owner/name',
    placeHolder: 'distilbert/distilbert-base-uncased',
    validateInput: (text) => huggingFaceIdProblem(text),
  });
  if (!id) return;
  const modelId = id.trim();
  const task = await vscode.window.showQuickPick(
    IMPORT_TASKS.map((name) => ({ label: name })),
    { title: `Import from Hugging Face (2/2): task of ${modelId}`, placeHolder: 'What the model does' },
  );
  if (!task) return;
  if (backend.id === 'azure') await importOnAzure(backends, modelId, task.label as ImportTask);
  else await importLocally(modelId);
}

async function importOnAzure(backends: BackendHost, modelId: string, importTask: ImportTask): Promise<void> {
  const backend = await backends.current();
  const jobs = backend.jobs;
  if (!jobs) throw new Error('Importing into Azure ML needs a workspace: run "Foundation Models: Sign in to Azure" and pick one.');
  const clusters = await jobs.computes().catch(() => []);
  const compute = await vscode.window.showQuickPick(
    [{ label: 'serverless', description: 'Azure ML picks the machine (the import pipeline’s default)' }, ...clusters.map((c) => ({ label: c.name, description: c.description }))],
    { title: `Import ${modelId}: compute`, placeHolder: 'Where the import pipeline runs' },
  );
  if (!compute) return;
  const job = await withAbortableProgress({ location: vscode.ProgressLocation.Notification, title: `Importing ${modelId}`, cancellable: true }, (signal, report) =>
    jobs.submit({ kind: 'import', modelId, importTask, compute: compute.label }, { signal, progress: report }),
  );
  await vscode.commands.executeCommand('foundationModels.showJobLog', job);
  void vscode.window.showInformationMessage(`Importing ${modelId} as job ${job.id}; the model appears under Workspace Models when the job completes.`);
}

async function importLocally(modelId: string): Promise<void> {
  const cached = await findCachedModel(modelId);
  let folder: string | undefined;
  if ('folder' in cached) {
    folder = cached.folder;
  } else {
    const choose = 'Choose Folder…';
    if ((await vscode.window.showWarningMessage(`${cached.problem}`, { modal: true }, choose)) !== choose) return;
    const picked = await vscode.window.showOpenDialog({ title: `The folder of ${modelId}`, canSelectFiles: false, canSelectFolders: true, canSelectMany: false });
    folder = picked?.[0]?.fsPath;
    if (!folder) return;
    const problem = await checkModelFolder(folder);
    if (problem) throw new Error(problem);
  }
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const paths = configuration.get<unknown>('localModelPaths');
  const current = Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  if (!current.includes(folder)) await configuration.update('localModelPaths', [...current, folder], vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(`${modelId} is in the catalog under On This Machine (${folder}).`);
}
