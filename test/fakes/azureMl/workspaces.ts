import { DAY_MS, EPOCH, type Json, PROVIDER, same, stableGuid, systemData } from './armConventions';
import type { ModelScope } from './modelAssets';
import type { FakeAzureMlSeed, FakeRegistry, FakeSubscription, FakeWorkspace } from './types';

/**
 * Subscriptions and workspaces (ARM), and the model scopes of workspaces and registries.
 *
 * - Workspaces: `stable/2022-10-01/machineLearningServices.json` (0bfa9290f3c879e79c90895dec760b534539991d):
 *   `Workspace` (`properties` under `properties`, `identity`, `location`, `tags`, `sku`), `WorkspaceProperties`
 *   (`workspaceId`, `friendlyName`, `discoveryUrl`, `provisioningState`, `mlFlowTrackingUri`, …),
 *   `WorkspaceListResult`, `PaginationParameter` = `$skip`. Examples `…/examples/Workspace/listBySubscription.json`
 *   (598efa66665d99777a23d4ce5b81fc54a29aaaf5) and `…/Workspace/get.json` (4984b1579aa6bada687da829863e82fd2df8d970).
 * - Subscriptions: `specification/resources/resource-manager/Microsoft.Resources/stable/2022-12-01/subscriptions.json`
 *   (0c1362ad47b1754da517a7cc0b112f78ec554a5a; `Subscription`, `SubscriptionPolicies`, `SubscriptionListResult`) and
 *   example `…/examples/GetSubscriptions.json` (2e174206d017d11794085f1b9680271da091d381).
 */

export function workspaceId(ws: FakeWorkspace): string {
  return `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/${PROVIDER}/workspaces/${ws.name}`;
}

export function registryId(reg: FakeRegistry): string {
  return `/subscriptions/${reg.subscriptionId}/resourceGroups/${reg.resourceGroup}/providers/${PROVIDER}/registries/${reg.name}`;
}

export function workspaceJson(ws: FakeWorkspace, seed: FakeAzureMlSeed, baseUrl: string, index: number): Json {
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

export function subscriptionJson(sub: FakeSubscription): Json {
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

export function workspaceScope(ws: FakeWorkspace): ModelScope {
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

export function registryScope(reg: FakeRegistry): ModelScope {
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
