import * as vscode from 'vscode';
import { BACKENDS } from '../backends/registry';
import type { BackendHost } from './backendHost';
import { COMMANDS } from './commandIds';
import { DisposableStore } from './disposables';

/**
 * The status bar names the backend in use and where its work happens (`Local · this machine`, `Azure ML · workspace
 * fm-dev`); a click opens Select Backend…. It shows the registry's label at once and the backend's own words once
 * it is loaded, so it never loads a backend by itself.
 */
export class BackendStatusBar implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly item: vscode.StatusBarItem;

  constructor(private readonly backends: BackendHost) {
    this.item = this.disposables.add(vscode.window.createStatusBarItem('foundationModels.backend', vscode.StatusBarAlignment.Left, 50));
    this.item.name = 'Foundation Models Backend';
    this.item.command = COMMANDS.selectBackend;
    this.disposables.add(backends.onDidChange(() => this.update()));
    this.update();
    this.item.show();
  }

  private update(): void {
    const id = this.backends.currentId;
    const entry = BACKENDS[id];
    this.item.text = `$(${entry.icon}) ${entry.label}`;
    this.item.tooltip = `Foundation Models: ${entry.label}. Click to change the backend.`;
    this.backends.current().then(
      (backend) => {
        if (this.backends.currentId !== id) return;
        this.item.text = `$(${entry.icon}) ${backend.displayName} · ${backend.location}`;
        this.item.tooltip = `Foundation Models: ${backend.displayName}, ${backend.location}. Click to change the backend.`;
      },
      () => undefined,
    );
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
