import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import {
  modelCardChannel,
  ModelCardStateSchema,
  type ModelCardAction,
  type ModelCardToWebview,
} from '../../protocol/modelCardMessages';
import { renderModelCardInWorker } from '../../core/catalog/modelCardWorkerHost';
import type { BackendHost } from '../backendHost';
import { describeError, extensionLog } from '../log';
import { onWebviewMessage } from '../webview/webviewMessages';
import { webviewHtml, webviewOptions } from '../webview/webviewHtml';
import { panelIcon } from '../webview/panelIcon';

export const MODEL_CARD_VIEW_TYPE = 'foundationModels.modelCard';

const ACTION_COMMANDS: Readonly<Record<ModelCardAction, string>> = {
  evaluate: COMMANDS.evaluate,
  fineTune: COMMANDS.fineTune,
  deploy: COMMANDS.deployModel,
};

/** One webview panel per model; opening a card that is already open reveals it. */
export class ModelCardPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly open = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly backends: BackendHost,
  ) {}

  async show(modelId: string): Promise<void> {
    const existing = this.open.get(modelId);
    if (existing) {
      existing.reveal();
      return;
    }
    const model = await this.findModel(modelId);
    if (!model) return;
    const panel = vscode.window.createWebviewPanel(
      MODEL_CARD_VIEW_TYPE,
      model.name,
      vscode.ViewColumn.Active,
      webviewOptions(this.extensionUri),
    );
    this.attach(panel, model);
  }

  /** Restores a card after a window reload from the state its webview saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = ModelCardStateSchema.safeParse(state);
    const model = parsed.success ? await this.findModel(parsed.data.modelId) : undefined;
    if (!model) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    this.attach(panel, model);
  }

  private async findModel(modelId: string): Promise<CatalogModel | undefined> {
    try {
      const model = await (await this.backends.current()).catalog.get(modelId);
      if (!model) void vscode.window.showWarningMessage(`Model "${modelId}" is not in the current catalog.`);
      return model;
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not open the model card: ${describeError(error)}`);
      return undefined;
    }
  }

  private attach(panel: vscode.WebviewPanel, model: CatalogModel): void {
    this.open.set(model.id, panel);
    panel.iconPath = panelIcon(this.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'modelCard.js', model.name);
    const post = (message: ModelCardToWebview) => void panel.webview.postMessage(message);
    const subscription = onWebviewMessage(panel.webview, modelCardChannel, 'model card', extensionLog(), async (message) => {
      switch (message.type) {
        case 'ready': {
          // Rendered on a worker thread with a time limit (dist/modelCardWorker.js): a hostile card cannot freeze
          // the extension host. Should the worker not start, the renderer (markdown-it, sanitize-html, a bundle of its
          // own) runs here, within its size and nesting limits.
          const worker = vscode.Uri.joinPath(this.extensionUri, 'dist', 'modelCardWorker.js').fsPath;
          const inProcess = async (markdown: string) => (await import('../../core/catalog/modelCardHtml')).renderModelCard(markdown);
          post({ type: 'showModel', model, descriptionHtml: await renderModelCardInWorker(model.description, worker, inProcess) });
          break;
        }
        case 'action':
          // The panel knows its model: an id the webview sends is never trusted to name another one.
          if (message.modelId !== model.id) {
            extensionLog().warn(`Dropped a model card action for "${message.modelId.slice(0, 200)}" from the card of "${model.id}".`);
            break;
          }
          void vscode.commands.executeCommand(ACTION_COMMANDS[message.action], model.id);
          break;
        case 'openLink':
          // VS Code asks the user before it opens a domain they have not trusted yet.
          await vscode.env.openExternal(vscode.Uri.parse(message.url, true));
          break;
      }
    });
    panel.onDidDispose(() => {
      subscription.dispose();
      this.open.delete(model.id);
    });
  }

  dispose(): void {
    for (const panel of this.open.values()) panel.dispose();
  }
}
