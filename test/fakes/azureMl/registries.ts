import { DAY_MS, EPOCH, notFound, paged, parseTop, PROVIDER, queryValue, type Reply, type RequestContext, same, systemData } from './armConventions';
import { handleModels } from './modelAssets';
import type { FakeAzureMlSeed } from './types';
import { registryId, registryScope } from './workspaces';

/**
 * Registries: discovery, and the models and components of the registry data plane (and of ARM, for models).
 *
 * - Registry models: `stable/2023-04-01/examples/Registry/ModelContainer/get.json`
 *   (cfc781db243d9f427e8979b6c35d8125d36a1e6e; type `Microsoft.MachineLearningServices/registries/models`, registry
 *   id form), `…/Registry/ModelVersion/get.json` (4984b1579aa6bada687da829863e82fd2df8d970) and
 *   `…/Registry/ModelVersion/list.json` (e2d698331f63443457bb3cb686f66fa62d44925f; `$skipToken`). The data-plane
 *   path (`/mferp/managementfrontend` + ARM-shaped registry path, api-version 2021-10-01-dataplanepreview, `$skiptoken`)
 *   is from Azure/azure-sdk-for-python `sdk/ml/azure-ai-ml/azure/ai/ml/_restclient/v2021_10_01_dataplanepreview/
 *   operations/_model_containers_operations.py` (09876b99d7a1fc923285d19fac9bdb86f24435f9).
 * - Registry discovery (`RegistryDiscoveryDto`): Azure/azure-sdk-for-python
 *   `sdk/ml/azure-ai-ml/azure/ai/ml/_restclient/registry_discovery/models/_models_py3.py` (2081b994718f10b5eddfae7c2e20a9d895ebcbe7).
 */

export function routeRegistryModels(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply | undefined {
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

/** Registry data plane `…/registries/{name}/components/{component}[/versions[/{version}]]` (`ComponentContainer`, `latestVersion`). */
function routeRegistryComponents(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply | undefined {
  const [s, sub, r, rg, p, provider, kind, name, components, component, versions, version, ...rest] = seg;
  if (
    !same(s ?? '', 'subscriptions') || !same(r ?? '', 'resourceGroups') || !same(p ?? '', 'providers') ||
    !same(provider ?? '', PROVIDER) || !same(kind ?? '', 'registries') || !same(components ?? '', 'components') || rest.length > 0
  ) {
    return undefined;
  }
  const registry = seed.registries.find((reg) => same(reg.subscriptionId, sub ?? '') && same(reg.resourceGroup, rg ?? '') && same(reg.name, name ?? ''));
  if (!registry) return notFound(`Registry '${name ?? ''}' was not found.`);
  const id = `${registryId(registry)}/components`;
  const containerJson = (c: { name: string; versions: string[]; latestVersion?: string }) => ({
    id: `${id}/${c.name}`,
    name: c.name,
    type: `${PROVIDER}/registries/components`,
    properties: { description: null, tags: {}, properties: {}, isArchived: false, latestVersion: c.latestVersion ?? c.versions[c.versions.length - 1] ?? null },
  });
  if (component === undefined) return paged((registry.components ?? []).map(containerJson), ctx);
  const found = registry.components?.find((c) => c.name === component);
  if (!found) return notFound(`Component '${component}' was not found in registry '${registry.name}'.`);
  if (versions === undefined) return { status: 200, body: containerJson(found) };
  const versionJson = (v: string) => {
    const created = EPOCH + found.versions.indexOf(v) * DAY_MS;
    return {
      id: `${id}/${found.name}/versions/${v}`,
      name: v,
      type: `${PROVIDER}/registries/components/versions`,
      properties: { isAnonymous: false, isArchived: false, componentSpec: { name: found.name, version: v, type: 'pipeline' } },
      systemData: systemData(created, created, registry.name, 'Application'),
    };
  };
  if (version === undefined) {
    // Creation order; `$orderBy=createdtime desc` (azure-ai-ml's `_get_latest`) newest first; `$top` caps the list.
    const ordered = /^created(time|at)?\s+desc$/i.test(queryValue(ctx.query, '$orderBy')?.trim() ?? '') ? [...found.versions].reverse() : found.versions;
    const top = parseTop(ctx.query);
    return paged((top === undefined ? ordered : ordered.slice(0, top)).map(versionJson), ctx);
  }
  return found.versions.includes(version) ? { status: 200, body: versionJson(version) } : notFound(`Component version '${component}:${version}' was not found.`);
}

/** `GET /registrymanagement/v1.0/registries/{registryName}/discovery` (`RegistryDiscoveryDto`). */
export function routeRegistryDiscovery(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [, v, registries, name, discovery, ...rest] = seg;
  if (v !== 'v1.0' || !same(registries ?? '', 'registries') || !name || !same(discovery ?? '', 'discovery') || rest.length > 0) {
    return notFound(`No route for ${ctx.pathname}.`);
  }
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

/** The registry data plane: `/mferp/managementfrontend/subscriptions/…/registries/{name}/models…` or `…/components…`. */
export function routeRegistryDataPlane(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  if (same(seg[1] ?? '', 'managementfrontend')) {
    const reply = routeRegistryModels(seg.slice(2), seed, ctx) ?? routeRegistryComponents(seg.slice(2), seed, ctx);
    if (reply) return reply;
  }
  return notFound(`No route for ${ctx.pathname}.`);
}
