import { EPOCH, errorReply, type Json, notFound, paged, PROVIDER, type Reply, type RequestContext, same, stableGuid, systemData } from './armConventions';
import { acceptedLocation, acceptedPut, badArgument, bodyObject, checkedReply, deleteFrom, ENDPOINT_NAME, endpointIdentity, isJson, methodNotAllowed, modelAssetExists, objectField, patchEndpoint, settle, stringTags, takeDeploymentFailure } from './endpointOperations';
import { checkBody } from './restShapes';
import type { FakeAzureMlSeed, FakeBatchDeployment, FakeBatchEndpoint, FakeJob, FakeWorkspace } from './types';
import { workspaceId } from './workspaces';

/**
 * Batch endpoints and their deployments, and invoking one.
 */

function batchEndpointJson(ws: FakeWorkspace, endpoint: FakeBatchEndpoint, ctx: RequestContext): Json {
  const id = `${workspaceId(ws)}/batchEndpoints/${endpoint.name}`;
  return {
    id,
    name: endpoint.name,
    type: `${PROVIDER}/workspaces/batchEndpoints`,
    location: ws.location,
    kind: 'BatchEndpoint',
    tags: { ...(endpoint.tags ?? {}) },
    identity: endpointIdentity(id),
    properties: {
      description: null,
      properties: {},
      scoringUri: `${ctx.baseUrl}/batchEndpoints/${encodeURIComponent(endpoint.name)}/jobs`,
      swaggerUri: null,
      authMode: 'AADToken',
      defaults: { deploymentName: endpoint.defaultDeployment ?? null },
      provisioningState: endpoint.provisioningState ?? 'Succeeded',
    },
    systemData: systemData(EPOCH, EPOCH, 'fake-user@contoso.example', 'User'),
  };
}

function batchDeploymentJson(ws: FakeWorkspace, endpoint: FakeBatchEndpoint, deployment: FakeBatchDeployment): Json {
  const submitted = objectField(deployment.body, 'properties') ?? {};
  return {
    id: `${workspaceId(ws)}/batchEndpoints/${endpoint.name}/deployments/${deployment.name}`,
    name: deployment.name,
    type: `${PROVIDER}/workspaces/batchEndpoints/deployments`,
    location: ws.location,
    tags: {},
    properties: {
      description: null,
      properties: {},
      codeConfiguration: null,
      environmentId: null,
      environmentVariables: {},
      errorThreshold: -1,
      retrySettings: { maxRetries: 3, timeout: 'PT30S' },
      miniBatchSize: 10,
      loggingLevel: 'Info',
      maxConcurrencyPerInstance: 1,
      outputAction: 'AppendRow',
      outputFileName: 'predictions.csv',
      ...submitted,
      compute: deployment.compute ?? null,
      model: deployment.model ? { referenceType: 'Id', assetId: deployment.model } : null,
      resources: { instanceCount: deployment.instanceCount ?? 1, instanceType: null, properties: {} },
      provisioningState: deployment.provisioningState ?? 'Succeeded',
    },
    systemData: systemData(EPOCH, EPOCH, 'fake-user@contoso.example', 'User'),
  };
}

