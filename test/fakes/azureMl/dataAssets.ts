import { DAY_MS, EPOCH, errorReply, type Json, paged, parseTop, PROVIDER, queryValue, type Reply, type RequestContext, same, systemData } from './armConventions';
import { checkBody } from './restShapes';
import type { FakeDataAsset, FakeDataVersion, FakeWorkspace } from './types';
import { workspaceId } from './workspaces';

/**
 * The workspace's data assets, with the routes and shapes of api-version 2026-07-01
 * (`specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/MachineLearningServices/stable/2026-07-01/openapi.json`,
 * Azure/azure-rest-api-specs 20273ef8cd; examples `…/examples/Registry/DataContainer/get.json` 375c7d6b22 and, for the
 * workspace list, `…/stable/2024-10-01/examples/Workspace/DataVersionBase/list.json` 7e45b04ec3):
 *
 * - `GET {W}/data` (`DataContainers_List`: `$skip` continuation, `listViewType`) → `DataContainerResourceArmPaginatedResult`
 *   of `DataContainer` (`properties`: `dataType` required, `description`, `tags`, `properties`, `isArchived`,
 *   read-only `latestVersion`, `nextVersion`);
 * - `GET {W}/data/{name}` (`DataContainers_Get`);
 * - `GET {W}/data/{name}/versions` (`DataVersions_List`: `$orderBy` "Please choose OrderBy value from ['createdtime',
 *   'modifiedtime']", `$top`, `$skip`, `$tags`, `listViewType`) → `DataVersionBase` items (`properties.dataType`,
 *   `dataUri`, `description`, `tags`, `isAnonymous`, `isArchived`);
 * - `GET|PUT {W}/data/{name}/versions/{version}` (`DataVersions_Get`, `DataVersions_CreateOrUpdate`, body checked against
 *   `DataVersionBase`: test/fixtures/azureml/rest/dataVersion.put.json).
 *
 * Paging is the fake's one scheme (`armConventions.ts`: `$skipToken`, or the spec's `$skip`). Without `$orderBy` versions
 * come in creation order; `createdtime desc` (azure-ai-ml's `OrderString.CREATED_AT_DESC`, how it finds the latest
 * version) reverses it.
 *
 * Refusals:
 * - an asset or version the workspace does not have: 404 in ARM's `ErrorResponse` shape (common-types v3). Which code the
 *   service puts in it for an asset is not in public sources (azure-ai-ml maps any 404 to `ResourceNotFoundError`, its
 *   generated `_data_versions_operations.py` `error_map`): the fake's choice is `UserError`, as for its jobs, with a
 *   message that names the asset and the workspace;
 * - an api-version that does not serve data assets: 400 `NoRegisteredProviderFound` in ARM's words ("No registered
 *   resource provider found for location '…' and API version '…' for type '…'. The supported api-versions are '…'. The
 *   supported locations are '…'", as quoted in Azure/azure-cli#28496 and Azure/azure-sdk-for-js#4097). Which versions the
 *   service takes for `workspaces/data` is not public as a list: the fake takes the stable versions with `dataUri`
 *   (2022-05-01 on) that shared/azureml/API.md §5.2 and the specs' readme name;
 * - a token of another audience than ARM's: 401 `InvalidAuthenticationTokenAudience` (`server.ts`, `tokens.ts`).
 */

/** Stable api-versions whose data assets have `dataType` and `dataUri` (the fake's list; see the file comment). */
export const DATA_API_VERSIONS = [
  '2022-05-01', '2022-10-01', '2023-04-01', '2023-10-01', '2024-04-01', '2024-10-01',
  '2025-04-01', '2025-06-01', '2025-09-01', '2026-03-01', '2026-07-01',
] as const;

/** Seed order is creation order: asset i's version j was created `i` weeks plus `j` days after EPOCH. */
function createdMs(assetIndex: number, versionIndex: number): number {
  return EPOCH + assetIndex * 7 * DAY_MS + versionIndex * DAY_MS;
}

function containerJson(ws: FakeWorkspace, asset: FakeDataAsset, index: number): Json {
  const latest = asset.versions.at(-1);
  const numbers = asset.versions.map((v) => v.version).filter((v) => /^\d+$/.test(v)).map(Number);
  return {
    id: `${workspaceId(ws)}/data/${asset.name}`,
    name: asset.name,
    type: `${PROVIDER}/workspaces/data`,
    properties: {
      dataType: latest?.dataType ?? 'uri_file',
      description: asset.description ?? null,
      tags: { ...(asset.tags ?? {}) },
      properties: {},
      isArchived: asset.isArchived ?? false,
      ...(latest ? { latestVersion: latest.version } : {}),
      ...(numbers.length ? { nextVersion: String(Math.max(...numbers) + 1) } : {}),
    },
    systemData: systemData(createdMs(index, 0), createdMs(index, Math.max(asset.versions.length - 1, 0)), 'fake-user@contoso.example', 'User'),
  };
}

function versionJson(ws: FakeWorkspace, asset: FakeDataAsset, assetIndex: number, versionIndex: number): Json {
  const version = asset.versions[versionIndex] as FakeDataVersion;
  const created = createdMs(assetIndex, versionIndex);
  return {
    id: `${workspaceId(ws)}/data/${asset.name}/versions/${version.version}`,
    name: version.version,
    type: `${PROVIDER}/workspaces/data/versions`,
    properties: {
      dataType: version.dataType,
      dataUri: version.dataUri,
      description: version.description ?? null,
      tags: { ...(version.tags ?? {}) },
      properties: {},
      isAnonymous: false,
      isArchived: asset.isArchived ?? false,
    },
    systemData: systemData(created, created, 'fake-user@contoso.example', 'User'),
  };
}

