import { DAY_MS, EPOCH, type Json, notFound, paged, pagedSlice, parseTop, PROVIDER, queryValue, type Reply, type RequestContext, same, systemData } from './armConventions';
import type { FakeModel, FakeModelVersion } from './types';

/**
 * Response shapes (field names and nesting) follow the public REST specification, repository
 * Azure/azure-rest-api-specs, path prefix
 * `specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/`:
 *
 * - Model containers / versions (workspace): `stable/2022-10-01/mfe.json` (read at commit 29f2c80b060b0c4e47e6b64a8f7bf143bb8fda14):
 *   paths `…/workspaces/{workspaceName}/models[/{name}[/versions[/{version}]]]`, query parameters `$skip`
 *   (`PaginationParameter`), `count`, `listViewType`, `$orderBy`, `$top`, `version`, `description`, `offset`, `tags`,
 *   `properties`, `feed`; definitions `ModelContainerResource` → `ModelContainer` → `AssetContainer`
 *   (`isArchived`, `latestVersion`, `nextVersion`) → `ResourceBase` (`description`, `properties`, `tags`);
 *   `ModelVersionResource` → `ModelVersion` (`flavors`, `jobName`, `modelType`, `modelUri`) → `AssetBase`
 *   (`isAnonymous`, `isArchived`); `*ArmPaginatedResult` = `{ value, nextLink }`.
 *   Examples `stable/2022-10-01/examples/ModelContainer/list.json` (15f38e5b507c1875212fabd59839498f3a6e2015),
 *   `…/ModelContainer/get.json` (4c0959c220823a4e013c4254984e4b02bb9722ac),
 *   `…/ModelVersion/list.json` (6357078ba1e30c90b6f7b86437312a4d5e519d73),
 *   `…/ModelVersion/createOrUpdate.json` (272935867ef24145d3b87cb0887b8f250da41e0c): resource `type`
 *   `Microsoft.MachineLearningServices/workspaces/models`, `systemData` keys.
 */

// ---------------------------------------------------------------------------------------------------------------
// Model assets (shared by workspaces, ARM registry paths and the registry data plane)

export interface ModelScope {
  /** ARM id of the workspace or registry, e.g. `/subscriptions/…/workspaces/ws`. */
  readonly resourceId: string;
  /** `workspaces` or `registries`. */
  readonly kind: 'workspaces' | 'registries';
  readonly models: FakeModel[];
  readonly createdBy: string;
  readonly createdByType: 'User' | 'Application';
  /** Where model files would live, for a default `modelUri`. */
  readonly storageRoot: string;
}

/** Seed order is creation order: model i's version j was created `i` weeks plus `j` days after EPOCH. */
function versionCreatedMs(modelIndex: number, versionIndex: number): number {
  return EPOCH + modelIndex * 7 * DAY_MS + versionIndex * DAY_MS;
}

function numericNext(versions: FakeModelVersion[]): string | undefined {
  const numbers = versions.map((v) => v.version).filter((v) => /^\d+$/.test(v)).map(Number);
  return numbers.length ? String(Math.max(...numbers) + 1) : undefined;
}

export function containerJson(scope: ModelScope, model: FakeModel, modelIndex: number): Json {
  const last = model.versions.length - 1;
  const created = versionCreatedMs(modelIndex, 0);
  const modified = versionCreatedMs(modelIndex, Math.max(last, 0));
  const properties: Json = {
    description: model.description ?? null,
    tags: { ...(model.tags ?? {}) },
    properties: {},
    isArchived: false,
  };
  const latest = model.versions[last];
  if (latest) properties.latestVersion = latest.version;
  const next = numericNext(model.versions);
  if (next) properties.nextVersion = next;
  return {
    id: `${scope.resourceId}/models/${model.name}`,
    name: model.name,
    type: `${PROVIDER}/${scope.kind}/models`,
    properties,
    systemData: systemData(created, modified, scope.createdBy, scope.createdByType),
  };
}

export function versionJson(scope: ModelScope, model: FakeModel, modelIndex: number, versionIndex: number): Json {
  const version = model.versions[versionIndex];
  if (!version) throw new Error(`no version ${versionIndex} of ${model.name}`);
  const created = versionCreatedMs(modelIndex, versionIndex);
  return {
    id: `${scope.resourceId}/models/${model.name}/versions/${version.version}`,
    name: version.version,
    type: `${PROVIDER}/${scope.kind}/models/versions`,
    properties: {
      description: version.description ?? null,
      tags: { ...(version.tags ?? {}) },
      properties: { ...(version.properties ?? {}) },
      isAnonymous: false,
      isArchived: false,
      flavors: version.flavors ?? null,
      modelType: version.modelType ?? 'custom_model',
      modelUri: version.modelUri ?? `${scope.storageRoot}/${model.name}/${version.version}/`,
      ...(version.systemMetadata ? { systemMetadata: version.systemMetadata } : {}),
    },
    systemData: systemData(created, created, scope.createdBy, scope.createdByType),
  };
}

