import * as vscode from 'vscode';
import { BACKEND_IDS, BACKEND_LABELS } from '../backends/backend';
import { isTaskId, taskDisplayName } from '../core/tasks';
import type { BackendHost } from './backendHost';
import type { CatalogTreeProvider } from './catalog/catalogTreeProvider';
import { OPEN_MODEL_CARD_COMMAND } from './catalog/catalogTreeProvider';
import { describeError, extensionLog } from './log';
import type { LazyJobPanels } from './jobPanel/lazyJobPanels';
import type { ModelCardPanels } from './modelCard/modelCardPanel';
import type { JobMode } from '../protocol/jobPanelMessages';
import { setConfiguredBackend } from './settings';

export interface CommandContext {
  readonly backends: BackendHost;
  readonly catalogTree: CatalogTreeProvider;
  readonly modelCards: ModelCardPanels;
  readonly jobPanels: LazyJobPanels;
}

/** Says plainly that a command exists but its capability has not been built yet. Nothing is faked. */
function notAvailableYet(what: string): void {
  void vscode.window.showInformationMessage(`${what} is not available in this version of Foundation Models yet.`);
}

async function pickModelId(backends: BackendHost): Promise<string | undefined> {
  const models = await (await backends.current()).catalog.list();
  const picked = await vscode.window.showQuickPick(
    models.map((model) => ({
      label: model.name,
      description: `${isTaskId(model.task) ? taskDisplayName(model.task) : model.task} · ${model.license}`,
      detail: model.description.replace(/[#*`]/g, '').replace(/\s+/g, ' ').trim().slice(0, 160),
      id: model.id,
    })),
    { title: 'Open Model Card', placeHolder: 'Search models by name, task, license or description', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.id;
}

/**
 * Fine-tune… and Evaluate… take a dataset from the explorer (a Uri) or a model from its card (a model id, then
 * the user picks the dataset).
 */
async function openJobPanel(jobPanels: LazyJobPanels, mode: JobMode, target: unknown): Promise<void> {
  let file = target instanceof vscode.Uri ? target : undefined;
  const modelId = typeof target === 'string' ? target : undefined;
  if (!file) {
    const picked = await vscode.window.showOpenDialog({
      title: mode === 'fineTune' ? 'Choose the training data' : 'Choose the test data',
      filters: { Datasets: ['jsonl', 'csv', 'tsv', 'json'] },
      canSelectMany: false,
    });
    file = picked?.[0];
  }
  if (file) await jobPanels.show(file, mode, modelId);
}

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  const { backends, catalogTree, modelCards, jobPanels } = context;
  const register = (id: string, run: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await run(...args);
      } catch (error) {
        extensionLog().error(`${id} failed: ${describeError(error)}`);
        void vscode.window.showErrorMessage(describeError(error));
      }
    });

  return [
    register(OPEN_MODEL_CARD_COMMAND, async (modelId) => {
      const id = typeof modelId === 'string' ? modelId : await pickModelId(backends);
      if (id) await modelCards.show(id);
    }),
    register('foundationModels.refreshCatalog', async () => {
      (await backends.current()).catalog.refresh();
      catalogTree.refresh();
    }),
    register('foundationModels.selectBackend', async () => {
      const picked = await vscode.window.showQuickPick(
        BACKEND_IDS.map((id) => ({ label: BACKEND_LABELS[id], id, picked: id === backends.currentId })),
        { title: 'Select Backend', placeHolder: `Current: ${BACKEND_LABELS[backends.currentId]}` },
      );
      if (picked) await setConfiguredBackend(picked.id);
    }),
    register('foundationModels.useLocalModels', async () => {
      await setConfiguredBackend('local');
      await vscode.commands.executeCommand('foundationModels.catalog.focus');
    }),
    register('foundationModels.signInToAzure', () => notAvailableYet('Signing in to Azure')),
    register('foundationModels.fineTune', (target) => openJobPanel(jobPanels, 'fineTune', target)),
    register('foundationModels.evaluate', (target) => openJobPanel(jobPanels, 'evaluate', target)),
    register('foundationModels.deployModel', () => notAvailableYet('Deploying a model')),
    register('foundationModels.importFromHuggingFace', () => notAvailableYet('Importing from Hugging Face')),
    register('foundationModels.showLog', () => extensionLog().show()),
  ];
}
