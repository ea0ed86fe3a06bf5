import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../commandIds';
import { catalogListing, remedyOf, type CatalogListing, type ModelDownloadService } from '../../backends/backend';
import { formatParameterCount, type CatalogModel, type CollectionId } from '../../core/catalog/catalogModel';
import { filterCatalog, groupCatalog, isFilterActive, type CatalogFilter, type CollectionGroup, type TaskGroup } from '../../core/catalog/catalogQuery';
import { isTaskId, taskDisplayName } from '../../core/tasks';
import type { BackendHost } from '../backendHost';
import { describeError, extensionLog } from '../log';
import { withCatalogProgress } from './catalogProgress';
import { isCancellation } from '../progress';
import { escapeMarkdown } from '../markdownText';

export const OPEN_MODEL_CARD_COMMAND = COMMANDS.openModelCard;
const FILTERED_CONTEXT = 'foundationModels.catalogFiltered';
const EMPTY_CONTEXT = 'foundationModels.catalogEmpty';
/** The remedy the backend named when the catalog could not be read (`viewsWelcome` offers it as buttons). */
const REMEDY_CONTEXT = `${VIEWS.catalog}Remedy`;

/** A row of the Catalog view. */
export type CatalogNode =
  | { kind: 'loading'; count: number }
  | { kind: 'collection'; group: CollectionGroup }
  | { kind: 'task'; collection: CollectionId; group: TaskGroup }
  | { kind: 'model'; model: CatalogModel };

export function taskLabel(task: string): string {
  return isTaskId(task) ? taskDisplayName(task) : task;
}

function modelTooltip(model: CatalogModel, download: string | undefined): vscode.MarkdownString {
  const lines = [`**${escapeMarkdown(model.name)}**`, '', `Task: ${taskLabel(model.task)}`, `License: ${escapeMarkdown(model.license)}`];
  if (model.path) lines.push(`On this machine: ${escapeMarkdown(model.path)}`);
  else if (download) lines.push(`Not on this machine: Download Model… fetches ${escapeMarkdown(download)}`);
  if (model.trainingPath) lines.push(`PyTorch weights for fine-tuning: ${escapeMarkdown(model.trainingPath)}`);
  if (model.fineTuningTasks.length > 0) lines.push(`Fine-tuning: ${model.fineTuningTasks.map(taskLabel).join(', ')}`);
  const size = formatParameterCount(model.parameters);
  if (size) lines.push(`Size: ${size}`);
  if (model.publisher) lines.push(`Publisher: ${escapeMarkdown(model.publisher)}`);
  if (model.source) lines.push(`Source: ${escapeMarkdown(model.source)}`);
  const tooltip = new vscode.MarkdownString(lines.join('  \n'));
  tooltip.supportHtml = false;
  tooltip.isTrusted = false;
  return tooltip;
}


/** How the active filter reads in the view's description, e.g. `Task: Translation · License: mit`. */
export function describeFilter(filter: CatalogFilter): string {
  const parts: string[] = [];
  if (filter.task) parts.push(`Task: ${taskLabel(filter.task)}`);
  if (filter.license) parts.push(`License: ${filter.license}`);
  return parts.join(' · ');
}

/** The models a listing has handed over so far, while the rest loads. */
interface PartialModels {
  readonly models: readonly CatalogModel[];
}

/**
 * Collections → tasks → models from whatever backend is current, narrowed by the task and license filters the
 * view's title bar sets. The listing is read once per backend or refresh; filtering re-groups it in memory. While a
 * listing loads, the models it has handed over so far (`CatalogRequest.onModels`: a disk cache at once, then each
 * model as it is read) are shown under a "Loading… n models so far" row, and the tree updates in place (ids are
 * stable, so what is expanded stays expanded).
 */
