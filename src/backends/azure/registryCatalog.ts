import type { CatalogRequest } from '../backend';
import type { AzureCloudEndpoints } from './azureCloud';
import { getJson, listAllPages, pageSchema, type MlClient } from './azureHttp';
import { ModelContainerSchema, ModelVersionSchema, toCatalogModel, type ModelContainer, type ModelSource } from './azureModels';
import { streamModels, type CatalogEntry, type ModelStreamOptions } from './modelStream';
import { DATA_PLANE_API_VERSION, registryDataPlaneBase } from './registryDataPlane';

/**
 * Models of an Azure ML registry (`azureml`, `HuggingFace`), read the way azure-ai-ml reads them: registry
 * discovery first, then the registry's regional data plane with api-version `2021-10-01-dataplanepreview`
 * (`@azure/arm-machinelearning` 2.x has no registry operations). Requests go through the SDK client's pipeline.
 * Each page of containers is read as it comes and each model's latest version as soon as its container is listed
 * (`modelStream.ts`): a full listing costs 1 discovery + ⌈models / page size⌉ pages + 1 read per model not known.
 */

export function registrySource(registry: string): ModelSource {
  const huggingFace = registry.toLowerCase() === 'huggingface';
  return {
    collection: huggingFace ? 'huggingface' : 'azureml',
    idPrefix: registry,
    publisher: huggingFace ? 'Hugging Face' : `Azure ML registry ${registry}`,
    assetId: (name, version) => `azureml://registries/${registry}/models/${name}${version ? `/versions/${version}` : ''}`,
  };
}

export type RegistryListOptions = Omit<ModelStreamOptions, 'signal' | 'onCount'>;

export async function listRegistryEntries(
  client: MlClient,
  cloud: AzureCloudEndpoints,
  registry: string,
  request: CatalogRequest = {},
  options: RegistryListOptions = {},
): Promise<CatalogEntry[]> {
  const { signal, progress } = request;
  progress?.(`Finding registry ${registry}`);
  const base = await registryDataPlaneBase(client, cloud, registry, signal);
  const api = `api-version=${DATA_PLANE_API_VERSION}`;
  const source = registrySource(registry);
  const latestVersion = async (container: ModelContainer) => {
    const modelUrl = `${base}/models/${encodeURIComponent(container.name)}`;
    const latest = container.properties.latestVersion;
    return latest
      ? getJson(client, `${modelUrl}/versions/${encodeURIComponent(latest)}?${api}`, ModelVersionSchema, signal)
      : (await getJson(client, `${modelUrl}/versions?${api}&$orderBy=createdtime%20desc&$top=1`, pageSchema(ModelVersionSchema), signal)).value[0];
  };
  progress?.(`${registry}: listing models`);
  return streamModels(
    {
      containers: listAllPages(client, `${base}/models?${api}&listViewType=ActiveOnly`, ModelContainerSchema, signal),
      // Containers seldom carry the task, license and fine-tuning tasks; the latest version does.
      readLatest: latestVersion,
      toModel: (container, version) => toCatalogModel(source, container, version),
    },
    { ...options, signal, onCount: (read, listed) => progress?.(`${registry}: ${read} of ${listed} models read`) },
  );
}
