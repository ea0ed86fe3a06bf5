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

export function armScope(cloud: AzureCloudEndpoints): string {
  return cloud.scope ?? `${trimSlash(cloud.resourceManager)}/.default`;
}

/** The scope of Azure ML's own resource in `cloud` (the public cloud's when a custom cloud does not say). */
export function amlScope(cloud: AzureCloudEndpoints): string {
  return cloud.mlScope ?? 'https://ml.azure.com/.default';
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