export class CatalogTreeProvider implements vscode.TreeDataProvider<CatalogNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CatalogNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private listing: Promise<CatalogListing | undefined> | undefined;
  /** Set while a listing loads: its models so far, and a promise that settles when the first arrive. */
  private partial: PartialModels | undefined;
  private firstModels: Promise<void> = Promise.resolve();
  /** A line the view shows after the listing was cancelled part way. */
  private stopped: string | undefined;
  private filterValue: CatalogFilter = {};
  /** The backend's downloads, for the rows of models that can be downloaded (their Download Model… action). */
  private downloads: ModelDownloadService | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly backends: BackendHost,
    /** The view, made at activation (`LazyTree`), which asks this provider for its rows once it is loaded. */
    readonly view: vscode.TreeView<CatalogNode>,
  ) {
    this.disposables.push(this.changed, backends.onDidChange(() => this.refresh()));
  }

  get filter(): CatalogFilter {
    return this.filterValue;
  }

  /** Drops the cached listing: the next render reads the backend again. */
  refresh(): void {
    this.listing = undefined;
    this.partial = undefined;
    this.changed.fire(undefined);
  }

  setFilter(filter: CatalogFilter): void {
    this.filterValue = { task: filter.task || undefined, license: filter.license || undefined };
    this.view.description = describeFilter(this.filterValue) || undefined;
    void vscode.commands.executeCommand('setContext', FILTERED_CONTEXT, isFilterActive(this.filterValue));
    this.changed.fire(undefined);
  }

  /**
   * The models to pick from now: those read so far while the listing loads (with `loading` set), else the whole
   * listing, read if needed; undefined when it could not be read (the view says why).
   */
  async modelsNow(): Promise<{ models: readonly CatalogModel[]; loading: boolean } | undefined> {
    const pending = this.loadListing();
    if (this.partial && this.partial.models.length > 0) return { models: this.partial.models, loading: true };
    const listing = await pending;
    return listing ? { models: listing.models, loading: false } : undefined;
  }

  /** The current listing, reading it if needed; undefined when it could not be read (the view says why). */
  loadListing(): Promise<CatalogListing | undefined> {
    this.listing ??= this.readListing();
    return this.listing;
  }

  getTreeItem(node: CatalogNode): vscode.TreeItem {
    switch (node.kind) {
      case 'loading': {
        const item = new vscode.TreeItem(`Loading… ${node.count.toLocaleString('en')} model${node.count === 1 ? '' : 's'} so far`, vscode.TreeItemCollapsibleState.None);
        item.id = 'loading';
        item.contextValue = 'loading';
        item.iconPath = new vscode.ThemeIcon('loading~spin');
        item.tooltip = 'The catalog is still loading; the models read so far can be opened already.';
        return item;
      }
      case 'collection': {
        const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `collection:${node.group.collection}`;
        item.contextValue = 'collection';
        item.iconPath = new vscode.ThemeIcon('library');
        const count = node.group.tasks.reduce((n, t) => n + t.models.length, 0);
        item.description = `${count} model${count === 1 ? '' : 's'}`;
        return item;
      }
      case 'task': {
        // A filtered tree opens its task folders: the user asked to see those models.
        const state = isFilterActive(this.filterValue) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
        const item = new vscode.TreeItem(taskLabel(node.group.task), state);
        item.id = `task:${node.collection}/${node.group.task}${isFilterActive(this.filterValue) ? ':filtered' : ''}`;
        item.contextValue = 'task';
        item.iconPath = new vscode.ThemeIcon('symbol-folder');
        item.description = String(node.group.models.length);
        return item;
      }
      case 'model': {
        // A readable name, with the model's own name (its id in its source) beside it.
        const { displayName, name } = node.model;
        const item = new vscode.TreeItem(displayName ?? name, vscode.TreeItemCollapsibleState.None);
        item.id = `model:${node.model.id}`;
        const download = this.downloads?.sourceOf(node.model);
        item.contextValue = download ? 'model.downloadable' : 'model';
        item.iconPath = new vscode.ThemeIcon('hubot');
        item.description = displayName ? name : node.model.license;
        item.tooltip = modelTooltip(node.model, download?.repo);
        item.command = { command: OPEN_MODEL_CARD_COMMAND, title: 'Open Model Card', arguments: [node.model.id] };
        return item;
      }
    }
  }

  async getChildren(node?: CatalogNode): Promise<CatalogNode[]> {
    if (!node) {
      const pending = this.loadListing();
      // The models so far as soon as there are some; the whole listing when it comes first.
      await Promise.race([pending, this.firstModels]);
      const partial = this.partial;
      if (partial) {
        const groups = groupCatalog(filterCatalog(partial.models, this.filterValue));
        return [{ kind: 'loading', count: partial.models.length }, ...groups.map((group): CatalogNode => ({ kind: 'collection', group }))];
      }
      const listing = await pending;
      if (!listing) return [];
      const models = filterCatalog(listing.models, this.filterValue);
      this.showMessage(listing, models.length);
      return groupCatalog(models).map((group) => ({ kind: 'collection', group }));
    }
    switch (node.kind) {
      case 'loading':
        return [];
      case 'collection':
        return node.group.tasks.map((group) => ({ kind: 'task', collection: node.group.collection, group }));
      case 'task':
        return node.group.models.map((model) => ({ kind: 'model', model }));
      case 'model':
        return [];
    }
  }

  private showMessage(listing: CatalogListing, shown: number): void {
    const lines: string[] = this.stopped ? [this.stopped] : [];
    if (isFilterActive(this.filterValue) && shown === 0) {
      lines.push(`No model matches ${describeFilter(this.filterValue)}. Clear the filter to see all ${listing.models.length}.`);
    }
    if (listing.warnings.length > 0) {
      lines.push(`${listing.warnings.length === 1 ? 'A source' : `${listing.warnings.length} sources`} could not be read: ${listing.warnings[0]}`);
    }
    this.view.message = lines.join(' ') || undefined;
  }

  private async readListing(): Promise<CatalogListing | undefined> {
    const partial: { models: readonly CatalogModel[] } = { models: [] };
    let arrived: () => void = () => undefined;
    this.firstModels = new Promise<void>((resolve) => (arrived = resolve));
    this.stopped = undefined;
    const onModels = (models: readonly CatalogModel[]) => {
      partial.models = models;
      // Only the listing now loading updates the view (a refresh may have started another).
      if (this.partial !== partial) return;
      arrived();
      this.changed.fire(undefined);
    };
    try {
      const backend = await this.backends.current();
      this.downloads = backend.modelDownloads;
      const listing = await withCatalogProgress(backend, (request) => {
        this.partial = partial;
        return backend.catalog.list({ ...request, onModels });
      });
      for (const warning of listing.warnings) extensionLog().warn(`Catalog: ${warning}`);
      await vscode.commands.executeCommand('setContext', EMPTY_CONTEXT, listing.models.length === 0);
      await vscode.commands.executeCommand('setContext', REMEDY_CONTEXT, '');
      return listing;
    } catch (error) {
      const message = describeError(error);
      if (partial.models.length > 0) {
        // Cancel, or a failure part way, keeps what was read, with a line saying so; Refresh reads it all again.
        if (isCancellation(error)) this.stopped = `Loading was cancelled after ${partial.models.length} models; Refresh reads the whole catalog.`;
        else extensionLog().warn(`Catalog: ${message}`);
        return catalogListing([...partial.models], isCancellation(error) ? [] : [message]);
      }
      extensionLog().warn(`Catalog could not be loaded: ${message}`);
      // A remedy (sign in, choose a workspace) shows as the view's welcome content with buttons; anything else as text.
      const remedy = remedyOf(error);
      this.view.message = remedy ? undefined : message;
      await vscode.commands.executeCommand('setContext', REMEDY_CONTEXT, remedy ?? '');
      await vscode.commands.executeCommand('setContext', EMPTY_CONTEXT, true);
      this.listing = undefined; // try again on the next expand or refresh
      return undefined;
    } finally {
      const shown = this.partial === partial && partial.models.length > 0;
      if (this.partial === partial) this.partial = undefined;
      arrived(); // nobody waits for models that will not come
      // The view showed models so far: show the whole listing in their place (not after a failure, which would read again).
      if (shown && this.listing) this.changed.fire(undefined);
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
