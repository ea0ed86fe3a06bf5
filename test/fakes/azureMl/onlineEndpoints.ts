import { EPOCH, errorReply, type Json, notFound, paged, PROVIDER, type Reply, type RequestContext, same, stableGuid, systemData } from './armConventions';
import { acceptedLocation, acceptedPut, badArgument, bodyObject, checkedReply, deleteFrom, ENDPOINT_NAME, endpointIdentity, methodNotAllowed, modelAssetExists, objectField, patchEndpoint, settle, stringTags, takeDeploymentFailure } from './endpointOperations';
import { checkBody } from './restShapes';
import { isRetiredVmSize, retiredSizeMessage } from './retiredSizes';
import type { FakeAzureMlSeed, FakeOnlineDeployment, FakeOnlineEndpoint, FakeWorkspace } from './types';
import { workspaceId } from './workspaces';

/**
 * Managed online endpoints and their deployments, and scoring (the fake's choices: `endpointOperations.ts`).
 */

export function endpointKeys(ws: FakeWorkspace, endpoint: FakeOnlineEndpoint): { primaryKey: string; secondaryKey: string } {
  const id = `${workspaceId(ws)}/onlineEndpoints/${endpoint.name}`;
  return endpoint.keys ?? { primaryKey: stableGuid(`${id}#primary`).replace(/-/g, ''), secondaryKey: stableGuid(`${id}#secondary`).replace(/-/g, '') };
}

function onlineEndpointJson(ws: FakeWorkspace, endpoint: FakeOnlineEndpoint, ctx: RequestContext): Json {
  const id = `${workspaceId(ws)}/onlineEndpoints/${endpoint.name}`;
  const submitted = objectField(endpoint.body, 'properties') ?? {};
  return {
    id,
    name: endpoint.name,
    type: `${PROVIDER}/workspaces/onlineEndpoints`,
    location: ws.location,
    kind: 'Managed',
    tags: { ...(endpoint.tags ?? {}) },
    identity: endpointIdentity(id),
    properties: {
      description: endpoint.description ?? null,
      properties: {},
      publicNetworkAccess: 'Enabled',
      ...submitted,
      scoringUri: `${ctx.baseUrl}/score/${encodeURIComponent(endpoint.name)}`,
      swaggerUri: `${ctx.baseUrl}/score/${encodeURIComponent(endpoint.name)}/swagger.json`,
      authMode: endpoint.authMode ?? 'Key',
      provisioningState: endpoint.provisioningState ?? 'Succeeded',
      compute: null,
      traffic: { ...(endpoint.traffic ?? {}) },
    },
    systemData: systemData(EPOCH, EPOCH, 'fake-user@contoso.example', 'User'),
  };
}

function onlineDeploymentJson(ws: FakeWorkspace, endpoint: FakeOnlineEndpoint, deployment: FakeOnlineDeployment): Json {
  const submitted = objectField(deployment.body, 'properties') ?? {};
  return {
    id: `${workspaceId(ws)}/onlineEndpoints/${endpoint.name}/deployments/${deployment.name}`,
    name: deployment.name,
    type: `${PROVIDER}/workspaces/onlineEndpoints/deployments`,
    location: ws.location,
    kind: 'Managed',
    tags: {},
    sku: { name: 'Default', tier: 'Standard', capacity: deployment.instanceCount },
    properties: {
      description: null,
      properties: {},
      codeConfiguration: null,
      environmentId: null,
      environmentVariables: {},
      scaleSettings: { scaleType: 'Default' },
      requestSettings: { requestTimeout: 'PT5S', maxConcurrentRequestsPerInstance: 1, maxQueueWait: 'PT0.5S' },
      appInsightsEnabled: false,
      livenessProbe: { failureThreshold: 30, successThreshold: 1, timeout: 'PT2S', period: 'PT10S', initialDelay: 'PT10S' },
      readinessProbe: { failureThreshold: 30, successThreshold: 1, timeout: 'PT2S', period: 'PT10S', initialDelay: 'PT10S' },
      egressPublicNetworkAccess: 'Enabled',
      modelMountPath: null,
      ...submitted,
      endpointComputeType: 'Managed',
      instanceType: deployment.instanceType,
      model: deployment.model ?? null,
      provisioningState: deployment.provisioningState ?? 'Succeeded',
    },
    systemData: systemData(EPOCH, EPOCH, 'fake-user@contoso.example', 'User'),
  };
}

