import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import type { Backend } from '../../backends/backend';
import { modelActions } from '../../backends/modelActions';
import { modelCardFacts } from '../../core/catalog/modelCardFacts';
import { taskDisplayName } from '../../core/tasks';
import {
  modelCardChannel,
  ModelCardStateSchema,
  type ModelCardAction,
  type ModelCardToWebview,
} from '../../protocol/modelCardMessages';

type ShowModel = Extract<ModelCardToWebview, { type: 'showModel' }>;
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

/** The card's facts, buttons and badges for `model` on `backend`: what it is, and what this backend can do with it. */
function cardCapabilities(backend: Backend, model: CatalogModel): Pick<ShowModel, 'facts' | 'actions' | 'fineTunableHere'> {
  const { capabilities, fineTuning, primary, order } = modelActions(backend, model);
  const here = fineTuning.filter((t) => t.capability.ok).map((t) => t.task);
  // Every fine-tuning task, each said to be out of reach on this backend where it is (the reason is under the buttons).
  const fineTuneFact = model.fineTuningTasks.length
    ? { label: 'Fine-tuning tasks', value: fineTuning.map((t) => `${taskDisplayName(t.task)}${t.capability.ok ? '' : ` (not on ${backend.displayName})`}`).join(', ') }
    : undefined;
  const facts = modelCardFacts(model);
  // After Task: what the model can be fine-tuned for, on this backend.
  if (fineTuneFact) facts.splice(1, 0, fineTuneFact);
  const actions = order.map((action) => {
    const capability = capabilities[action];
    return { action, enabled: capability.ok, primary: action === primary, reason: capability.ok ? undefined : capability.reason };
  });
  return { facts, actions, fineTunableHere: here };
}

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
      model.displayName ?? model.name,
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
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'modelCard.js', model.displayName ?? model.name);
    const post = (message: ModelCardToWebview) => void panel.webview.postMessage(message);
    let rendered: Promise<string> | undefined;
    const show = async () => {
      // Rendered on a worker thread with a time limit (dist/modelCardWorker.js): a hostile card cannot freeze the
      // extension host. Should the worker not start, the renderer (markdown-it, sanitize-html, a bundle of its own)
      // runs here, within its size and nesting limits. Once per panel: a backend change re-sends only the rest.
      const worker = vscode.Uri.joinPath(this.extensionUri, 'dist', 'modelCardWorker.js').fsPath;
      const inProcess = async (markdown: string) => (await import('../../core/catalog/modelCardHtml')).renderModelCard(markdown);
      rendered ??= renderModelCardInWorker(model.description, worker, inProcess);
      const backend = await this.backends.current();
      post({ type: 'showModel', model, descriptionHtml: await rendered, ...cardCapabilities(backend, model), backendName: backend.displayName });
    };
    const subscription = onWebviewMessage(panel.webview, modelCardChannel, 'model card', extensionLog(), async (message) => {
      switch (message.type) {
        case 'ready':
          await show();
          break;
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
    // Another backend (or a sign-in) changes what the card can offer: its buttons and badges follow.
    const backendChange = this.backends.onDidChange(() => void show().catch((error: unknown) => extensionLog().warn(`Could not update the card of ${model.id}: ${describeError(error)}`)));
    panel.onDidDispose(() => {
      subscription.dispose();
      backendChange.dispose();
      this.open.delete(model.id);
    });
  }

  dispose(): void {
    for (const panel of this.open.values()) panel.dispose();
  }
}
