import { EPOCH, errorReply, FAKE_TENANT_ID, iso, type Json, notFound, PROVIDER, type Reply, type RequestContext, same, stableGuid } from './armConventions';
import { SHAPES_API_VERSION } from './restShapes';
import type { FakeAzureMlSeed, FakeDeploymentFailure, FakeProvisioningState, FakeVmSize, FakeWorkspace } from './types';
import { workspaceId } from './workspaces';

/**
 * - Online and batch endpoints and deployments: `stable/2022-10-01/mfe.json` (29f2c80b…) operations
 *   `OnlineEndpoints_*` (`listKeys`), `OnlineDeployments_*` (`getLogs`, `listSkus`), `BatchEndpoints_*`,
 *   `BatchDeployments_*` with their LRO headers; examples `…/examples/OnlineEndpoint/get.json` (6357078ba1e30c90b6f7b86437312a4d5e519d73),
 *   `…/OnlineEndpoint/update.json` (6fa9dd25b2593f407c55aaf2005f1e62439f325b; PATCH takes only tags and identity, so
 *   traffic is set with PUT), `…/OnlineEndpoint/listKeys.json` (ea725a839debfef88b2ddc6343b7c2340ea9d0b6),
 *   `…/OnlineEndpoint/delete.json` (85ed87558270baad1dc40f9d98ded5dad5bc208e), `…/OnlineDeployment/ManagedOnlineDeployment/createOrUpdate.json`
 *   (b4438d8172ec4e6ab6f04e1e8560ccbef95feaab), `…/OnlineDeployment/getLogs.json` (ba16d1ab3479ee43b0db0da3dbc19cc2306a221e),
 *   `…/OnlineDeployment/KubernetesOnlineDeployment/listSkus.json` (41ba57d8debf29a9af6c09b9999ce3b012d8a643),
 *   `…/BatchEndpoint/createOrUpdate.json` (38f22e8ee7c5864cef4be0dba4d52a50cf2d96bd), `…/BatchDeployment/get.json`
 *   (e86d0248ef1fd989c04747f59004c2ccbe191609), `…/VirtualMachineSize/list.json` (15f38e5b507c1875212fabd59839498f3a6e2015).
 *   Request bodies as Azure/azureml-examples `cli/deploy-rest.sh` (0d9271a1a4d48cb23d7bf1c19ae2cf28e911b580) sends them.
 *   Operations, scoring and the fake's choices are described in their section below.
 */

// ---------------------------------------------------------------------------------------------------------------
// Online and batch endpoints, their deployments and long-running operations; VM sizes; scoring
//
// Shapes: mfe.json 2022-10-01 (commit 29f2c80b…, see the file comment) `OnlineEndpointTrackedResource`,
// `OnlineDeploymentTrackedResource` (+ `ManagedOnlineDeployment`), `BatchEndpointTrackedResource`,
// `BatchDeploymentTrackedResource`, `EndpointAuthKeys`, `DeploymentLogsRequest` / `DeploymentLogs`, `SkuResource`;
// `VirtualMachineSizeListResult` of machineLearningServices.json. Status codes and headers of the operations as
// mfe.json declares them: PUT 200/201 (201 with `Azure-AsyncOperation`, `x-ms-async-operation-timeout`), PATCH and
// DELETE 202 with `Location` and `Retry-After` (DELETE also 200/204). The operation status resource
// `{id, name, status, startTime, endTime, error}` is ARM's (Azure/azure-resource-manager-rpc `v1.0/async-api-reference.md`).
//
// The fake's choices, where the specification is silent:
// - An accepted PUT answers 201 (new resource) or 200 (existing one), both with `Azure-AsyncOperation` pointing at
//   `…/locations/{loc}/mfeOperationsStatus/{op}`; PATCH and DELETE answer 202 with `Location` at
//   `…/mfeOperationResults/{op}`. `Retry-After` is `operationRetryAfterSeconds` (0 by default, where Azure asks 10 to 600).
// - An operation answers `InProgress` (202 on its Location) for `operationPolls` polls (1 by default), then ends; the
//   resource's `provisioningState` is `Creating`/`Updating`/`Deleting`/`Scaling` until then and follows the outcome.
// - `failNextDeployment` makes the next deployment PUT (online or batch) end `Failed` with its error, or be refused
//   at once (`at: 'request'`); a deployment of a model asset that does not exist is refused with 404 `ResourceNotFound`.
// - Online endpoint names are unique per region: a new name that a workspace in the same region already uses is
//   refused with 409 `Conflict`. A name outside 3–32 letters, digits and hyphens (letter first) is 400 `BadArgument`.
// - `scoringUri` is `{this server}/score/{endpoint}`: POST with `Authorization: Bearer <primary or secondary key>`
//   (401 without), `azureml-model-deployment` to pick a deployment (404 for an unknown one), else the deployment with
//   the most traffic (404 when none has any, as Azure says "no valid deployment with positive weight"); a deployment
//   that is not `Succeeded` answers 424 with `ms-azureml-model-error-statuscode`/`-reason` (status codes from
//   MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-troubleshoot-online-endpoints.md`, 112100ce80).
//   The body is checked against the deployed model's signature and the deployment's request timeout (`scoring.ts`);
//   the answer is one deterministic prediction per input row.
// - VM sizes are the same for every region: the DS-series of `examples/VirtualMachineSize/list.json`
//   (15f38e5b507c1875212fabd59839498f3a6e2015; `MIR` in `supportedComputeTypes` marks sizes for managed online
//   endpoints) plus a current GPU size (`Standard_NC4as_T4_v3`); the retired NCv3 sizes are not offered (`retiredSizes.ts`).

