import { bundleEvaluationStart } from './activationClock';
import * as vscode from 'vscode';
import { BackendHost } from './backendHost';
import { CatalogTreeProvider } from './catalog/catalogTreeProvider';
import { registerCommands } from './commands';
import { EmptyTreeProvider } from './emptyTreeProvider';
import { extensionLog } from './log';
import { MODEL_CARD_VIEW_TYPE, ModelCardPanels } from './modelCard/modelCardPanel';

/**
 * Activation stays small: it creates the views and registers commands. Backends are created on first use, and
 * the Azure backend is a separate bundle loaded only when chosen.
 */
export function activate(context: vscode.ExtensionContext): void {
  const activateStart = performance.now();
  const log = extensionLog();
  const backends = new BackendHost();
  const catalogTree = new CatalogTreeProvider(backends);
  const catalogView = vscode.window.createTreeView('foundationModels.catalog', {
    treeDataProvider: catalogTree,
    showCollapseAll: true,
  });
  catalogTree.view = catalogView;
  const modelCards = new ModelCardPanels(context.extensionUri, backends);

  context.subscriptions.push(
    log,
    backends,
    catalogTree,
    catalogView,
    modelCards,
    vscode.window.registerTreeDataProvider('foundationModels.jobs', new EmptyTreeProvider()),
    vscode.window.registerTreeDataProvider('foundationModels.endpoints', new EmptyTreeProvider()),
    vscode.window.registerWebviewPanelSerializer(MODEL_CARD_VIEW_TYPE, modelCards),
    ...registerCommands({ backends, catalogTree, modelCards }),
  );

  const end = performance.now();
  log.info(
    `Foundation Models activated (backend: ${backends.currentId}); ` +
      `activation ${(end - bundleEvaluationStart).toFixed(1)} ms, activate() ${(end - activateStart).toFixed(1)} ms`,
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
