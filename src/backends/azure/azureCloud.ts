import * as z from 'zod';

/**
 * The endpoints of an Azure cloud that the catalog needs. Values for the public and sovereign clouds are those
 * azure-ai-ml uses (`azure/ai/ml/_azure_environments.py`). A custom cloud (Azure Stack, or a local fake server
 * in tests) gives its own.
 */
export const AzureCloudEndpointsSchema = z.object({
  /** Azure Resource Manager, e.g. `https://management.azure.com`. */
  resourceManager: z.url(),
  /** Host of `registrymanagement/v1.0/registries/{name}/discovery`, e.g. `https://eastus.api.azureml.ms`. */
  registryDiscovery: z.url(),
  /** Microsoft Entra authority for `@azure/identity`, e.g. `https://login.microsoftonline.com`. */
  authorityHost: z.url(),
  /** The token audience for ARM and the registry data plane; `<resourceManager>/.default` when left out. */
  scope: z.string().optional(),
  /**
   * Blob service URL of a storage account, with `{account}`, `{endpoint}` and `{protocol}` filled in from the
   * datastore; Azure's `{protocol}://{account}.blob.{endpoint}` when left out (Azurite: `http://127.0.0.1:10000/{account}`).
   */
  blobServiceUrl: z.string().optional(),
  /**
   * The token audience of Azure ML's own resource: batch endpoint invocation and the `x-azureml-token` header of jobs
   * that run as the user; `https://ml.azure.com/.default` when left out.
   */
  mlScope: z.string().optional(),
});
export type AzureCloudEndpoints = z.infer<typeof AzureCloudEndpointsSchema>;

export const AZURE_CLOUD_NAMES = ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment'] as const;
export type AzureCloudName = (typeof AZURE_CLOUD_NAMES)[number];

/** The Azure ML resource of each cloud: azure-ai-ml `_azure_environments.py` (01269ffec4) `aml_resource_id`. */
export const AZURE_CLOUDS: Readonly<Record<AzureCloudName, AzureCloudEndpoints>> = {
  AzureCloud: {
    resourceManager: 'https://management.azure.com',
    registryDiscovery: 'https://eastus.api.azureml.ms',
    authorityHost: 'https://login.microsoftonline.com',
    mlScope: 'https://ml.azure.com/.default',
  },
  AzureChinaCloud: {
    resourceManager: 'https://management.chinacloudapi.cn',
    registryDiscovery: 'https://chinaeast2.api.ml.azure.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    mlScope: 'https://ml.azure.cn/.default',
  },
  AzureUSGovernment: {
    resourceManager: 'https://management.usgovcloudapi.net',
    registryDiscovery: 'https://usgovarizona.api.ml.azure.us',
    authorityHost: 'https://login.microsoftonline.us',
    mlScope: 'https://ml.azure.us/.default',
  },
};

/** The host a URL or token scope names (`https://management.azure.com/.default` → `management.azure.com`). */
function hostOf(urlOrScope: string): string | undefined {
  try {
    return new URL(urlOrScope).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Two hosts of one authority: the same host, or the same parent domain (`management.azure.com`, `ml.azure.com`). */
function sameAuthority(a: string, b: string): boolean {
  if (a === b) return true;
  const parent = (host: string) => (/^[\d.]+$|^\[|^localhost$/.test(host) ? undefined : host.split('.').slice(1).join('.'));
  const [pa, pb] = [parent(a), parent(b)];
  return pa !== undefined && pa.includes('.') && pa === pb;
}

/**
 * What is wrong with a custom cloud's token scopes, or undefined. A token is sent to the resource manager (and,
 * for the Azure ML scope, to hosts the resource manager names), so a scope must belong to the resource manager's own
 * host or domain: otherwise a custom cloud could ask the user's sign-in for a real Azure token (`scope:
 * https://management.azure.com/.default`) and send it to a host of its choosing.
 */
export function customCloudProblem(cloud: AzureCloudEndpoints): string | undefined {
  const manager = hostOf(cloud.resourceManager);
  if (!manager) return `resourceManager "${cloud.resourceManager}" is not a URL.`;
  for (const [key, scope] of [['scope', cloud.scope], ['mlScope', cloud.mlScope]] as const) {
    if (scope === undefined) continue;
    const host = hostOf(scope);
    if (!host || !sameAuthority(host, manager)) {
      return `${key} "${scope}" does not belong to the resource manager's host ${manager}; a custom cloud's token scopes must, so that no token of another cloud is sent to it.`;
    }
  }
  return undefined;
}

export function armScope(cloud: AzureCloudEndpoints): string {
  return cloud.scope ?? `${trimSlash(cloud.resourceManager)}/.default`;
}

/**
 * The scope of Azure ML's own resource in `cloud`. A custom cloud that does not name one gets its resource manager's:
 * never the public cloud's, whose token (from a public authority) would then be sent to the custom cloud's hosts.
 */
export function amlScope(cloud: AzureCloudEndpoints): string {
  return cloud.mlScope ?? armScope(cloud);
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
