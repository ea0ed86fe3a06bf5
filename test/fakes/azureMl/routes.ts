import { errorReply, notFound, paged, PROVIDER, type Reply, type RequestContext, same } from './armConventions';
import { routeBatchEndpoints, routeBatchInvoke } from './batchEndpoints';
import { routeProviderLocation } from './endpointOperations';
import { routeJobs, routeOperationResult } from './jobs';
import { handleModels } from './modelAssets';
import { routeOnlineEndpoints } from './onlineEndpoints';
import { routeRegistryComponents, routeRegistryModels } from './registries';
import { routeHistory, routeMlflow } from './runHistory';
import type { FakeAzureMlSeed } from './types';
import { putModelVersion, routeComputes, routeDatastores, routeDataVersions } from './workspaceAssets';
import { subscriptionJson, workspaceJson, workspaceScope } from './workspaces';

/**
 * The router: which handler answers a path.
 */

export function route(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const head = seg[0]?.toLowerCase();

  // Workspace discovery document (the workspace's discoveryUrl points here): service base URLs by key.
  if (seg.length === 1 && head === 'discovery') {
    const u = ctx.baseUrl;
    return {
      status: 200,
      body: { api: u, catalog: u, experimentation: u, gallery: u, history: u, hyperdrive: u, labeling: u, modelmanagement: u, pipelines: u, studiometadata: u },
    };
  }

  // Run history: /history/v1.0/subscriptions/…/workspaces/{ws}/runs/{runId}[/details|/children]
  if (head === 'history') return routeHistory(seg, seed, ctx);

  // MLflow tracking: /mlflow/v1.0/subscriptions/…/workspaces/{ws}/api/2.0/mlflow/runs/get?run_id=…
  if (head === 'mlflow') return routeMlflow(seg, seed, ctx);

  // A batch endpoint's invocation URI: POST /batchEndpoints/{name}/jobs (its `scoringUri` here)
  if (head === 'batchendpoints') return { ...routeBatchInvoke(seg, seed, ctx), methodChecked: true };

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
      const reply = routeRegistryModels(seg.slice(2), seed, ctx) ?? routeRegistryComponents(seg.slice(2), seed, ctx);
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

  // VM sizes of a region; endpoint operations (…/locations/{loc}/mfeOperationsStatus/{op} and …/mfeOperationResults/{op}).
  const locationReply = routeProviderLocation(seg, seed, ctx);
  if (locationReply) return locationReply;

  // Long-running operation results: /subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{loc}/mfeOperationResults/{op}
  if (seg.length === 8 && same(seg[2] ?? '', 'providers') && same(seg[3] ?? '', PROVIDER) && same(seg[4] ?? '', 'locations') && same(seg[6] ?? '', 'mfeOperationResults')) {
    return routeOperationResult(seg[7] ?? '', ctx);
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
  if (same(child, 'models')) {
    if (ctx.method === 'PUT') return { ...putModelVersion(found.ws, tail, ctx), methodChecked: true };
    return handleModels(workspaceScope(found.ws), tail, ctx);
  }
  if (same(child, 'jobs')) return routeJobs(found.ws, tail, ctx);
  if (same(child, 'computes')) return routeComputes(found.ws, tail, ctx);
  if (same(child, 'datastores')) return { ...routeDatastores(found.ws, tail, ctx), methodChecked: true };
  if (same(child, 'data')) return { ...routeDataVersions(found.ws, tail, ctx), methodChecked: true };
  if (same(child, 'onlineEndpoints')) return { ...routeOnlineEndpoints(found.ws, tail, seed, ctx), methodChecked: true };
  if (same(child, 'batchEndpoints')) return { ...routeBatchEndpoints(found.ws, tail, seed, ctx), methodChecked: true };
  return notFound(`No route for ${ctx.pathname}.`);
}