/** `{W}/batchEndpoints[/{ep}[/deployments[/{d}]]]` (mfe.json 2022-10-01 `BatchEndpoints_*`, `BatchDeployments_*`). */
export function routeBatchEndpoints(ws: FakeWorkspace, tail: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [name, child, deploymentName, ...rest] = tail;
  const endpoints = (ws.batchEndpoints ??= []);
  if (rest.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  if (name === undefined) return ctx.method === 'GET' ? checkedReply(paged(endpoints.map((e) => batchEndpointJson(ws, e, ctx)), ctx)) : methodNotAllowed(ctx);
  const endpoint = endpoints.find((e) => same(e.name, name));
  const missing = (): Reply => checkedReply(errorReply(404, 'ResourceNotFound', `Batch endpoint '${name}' was not found in workspace '${ws.name}'.`));
  if (child === undefined) {
    switch (ctx.method) {
      case 'GET':
        return endpoint ? checkedReply({ status: 200, body: batchEndpointJson(ws, endpoint, ctx) }) : missing();
      case 'PUT':
        return putBatchEndpoint(ws, name, endpoint, ctx);
      case 'PATCH':
        return endpoint ? patchEndpoint(ws, name, endpoint, ctx) : missing();
      case 'DELETE':
        return deleteFrom(ws, name, endpoints, endpoint, ctx);
      default:
        return methodNotAllowed(ctx);
    }
  }
  if (!endpoint) return missing();
  if (!same(child, 'deployments')) return notFound(`No route for ${ctx.pathname}.`);
  return routeBatchDeployments(ws, endpoint, deploymentName, seed, ctx);
}

function putBatchEndpoint(ws: FakeWorkspace, name: string, endpoint: FakeBatchEndpoint | undefined, ctx: RequestContext): Reply {
  const invalid = checkBody('BatchEndpoint', ctx.body);
  if (invalid) return checkedReply(invalid);
  const body = bodyObject(ctx);
  const properties = objectField(body, 'properties');
  if (!endpoint && !ENDPOINT_NAME.test(name)) return badArgument(`Endpoint name '${name}' is not valid: use 3 to 32 letters, digits and hyphens, starting with a letter.`);
  if (typeof body?.location !== 'string' || !properties) return badArgument('A batch endpoint needs location and properties.');
  if (!same(body.location, ws.location)) return badArgument(`The endpoint's location '${body.location}' is not the workspace's (${ws.location}).`);
  if (properties.authMode !== 'AADToken') return badArgument('Batch endpoints support only properties.authMode AADToken.');
  const wanted = objectField(properties, 'defaults')?.deploymentName;
  if (typeof wanted === 'string' && !endpoint?.deployments.some((d) => same(d.name, wanted))) return badArgument(`The default deployment '${wanted}' does not exist.`);
  const target: FakeBatchEndpoint = endpoint ?? { name, deployments: [] };
  target.body = body;
  if (typeof wanted === 'string') target.defaultDeployment = wanted;
  const tags = stringTags(body.tags);
  if (tags) target.tags = tags;
  target.provisioningState = endpoint ? 'Updating' : 'Creating';
  if (!endpoint) (ws.batchEndpoints ??= []).push(target);
  return acceptedPut(ctx, settle(ws, name, target), !endpoint, batchEndpointJson(ws, target, ctx));
}

/** `{W}/batchEndpoints/{ep}/deployments[/{d}]`. */
function routeBatchDeployments(ws: FakeWorkspace, endpoint: FakeBatchEndpoint, deploymentName: string | undefined, seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  if (deploymentName === undefined) {
    return ctx.method === 'GET' ? checkedReply(paged(endpoint.deployments.map((d) => batchDeploymentJson(ws, endpoint, d)), ctx)) : methodNotAllowed(ctx);
  }
  const deployment = endpoint.deployments.find((d) => same(d.name, deploymentName));
  const noDeployment = (): Reply => checkedReply(errorReply(404, 'ResourceNotFound', `Deployment '${deploymentName}' of batch endpoint '${endpoint.name}' was not found.`));
  switch (ctx.method) {
    case 'GET':
      return deployment ? checkedReply({ status: 200, body: batchDeploymentJson(ws, endpoint, deployment) }) : noDeployment();
    case 'PUT':
      return putBatchDeployment(ws, endpoint, deploymentName, deployment, seed, ctx);
    case 'PATCH':
      if (!deployment) return noDeployment();
      deployment.provisioningState = 'Updating';
      return acceptedLocation(ctx, settle(ws, deployment.name, deployment));
    case 'DELETE':
      return deleteFrom(ws, deployment?.name ?? deploymentName, endpoint.deployments, deployment, ctx);
    default:
      return methodNotAllowed(ctx);
  }
}

function putBatchDeployment(ws: FakeWorkspace, endpoint: FakeBatchEndpoint, name: string, deployment: FakeBatchDeployment | undefined, seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const invalid = checkBody('BatchDeployment', ctx.body);
  if (invalid) return checkedReply(invalid);
  const body = bodyObject(ctx);
  const properties = objectField(body, 'properties');
  if (typeof body?.location !== 'string' || !properties) return badArgument('A batch deployment needs location and properties.');
  const model = objectField(properties, 'model');
  if (model?.referenceType !== 'Id' || typeof model.assetId !== 'string') return badArgument('properties.model must be {referenceType: "Id", assetId}.');
  if (!modelAssetExists(seed, model.assetId)) return checkedReply(errorReply(404, 'ResourceNotFound', `Model '${model.assetId}' was not found.`));
  const compute = properties.compute;
  const cluster = typeof compute === 'string' ? /\/computes\/([^/]+)$/i.exec(compute)?.[1] : undefined;
  if (!cluster || !(ws.computes ?? []).some((c) => same(c.name, cluster) && (c.computeType ?? 'AmlCompute') === 'AmlCompute')) {
    return badArgument(`properties.compute '${String(compute)}' is not a compute cluster of workspace '${ws.name}'.`);
  }
  const count = objectField(properties, 'resources')?.instanceCount ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return badArgument('properties.resources.instanceCount must be a whole number of at least 1.');
  const failure = takeDeploymentFailure(ws);
  if (failure && failure.at === 'request') return checkedReply(errorReply(failure.status ?? 400, failure.code, failure.message));
  const target: FakeBatchDeployment = deployment ?? { name };
  Object.assign(target, { model: model.assetId, compute, instanceCount: count, body, provisioningState: deployment ? 'Updating' : 'Creating' });
  if (!deployment) endpoint.deployments.push(target);
  const operation = settle(ws, name, target, failure && { code: failure.code, message: failure.message });
  return acceptedPut(ctx, operation, !deployment, batchDeploymentJson(ws, endpoint, target));
}

/**
 * `POST /batchEndpoints/{endpoint}/jobs` with a token for the Azure ML resource (the server refuses others, `tokens.ts`):
 * invoking a batch endpoint. The body is `{"properties": {"InputData": {<name>: {"JobInputType", "Uri"}}}}` (learn.microsoft.com,
 * how-to-access-data-batch-endpoints-jobs, REST); the answer is the batch job (`{id, name, type, properties}`), which
 * also becomes a job of the workspace: a pipeline run whose log says what it scores, reaching `Completed` after a
 * few polls (a test may change it in `onJobCreated`).
 */
export function routeBatchInvoke(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [, name, jobs, ...rest] = seg;
  let found: { ws: FakeWorkspace; endpoint: FakeBatchEndpoint } | undefined;
  for (const ws of seed.workspaces) {
    const endpoint = (ws.batchEndpoints ?? []).find((e) => same(e.name, name ?? ''));
    if (endpoint && !found) found = { ws, endpoint };
  }
  if (!found || jobs !== 'jobs' || rest.length > 0) return errorReply(404, 'NotFound', `No batch endpoint '${name ?? ''}' answers here.`);
  if (ctx.method !== 'POST') return errorReply(405, 'MethodNotAllowed', 'Invoking takes POST.');
  const inputs = objectField(objectField(isJson(ctx.body) ? ctx.body : undefined, 'properties'), 'InputData');
  const entries = Object.entries(inputs ?? {});
  const bad = entries.find(([, input]) => !isJson(input) || typeof input.JobInputType !== 'string' || typeof input.Uri !== 'string');
  if (entries.length === 0 || bad) return errorReply(400, 'BadRequest', 'The invocation needs properties.InputData with at least one {JobInputType, Uri}.');
  const { ws, endpoint } = found;
  const deployment = endpoint.defaultDeployment ?? endpoint.deployments[0]?.name;
  if (!deployment) return errorReply(400, 'BadRequest', `Batch endpoint '${endpoint.name}' has no deployment to run.`);
  const jobName = `batchjob-${stableGuid(`${endpoint.name}#${(ws.jobs ?? []).length}`).slice(0, 8)}`;
  const uris = entries.map(([, input]) => (isJson(input) ? String(input.Uri) : ''));
  // The batch job's inputs as the job resource shows them (`JobInput`: `jobInputType`, `uri`), not as invoked.
  const jobInputs = Object.fromEntries(entries.map(([name, input]) => [name, { jobInputType: isJson(input) && input.JobInputType === 'UriFolder' ? 'uri_folder' : 'uri_file', uri: isJson(input) ? String(input.Uri) : '', mode: 'ReadOnlyMount' }]));
  const job: FakeJob = {
    name: jobName,
    jobType: 'Pipeline',
    displayName: `${endpoint.name}-${deployment}`,
    experimentName: endpoint.name,
    status: ['NotStarted', 'Running', 'Completed'],
    logs: { 'logs/azureml/executionlogs.txt': `Scoring ${uris.join(', ')} with deployment ${deployment}\nScored the input; predictions are in the job's output\n` },
    spec: { jobType: 'Pipeline', displayName: `${endpoint.name}-${deployment}`, tags: {}, inputs: jobInputs },
  };
  (ws.jobs ??= []).push(job);
  ctx.onJobCreated?.(job, ws);
  return { status: 200, body: { id: `${workspaceId(ws)}/jobs/${jobName}`, name: jobName, type: `${PROVIDER}/workspaces/jobs`, properties: { ...job.spec, status: 'NotStarted' } } };
}
