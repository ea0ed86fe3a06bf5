import * as vscode from 'vscode';
import { remedyOf, type Backend } from '../backends/backend';
import type { BackendHost } from './backendHost';
import { DisposableStore, type DisposableLike } from './disposables';
import { describeError, extensionLog } from './log';

/**
 * A tree view of the current backend's records (jobs, endpoints): it follows the backend through changes of
 * backend, refreshes when the backend's service reports a change, and never fails silently: when its rows cannot be
 * listed, the view says why in its message (after vscode-azuretools' `createTreeItemsWithErrorHandling`); when the
 * backend names a remedy (sign in, choose a workspace), the view's welcome content offers it as buttons instead
 * (`<view id>Remedy` context key, `viewsWelcome` in package.json).
 */
export abstract class BackendBoundTree<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  protected readonly changed: vscode.EventEmitter<T | undefined>;
  readonly onDidChangeTreeData: vscode.Event<T | undefined>;
  readonly view: vscode.TreeView<T>;
  protected readonly disposables = new DisposableStore();
  private serviceSubscription: DisposableLike | undefined;

  constructor(
    private readonly viewId: string,
    /** What the rows are, in messages: `Jobs`, `Endpoints`. */
    private readonly what: string,
    protected readonly backends: BackendHost,
    /** The view, made at activation (`LazyTree`), which asks this provider for its rows once it is loaded. */
    view: vscode.TreeView<T>,
  ) {
    this.changed = this.disposables.add(new vscode.EventEmitter<T | undefined>());
    this.onDidChangeTreeData = this.changed.event;
    this.view = view;
    this.disposables.add(backends.onDidChange(() => void this.attach()));
    this.disposables.add({ dispose: () => this.serviceSubscription?.dispose() });
    void this.attach();
  }

  /** Listens to the backend's service, calling `refresh` when its records change. */
  protected abstract subscribe(backend: Backend, refresh: () => void): DisposableLike | undefined;
  /** The top rows. Throws when they cannot be listed; the view then shows the reason. */
  protected abstract listRoots(backend: Backend): Promise<T[]>;
  abstract getTreeItem(node: T): vscode.TreeItem;
  /** The rows below `node` (none by default). */
  protected childrenOf(_node: T): T[] {
    return [];
  }

  /** Follows the current backend; called again when the backend changes. */
  private async attach(): Promise<void> {
    this.serviceSubscription?.dispose();
    this.serviceSubscription = undefined;
    try {
      this.serviceSubscription = this.subscribe(await this.backends.current(), () => this.refresh());
    } catch {
      // The backend could not be created; getChildren says why.
    }
    this.refresh();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: T): Promise<T[]> {
    if (node) return this.childrenOf(node);
    try {
      const roots = await this.listRoots(await this.backends.current());
      this.showFailure(undefined);
      return roots;
    } catch (error) {
      extensionLog().warn(`${this.what} could not be listed: ${describeError(error)}`);
      this.showFailure(error);
      return [];
    }
  }

  /** A failure with a remedy goes to the welcome content (buttons); any other to the view's message. */
  private showFailure(error: unknown): void {
    const remedy = remedyOf(error);
    this.view.message = error === undefined || remedy ? undefined : describeError(error);
    void vscode.commands.executeCommand('setContext', `${this.viewId}Remedy`, remedy ?? '');
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
