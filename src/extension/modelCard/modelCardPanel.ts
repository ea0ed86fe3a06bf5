import * as vscode from 'vscode';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import { ModelCardStateSchema } from '../../protocol/modelCardMessages';
import type { BackendHost } from '../backendHost';
import { PANELS } from '../commandIds';
import type { EndpointKeys } from '../endpoints/endpointKeys';
import { describeError } from '../log';
import { webviewHtml, webviewOptions } from '../webview/webviewHtml';
import { panelIcon } from '../webview/panelIcon';
import { ModelCardSession } from './modelCardSession';

/** One webview panel per model; opening a card that is already open reveals it. */
export class ModelCardPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly open = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly backends: BackendHost,
    private readonly keys: EndpointKeys,
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
      PANELS.modelCard,
      model.displayName ?? model.name,
      vscode.ViewColumn.Active,
      // The playground holds what was typed and the last result: kept while the card's tab is in the background.
      { ...webviewOptions(this.extensionUri), retainContextWhenHidden: true },
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
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'modelCard.js', model.displayName ?? model.name);
    const session = new ModelCardSession(panel, model, this.extensionUri, this.backends, this.keys);
    panel.onDidDispose(() => {
      session.dispose();
      this.open.delete(model.id);
    });
  }

  dispose(): void {
    for (const panel of this.open.values()) panel.dispose();
  }
}
