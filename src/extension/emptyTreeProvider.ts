import type * as vscode from 'vscode';

/**
 * A view with no items, so that VS Code shows its welcome content. The Jobs and Endpoints views use it
 * until backends can submit jobs and deploy models; each welcome text says how its view fills.
 */
export class EmptyTreeProvider implements vscode.TreeDataProvider<never> {
  getTreeItem(node: never): vscode.TreeItem {
    return node;
  }

  getChildren(): never[] {
    return [];
  }
}
