import * as vscode from 'vscode';
import { DisposableStore } from './disposables';

/**
 * A view made at activation whose rows come from a provider loaded on first need (the workbench's, see
 * `lazyWorkbench.ts`): VS Code asks for the top rows when the view is first shown, and that first `getChildren`
 * loads the provider. Every row VS Code holds came from the provider's `getChildren`, so `getTreeItem` always finds
 * it loaded. The provider's changes are passed on as the view's own.
 */
export class LazyTree<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<T>;
  private provider: vscode.TreeDataProvider<T> | undefined;
  private readonly disposables = new DisposableStore();

  constructor(
    viewId: string,
    options: Omit<vscode.TreeViewOptions<T>, 'treeDataProvider'>,
    private readonly load: () => Promise<vscode.TreeDataProvider<T>>,
  ) {
    this.disposables.add(this.changed);
    this.view = this.disposables.add(vscode.window.createTreeView(viewId, { ...options, treeDataProvider: this }));
  }

  private async loaded(): Promise<vscode.TreeDataProvider<T>> {
    const provider = await this.load();
    if (this.provider !== provider) {
      this.provider = provider;
      const changes = provider.onDidChangeTreeData?.((node) => this.changed.fire(node));
      if (changes) this.disposables.add(changes);
    }
    return provider;
  }

  async getChildren(node?: T): Promise<T[]> {
    return (await (await this.loaded()).getChildren(node)) ?? [];
  }

  getTreeItem(node: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    if (!this.provider) throw new Error('A row was asked for before the view had listed any.');
    return this.provider.getTreeItem(node);
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
