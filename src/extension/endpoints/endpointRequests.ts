import * as vscode from 'vscode';
import { requireService } from '../../backends/backend';
import type { EndpointRecord } from '../../core/endpoints/endpointModel';
import type { BackendHost } from '../backendHost';
import { withAbortableProgress } from '../progress';
import { endpointFromArgument, READY_ONLINE_ENDPOINT } from './endpointCommands';
import type { EndpointKeys } from './endpointKeys';
import { REQUEST_SCHEME, RequestFileSystem } from './requestFileSystem';

/** Shown while the active editor is a request to an endpoint: its title bar offers Send Request. */
export const REQUEST_CONTEXT_KEY = 'foundationModels.endpointRequestActive';
const RESPONSE_SCHEME = 'foundation-models-response';

interface RequestTarget {
  readonly backend: string;
  readonly endpoint: EndpointRecord;
}

/**
 * Test Endpoint: a JSON request for the endpoint's task opens in an editor, is sent, and the answer opens beside
 * it; edit the request and Send Request again. Keys: `EndpointKeys`.
 */
export class EndpointRequests implements vscode.Disposable, vscode.TextDocumentContentProvider {
  private readonly targets = new Map<string, RequestTarget>();
  /** Answers, shown as read-only documents (nothing to save when they are closed). */
  private readonly responses = new Map<string, string>();
  private responseCount = 0;
  private readonly subscriptions: vscode.Disposable[];
  private readonly requestFiles = new RequestFileSystem();

  constructor(
    private readonly backends: BackendHost,
    private readonly keys: EndpointKeys,
  ) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, this),
      vscode.workspace.registerFileSystemProvider(REQUEST_SCHEME, this.requestFiles),
      vscode.window.onDidChangeActiveTextEditor((editor) => void this.updateContext(editor)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.targets.delete(document.uri.toString());
        this.responses.delete(document.uri.toString());
      }),
    ];
  }

  private updateContext(editor: vscode.TextEditor | undefined): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', REQUEST_CONTEXT_KEY, Boolean(editor && this.targets.has(editor.document.uri.toString())));
  }

  async test(value: unknown): Promise<void> {
    const { endpoint } = (await endpointFromArgument(value, this.backends, READY_ONLINE_ENDPOINT)) ?? {};
    if (!endpoint) return;
    if (endpoint.kind !== 'online') throw new Error(`${endpoint.name} is a batch endpoint: it scores files as jobs, not single requests.`);
    if (endpoint.state !== 'ready') throw new Error(`${endpoint.name} is ${endpoint.state}; test it once it is ready.`);
    const backend = await this.backends.current();
    const modelId = endpoint.model ?? endpoint.deployments[0]?.model;
    const model = modelId ? await backend.catalog.get(modelId).catch(() => undefined) : undefined;
    const body = requireService(backend, 'endpoints').sampleRequest({ ...model, task: endpoint.task ?? model?.task });
    // A fresh request named after the endpoint (`<endpoint>/request.json`), in memory: nothing to save when closed.
    const uri = RequestFileSystem.uriFor(endpoint.name);
    this.requestFiles.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(body, null, 2)}\n`));
    const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'json');
    this.targets.set(document.uri.toString(), { backend: backend.id, endpoint });
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
    await this.updateContext(editor);
    await this.send(document);
  }

  /** Sends the request in `document` (the active editor when not given) and shows the answer beside it. */
  async send(document = vscode.window.activeTextEditor?.document): Promise<void> {
    const target = document && this.targets.get(document.uri.toString());
    if (!document || !target) throw new Error('Open a request with Test Endpoint (Endpoints view) first.');
    const text = document.getText();
    // The JSON parser is a bundle of its own, loaded on the first request.
    const { findJsonSyntaxError } = await import('../../core/jsonSyntax');
    const problem = findJsonSyntaxError(text);
    if (problem) {
      throw new Error(`The request is not valid JSON at line ${problem.line}, column ${problem.column}: expected ${problem.expected}, found ${problem.found}. Fix it and Send Request again.`);
    }
    const body: unknown = JSON.parse(text);
    // Sending keeps what was sent: the in-memory request is saved, so closing it later asks nothing.
    if (document.isDirty && document.uri.scheme === REQUEST_SCHEME) await document.save();
    const backend = await this.backends.current();
    if (!backend.endpoints || backend.id !== target.backend) throw new Error(`${target.endpoint.name} belongs to the ${target.backend} backend; switch back to it to send requests.`);
    const name = target.endpoint.name;
    const result = await withAbortableProgress({ location: vscode.ProgressLocation.Notification, title: `Sending the request to ${name}`, cancellable: true }, (signal) =>
      this.keys.invoke(backend, name, body, signal),
    );
    const uri = vscode.Uri.from({ scheme: RESPONSE_SCHEME, path: `/${name}/response-${++this.responseCount}.json` });
    this.responses.set(uri.toString(), `${JSON.stringify({ status: result.status, durationMs: Math.round(result.durationMs), body: result.body }, null, 2)}\n`);
    const response = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'json');
    await vscode.window.showTextDocument(response, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.responses.get(uri.toString()) ?? '';
  }

  /** Forgets an endpoint's key (it was deleted). */
  forget(backend: string, endpoint: string): Promise<void> {
    return this.keys.forget(backend, endpoint);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
