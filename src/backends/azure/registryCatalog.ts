import pLimit from 'p-limit';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import type { CatalogRequest } from '../backend';
import type { AzureCloudEndpoints } from './azureCloud';
import { getJson, listAllPages, pageSchema, type MlClient } from './azureHttp';
import { DATA_PLANE_API_VERSION, registryDataPlaneBase } from './registryDataPlane';
import { ModelContainerSchema, ModelVersionSchema, toCatalogModel, type ModelContainer, type ModelSource } from './azureModels';

/**
 * Models of an Azure ML registry (`azureml`, `HuggingFace`), read the way azure-ai-ml reads them: registry
 * discovery first, then the registry's regional data plane with api-version `2021-10-01-dataplanepreview`
 * (`@azure/arm-machinelearning` 2.x has no registry operations). Requests go through the SDK client's pipeline.
 */

/** Latest versions are read this many at a time: fast enough, and gentle on the service's throttling. */
const VERSION_READS_IN_PARALLEL = 8;

export function registrySource(registry: string): ModelSource {
  const huggingFace = registry.toLowerCase() === 'huggingface';
  return {
    collection: huggingFace ? 'huggingface' : 'azureml',
    idPrefix: registry,
    publisher: huggingFace ? 'Hugging Face' : `Azure ML registry ${registry}`,
    assetId: (name, version) => `azureml://registries/${registry}/models/${name}${version ? `/versions/${version}` : ''}`,
  };
}

export async function listRegistryModels(
  client: MlClient,
  cloud: AzureCloudEndpoints,
  registry: string,
  request: CatalogRequest = {},
): Promise<CatalogModel[]> {
  const { signal, progress } = request;
  progress?.(`Finding registry ${registry}`);
  const base = await registryDataPlaneBase(client, cloud, registry, signal);
  const api = `api-version=${DATA_PLANE_API_VERSION}`;

  const containers: ModelContainer[] = [];
  for await (const container of listAllPages(client, `${base}/models?${api}&listViewType=ActiveOnly`, ModelContainerSchema, signal)) {
    if (!container.properties.isArchived) containers.push(container);
    if (containers.length % 200 === 0) progress?.(`${registry}: ${containers.length} models listed`);
  }

  const source = registrySource(registry);
  const limit = pLimit(VERSION_READS_IN_PARALLEL);
  let done = 0;
  const latestVersion = async (container: ModelContainer) => {
    const modelUrl = `${base}/models/${encodeURIComponent(container.name)}`;
    const latest = container.properties.latestVersion;
    const version = latest
      ? await getJson(client, `${modelUrl}/versions/${encodeURIComponent(latest)}?${api}`, ModelVersionSchema, signal)
      : (await getJson(client, `${modelUrl}/versions?${api}&$orderBy=createdtime%20desc&$top=1`, pageSchema(ModelVersionSchema), signal)).value[0];
    done += 1;
    if (done % 25 === 0) progress?.(`${registry}: details of ${done} of ${containers.length} models`);
    return version;
  };
  // Containers seldom carry the task, license and fine-tuning tasks; the latest version does.
  return Promise.all(containers.map((container) => limit(async () => toCatalogModel(source, container, await latestVersion(container)))));
}