export const FAKE_VM_SIZES: readonly FakeVmSize[] = [
  { name: 'Standard_DS1_v2', family: 'standardDSv2Family', vCPUs: 1, gpus: 0, memoryGB: 3.5, supportedComputeTypes: ['AmlCompute', 'ComputeInstance'] },
  { name: 'Standard_DS2_v2', family: 'standardDSv2Family', vCPUs: 2, gpus: 0, memoryGB: 7, supportedComputeTypes: ['AmlCompute', 'ComputeInstance', 'MIR'] },
  { name: 'Standard_DS3_v2', family: 'standardDSv2Family', vCPUs: 4, gpus: 0, memoryGB: 14, supportedComputeTypes: ['AmlCompute', 'ComputeInstance', 'MIR'] },
  { name: 'Standard_DS4_v2', family: 'standardDSv2Family', vCPUs: 8, gpus: 0, memoryGB: 28, supportedComputeTypes: ['AmlCompute', 'ComputeInstance', 'MIR'] },
  { name: 'Standard_D4a_v4', family: 'standardDAv4Family', vCPUs: 4, gpus: 0, memoryGB: 16, supportedComputeTypes: ['AmlCompute', 'ComputeInstance', 'MIR'] },
  { name: 'Standard_E4s_v3', family: 'standardESv3Family', vCPUs: 4, gpus: 0, memoryGB: 32, supportedComputeTypes: ['AmlCompute', 'ComputeInstance', 'MIR'] },
  { name: 'Standard_NC4as_T4_v3', family: 'standardNCASv3_T4Family', vCPUs: 4, gpus: 1, memoryGB: 28, supportedComputeTypes: ['AmlCompute', 'ComputeInstance', 'MIR'] },
  { name: 'Standard_DS11_v2', family: 'standardDSv2Family', vCPUs: 2, gpus: 0, memoryGB: 14, supportedComputeTypes: ['AmlCompute', 'ComputeInstance'] },
];

interface EndpointOperation {
  readonly id: string;
  readonly ws: FakeWorkspace;
  readonly startedMs: number;
  /** Polls still to answer `InProgress`. */
  remaining: number;
  readonly error: { code: string; message: string } | undefined;
  /** Applies the outcome to the resource once. */
  finish: (() => void) | undefined;
}

/** Operations in flight per workspace, kept beside the seed so tests may replace the seed's endpoints freely. */
const endpointOperations = new WeakMap<FakeWorkspace, Map<string, EndpointOperation>>();
let operationCounter = 0;