function defaultDeploymentLog(deployment: FakeOnlineDeployment): string {
  const lines = [
    '2025-01-06T09:31:00Z Azure ML Inferencing HTTP server v1.3.2',
    '2025-01-06T09:31:00Z Server settings: entry script none (MLflow model), port 31311, worker count 1',
    `2025-01-06T09:31:02Z Loading model ${deployment.model ?? '(none)'}`,
    '2025-01-06T09:31:09Z Model loaded; initializing the scoring pipeline',
    '2025-01-06T09:31:10Z Listening at http://0.0.0.0:31311',
    '2025-01-06T09:31:11Z GET /readiness 200',
  ];
  if (deployment.provisioningState === 'Failed') lines.push('2025-01-06T09:31:12Z ERROR The deployment did not become ready.');
  return `${lines.join('\n')}\n`;
}

/**
 * `{W}/onlineEndpoints[/{ep}[/listKeys | /deployments[/{d}[/getLogs | /skus]]]]` (mfe.json 2022-10-01 `OnlineEndpoints_*`,
 * `OnlineDeployments_*`).
 */
export function routeOnlineEndpoints(ws: FakeWorkspace, tail: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [name, child, deploymentName, action, ...rest] = tail;
  const endpoints = (ws.onlineEndpoints ??= []);
  if (rest.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  if (name === undefined) return ctx.method === 'GET' ? checkedReply(paged(endpoints.map((e) => onlineEndpointJson(ws, e, ctx)), ctx)) : methodNotAllowed(ctx);
  const endpoint = endpoints.find((e) => same(e.name, name));
  const missing = (): Reply => checkedReply(errorReply(404, 'ResourceNotFound', `Online endpoint '${name}' was not found in workspace '${ws.name}'.`));
  if (child === undefined) {
    switch (ctx.method) {
      case 'GET':
        return endpoint ? checkedReply({ status: 200, body: onlineEndpointJson(ws, endpoint, ctx) }) : missing();
      case 'PUT':
        return putOnlineEndpoint(ws, name, endpoint, seed, ctx);
      case 'PATCH':
        return endpoint ? patchEndpoint(ws, name, endpoint, ctx) : missing();
      case 'DELETE':
        return deleteFrom(ws, name, endpoints, endpoint, ctx);
      default:
        return methodNotAllowed(ctx);
    }
  }
  if (!endpoint) return missing();
  if (same(child, 'listKeys') && deploymentName === undefined) {
    if (ctx.method !== 'POST') return methodNotAllowed(ctx);
    if ((endpoint.authMode ?? 'Key') !== 'Key') return badArgument(`Endpoint '${endpoint.name}' uses ${endpoint.authMode} authentication and has no keys.`);
    return checkedReply({ status: 200, body: endpointKeys(ws, endpoint) });
  }
  if (!same(child, 'deployments')) return notFound(`No route for ${ctx.pathname}.`);
  return routeOnlineDeployments(ws, endpoint, deploymentName, action, seed, ctx);
}

/** `{W}/onlineEndpoints/{ep}/deployments[/{d}[/getLogs | /skus]]`. */
function routeOnlineDeployments(ws: FakeWorkspace, endpoint: FakeOnlineEndpoint, deploymentName: string | undefined, action: string | undefined, seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  if (deploymentName === undefined) {
    return ctx.method === 'GET' ? checkedReply(paged(endpoint.deployments.map((d) => onlineDeploymentJson(ws, endpoint, d)), ctx)) : methodNotAllowed(ctx);
  }
  const deployment = endpoint.deployments.find((d) => same(d.name, deploymentName));
  const noDeployment = (): Reply => checkedReply(errorReply(404, 'ResourceNotFound', `Deployment '${deploymentName}' of endpoint '${endpoint.name}' was not found.`));
  if (action !== undefined) return deployment ? deploymentAction(deployment, action, ctx) : noDeployment();
  switch (ctx.method) {
    case 'GET':
      return deployment ? checkedReply({ status: 200, body: onlineDeploymentJson(ws, endpoint, deployment) }) : noDeployment();
    case 'PUT':
      return putOnlineDeployment(ws, endpoint, deploymentName, deployment, seed, ctx);
    case 'PATCH': {
      if (!deployment) return noDeployment();
      const capacity = objectField(bodyObject(ctx), 'sku')?.capacity;
      if (typeof capacity === 'number' && Number.isInteger(capacity) && capacity >= 1) deployment.instanceCount = capacity;
      deployment.provisioningState = 'Scaling';
      return acceptedLocation(ctx, settle(ws, deployment.name, deployment));
    }
    case 'DELETE': {
      if (deployment && (endpoint.traffic?.[deployment.name] ?? 0) > 0) {
        return badArgument(`Deployment '${deployment.name}' still receives ${endpoint.traffic?.[deployment.name]}% of the traffic; set its traffic to 0 first.`);
      }
      return deleteFrom(ws, deployment?.name ?? deploymentName, endpoint.deployments, deployment, ctx);
    }
    default:
      return methodNotAllowed(ctx);
  }
}

/** `POST …/deployments/{d}/getLogs` (the container's last `tail` lines) and `GET …/deployments/{d}/skus`. */
function deploymentAction(deployment: FakeOnlineDeployment, action: string, ctx: RequestContext): Reply {
  if (same(action, 'getLogs')) {
    if (ctx.method !== 'POST') return methodNotAllowed(ctx);
    const invalid = ctx.body === undefined ? undefined : checkBody('DeploymentLogsRequest', ctx.body);
    if (invalid) return checkedReply(invalid);
    const request = bodyObject(ctx);
    const container = request?.containerType ?? 'InferenceServer';
    if (container !== 'InferenceServer' && container !== 'StorageInitializer') return badArgument(`containerType '${String(container)}' is not one of InferenceServer, StorageInitializer.`);
    const text = deployment.logs?.[container] ?? (container === 'InferenceServer' ? defaultDeploymentLog(deployment) : '');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const tailCount = typeof request?.tail === 'number' && request.tail > 0 ? Math.floor(request.tail) : lines.length;
    const kept = lines.slice(Math.max(0, lines.length - tailCount));
    return checkedReply({ status: 200, body: { content: kept.length ? `${kept.join('\n')}\n` : '' } });
  }
  if (same(action, 'skus')) {
    if (ctx.method !== 'GET') return methodNotAllowed(ctx);
    const sku = { resourceType: `${PROVIDER}/workspaces/onlineEndpoints/deployments`, sku: { name: 'Default', tier: 'Standard' }, capacity: { minimum: 1, maximum: 20, default: 1, scaleType: 'Manual' } };
    return checkedReply(paged([sku], ctx));
  }
  return notFound(`No route for ${ctx.pathname}.`);
}

function putOnlineEndpoint(ws: FakeWorkspace, name: string, existing: FakeOnlineEndpoint | undefined, seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const invalid = checkBody('OnlineEndpoint', ctx.body);
  if (invalid) return checkedReply(invalid);
  const body = bodyObject(ctx);
  const properties = objectField(body, 'properties');
  if (!existing && !ENDPOINT_NAME.test(name)) {
    return badArgument(`Endpoint name '${name}' is not valid: use 3 to 32 letters, digits and hyphens, starting with a letter and not ending with a hyphen.`);
  }
  if (typeof body?.location !== 'string' || !properties) return badArgument('An online endpoint needs location and properties.');
  if (!same(body.location, ws.location)) return badArgument(`The endpoint's location '${body.location}' is not the workspace's (${ws.location}).`);
  const authMode = properties.authMode;
  if (authMode !== 'Key' && authMode !== 'AMLToken' && authMode !== 'AADToken') return badArgument(`properties.authMode '${String(authMode)}' is not one of Key, AMLToken, AADToken.`);
  if (existing?.provisioningState === 'Deleting') return checkedReply(errorReply(409, 'Conflict', `Endpoint '${name}' is being deleted.`));
  let traffic: Record<string, number> | undefined;
  const rawTraffic = objectField(properties, 'traffic');
  if (rawTraffic) {
    traffic = {};
    for (const [deployment, percent] of Object.entries(rawTraffic)) {
      if (typeof percent !== 'number' || !Number.isInteger(percent) || percent < 0 || percent > 100) return badArgument(`Traffic for '${deployment}' must be a whole percent.`);
      if (!existing?.deployments.some((d) => same(d.name, deployment))) return badArgument(`Traffic names deployment '${deployment}', which endpoint '${name}' does not have.`);
      traffic[deployment] = percent;
    }
    const total = Object.values(traffic).reduce((a, b) => a + b, 0);
    if (Object.keys(traffic).length > 0 && total !== 100 && total !== 0) return badArgument(`Traffic values need to sum to 100 (they sum to ${total}).`);
  }
  if (!existing) {
    const taken = seed.workspaces.some((other) => other !== ws && same(other.location, ws.location) && (other.onlineEndpoints ?? []).some((e) => same(e.name, name)));
    if (taken) return checkedReply(errorReply(409, 'Conflict', `An online endpoint named '${name}' already exists in region ${ws.location}; endpoint names are unique per region.`));
  }
  const endpoint: FakeOnlineEndpoint = existing ?? { name, deployments: [] };
  endpoint.authMode = authMode;
  endpoint.body = body;
  if (traffic) endpoint.traffic = traffic;
  const tags = stringTags(body.tags);
  if (tags) endpoint.tags = tags;
  if (typeof properties.description === 'string') endpoint.description = properties.description;
  endpoint.provisioningState = existing ? 'Updating' : 'Creating';
  if (!existing) (ws.onlineEndpoints ??= []).push(endpoint);
  return acceptedPut(ctx, settle(ws, name, endpoint), !existing, onlineEndpointJson(ws, endpoint, ctx));
}

function putOnlineDeployment(ws: FakeWorkspace, endpoint: FakeOnlineEndpoint, name: string, existing: FakeOnlineDeployment | undefined, seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const invalid = checkBody('OnlineDeployment', ctx.body);
  if (invalid) return checkedReply(invalid);
  const body = bodyObject(ctx);
  const properties = objectField(body, 'properties');
  if (typeof body?.location !== 'string' || !properties) return badArgument('An online deployment needs location and properties.');
  if (properties.endpointComputeType !== 'Managed') return badArgument(`properties.endpointComputeType '${String(properties.endpointComputeType)}' is not supported here; the fake serves Managed deployments.`);
  if (typeof properties.instanceType !== 'string' || !properties.instanceType) return badArgument('A managed online deployment needs properties.instanceType.');
  if (isRetiredVmSize(properties.instanceType)) return badArgument(retiredSizeMessage(properties.instanceType));
  const capacity = objectField(body, 'sku')?.capacity ?? 1;
  if (typeof capacity !== 'number' || !Number.isInteger(capacity) || capacity < 1) return badArgument('sku.capacity (the instance count) must be a whole number of at least 1.');
  if (typeof properties.model !== 'string' || !properties.model) return badArgument('properties.model must name a model asset.');
  if (!modelAssetExists(seed, properties.model)) return checkedReply(errorReply(404, 'ResourceNotFound', `Model '${properties.model}' was not found.`));
  const failure = takeDeploymentFailure(ws);
  if (failure && failure.at === 'request') return checkedReply(errorReply(failure.status ?? 400, failure.code, failure.message));
  const deployment: FakeOnlineDeployment = existing ?? { name, instanceType: properties.instanceType, instanceCount: capacity };
  deployment.instanceType = properties.instanceType;
  deployment.instanceCount = capacity;
  deployment.model = properties.model;
  deployment.body = body;
  deployment.provisioningState = existing ? 'Updating' : 'Creating';
  if (!existing) endpoint.deployments.push(deployment);
  const operation = settle(ws, name, deployment, failure && { code: failure.code, message: failure.message });
  return acceptedPut(ctx, operation, !existing, onlineDeploymentJson(ws, endpoint, deployment));
}
