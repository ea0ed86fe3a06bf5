import * as vscode from 'vscode';
import type { Backend } from '../../backends/backend';
import { modelActions } from '../../backends/modelActions';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import { modelCardFacts } from '../../core/catalog/modelCardFacts';
import { renderModelCardInWorker } from '../../core/catalog/modelCardWorkerHost';
import { taskDisplayName } from '../../core/tasks';
import { modelCardChannel, type ModelCardAction, type ModelCardToExtension, type ModelCardToWebview, type Playground } from '../../protocol/modelCardMessages';
import type { BackendHost } from '../backendHost';
import { COMMANDS } from '../commandIds';
import type { EndpointKeys } from '../endpoints/endpointKeys';
import { describeError, extensionLog } from '../log';
import { remedyAction, runRemedy } from '../remedies';
import { onWebviewMessage } from '../webview/webviewMessages';
import { playgroundFor, tryModel, type TryRequest } from './cardPlayground';

type ShowModel = Extract<ModelCardToWebview, { type: 'showModel' }>;

const ACTION_COMMANDS: Readonly<Record<ModelCardAction, string>> = {
  download: COMMANDS.downloadModel,
  evaluate: COMMANDS.evaluate,
  fineTune: COMMANDS.fineTune,
  deploy: COMMANDS.deployModel,
  showCode: COMMANDS.showModelCode,
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
  // What can be done first, then what cannot (each with its reason); while Download is offered, the reasons that only
  // say "download it first" say it in a few words.
  const enabledFirst = [...order.filter((action) => capabilities[action].ok), ...order.filter((action) => !capabilities[action].ok)];
  const actions = enabledFirst.map((action) => {
    const capability = capabilities[action];
    const reason = capability.ok ? undefined : capabilities.download.ok && capability.remedy === 'downloadModel' ? 'needs the model on this machine: Download it first.' : capability.reason;
    return { action, enabled: capability.ok, primary: action === primary, reason };
  });
  // Last and secondary: the code of what the buttons do, whatever this backend can run (the code names each backend).
  return { facts, actions: [...actions, { action: 'showCode' as const, enabled: true, primary: false }], fineTunableHere: here };
}

/**
 * One open model card: what it shows (sent again when the backend changes or the model was downloaded), its buttons,
 * and its playground's runs, one at a time (a new run, Cancel or closing the card stops the one before).
 */
export class ModelCardSession implements vscode.Disposable {
  private rendered: Promise<string> | undefined;
  private playground: Playground | undefined;
  private running: AbortController | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private model: CatalogModel,
    private readonly extensionUri: vscode.Uri,
    private readonly backends: BackendHost,
    private readonly keys: EndpointKeys,
  ) {
    const requests = {
      try: async (params: TryRequest, request: { readonly id: number }) => {
        this.running?.abort();
        const controller = new AbortController();
        this.running = controller;
        try {
          return await tryModel(await this.backends.current(), this.keys, this.model, params, controller.signal, (text) => this.post({ type: 'tryToken', requestId: request.id, text }));
        } finally {
          if (this.running === controller) this.running = undefined;
        }
      },
    };
    this.subscriptions = [
      onWebviewMessage(panel.webview, modelCardChannel, 'model card', extensionLog(), (message) => this.handle(message), requests),
      // Another backend (or a sign-in) changes what the card can offer: its buttons, badges and playground follow.
      backends.onDidChange(() => void this.show().catch((error: unknown) => extensionLog().warn(`Could not update the card of ${this.model.id}: ${describeError(error)}`))),
    ];
  }

  get modelId(): string {
    return this.model.id;
  }

  private post(message: ModelCardToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  /** Sends the card: the model as the current catalog has it (downloaded since, perhaps), and what the backend offers. */
  private async show(): Promise<void> {
    const backend = await this.backends.current();
    this.model = (await backend.catalog.get(this.model.id).catch(() => undefined)) ?? this.model;
    // Rendered on a worker thread with a time limit (dist/modelCardWorker.js): a hostile card cannot freeze the
    // extension host. Should the worker not start, the renderer (markdown-it, sanitize-html, a bundle of its own) runs
    // here, within its size and nesting limits. Once per card: later updates re-send only the rest.
    const worker = vscode.Uri.joinPath(this.extensionUri, 'dist', 'modelCardWorker.js').fsPath;
    const inProcess = async (markdown: string) => (await import('../../core/catalog/modelCardHtml')).renderModelCard(markdown);
    this.rendered ??= renderModelCardInWorker(this.model.description, worker, inProcess);
    this.playground = await playgroundFor(backend, this.model, (remedy) => remedyAction(remedy, this.model.id)?.label);
    const playground = this.playground ? { playground: this.playground } : {};
    this.post({ type: 'showModel', model: this.model, descriptionHtml: await this.rendered, ...cardCapabilities(backend, this.model), backendName: backend.displayName, ...playground });
  }

  private async handle(message: ModelCardToExtension): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.show();
        break;
      case 'action':
        // The card knows its model: an id the webview sends is never trusted to name another one.
        if (message.modelId !== this.model.id) {
          extensionLog().warn(`Dropped a model card action for "${message.modelId.slice(0, 200)}" from the card of "${this.model.id}".`);
          break;
        }
        await vscode.commands.executeCommand(ACTION_COMMANDS[message.action], this.model.id);
        // A download changes what the card can do: shown again once it is over.
        if (message.action === 'download') await this.show();
        break;
      case 'remedy': {
        // Only a remedy the playground offered runs.
        const runner = this.playground?.runner;
        if (runner?.kind !== 'unavailable' || !runner.remedies.some((r) => r.remedy === message.remedy)) break;
        const action = remedyAction(message.remedy, this.model.id);
        if (action) await runRemedy(action);
        await this.show();
        break;
      }
      case 'cancelTry':
        this.running?.abort();
        break;
      case 'openLink':
        // VS Code asks the user before it opens a domain they have not trusted yet.
        await vscode.env.openExternal(vscode.Uri.parse(message.url, true));
        break;
    }
  }

  dispose(): void {
    this.running?.abort();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