/** `tags=a,b=c` / `properties=a,b=c` filters of ModelVersions_List: every listed key must be present (with the value when given). */
function matchesFilter(map: Record<string, string> | undefined, filter: string | undefined): boolean {
  if (!filter) return true;
  for (const clause of filter.split(',').map((c) => c.trim()).filter(Boolean)) {
    const eq = clause.indexOf('=');
    const key = eq < 0 ? clause : clause.slice(0, eq);
    if (!map || !(key in map)) return false;
    if (eq >= 0 && map[key] !== clause.slice(eq + 1)) return false;
  }
  return true;
}

/** Where each model is in a scope's list, rebuilt when a test has changed the list since (a stale hit is checked). */
const positions = new WeakMap<FakeModel[], Map<string, number>>();
function modelIndexOf(models: FakeModel[], name: string): number {
  const cached = positions.get(models)?.get(name);
  if (cached !== undefined && models[cached]?.name === name) return cached;
  const map = new Map<string, number>();
  models.forEach((model, i) => {
    if (!map.has(model.name)) map.set(model.name, i);
  });
  positions.set(models, map);
  return map.get(name) ?? -1;
}

export function handleModels(scope: ModelScope, tail: string[], ctx: RequestContext): Reply {
  const [name, versionsSegment, version, ...rest] = tail;
  if (rest.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  const archivedOnly = same(queryValue(ctx.query, 'listViewType') ?? '', 'ArchivedOnly');

  if (name === undefined) {
    // Only the page asked for is built: a registry may hold 10,000 models.
    const top = parseTop(ctx.query);
    const total = archivedOnly ? 0 : Math.min(scope.models.length, top ?? Infinity);
    return pagedSlice(total, (start, end) => scope.models.slice(start, end).map((model, i) => containerJson(scope, model, start + i)), ctx);
  }

  // Asset names are case-sensitive in the spec ("Container name. This is case-sensitive.").
  const modelIndex = modelIndexOf(scope.models, name);
  const model = scope.models[modelIndex];
  if (!model) return notFound(`Model container '${name}' was not found in ${scope.resourceId}.`);
  if (versionsSegment === undefined) return { status: 200, body: containerJson(scope, model, modelIndex) };
  if (versionsSegment !== 'versions') return notFound(`No route for ${ctx.pathname}.`);

  if (version === undefined) {
    let indices = model.versions.map((_, i) => i);
    // Without $orderBy: creation order (seed order). `createdtime desc|asc` (azure-ai-ml's OrderString) sorts by
    // creation time; other orderings are ignored.
    const orderBy = queryValue(ctx.query, '$orderBy')?.trim().toLowerCase();
    if (orderBy && /^created(time|at|_time)?\b/.test(orderBy) && /\bdesc$/.test(orderBy)) indices.reverse();
    const wanted = queryValue(ctx.query, 'version');
    const description = queryValue(ctx.query, 'description');
    const tags = queryValue(ctx.query, 'tags');
    const properties = queryValue(ctx.query, 'properties');
    indices = indices.filter((i) => {
      const v = model.versions[i];
      if (!v) return false;
      if (wanted && v.version !== wanted) return false;
      if (description && !(v.description ?? '').includes(description)) return false;
      return matchesFilter(v.tags, tags) && matchesFilter(v.properties, properties);
    });
    if (archivedOnly) indices = [];
    const offset = Number(queryValue(ctx.query, 'offset') ?? '0');
    if (Number.isInteger(offset) && offset > 0) indices = indices.slice(offset);
    const top = parseTop(ctx.query);
    if (top !== undefined) indices = indices.slice(0, top);
    return paged(indices.map((i) => versionJson(scope, model, modelIndex, i)), ctx);
  }

  const versionIndex = model.versions.findIndex((v) => v.version === version);
  if (versionIndex < 0) return notFound(`Model version '${name}:${version}' was not found in ${scope.resourceId}.`);
  return { status: 200, body: versionJson(scope, model, modelIndex, versionIndex) };
}
