import * as vscode from 'vscode';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import { catalogFacets, filterCatalog, type FacetCount } from '../../core/catalog/catalogQuery';
import { OPEN_MODEL_CARD_COMMAND, taskLabel, type CatalogTreeProvider } from './catalogTreeProvider';

type FilterKey = 'task' | 'license';

interface FacetPick extends vscode.QuickPickItem {
  readonly value: string | undefined;
}

/**
 * Filter by task or by license from the view's title bar. Each pick lists the values the catalog holds, with how
 * many models each keeps given the other filter, and an entry that clears this one.
 */
export async function pickCatalogFilter(tree: CatalogTreeProvider, key: FilterKey): Promise<void> {
  const listing = await tree.modelsNow();
  if (!listing) return;
  const current = tree.filter;
  const other = key === 'task' ? { license: current.license } : { task: current.task };
  const facets = catalogFacets(filterCatalog(listing.models, other));
  const values: FacetCount[] = key === 'task' ? facets.tasks : facets.licenses;
  const label = (value: string) => (key === 'task' ? taskLabel(value) : value);
  const items: FacetPick[] = [
    { label: key === 'task' ? 'All tasks' : 'All licenses', value: undefined, picked: !current[key] },
    ...values
      .map((facet) => ({ label: label(facet.value), description: `${facet.count}`, value: facet.value, picked: facet.value === current[key] }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: key === 'task' ? 'Filter the Catalog by Task' : 'Filter the Catalog by License',
    placeHolder: current[key] ? `Now: ${label(current[key])}` : 'Pick a value; the number is how many models it keeps',
  });
  if (picked) tree.setFilter({ ...current, [key]: picked.value });
}

export interface ModelPick extends vscode.QuickPickItem {
  readonly id: string;
}

/** A model as a pick lists it: its name, task and license, and the start of its card. */
export function describeModel(model: CatalogModel): ModelPick {
  return {
    label: model.displayName ?? model.name,
    description: [model.displayName ? model.name : undefined, taskLabel(model.task), model.license].filter(Boolean).join(' · '),
    detail: model.description.replace(/[#*`>_[\]]/g, '').replace(/\s+/g, ' ').trim().slice(0, 160),
    id: model.id,
  };
}

/** The model a command is given: its id (a card, another command) or a Catalog view row; undefined from the palette. */
export function modelIdArgument(argument: unknown): string | undefined {
  const id = typeof argument === 'string' ? argument : typeof argument === 'object' && argument !== null && 'model' in argument ? (argument as { model?: { id?: unknown } }).model?.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** Search the whole catalog (not only the filtered tree) by name, task, license or description; opens the card. */
export async function searchCatalog(tree: CatalogTreeProvider): Promise<void> {
  const listing = await tree.modelsNow();
  if (!listing) return;
  const picked = await vscode.window.showQuickPick(listing.models.map(describeModel), {
    title: 'Search Models',
    placeHolder: `Search ${listing.models.length} models${listing.loading ? ' (loaded so far)' : ''} by name, task, license or description`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked) await vscode.commands.executeCommand(OPEN_MODEL_CARD_COMMAND, picked.id);
}
