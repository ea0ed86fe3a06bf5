import { errorReply, notFound, paged, PROVIDER, queryValue, type Reply, type RequestContext, same } from './armConventions';
import { versionJson } from './modelAssets';
import { checkBody } from './restShapes';
import type { FakeModelVersion, FakeWorkspace } from './types';
import { workspaceId, workspaceScope } from './workspaces';

/**
 * Workspace assets a submission uses: computes, the default datastore, model registration (data assets: `dataAssets.ts`).
 */

/**
 * `GET {W}/computes` (`ComputeResource` with `properties.computeType` and, for `AmlCompute`, `properties.properties`
 * = `AmlComputeProperties`: `vmSize`, `vmPriority`, `scaleSettings`; mfe/machineLearningServices.json 2022-10-01).
 */
export function routeComputes(ws: FakeWorkspace, tail: string[], ctx: RequestContext): Reply {
  if (tail.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  const wsId = workspaceId(ws);
  return paged(
    (ws.computes ?? []).map((compute) => ({
      id: `${wsId}/computes/${compute.name}`,
      name: compute.name,
      type: `${PROVIDER}/workspaces/computes`,
      location: ws.location,
      properties: {
        computeType: compute.computeType ?? 'AmlCompute',
        computeLocation: ws.location,
        provisioningState: 'Succeeded',
        disableLocalAuth: true,
        properties: {
          vmSize: compute.vmSize,
          vmPriority: 'Dedicated',
          scaleSettings: { maxNodeCount: compute.maxNodeCount ?? 4, minNodeCount: 0, nodeIdleTimeBeforeScaleDown: 'PT120S' },
          currentNodeCount: 0,
          targetNodeCount: 0,
          allocationState: 'Steady',
          osType: 'Linux',
        },
      },
    })),
    ctx,
  );
}

/**
 * `GET {W}/datastores[?isDefault=true]`, `GET {W}/datastores/{name}` (`Datastore`, `AzureBlobDatastore` properties) and
 * `POST {W}/datastores/{name}/listSecrets` (`AccountKeyDatastoreSecrets`), from the workspace's `storage` (the default
 * `workspaceblobstore`) and its other `datastores`
 * (test/fixtures/azureml/rest/datastore.json, 2026-07-01). A storage without a key is an identity-based datastore,
 * `credentials: {credentialsType: 'None'}`, which has no secrets: `SecretsType` has no `None` value, and azure-ai-ml
 * never calls `listSecrets` for it (`_datastore_operations.py` `_fetch_and_populate_secret`; SETTLED.md #10). What the
 * service answers such a call is not in public sources: the fake refuses it, 400 `UserError`.
 */
export function routeDatastores(ws: FakeWorkspace, tail: string[], ctx: RequestContext): Reply {
  const stores = [
    ...(ws.storage ? [{ name: 'workspaceblobstore', storage: ws.storage, isDefault: true }] : []),
    ...Object.entries(ws.datastores ?? {}).map(([name, storage]) => ({ name, storage, isDefault: false })),
  ];
  const json = ({ name, storage, isDefault }: (typeof stores)[number]) => ({
    id: `${workspaceId(ws)}/datastores/${name}`,
    name,
    type: `${PROVIDER}/workspaces/datastores`,
    properties: {
      datastoreType: 'AzureBlob',
      accountName: storage.account,
      containerName: storage.container,
      endpoint: 'core.windows.net',
      protocol: 'https',
      credentials: { credentialsType: storage.sas !== undefined ? 'Sas' : storage.key === undefined ? 'None' : 'AccountKey' },
      serviceDataAccessAuthIdentity: 'None',
      isDefault,
    },
  });
  const [name, action, ...rest] = tail;
  if (name === undefined && ctx.method === 'GET') {
    const onlyDefault = same(queryValue(ctx.query, 'isDefault') ?? '', 'true');
    return paged(stores.filter((d) => !onlyDefault || d.isDefault).map(json), ctx);
  }
  const found = stores.find((d) => d.name === name);
  if (!found || rest.length > 0) return notFound(`Datastore '${name ?? ''}' was not found.`);
  const { storage } = found;
  if (action === undefined && ctx.method === 'GET') return { status: 200, body: json(found) };
  if (action === 'listSecrets' && ctx.method === 'POST') {
    const invalid = ctx.body === undefined ? undefined : checkBody('SecretExpiry', ctx.body);
    if (invalid) return invalid;
    if (storage.sas !== undefined) return { status: 200, body: { secretsType: 'Sas', sasToken: storage.sas } };
    if (storage.key === undefined) return errorReply(400, 'UserError', `Datastore '${found.name}' has no secrets: its credentials type is None (identity-based access).`);
    return { status: 200, body: { secretsType: 'AccountKey', key: storage.key } };
  }
  return errorReply(405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.pathname}.`);
}

/** `PUT {W}/models/{name}/versions/{version}` (`ModelVersionResource`) → 201; the container is created with it. */
export function putModelVersion(ws: FakeWorkspace, tail: string[], ctx: RequestContext): Reply {
  const [name, versions, version, ...rest] = tail;
  if (!name || versions !== 'versions' || !version || rest.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  const invalid = checkBody('ModelVersion', ctx.body);
  if (invalid) return invalid;
  const properties = (ctx.body as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!properties || typeof properties.modelUri !== 'string') return errorReply(400, 'UserError', 'A model version needs properties.modelUri.');
  let model = ws.models.find((m) => m.name === name);
  if (!model) {
    model = { name, versions: [] };
    ws.models.push(model);
  }
  const entry: FakeModelVersion = {
    version,
    ...(typeof properties.description === 'string' ? { description: properties.description } : {}),
    tags: { ...((properties.tags as Record<string, string> | undefined) ?? {}) },
    properties: { ...((properties.properties as Record<string, string> | undefined) ?? {}) },
    modelType: typeof properties.modelType === 'string' ? properties.modelType : 'custom_model',
    modelUri: properties.modelUri,
  };
  const existing = model.versions.findIndex((v) => v.version === version);
  if (existing >= 0) model.versions[existing] = entry;
  else model.versions.push(entry);
  const scope = workspaceScope(ws);
  return { status: existing >= 0 ? 200 : 201, body: versionJson(scope, model, ws.models.indexOf(model), model.versions.indexOf(entry)) };
}
