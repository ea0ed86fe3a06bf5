import { COLLECTIONS, type CatalogModel, type CollectionId } from './catalogModel';

export interface CatalogFilter {
  readonly task?: string | undefined;
  readonly license?: string | undefined;
  /** Case-insensitive words that must all occur in the name, task, license or description. */
  readonly search?: string | undefined;
}

export function isFilterActive(filter: CatalogFilter): boolean {
  return Boolean(filter.task || filter.license || filter.search?.trim());
}

export function filterCatalog(models: readonly CatalogModel[], filter: CatalogFilter): CatalogModel[] {
  const words = (filter.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const license = filter.license?.toLowerCase();
  return models.filter((model) => {
    if (filter.task && model.task !== filter.task) return false;
    if (license && model.license.toLowerCase() !== license) return false;
    if (words.length === 0) return true;
    const haystack = `${model.name}\n${model.task}\n${model.license}\n${model.description}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

export interface CatalogFacets {
  readonly tasks: FacetCount[];
  readonly licenses: FacetCount[];
}

function countBy(models: readonly CatalogModel[], key: (model: CatalogModel) => string): FacetCount[] {
  const counts = new Map<string, number>();
  for (const model of models) counts.set(key(model), (counts.get(key(model)) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => a.value.localeCompare(b.value));
}

/** The values a filter can take, with how many models each one keeps. */
export function catalogFacets(models: readonly CatalogModel[]): CatalogFacets {
  return { tasks: countBy(models, (m) => m.task), licenses: countBy(models, (m) => m.license) };
}

export interface TaskGroup {
  readonly task: string;
  readonly models: CatalogModel[];
}

export interface CollectionGroup {
  readonly collection: CollectionId;
  readonly label: string;
  readonly tasks: TaskGroup[];
}

/** Collections → tasks → models, each level sorted, in the order of `COLLECTIONS`. */
export function groupCatalog(models: readonly CatalogModel[]): CollectionGroup[] {
  const byCollection = new Map<CollectionId, Map<string, CatalogModel[]>>();
  for (const model of models) {
    let byTask = byCollection.get(model.collection);
    if (!byTask) byCollection.set(model.collection, (byTask = new Map()));
    let list = byTask.get(model.task);
    if (!list) byTask.set(model.task, (list = []));
    list.push(model);
  }
  return (Object.keys(COLLECTIONS) as CollectionId[])
    .filter((id) => byCollection.has(id))
    .map((collection) => ({
      collection,
      label: COLLECTIONS[collection],
      tasks: [...(byCollection.get(collection) ?? new Map<string, CatalogModel[]>())]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([task, list]) => ({ task, models: list.sort((a, b) => a.name.localeCompare(b.name)) })),
    }));
}
