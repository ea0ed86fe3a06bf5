import * as vscode from 'vscode';
import type { Backend, BackendId } from '../backends/backend';
import { createBackend } from '../backends/createBackend';
import { affectsBackendSetting, configuredBackend } from './settings';

/**
 * Holds the backend the user chose. Views and commands ask it for `current()` and listen to
 * `onDidChange`; none of them knows which implementation answers.
 */
export class BackendHost implements vscode.Disposable {
  private backend: Promise<Backend> | undefined;
  private readonly changed = new vscode.EventEmitter<BackendId>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsBackendSetting(event)) return;
      void this.backend?.then((backend) => backend.dispose());
      this.backend = undefined;
      this.changed.fire(configuredBackend());
    });
  }

  get currentId(): BackendId {
    return configuredBackend();
  }

  current(): Promise<Backend> {
    this.backend ??= createBackend(configuredBackend()).catch((error: unknown) => {
      this.backend = undefined; // a failed load is tried again on the next call
      throw error;
    });
    return this.backend;
  }

  dispose(): void {
    void this.backend?.then((backend) => backend.dispose());
    this.subscription.dispose();
    this.changed.dispose();
  }
}
