import * as z from 'zod';
import { trimSlash, type AzureCloudEndpoints } from './azureCloud';
import { getJson, pageSchema, type MlClient } from './azureHttp';

/**
 * The regional data plane of an Azure ML registry, found the way azure-ai-ml finds it: registry discovery, then
 * the ARM-shaped registry path under `mferp/managementfrontend` with api-version `2021-10-01-dataplanepreview`
 * (`@azure/arm-machinelearning` 2.x has no registry operations; shared/azureml/API.md §0.1, §5.3).
 */
export const DATA_PLANE_API_VERSION = '2021-10-01-dataplanepreview';

const RegistryDiscoverySchema = z.looseObject({
  registryName: z.string().min(1),
  subscriptionId: z.string().min(1),
  resourceGroup: z.string().min(1),
  primaryRegion: z.string().optional(),
  primaryRegionResourceProviderUri: z.url(),
});

/** `…/mferp/managementfrontend/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/registries/{name}`. */
export async function registryDataPlaneBase(client: MlClient, cloud: AzureCloudEndpoints, registry: string, signal?: AbortSignal): Promise<string> {
  const discovery = await getJson(
    client,
    `${trimSlash(cloud.registryDiscovery)}/registrymanagement/v1.0/registries/${encodeURIComponent(registry)}/discovery`,
    RegistryDiscoverySchema,
    signal,
  );
  return (
    `${trimSlash(discovery.primaryRegionResourceProviderUri)}/mferp/managementfrontend/subscriptions/${encodeURIComponent(discovery.subscriptionId)}` +
    `/resourceGroups/${encodeURIComponent(discovery.resourceGroup)}/providers/Microsoft.MachineLearningServices/registries/${encodeURIComponent(registry)}`
  );
}

const ComponentVersionSchema = z.looseObject({ name: z.string().min(1) });

/**
 * `azureml://registries/<registry>/components/<name>/versions/<latest>`: a job names a registry component by
 * version, as azure-ai-ml does after resolving the `latest` label client-side (API.md §1.4.4): the most recently
 * created version (`_component_operations.py` `_get_latest_version` → `_get_latest`: versions ordered by creation time,
 * newest first, the first taken), which is not always the container's `latestVersion` (audit F15).
 */
export async function resolveRegistryComponent(client: MlClient, cloud: AzureCloudEndpoints, registry: string, name: string, signal?: AbortSignal): Promise<string> {
  const base = await registryDataPlaneBase(client, cloud, registry, signal);
  const url = `${base}/components/${encodeURIComponent(name)}/versions?api-version=${DATA_PLANE_API_VERSION}&$orderBy=createdtime%20desc&$top=1`;
  const newest = (await getJson(client, url, pageSchema(ComponentVersionSchema), signal)).value[0]?.name;
  if (!newest) throw new Error(`The ${registry} registry's component ${name} has no version to run.`);
  return `azureml://registries/${registry}/components/${name}/versions/${newest}`;
}
