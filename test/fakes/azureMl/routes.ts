import { errorReply, notFound, paged, PROVIDER, type Reply, type RequestContext, same } from './armConventions';
import { routeBatchEndpoints, routeBatchInvoke } from './batchEndpoints';
import { routeProviderLocation } from './endpointOperations';
import { routeJobs, routeOperationResult } from './jobs';
import { handleModels } from './modelAssets';
import { routeOnlineEndpoints } from './onlineEndpoints';
import { routeRegistryDataPlane, routeRegistryDiscovery, routeRegistryModels } from './registries';
import { routeHistory, routeMlflow } from './runHistory';
import type { FakeAzureMlSeed, FakeWorkspace } from './types';
import { putModelVersion, routeComputes, routeDatastores } from './workspaceAssets';
import { routeDataAssets } from './dataAssets';
import { SHAPES_API_VERSION } from './restShapes';
import { subscriptionJson, workspaceJson, workspaceScope } from './workspaces';

/**
 * The router: which handler answers a path. Paths and names are matched without regard to case, as ARM does;
 * asset names are case-sensitive (the handlers check them).
 */

export function route(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  switch (seg[0]?.toLowerCase()) {
    // Workspace discovery document (the workspace's discoveryUrl points here): service base URLs by key.
    case 'discovery':
      return seg.length === 1 ? discoveryDocument(ctx) : notFound(`No route for ${ctx.pathname}.`);
    // Run history: /history/v1.0/subscriptions/…/workspaces/{ws}/runs/{runId}[/details|/children]
    case 'history':
      return routeHistory(seg, seed, ctx);
    // MLflow tracking: /mlflow/v1.0/subscriptions/…/workspaces/{ws}/api/2.0/mlflow/runs/get?run_id=…
    case 'mlflow':
      return routeMlflow(seg, seed, ctx);
    // A batch endpoint's invocation URI: POST /batchEndpoints/{name}/jobs (its `scoringUri` here)
    case 'batchendpoints':
      return { ...routeBatchInvoke(seg, seed, ctx), methodChecked: true };
    // Registry discovery: GET /registrymanagement/v1.0/registries/{registryName}/discovery
    case 'registrymanagement':
      return routeRegistryDiscovery(seg, seed, ctx);
    // Registry data plane: /mferp/managementfrontend/subscriptions/…/registries/{name}/models…
    case 'mferp':
      return routeRegistryDataPlane(seg, seed, ctx);
    case 'subscriptions':
      return routeSubscriptions(seg, seed, ctx);
    default:
      return notFound(`No route for ${ctx.pathname}.`);
  }
}

function discoveryDocument(ctx: RequestContext): Reply {
  const u = ctx.baseUrl;
  return {
    status: 200,
    body: { api: u, catalog: u, experimentation: u, gallery: u, history: u, hyperdrive: u, labeling: u, modelmanagement: u, pipelines: u, studiometadata: u },
  };
}

/** `/subscriptions[/{sub}[/…]]`: subscriptions, registry models through ARM, provider locations, resource groups. */
function routeSubscriptions(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
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
  return routeResourceGroup(seg, seed, ctx);
}

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces[/{ws}[/…]]`. */
function routeResourceGroup(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [, sub = '', r, rg, p, provider, kind, wsName, child, ...tail] = seg;
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
  const unchecked = bodyApiVersionProblem(ctx);
  if (unchecked) return unchecked;
  const denied = authorizationProblem(found.ws, child, tail, ctx);
  if (denied) return denied;
  return routeWorkspaceChild(found.ws, child, tail, seed, ctx);
}

/**
 * The fake's own rule, not Azure's: a request that changes a workspace resource must name the api-version whose REST
 * shapes the fake checks bodies against (`restShapes.ts`, 2026-07-01); Azure itself still serves older versions. Reads
 * (GET) take any version.
 */
function bodyApiVersionProblem(ctx: RequestContext): Reply | undefined {
  if (ctx.method === 'GET' || ctx.method === 'HEAD') return undefined;
  const version = ctx.query.get('api-version');
  if (version === SHAPES_API_VERSION) return undefined;
  return {
    ...errorReply(400, 'UnsupportedApiVersion', `The fake Azure ML checks request bodies against the REST shapes of api-version ${SHAPES_API_VERSION} only (test/fixtures/azureml/rest); this ${ctx.method} names api-version ${version ?? '(none)'}.`),
    methodChecked: true,
  };
}

/**
 * A request that needs an action the account has no role for (`FakeWorkspace.deniedActions`): 403
 * `AuthorizationFailed` in ARM's words ("The client '…' with object id '…' does not have authorization to perform action
 * '…' over scope '…' or the scope is invalid. If access was recently granted, please refresh your credentials.", as
 * azure-cli and Azure PowerShell issues quote it). Actions are named as Azure RBAC names them: `…/workspaces/jobs/write`,
 * `…/workspaces/datastores/listsecrets/action`.
 */
function authorizationProblem(ws: FakeWorkspace, child: string, tail: string[], ctx: RequestContext): Reply | undefined {
  if (!ws.deniedActions?.length) return undefined;
  const nested = tail[1] && ['deployments', 'versions'].includes(tail[1].toLowerCase()) ? `/${tail[1]}` : '';
  const verb = ctx.method === 'GET' ? 'read' : ctx.method === 'DELETE' ? 'delete' : ctx.method === 'POST' ? `${(tail.at(-1) ?? '').toLowerCase()}/action` : 'write';
  const action = `${PROVIDER}/workspaces/${child}${nested}/${verb}`;
  if (!ws.deniedActions.some((denied) => same(denied, action))) return undefined;
  const scope = `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/${PROVIDER}/workspaces/${ws.name}`;
  const message = `The client 'fake-user@contoso.example' with object id '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;
  return { ...errorReply(403, 'AuthorizationFailed', message), methodChecked: true };
}

/** `{W}/{child}/…`: the workspace's models, jobs, computes, datastores, data, online and batch endpoints. */
function routeWorkspaceChild(ws: FakeWorkspace, child: string, tail: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  if (same(child, 'models')) {
    if (ctx.method === 'PUT') return { ...putModelVersion(ws, tail, ctx), methodChecked: true };
    return handleModels(workspaceScope(ws), tail, ctx);
  }
  if (same(child, 'jobs')) return routeJobs(ws, tail, seed, ctx);
  if (same(child, 'computes')) return routeComputes(ws, tail, ctx);
  if (same(child, 'datastores')) return { ...routeDatastores(ws, tail, ctx), methodChecked: true };
  if (same(child, 'data')) return { ...routeDataAssets(ws, tail, ctx), methodChecked: true };
  if (same(child, 'onlineEndpoints')) return { ...routeOnlineEndpoints(ws, tail, seed, ctx), methodChecked: true };
  if (same(child, 'batchEndpoints')) return { ...routeBatchEndpoints(ws, tail, seed, ctx), methodChecked: true };
  return notFound(`No route for ${ctx.pathname}.`);
}
