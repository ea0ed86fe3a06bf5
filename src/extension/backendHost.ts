import * as vscode from 'vscode';
import type { Backend } from '../backends/backend';
import { BACKENDS, createBackend, type BackendId } from '../backends/registry';
import { loadWorkbench } from './lazyWorkbench';
import { affectsBackendSettings, configuredBackend } from './settings';

/**
 * Holds the backend the user chose. Views and commands ask it for `current()` and listen to
 * `onDidChange`; none of them knows which implementation answers. Settings, sign-in changes and a new workspace
 * choice create the backend again. The settings a backend is created from are read by the lazily loaded workbench
 * (`backendSettings.ts`), so that activation reads and validates only which backend it is.
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
        const id = this.currentId;
        void loadWorkbench().then(({ EDITOR_BACKENDS }) => {
          if (this.currentId === id && EDITOR_BACKENDS[id].signsInWith(event.provider.id)) this.reset();
        });
      }),
    ];
  }

  get currentId(): BackendId {
    return configuredBackend();
  }

  /** The chosen backend's label, known without loading it (for the status bar and pickers). */
  get currentLabel(): string {
    return BACKENDS[this.currentId].label;
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
    const { EDITOR_BACKENDS } = await loadWorkbench();
    const id = configuredBackend();
    return createBackend(id, EDITOR_BACKENDS[id].options(this.context));
  }

  dispose(): void {
    void this.backend?.then((backend) => backend.dispose(), () => undefined);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
