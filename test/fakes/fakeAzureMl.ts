/**
 * A local fake of the Azure Machine Learning REST API (ARM control plane, workspace discovery, registry
 * discovery and the registry "MFE" data plane), served over real HTTP on 127.0.0.1 for contract tests.
 *
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
 * - Workspaces: `stable/2022-10-01/machineLearningServices.json` (0bfa9290f3c879e79c90895dec760b534539991d):
 *   `Workspace` (`properties` under `properties`, `identity`, `location`, `tags`, `sku`), `WorkspaceProperties`
 *   (`workspaceId`, `friendlyName`, `discoveryUrl`, `provisioningState`, `mlFlowTrackingUri`, …),
 *   `WorkspaceListResult`, `PaginationParameter` = `$skip`. Examples `…/examples/Workspace/listBySubscription.json`
 *   (598efa66665d99777a23d4ce5b81fc54a29aaaf5) and `…/Workspace/get.json` (4984b1579aa6bada687da829863e82fd2df8d970).
 * - Registry models: `stable/2023-04-01/examples/Registry/ModelContainer/get.json`
 *   (cfc781db243d9f427e8979b6c35d8125d36a1e6e; type `Microsoft.MachineLearningServices/registries/models`, registry
 *   id form), `…/Registry/ModelVersion/get.json` (4984b1579aa6bada687da829863e82fd2df8d970) and
 *   `…/Registry/ModelVersion/list.json` (e2d698331f63443457bb3cb686f66fa62d44925f; `$skipToken`). The data-plane
 *   path (`/mferp/managementfrontend` + ARM-shaped registry path, api-version 2021-10-01-dataplanepreview, `$skiptoken`)
 *   is from Azure/azure-sdk-for-python `sdk/ml/azure-ai-ml/azure/ai/ml/_restclient/v2021_10_01_dataplanepreview/
 *   operations/_model_containers_operations.py` (09876b99d7a1fc923285d19fac9bdb86f24435f9).
 * - Registry discovery (`RegistryDiscoveryDto`): Azure/azure-sdk-for-python
 *   `sdk/ml/azure-ai-ml/azure/ai/ml/_restclient/registry_discovery/models/_models_py3.py` (2081b994718f10b5eddfae7c2e20a9d895ebcbe7).
 * - Subscriptions: `specification/resources/resource-manager/Microsoft.Resources/stable/2022-12-01/subscriptions.json`
 *   (0c1362ad47b1754da517a7cc0b112f78ec554a5a; `Subscription`, `SubscriptionPolicies`, `SubscriptionListResult`) and
 *   example `…/examples/GetSubscriptions.json` (2e174206d017d11794085f1b9680271da091d381).
 * - Errors: `specification/common-types/resource-management/v3/types.json` (05432ee0bc8a3feb5bc0f6fd21f49bb7aeaf13af):
 *   `ErrorResponse` = `{ error: ErrorDetail{ code, message, target?, details?, additionalInfo? } }`.
 * - Seed tags/properties of catalog models: Azure/azureml-assets `assets/models/system/bert-base-uncased/spec.yaml`
 *   (077563f19b46eef37cc9f474a94789b29ec733b7) and the `MLFlowModelTags` / `MLFlowModelProperties` constants of
 *   `scripts/azureml-assets/azureml/assets/validate_assets.py` (tags `task`, `license`, `*_compute_allow_list`;
 *   property `finetuning-tasks`, `*-recommended-sku`, `*-min-sku-spec`).
 *
 * Behaviour the specification leaves open is the fake's own choice and documented where it is made
 * (paging token format, ordering without `$orderBy`, error codes for unknown resources).
 */
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface FakeModelVersion {
  version: string;
  description?: string;
  tags?: Record<string, string>;
  properties?: Record<string, string>;
  modelType?: string;
  modelUri?: string;
  flavors?: Record<string, { data?: Record<string, string> }>;
}
export interface FakeModel {
  name: string;
  description?: string;
  tags?: Record<string, string>;
  versions: FakeModelVersion[];
}
export interface FakeWorkspace {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  friendlyName?: string;
  models: FakeModel[];
}
export interface FakeRegistry {
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  region: string;
  models: FakeModel[];
}
export interface FakeSubscription {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
}
export interface FakeAzureMlSeed {
  subscriptions: FakeSubscription[];
  workspaces: FakeWorkspace[];
  registries: FakeRegistry[];
}
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  at: number;
}
export interface FakeAzureMl {
  readonly url: string; // e.g. http://127.0.0.1:PORT (no trailing slash)
  readonly validToken: string; // requests must carry `Authorization: Bearer <validToken>`
  readonly requests: RecordedRequest[];
  seed: FakeAzureMlSeed; // mutable; handlers read it on every request
  pageSize: number; // list page size (default 2 so paging is always exercised)
  /** The next `times` requests whose path matches `path` answer `status` (401 or 429 or 500/503) instead; 429/503 carry `Retry-After: retryAfterSeconds` (default 1). */
  failNext(path: RegExp, status: 401 | 429 | 500 | 503, options?: { times?: number; retryAfterSeconds?: number }): void;
  close(): Promise<void>;
}

