import * as vscode from 'vscode';
import { formatParameterCount, type CatalogModel, type CollectionId } from '../../core/catalog/catalogModel';
import { groupCatalog, type CollectionGroup, type TaskGroup } from '../../core/catalog/catalogQuery';
import { isTaskId, taskDisplayName } from '../../core/tasks';
import type { BackendHost } from '../backendHost';
import { describeError, extensionLog } from '../log';

export const OPEN_MODEL_CARD_COMMAND = 'foundationModels.openModelCard';

type CatalogNode =
  | { kind: 'collection'; group: CollectionGroup }
  | { kind: 'task'; collection: CollectionId; group: TaskGroup }
  | { kind: 'model'; model: CatalogModel };

function taskLabel(task: string): string {
  return isTaskId(task) ? taskDisplayName(task) : task;
}

function modelTooltip(model: CatalogModel): vscode.MarkdownString {
  const lines = [
    `**${model.name}**`,
    '',
    `Task: ${taskLabel(model.task)}`,
    `License: ${model.license}`,
  ];
  if (model.fineTuningTasks.length > 0) lines.push(`Fine-tuning: ${model.fineTuningTasks.map(taskLabel).join(', ')}`);
  const size = formatParameterCount(model.parameters);
  if (size) lines.push(`Size: ${size}`);
  if (model.publisher) lines.push(`Publisher: ${model.publisher}`);
  const tooltip = new vscode.MarkdownString(lines.join('  \n'));
  tooltip.supportHtml = false;
  tooltip.isTrusted = false;
  return tooltip;
}

/** Collections → tasks → models, from whatever backend is current. */
export class CatalogTreeProvider implements vscode.TreeDataProvider<CatalogNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CatalogNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private groups: Promise<CollectionGroup[]> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Set by the owner once the view exists, so that load errors show as the view's message. */
  view: vscode.TreeView<CatalogNode> | undefined;

  constructor(private readonly backends: BackendHost) {
    this.disposables.push(this.changed, backends.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this.groups = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: CatalogNode): vscode.TreeItem {
    switch (node.kind) {
      case 'collection': {
        const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `collection:${node.group.collection}`;
        item.contextValue = 'collection';
        item.iconPath = new vscode.ThemeIcon('library');
        item.description = `${node.group.tasks.reduce((n, t) => n + t.models.length, 0)} models`;
        return item;
      }
      case 'task': {
        const item = new vscode.TreeItem(taskLabel(node.group.task), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `task:${node.collection}/${node.group.task}`;
        item.contextValue = 'task';
        item.iconPath = new vscode.ThemeIcon('symbol-folder');
        item.description = String(node.group.models.length);
        return item;
      }
      case 'model': {
        const item = new vscode.TreeItem(node.model.name, vscode.TreeItemCollapsibleState.None);
        item.id = `model:${node.model.id}`;
        item.contextValue = 'model';
        item.iconPath = new vscode.ThemeIcon('hubot');
        item.description = node.model.license;
        item.tooltip = modelTooltip(node.model);
        item.command = { command: OPEN_MODEL_CARD_COMMAND, title: 'Open Model Card', arguments: [node.model.id] };
        return item;
      }
    }
  }

  async getChildren(node?: CatalogNode): Promise<CatalogNode[]> {
    if (!node) {
      const groups = await this.loadGroups();
      return groups.map((group) => ({ kind: 'collection', group }));
    }
    switch (node.kind) {
      case 'collection':
        return node.group.tasks.map((group) => ({ kind: 'task', collection: node.group.collection, group }));
      case 'task':
        return node.group.models.map((model) => ({ kind: 'model', model }));
      case 'model':
        return [];
    }
  }

  private loadGroups(): Promise<CollectionGroup[]> {
    this.groups ??= this.readGroups();
    return this.groups;
  }

  private async readGroups(): Promise<CollectionGroup[]> {
    try {
      const backend = await this.backends.current();
      const models = await backend.catalog.list();
      this.setMessage(undefined);
      await setCatalogEmpty(models.length === 0);
      return groupCatalog(models);
    } catch (error) {
      const message = describeError(error);
      extensionLog().warn(`Catalog could not be loaded: ${message}`);
      this.setMessage(message);
      await setCatalogEmpty(true);
      this.groups = undefined; // try again on the next expand or refresh
      return [];
    }
  }

  private setMessage(message: string | undefined): void {
    if (this.view) this.view.message = message;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function setCatalogEmpty(empty: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', 'foundationModels.catalogEmpty', empty);
}