function startOperation(ws: FakeWorkspace, name: string, finish: (failed: boolean) => void, error?: { code: string; message: string }): EndpointOperation {
  operationCounter += 1;
  const operation: EndpointOperation = {
    id: `oe:${stableGuid(`${workspaceId(ws)}#op#${operationCounter}`)}:${name}`,
    ws,
    startedMs: EPOCH + operationCounter * 1000,
    remaining: Math.max(0, Math.floor(ws.operationPolls ?? 1)),
    error,
    finish: () => finish(error !== undefined),
  };
  let map = endpointOperations.get(ws);
  if (!map) endpointOperations.set(ws, (map = new Map()));
  map.set(operation.id, operation);
  return operation;
}

function operationUrl(ctx: RequestContext, operation: EndpointOperation, kind: 'mfeOperationsStatus' | 'mfeOperationResults'): string {
  const { ws } = operation;
  return `${ctx.baseUrl}/subscriptions/${ws.subscriptionId}/providers/${PROVIDER}/locations/${ws.location}/${kind}/${encodeURIComponent(operation.id)}?api-version=${SHAPES_API_VERSION}`;
}

export function retryAfter(ws: FakeWorkspace): Record<string, string> {
  return { 'retry-after': String(Math.max(0, Math.floor(ws.operationRetryAfterSeconds ?? 0))) };
}

/** 200/201 with `Azure-AsyncOperation` (PUT). */
export function acceptedPut(ctx: RequestContext, operation: EndpointOperation, created: boolean, body: Json): Reply {
  return {
    status: created ? 201 : 200,
    body,
    headers: { 'azure-asyncoperation': operationUrl(ctx, operation, 'mfeOperationsStatus'), 'x-ms-async-operation-timeout': 'PT1H', ...retryAfter(operation.ws) },
    methodChecked: true,
  };
}

/** 202 with `Location` (PATCH, DELETE). */
export function acceptedLocation(ctx: RequestContext, operation: EndpointOperation): Reply {
  return {
    status: 202,
    body: undefined,
    headers: { location: operationUrl(ctx, operation, 'mfeOperationResults'), 'x-ms-async-operation-timeout': 'PT1H', ...retryAfter(operation.ws) },
    methodChecked: true,
  };
}

/**
 * `GET /subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{loc}/vmSizes` and the endpoint
 * operations' `…/mfeOperationsStatus/{op}` and `…/mfeOperationResults/{op}`; `undefined` for other paths (a job
 * cancel's operation result is answered by the jobs section).
 */