const DEFAULT_TOKEN = 'fake-azureml-access-token';
const PROVIDER = 'Microsoft.MachineLearningServices';
const DAY_MS = 86_400_000;
/** All seeded timestamps count from here so responses are the same on every run. */
const EPOCH = Date.UTC(2025, 0, 6, 9, 30, 0);

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface FailRule {
  path: RegExp;
  status: 401 | 429 | 500 | 503;
  remaining: number;
  retryAfterSeconds: number;
}

type Json = Record<string, unknown>;

function errorReply(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}

const notFound = (message: string): Reply => errorReply(404, 'NotFound', message);

function unauthorized(message: string): Reply {
  return errorReply(401, 'AuthenticationFailed', message, {
    'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
  });
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** A stable GUID-shaped id derived from text (workspaceId, principalId). */
function stableGuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function systemData(createdMs: number, modifiedMs: number, by: string, byType: 'User' | 'Application'): Json {
  return {
    createdAt: iso(createdMs),
    createdBy: by,
    createdByType: byType,
    lastModifiedAt: iso(modifiedMs),
    lastModifiedBy: by,
    lastModifiedByType: byType,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Paging: `{ value, nextLink }`; nextLink is absolute and carries `$skipToken=<opaque>` plus the request's other
// query parameters. The token is base64url JSON `{"offset":N}`. On input, `$skipToken`/`$skiptoken` (any case) wins
// over the spec's `$skip` (which 2022-10-01 documents as a continuation token, and which SDK 2.1.1 re-appends to
// next-page URLs); a bare number is accepted as an offset. Repeated keys: the last one counts.

const TOKEN_KEYS = new Set(['$skiptoken']);
const SKIP_KEYS = new Set(['$skip']);

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function decodeToken(token: string): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'offset' in parsed) {
      const offset = (parsed as { offset: unknown }).offset;
      if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
    }
  } catch {
    // fall through: not a token this fake issued
  }
  return undefined;
}

function lastValue(query: URLSearchParams, keys: Set<string>): string | undefined {
  let found: string | undefined;
  for (const [key, value] of query) if (keys.has(key.toLowerCase()) && value !== '') found = value;
  return found;
}

/** Query value by name, ignoring case of the name (`$orderBy` / `$orderby`). */
function queryValue(query: URLSearchParams, name: string): string | undefined {
  let found: string | undefined;
  for (const [key, value] of query) if (same(key, name)) found = value;
  return found;
}

function serializeQuery(entries: Array<[string, string]>): string {
  const encode = (text: string): string => encodeURIComponent(text).replace(/%24/g, '$');
  return entries.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
}

interface RequestContext {
  readonly baseUrl: string;
  readonly pathname: string;
  readonly query: URLSearchParams;
  readonly pageSize: number;
}

function paged(items: unknown[], ctx: RequestContext): Reply {
  const raw = lastValue(ctx.query, TOKEN_KEYS) ?? lastValue(ctx.query, SKIP_KEYS);
  const offset = raw === undefined ? 0 : decodeToken(raw);
  if (offset === undefined) return errorReply(400, 'BadRequest', `The continuation token '${raw}' is not valid.`);
  const size = Math.max(1, Math.floor(ctx.pageSize));
  const value = items.slice(offset, offset + size);
  const body: Json = { value };
  if (offset + size < items.length) {
    const kept: Array<[string, string]> = [];
    for (const [key, val] of ctx.query) {
      const lower = key.toLowerCase();
      if (!TOKEN_KEYS.has(lower) && !SKIP_KEYS.has(lower)) kept.push([key, val]);
    }
    kept.push(['$skipToken', encodeToken(offset + size)]);
    body.nextLink = `${ctx.baseUrl}${ctx.pathname}?${serializeQuery(kept)}`;
  }
  return { status: 200, body };
}