const assetNotFound = (ws: FakeWorkspace, what: string): Reply => errorReply(404, 'UserError', `${what} could not be found in workspace ${ws.name}.`);

/** 400 `NoRegisteredProviderFound` unless the request names an api-version that serves data assets. */
function apiVersionProblem(ws: FakeWorkspace, ctx: RequestContext): Reply | undefined {
  const version = ctx.query.get('api-version') ?? '';
  if ((DATA_API_VERSIONS as readonly string[]).includes(version)) return undefined;
  const message =
    `No registered resource provider found for location '${ws.location}' and API version '${version}' for type 'workspaces/data'. ` +
    `The supported api-versions are '${DATA_API_VERSIONS.join(', ')}'. The supported locations are 'eastus, westeurope'.`;
  return errorReply(400, 'NoRegisteredProviderFound', message);
}

/** Which assets a `listViewType` shows: active ones by default (the spec's default `ActiveOnly`). */
function shown(asset: FakeDataAsset, ctx: RequestContext): boolean {
  const view = queryValue(ctx.query, 'listViewType') ?? 'ActiveOnly';
  if (same(view, 'All')) return true;
  return same(view, 'ArchivedOnly') ? asset.isArchived === true : asset.isArchived !== true;
}

/** `{W}/data[/{name}[/versions[/{version}]]]`: the routes of the file comment. */
export function routeDataAssets(ws: FakeWorkspace, tail: string[], ctx: RequestContext): Reply {
  const refused = apiVersionProblem(ws, ctx);
  if (refused) return refused;
  const [name, versions, version, ...rest] = tail;
  const assets = (ws.dataAssets ??= []);
  if (rest.length > 0 || (versions !== undefined && versions !== 'versions')) return errorReply(404, 'NotFound', `No route for ${ctx.pathname}.`);
  if (ctx.method === 'PUT' && name && version) return putDataVersion(ws, name, version, ctx);
  if (ctx.method !== 'GET') return errorReply(405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.pathname}.`);
  if (name === undefined) return paged(assets.map((asset, i) => ({ asset, i })).filter(({ asset }) => shown(asset, ctx)).map(({ asset, i }) => containerJson(ws, asset, i)), ctx);
  // Asset names are case-sensitive ("Container name. This is case-sensitive.").
  const index = assets.findIndex((a) => a.name === name);
  const asset = assets[index];
  if (!asset) return assetNotFound(ws, `Data asset '${name}'`);
  if (versions === undefined) return { status: 200, body: containerJson(ws, asset, index) };
  if (version === undefined) return listVersions(ws, asset, index, ctx);
  const versionIndex = asset.versions.findIndex((v) => v.version === version);
  if (versionIndex < 0) return assetNotFound(ws, `Data asset version '${name}:${version}'`);
  return { status: 200, body: versionJson(ws, asset, index, versionIndex) };
}

/** `DataVersions_List`: creation order, `createdtime desc` newest first, `$tags` filtered, `$top` cut, then paged. */
function listVersions(ws: FakeWorkspace, asset: FakeDataAsset, index: number, ctx: RequestContext): Reply {
  let indices = asset.versions.map((_, i) => i);
  const orderBy = queryValue(ctx.query, '$orderBy')?.trim().toLowerCase();
  if (orderBy && /^(createdtime|modifiedtime)\s+desc$/.test(orderBy)) indices.reverse();
  const tags = queryValue(ctx.query, '$tags');
  if (tags) {
    indices = indices.filter((i) =>
      tags.split(',').map((c) => c.trim()).filter(Boolean).every((clause) => {
        const [key = '', value] = clause.split('=');
        const own = asset.versions[i]?.tags ?? {};
        return key in own && (value === undefined || own[key] === value);
      }),
    );
  }
  if (!shown(asset, ctx)) indices = [];
  const top = parseTop(ctx.query);
  if (top !== undefined) indices = indices.slice(0, top);
  return paged(indices.map((i) => versionJson(ws, asset, index, i)), ctx);
}

/** `PUT {W}/data/{name}/versions/{version}` → 201 (200 when it replaces one); the container is created with it. */
function putDataVersion(ws: FakeWorkspace, name: string, version: string, ctx: RequestContext): Reply {
  const invalid = checkBody('DataVersionBase', ctx.body);
  if (invalid) return invalid;
  const properties = (ctx.body as { properties?: { dataType?: unknown; dataUri?: unknown; description?: unknown } } | undefined)?.properties;
  if (typeof properties?.dataType !== 'string' || typeof properties.dataUri !== 'string') {
    return errorReply(400, 'UserError', 'A data version needs properties.dataType and properties.dataUri.');
  }
  const assets = (ws.dataAssets ??= []);
  let asset = assets.find((a) => a.name === name);
  if (!asset) {
    asset = { name, versions: [] };
    assets.push(asset);
  }
  const entry: FakeDataVersion = {
    version,
    dataType: properties.dataType,
    dataUri: properties.dataUri,
    ...(typeof properties.description === 'string' ? { description: properties.description } : {}),
  };
  const existing = asset.versions.findIndex((v) => v.version === version);
  if (existing >= 0) asset.versions[existing] = entry;
  else asset.versions.push(entry);
  const body = versionJson(ws, asset, assets.indexOf(asset), asset.versions.indexOf(entry));
  return { status: existing >= 0 ? 200 : 201, body };
}
