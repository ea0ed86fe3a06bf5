import * as vscode from 'vscode';
import type { Backend, BackendId, BackendOptions } from '../backends/backend';
import { createBackend } from '../backends/createBackend';
import { azureBackendOptions } from './azure/azureSettings';
import { affectsBackendSettings, configuredBackend, configuredModelPaths, configuredPythonPath } from './settings';

/**
 * Holds the backend the user chose. Views and commands ask it for `current()` and listen to
 * `onDidChange`; none of them knows which implementation answers. Settings, sign-in changes and a new workspace
 * choice create the backend again.
 */
export class BackendHost implements vscode.Disposable {
  private backend: Promise<Backend> | undefined;
  private readonly changed = new vscode.EventEmitter<BackendId>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsBackendSettings(event)) this.reset();
      }),
      vscode.authentication.onDidChangeSessions((event) => {
        if (this.currentId === 'azure' && event.provider.id.startsWith('microsoft')) this.reset();
      }),
    ];
  }

  get currentId(): BackendId {
    return configuredBackend();
  }

  current(): Promise<Backend> {
    this.backend ??= this.create().catch((error: unknown) => {
      this.backend = undefined; // a failed load is tried again on the next call
      throw error;
    });
    return this.backend;
  }

  /** Drops the current backend; the next `current()` creates it again from settings. */
  reset(): void {
    void this.backend?.then((backend) => backend.dispose(), () => undefined);
    this.backend = undefined;
    this.changed.fire(configuredBackend());
  }

  private async create(): Promise<Backend> {
    const id = configuredBackend();
    const options: BackendOptions = {
      localModelPaths: configuredModelPaths(),
      localJobsFolder: vscode.Uri.joinPath(this.context.globalStorageUri, 'jobs').fsPath,
      pythonPath: configuredPythonPath(),
      azure: id === 'azure' ? azureBackendOptions(this.context) : undefined,
    };
    return createBackend(id, options);
  }

  dispose(): void {
    void this.backend?.then((backend) => backend.dispose(), () => undefined);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