// ---------------------------------------------------------------------------------------------------------------
// Model assets (shared by workspaces, ARM registry paths and the registry data plane)

interface ModelScope {
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

function containerJson(scope: ModelScope, model: FakeModel, modelIndex: number): Json {
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

function versionJson(scope: ModelScope, model: FakeModel, modelIndex: number, versionIndex: number): Json {
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

function parseTop(query: URLSearchParams): number | undefined {
  const raw = queryValue(query, '$top');
  if (raw === undefined || raw === '') return undefined;
  const top = Number(raw);
  return Number.isInteger(top) && top >= 0 ? top : undefined;
}

function handleModels(scope: ModelScope, tail: string[], ctx: RequestContext): Reply {
  const [name, versionsSegment, version, ...rest] = tail;
  if (rest.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  const archivedOnly = same(queryValue(ctx.query, 'listViewType') ?? '', 'ArchivedOnly');

  if (name === undefined) {
    let containers = scope.models.map((model, i) => containerJson(scope, model, i));
    if (archivedOnly) containers = [];
    const top = parseTop(ctx.query);
    return paged(top === undefined ? containers : containers.slice(0, top), ctx);
  }

  // Asset names are case-sensitive in the spec ("Container name. This is case-sensitive.").
  const modelIndex = scope.models.findIndex((m) => m.name === name);
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

// ---------------------------------------------------------------------------------------------------------------
// Workspaces, subscriptions, registries

function workspaceId(ws: FakeWorkspace): string {
  return `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/${PROVIDER}/workspaces/${ws.name}`;
}

function registryId(reg: FakeRegistry): string {
  return `/subscriptions/${reg.subscriptionId}/resourceGroups/${reg.resourceGroup}/providers/${PROVIDER}/registries/${reg.name}`;
}

function workspaceJson(ws: FakeWorkspace, seed: FakeAzureMlSeed, baseUrl: string, index: number): Json {
  const id = workspaceId(ws);
  const rgId = `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}`;
  const short = ws.name.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 12) || 'ws';
  const tenantId = seed.subscriptions.find((s) => same(s.subscriptionId, ws.subscriptionId))?.tenantId;
  const created = EPOCH - (index + 1) * 30 * DAY_MS;
  return {
    id,
    name: ws.name,
    type: `${PROVIDER}/workspaces`,
    location: ws.location,
    tags: {},
    sku: { name: 'Basic', tier: 'Basic' },
    identity: { type: 'SystemAssigned', principalId: stableGuid(`${id}#principal`), ...(tenantId ? { tenantId } : {}) },
    properties: {
      workspaceId: stableGuid(id),
      friendlyName: ws.friendlyName ?? ws.name,
      description: '',
      storageAccount: `${rgId}/providers/Microsoft.Storage/storageAccounts/${short}storage`,
      keyVault: `${rgId}/providers/Microsoft.KeyVault/vaults/${short}-kv`,
      applicationInsights: `${rgId}/providers/microsoft.insights/components/${short}-insights`,
      containerRegistry: null,
      discoveryUrl: `${baseUrl}/discovery`,
      provisioningState: 'Succeeded',
      hbiWorkspace: false,
      privateLinkCount: 0,
      allowPublicAccessWhenBehindVnet: false,
      publicNetworkAccess: 'Enabled',
      ...(tenantId ? { tenantId } : {}),
      storageHnsEnabled: false,
      mlFlowTrackingUri: `azureml://${ws.location}.api.azureml.ms/mlflow/v1.0${id}`,
      v1LegacyMode: false,
    },
    systemData: systemData(created, created, 'fake-user@contoso.example', 'User'),
  };
}

function subscriptionJson(sub: FakeSubscription): Json {
  return {
    id: `/subscriptions/${sub.subscriptionId}`,
    subscriptionId: sub.subscriptionId,
    tenantId: sub.tenantId,
    displayName: sub.displayName,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    tags: {},
  };
}

function workspaceScope(ws: FakeWorkspace): ModelScope {
  return {
    resourceId: workspaceId(ws),
    kind: 'workspaces',
    models: ws.models,
    createdBy: 'fake-user@contoso.example',
    createdByType: 'User',
    storageRoot:
      `azureml://subscriptions/${ws.subscriptionId}/resourcegroups/${ws.resourceGroup}/workspaces/${ws.name}` +
      '/datastores/workspaceblobstore/paths/LocalUpload',
  };
}

function registryScope(reg: FakeRegistry): ModelScope {
  const account = reg.name.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 16);
  return {
    resourceId: registryId(reg),
    kind: 'registries',
    models: reg.models,
    createdBy: reg.name,
    createdByType: 'Application',
    storageRoot: `https://${account}${reg.region.toLowerCase()}.blob.core.windows.net/models`,
  };
}

/** Routes `subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/registries/{name}/models…`. */
function routeRegistryModels(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply | undefined {
  const [s, sub, r, rg, p, provider, kind, name, models, ...tail] = seg;
  if (
    !same(s ?? '', 'subscriptions') || !same(r ?? '', 'resourceGroups') || !same(p ?? '', 'providers') ||
    !same(provider ?? '', PROVIDER) || !same(kind ?? '', 'registries') || !same(models ?? '', 'models') ||
    sub === undefined || rg === undefined || name === undefined
  ) {
    return undefined;
  }
  const registry = seed.registries.find(
    (reg) => same(reg.subscriptionId, sub) && same(reg.resourceGroup, rg) && same(reg.name, name),
  );
  if (!registry) return notFound(`Registry '${name}' was not found in resource group '${rg}' of subscription '${sub}'.`);
  return handleModels(registryScope(registry), tail, ctx);
}

function route(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const head = seg[0]?.toLowerCase();

  // Workspace discovery document (the workspace's discoveryUrl points here): service base URLs by key.
  if (seg.length === 1 && head === 'discovery') {
    const u = ctx.baseUrl;
    return {
      status: 200,
      body: { api: u, catalog: u, experimentation: u, gallery: u, history: u, hyperdrive: u, labeling: u, modelmanagement: u, pipelines: u, studiometadata: u },
    };
  }

  // Registry discovery: GET /registrymanagement/v1.0/registries/{registryName}/discovery
  if (head === 'registrymanagement') {
    const [, v, registries, name, discovery, ...rest] = seg;
    if (v === 'v1.0' && same(registries ?? '', 'registries') && name && same(discovery ?? '', 'discovery') && rest.length === 0) {
      const reg = seed.registries.find((r) => same(r.name, name));
      if (!reg) return notFound(`Registry '${name}' was not found.`);
      const tenantId = seed.subscriptions.find((s) => same(s.subscriptionId, reg.subscriptionId))?.tenantId ?? seed.subscriptions[0]?.tenantId;
      return {
        status: 200,
        body: {
          registryName: reg.name,
          tenantId: tenantId ?? null,
          primaryRegion: reg.region,
          regions: [reg.region],
          subscriptionId: reg.subscriptionId,
          resourceGroup: reg.resourceGroup,
          primaryRegionResourceProviderUri: `${ctx.baseUrl}/`,
        },
      };
    }
    return notFound(`No route for ${ctx.pathname}.`);
  }

  // Registry data plane: /mferp/managementfrontend/subscriptions/…/registries/{name}/models…
  if (head === 'mferp') {
    if (same(seg[1] ?? '', 'managementfrontend')) {
      const reply = routeRegistryModels(seg.slice(2), seed, ctx);
      if (reply) return reply;
    }
    return notFound(`No route for ${ctx.pathname}.`);
  }

  if (head !== 'subscriptions') return notFound(`No route for ${ctx.pathname}.`);

  // GET /subscriptions
  if (seg.length === 1) return paged(seed.subscriptions.map(subscriptionJson), ctx);

  const sub = seg[1] ?? '';
  // Registry models through ARM (api-version ≥ 2023-04-01): same shapes as the data plane.
  const registryReply = routeRegistryModels(seg, seed, ctx);
  if (registryReply) return registryReply;

  const subscription = seed.subscriptions.find((s) => same(s.subscriptionId, sub));
  if (!subscription) return errorReply(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  if (seg.length === 2) return { status: 200, body: subscriptionJson(subscription) };

  // GET /subscriptions/{sub}/providers/Microsoft.MachineLearningServices/workspaces
  if (seg.length === 5 && same(seg[2] ?? '', 'providers') && same(seg[3] ?? '', PROVIDER) && same(seg[4] ?? '', 'workspaces')) {
    const list = seed.workspaces
      .map((ws, i) => ({ ws, i }))
      .filter(({ ws }) => same(ws.subscriptionId, sub))
      .map(({ ws, i }) => workspaceJson(ws, seed, ctx.baseUrl, i));
    return paged(list, ctx);
  }

  const [, , r, rg, p, provider, kind, wsName, child, ...tail] = seg;
  if (
    !same(r ?? '', 'resourceGroups') || rg === undefined || !same(p ?? '', 'providers') ||
    !same(provider ?? '', PROVIDER) || !same(kind ?? '', 'workspaces')
  ) {
    return notFound(`No route for ${ctx.pathname}.`);
  }
  const inGroup = seed.workspaces.map((ws, i) => ({ ws, i })).filter(({ ws }) => same(ws.subscriptionId, sub) && same(ws.resourceGroup, rg));

  // GET /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces
  if (wsName === undefined) {
    if (inGroup.length === 0 && !seed.registries.some((reg) => same(reg.subscriptionId, sub) && same(reg.resourceGroup, rg))) {
      return errorReply(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
    }
    return paged(inGroup.map(({ ws, i }) => workspaceJson(ws, seed, ctx.baseUrl, i)), ctx);
  }

  const found = inGroup.find(({ ws }) => same(ws.name, wsName));
  if (!found) {
    return errorReply(404, 'ResourceNotFound', `The Resource '${PROVIDER}/workspaces/${wsName}' under resource group '${rg}' was not found.`);
  }
  if (child === undefined) return { status: 200, body: workspaceJson(found.ws, seed, ctx.baseUrl, found.i) };
  if (same(child, 'models')) return handleModels(workspaceScope(found.ws), tail, ctx);
  return notFound(`No route for ${ctx.pathname}.`);
}

// ---------------------------------------------------------------------------------------------------------------
// Server

class FakeAzureMlServer implements FakeAzureMl {
  readonly requests: RecordedRequest[] = [];
  private readonly failures: FailRule[] = [];
  private requestCounter = 0;

  constructor(
    private readonly server: http.Server,
    readonly url: string,
    readonly validToken: string,
    public seed: FakeAzureMlSeed,
    public pageSize: number,
  ) {}

  failNext(path: RegExp, status: 401 | 429 | 500 | 503, options?: { times?: number; retryAfterSeconds?: number }): void {
    // A copy without the stateful g/y flags, so `test` does not depend on earlier matches.
    const pattern = new RegExp(path.source, path.flags.replace(/[gy]/g, ''));
    this.failures.push({ path: pattern, status, remaining: options?.times ?? 1, retryAfterSeconds: options?.retryAfterSeconds ?? 1 });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const requestId = stableGuid(`${this.url}#${++this.requestCounter}`);
    const send = (reply: Reply): void => {
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        'x-ms-request-id': requestId,
        'x-ms-correlation-request-id': requestId,
        ...(reply.headers ?? {}),
      });
      res.end(text);
    };
    // The request body (if any) is not needed; drain it so the connection can be reused.
    req.resume();
    try {
      const parsed = new URL(req.url ?? '/', this.url);
      const authorization = req.headers.authorization;
      this.requests.push({
        method: req.method ?? 'GET',
        path: parsed.pathname,
        query: new URLSearchParams(parsed.searchParams),
        ...(authorization !== undefined ? { authorization } : {}),
        at: Date.now(),
      });

      const rule = this.failures.find((f) => f.remaining > 0 && f.path.test(parsed.pathname));
      if (rule) {
        rule.remaining -= 1;
        if (rule.remaining === 0) this.failures.splice(this.failures.indexOf(rule), 1);
        send(this.injectedFailure(rule));
        return;
      }

      if (!authorization) {
        send(unauthorized("Authentication failed. The 'Authorization' header is missing."));
        return;
      }
      const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
      if (!match || match[1] !== this.validToken) {
        send(unauthorized("Authentication failed. The 'Authorization' header is provided in an invalid format or the access token is not valid."));
        return;
      }

      let segments: string[];
      try {
        segments = parsed.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
      } catch {
        send(errorReply(400, 'BadRequest', `The request path '${parsed.pathname}' is not valid.`));
        return;
      }
      const ctx: RequestContext = { baseUrl: this.url, pathname: parsed.pathname.replace(/\/+$/, '') || '/', query: parsed.searchParams, pageSize: this.pageSize };
      const reply = route(segments, this.seed, ctx);
      if (req.method !== 'GET' && req.method !== 'HEAD' && reply.status !== 404) {
        send(errorReply(405, 'MethodNotAllowed', `The fake answers GET only; got ${req.method} ${parsed.pathname}.`));
        return;
      }
      send(reply);
    } catch (error) {
      send(errorReply(500, 'InternalServerError', `Fake Azure ML failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  private injectedFailure(rule: FailRule): Reply {
    const retryAfter = { 'retry-after': String(rule.retryAfterSeconds) };
    switch (rule.status) {
      case 401:
        return unauthorized('The access token expired (injected by failNext).');
      case 429:
        return errorReply(429, 'TooManyRequests', 'Too many requests; retry later (injected by failNext).', retryAfter);
      case 500:
        return errorReply(500, 'InternalServerError', 'The server had an internal error (injected by failNext).');
      case 503:
        return errorReply(503, 'ServiceUnavailable', 'The service is unavailable; retry later (injected by failNext).', retryAfter);
    }
  }
}

export async function startFakeAzureMl(seed: FakeAzureMlSeed, options?: { validToken?: string; pageSize?: number }): Promise<FakeAzureMl> {
  let fake: FakeAzureMlServer | undefined;
  const server = http.createServer((req, res) => {
    if (fake) fake.handle(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  fake = new FakeAzureMlServer(server, `http://127.0.0.1:${port}`, options?.validToken ?? DEFAULT_TOKEN, seed, options?.pageSize ?? 2);
  return fake;
}

// ---------------------------------------------------------------------------------------------------------------
// Sample seed

const TENANT_ID = '5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const SAMPLE_IDS = {
  tenantId: TENANT_ID,
  devSubscription: '3f2a9c41-7b1d-4e8a-9c5f-1d2e3f4a5b6c',
  prodSubscription: 'b7e4d2a0-5c3f-4a1b-8e9d-0f1a2b3c4d5e',
  /** The system registries live in a Microsoft-owned subscription the user does not list. */
  registrySubscription: 'e1d2c3b4-a5f6-4789-8abc-def012345678',
} as const;

const CPU_SKUS = "['Standard_DS3_v2', 'Standard_D4a_v4', 'Standard_D8a_v4', 'Standard_E4s_v3']";
const GPU_SKUS = "['Standard_NC6s_v3', 'Standard_NC24s_v3', 'Standard_NC24rs_v3', 'Standard_NC24ads_A100_v4']";

function mlflowFlavors(task: string): Record<string, { data?: Record<string, string> }> {
  return {
    python_function: { data: { loader_module: 'mlflow.transformers', python_version: '3.10.14', env: 'conda.yaml' } },
    transformers: { data: { task, transformers_version: '4.44.2', pipeline_model_type: 'AutoModel' } },
  };
}

interface CatalogEntry {
  name: string;
  hfId: string;
  task: string;
  license: string;
  finetuningTasks?: string;
  versions: string[];
  /** Container-level tags (most registry containers carry none; the version has them). */
  containerTags?: Record<string, string>;
  card: string;
}

function azuremlModel(entry: CatalogEntry): FakeModel {
  const tags: Record<string, string> = {
    task: entry.task,
    license: entry.license,
    huggingface_model_id: entry.hfId,
    SharedComputeCapacityEnabled: '',
    inference_compute_allow_list: CPU_SKUS,
    evaluation_compute_allow_list: CPU_SKUS,
  };
  const properties: Record<string, string> = {
    SharedComputeCapacityEnabled: 'True',
    languages: 'en',
    'inference-recommended-sku': 'Standard_DS3_v2, Standard_D4a_v4, Standard_D8a_v4, Standard_E4s_v3',
    'inference-min-sku-spec': '4|0|14|28',
    'evaluation-min-sku-spec': '8|0|28|56',
  };
  if (entry.finetuningTasks) {
    tags.finetune_compute_allow_list = GPU_SKUS;
    tags.model_specific_defaults = "{'apply_deepspeed': 'true', 'apply_lora': 'true', 'apply_ort': 'true'}";
    properties['finetuning-tasks'] = entry.finetuningTasks;
    properties['finetune-recommended-sku'] = 'Standard_NC6s_v3, Standard_NC24s_v3, Standard_NC24rs_v3';
    properties['finetune-min-sku-spec'] = '6|1|112|736';
  }
  return {
    name: entry.name,
    description: entry.card,
    ...(entry.containerTags ? { tags: entry.containerTags } : {}),
    versions: entry.versions.map((version) => ({
      version,
      description: entry.card,
      tags: { ...tags },
      properties: { ...properties },
      modelType: 'mlflow_model',
      flavors: mlflowFlavors(entry.task),
    })),
  };
}

function card(title: string, summary: string, uses: string[], extra = ''): string {
  return [
    `# ${title}`,
    '',
    summary,
    '',
    '## Intended uses & limitations',
    '',
    ...uses.map((use) => `- ${use}`),
    '',
    '## Inference samples',
    '',
    '| Inference type | Python sample (Notebook) | CLI with YAML |',
    '| --- | --- | --- |',
    '| Real time | sdk-example.ipynb | cli-example.sh |',
    ...(extra ? ['', extra] : []),
    '',
  ].join('\n');
}

/** A small, realistic seed: 2 subscriptions, 2 workspaces (one with 3 models), registries `azureml` (7 models) and `HuggingFace` (3 models). */
export function sampleSeed(): FakeAzureMlSeed {
  const azureml: CatalogEntry[] = [
    {
      name: 'bert-base-uncased',
      hfId: 'bert-base-uncased',
      task: 'fill-mask',
      license: 'apache-2.0',
      finetuningTasks: 'text-classification, token-classification, question-answering',
      versions: ['13', '14'],
      card: card(
        'BERT base model (uncased)',
        'A transformer encoder pretrained on English text with a **masked language modeling** (MLM) objective and ' +
          'next sentence prediction. It does not distinguish between `english` and `English`.',
        ['Fill in masked words', 'Fine-tune for sequence classification, token classification or question answering'],
        '> The raw model is mostly meant to be fine-tuned on a downstream task.',
      ),
    },
    {
      name: 'distilroberta-base',
      hfId: 'distilroberta-base',
      task: 'fill-mask',
      license: 'apache-2.0',
      finetuningTasks: 'text-classification, token-classification, question-answering',
      versions: ['9'],
      card: card(
        'DistilRoBERTa base',
        'A distilled version of RoBERTa-base: 6 layers, 768 hidden units, 82M parameters, about **twice as fast** as RoBERTa-base.',
        ['Fill in masked words', 'Fine-tune on classification and tagging tasks'],
      ),
    },
    {
      name: 't5-small',
      hfId: 't5-small',
      task: 'translation',
      license: 'apache-2.0',
      finetuningTasks: 'translation, summarization',
      versions: ['15', '16', '17'],
      containerTags: { task: 'translation', license: 'apache-2.0' },
      card: card(
        'T5 small',
        'Text-To-Text Transfer Transformer with 60 million parameters. Every task is cast as *text in, text out*, ' +
          'e.g. `translate English to German: ...`.',
        ['Translation (English to German, French, Romanian)', 'Summarization'],
      ),
    },
    {
      name: 'facebook-bart-large-cnn',
      hfId: 'facebook/bart-large-cnn',
      task: 'summarization',
      license: 'mit',
      finetuningTasks: 'summarization',
      versions: ['12'],
      card: card(
        'BART large CNN',
        'BART (large) fine-tuned on the **CNN/Daily Mail** news summarization dataset.',
        ['Summarize news articles and similar long-form text'],
      ),
    },
    {
      name: 'deepset-roberta-base-squad2',
      hfId: 'deepset/roberta-base-squad2',
      task: 'question-answering',
      license: 'cc-by-4.0',
      finetuningTasks: 'question-answering',
      versions: ['10', '11'],
      card: card(
        'RoBERTa base for extractive QA',
        'roberta-base fine-tuned on **SQuAD 2.0**, including unanswerable questions.',
        ['Extractive question answering over a given context'],
      ),
    },
    {
      name: 'microsoft-deberta-base',
      hfId: 'microsoft/deberta-base',
      task: 'fill-mask',
      license: 'mit',
      finetuningTasks: 'text-classification, question-answering',
      versions: ['8'],
      card: card(
        'DeBERTa base',
        'Decoding-enhanced BERT with **disentangled attention**; outperforms BERT and RoBERTa on most NLU tasks.',
        ['Fill in masked words', 'Fine-tune for NLU tasks'],
      ),
    },
    {
      name: 'gpt2',
      hfId: 'gpt2',
      task: 'text-generation',
      license: 'mit',
      versions: ['16'],
      containerTags: { task: 'text-generation', license: 'mit' },
      card: card(
        'GPT-2',
        'A causal language model pretrained on WebText. Generates English text from a prompt.',
        ['Text generation', 'Evaluation with perplexity and ROUGE'],
        '**Bias:** the training data contains unfiltered content from the internet.',
      ),
    },
  ];

  const hf = (name: string, modelId: string, task: string, license: string): FakeModel => ({
    name,
    versions: [
      {
        version: '1',
        description: `Model [${modelId}](https://huggingface.co/${modelId}) imported from the Hugging Face Hub.`,
        tags: { modelId, task, license },
        properties: {},
        modelType: 'mlflow_model',
        flavors: mlflowFlavors(task),
      },
    ],
  });

  const workspaceVersion = (version: string, description: string, task: string, base: string, modelType = 'mlflow_model'): FakeModelVersion => ({
    version,
    description,
    tags: { task, base_model: base },
    properties: { 'azureml.finetuned': 'true' },
    modelType,
    ...(modelType === 'mlflow_model' ? { flavors: mlflowFlavors(task) } : {}),
  });

  return {
    subscriptions: [
      { subscriptionId: SAMPLE_IDS.devSubscription, displayName: 'Contoso ML Dev', tenantId: TENANT_ID },
      { subscriptionId: SAMPLE_IDS.prodSubscription, displayName: 'Contoso ML Prod', tenantId: TENANT_ID },
    ],
    workspaces: [
      {
        subscriptionId: SAMPLE_IDS.devSubscription,
        resourceGroup: 'rg-foundation-models',
        name: 'fm-dev',
        location: 'eastus',
        friendlyName: 'Foundation models (dev)',
        models: [
          {
            name: 'emotion-detection-bert',
            description: 'bert-base-uncased fine-tuned on an emotion dataset.',
            tags: { task: 'text-classification' },
            versions: [
              workspaceVersion('1', 'First fine-tune, 1 epoch.', 'text-classification', 'azureml://registries/azureml/models/bert-base-uncased/versions/14'),
              workspaceVersion('2', 'Second fine-tune, 3 epochs with LoRA.', 'text-classification', 'azureml://registries/azureml/models/bert-base-uncased/versions/14'),
            ],
          },
          {
            name: 'news-summarizer-t5',
            description: 't5-small fine-tuned on CNN/Daily Mail.',
            versions: [workspaceVersion('1', 'Summarizer for news articles.', 'summarization', 'azureml://registries/azureml/models/t5-small/versions/17', 'custom_model')],
          },
          {
            name: 'ner-distilroberta',
            versions: [
              workspaceVersion('1', 'NER tagger, CoNLL-2003.', 'token-classification', 'azureml://registries/azureml/models/distilroberta-base/versions/9'),
              workspaceVersion('2', 'NER tagger, more epochs.', 'token-classification', 'azureml://registries/azureml/models/distilroberta-base/versions/9'),
              workspaceVersion('3', 'NER tagger, merged LoRA weights.', 'token-classification', 'azureml://registries/azureml/models/distilroberta-base/versions/9'),
            ],
          },
        ],
      },
      {
        subscriptionId: SAMPLE_IDS.prodSubscription,
        resourceGroup: 'rg-ml-prod',
        name: 'ml-prod-westeurope',
        location: 'westeurope',
        friendlyName: 'ML production',
        models: [],
      },
    ],
    registries: [
      {
        name: 'azureml',
        subscriptionId: SAMPLE_IDS.registrySubscription,
        resourceGroup: 'registry-azureml',
        region: 'eastus',
        models: azureml.map(azuremlModel),
      },
      {
        name: 'HuggingFace',
        subscriptionId: SAMPLE_IDS.registrySubscription,
        resourceGroup: 'registry-huggingface',
        region: 'eastus',
        models: [
          hf('distilbert-distilbert-base-uncased-finetuned-sst-2-english', 'distilbert/distilbert-base-uncased-finetuned-sst-2-english', 'text-classification', 'apache-2.0'),
          hf('dslim-bert-base-ner', 'dslim/bert-base-NER', 'token-classification', 'mit'),
          hf('helsinki-nlp-opus-mt-en-de', 'Helsinki-NLP/opus-mt-en-de', 'translation', 'cc-by-4.0'),
        ],
      },
    ],
  };
}