export function routeProviderLocation(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply | undefined {
  const [, , p, provider, locations, location, what, op, ...rest] = seg;
  if (!same(p ?? '', 'providers') || !same(provider ?? '', PROVIDER) || !same(locations ?? '', 'locations') || !location || rest.length > 0) return undefined;
  if (same(what ?? '', 'vmSizes') && op === undefined) {
    return {
      status: 200,
      body: {
        value: FAKE_VM_SIZES.map((size) => ({
          name: size.name,
          family: size.family,
          vCPUs: size.vCPUs,
          gpus: size.gpus,
          osVhdSizeMB: 1047552,
          maxResourceVolumeMB: size.vCPUs * 7168,
          memoryGB: size.memoryGB,
          lowPriorityCapable: true,
          premiumIO: true,
          estimatedVMPrices: null,
          supportedComputeTypes: [...size.supportedComputeTypes],
        })),
      },
    };
  }
  const status = same(what ?? '', 'mfeOperationsStatus');
  if ((!status && !same(what ?? '', 'mfeOperationResults')) || op === undefined) return undefined;
  let operation: EndpointOperation | undefined;
  for (const ws of seed.workspaces) operation ??= endpointOperations.get(ws)?.get(op);
  if (!operation) return status ? notFound(`Operation '${op}' was not found.`) : undefined;
  const headers = retryAfter(operation.ws);
  if (operation.remaining > 0) {
    operation.remaining -= 1;
    if (status) return { status: 200, body: { id: `${ctx.pathname}`, name: op, status: 'InProgress', startTime: iso(operation.startedMs) }, headers };
    return { status: 202, body: undefined, headers: { ...headers, location: operationUrl(ctx, operation, 'mfeOperationResults') } };
  }
  operation.finish?.();
  operation.finish = undefined;
  const ended = { id: ctx.pathname, name: op, startTime: iso(operation.startedMs), endTime: iso(operation.startedMs + 60_000) };
  if (operation.error) {
    if (status) return { status: 200, body: { ...ended, status: 'Failed', error: operation.error } };
    return errorReply(400, operation.error.code, operation.error.message);
  }
  return status ? { status: 200, body: { ...ended, status: 'Succeeded' } } : { status: 200, body: undefined };
}

export const ENDPOINT_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$/;
export const methodNotAllowed = (ctx: RequestContext): Reply => ({ ...errorReply(405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.pathname}.`), methodChecked: true });
export const badArgument = (message: string): Reply => ({ ...errorReply(400, 'BadArgument', message), methodChecked: true });
export const checkedReply = (reply: Reply): Reply => ({ ...reply, methodChecked: true });

export function bodyObject(ctx: RequestContext): Json | undefined {
  return ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Json) : undefined;
}

export function isJson(value: unknown): value is Json {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

export function objectField(object: Json | undefined, key: string): Json | undefined {
  const value = object?.[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

export function stringTags(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object') return undefined;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function endpointIdentity(id: string): Json {
  return { type: 'SystemAssigned', principalId: stableGuid(`${id}#principal`), tenantId: FAKE_TENANT_ID, userAssignedIdentities: null };
}

/** Whether a model asset id (`azureml://registries/…/versions/v` or a workspace model's ARM or `azureml://` id) names a seeded model version. */
export function modelAssetExists(seed: FakeAzureMlSeed, assetId: string): boolean {
  const registry = /^azureml:\/\/registries\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(assetId);
  if (registry) {
    const [, reg = '', name, version] = registry;
    return seed.registries.some((r) => same(r.name, reg) && r.models.some((m) => m.name === name && m.versions.some((v) => v.version === version)));
  }
  const workspace =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(assetId) ??
    /^azureml:\/\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/workspaces\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(assetId);
  if (workspace) {
    const [, sub = '', rg = '', wsName = '', name, version] = workspace;
    const ws = seed.workspaces.find((w) => same(w.subscriptionId, sub) && same(w.resourceGroup, rg) && same(w.name, wsName));
    return Boolean(ws?.models.some((m) => m.name === name && m.versions.some((v) => v.version === version)));
  }
  return false;
}

/** Takes the workspace's `failNextDeployment`, if any. */
export function takeDeploymentFailure(ws: FakeWorkspace): FakeDeploymentFailure | undefined {
  const failure = ws.failNextDeployment;
  delete ws.failNextDeployment;
  return failure;
}

/** An operation whose outcome becomes `resource`'s provisioning state. */
export function settle(ws: FakeWorkspace, name: string, resource: { provisioningState?: FakeProvisioningState }, error?: { code: string; message: string }): EndpointOperation {
  return startOperation(ws, name, (failed) => (resource.provisioningState = failed ? 'Failed' : 'Succeeded'), error);
}

/** PATCH of an online or batch endpoint (tags only, `examples/OnlineEndpoint/update.json`): 202 with `Location`. */
export function patchEndpoint(ws: FakeWorkspace, name: string, endpoint: { tags?: Record<string, string>; provisioningState?: FakeProvisioningState }, ctx: RequestContext): Reply {
  const tags = stringTags(bodyObject(ctx)?.tags);
  if (tags) endpoint.tags = tags;
  endpoint.provisioningState = 'Updating';
  return acceptedLocation(ctx, settle(ws, name, endpoint));
}

/** DELETE of an endpoint or deployment of `list`: 204 when there is none, else 202 with `Location`; gone when the operation ends. */
export function deleteFrom<T extends { provisioningState?: FakeProvisioningState }>(ws: FakeWorkspace, name: string, list: T[], item: T | undefined, ctx: RequestContext): Reply {
  if (!item) return checkedReply({ status: 204, body: undefined });
  item.provisioningState = 'Deleting';
  return acceptedLocation(ctx, startOperation(ws, name, () => list.splice(list.indexOf(item), 1)));
}
