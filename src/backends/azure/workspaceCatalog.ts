import type { CatalogRequest } from '../backend';
import { getJson, listAllPages, pageSchema, type MlClient } from './azureHttp';
import { ModelContainerSchema, ModelVersionSchema, toCatalogModel, type ModelSource } from './azureModels';
import { streamModels, type CatalogEntry } from './modelStream';
import type { RegistryListOptions } from './registryCatalog';
import type { AzureWorkspaceTarget } from './azureTarget';
import { workspaceResourceUrl } from './workspaceRest';

export function workspaceSource(target: AzureWorkspaceTarget): ModelSource {
  return {
    collection: 'workspace',
    idPrefix: `workspace/${target.workspace}`,
    publisher: `Workspace ${target.workspace}`,
    assetId: (name, version) =>
      `azureml://subscriptions/${target.subscriptionId}/resourcegroups/${target.resourceGroup}/workspaces/${target.workspace}/models/${name}${version ? `/versions/${version}` : ''}`,
  };
}

/**
 * The workspace's own registered models (`GET {W}/models`, then each one's latest version as its container is listed;
 * `WORKSPACE_API_VERSION`), checked against the same schemas as the registries'.
 */
export async function listWorkspaceEntries(client: MlClient, target: AzureWorkspaceTarget, request: CatalogRequest = {}, options: RegistryListOptions = {}): Promise<CatalogEntry[]> {
  const { signal, progress } = request;
  progress?.(`Listing the models of workspace ${target.workspace}`);
  const source = workspaceSource(target);
  return streamModels(
    {
      containers: listAllPages(client, `${workspaceResourceUrl(client, target, 'models')}&listViewType=ActiveOnly`, ModelContainerSchema, signal),
      readLatest: async (container) => {
        const latest = container.properties.latestVersion;
        return latest
          ? getJson(client, workspaceResourceUrl(client, target, 'models', container.name, 'versions', latest), ModelVersionSchema, signal)
          : (await getJson(client, `${workspaceResourceUrl(client, target, 'models', container.name, 'versions')}&$orderBy=createdtime%20desc&$top=1`, pageSchema(ModelVersionSchema), signal)).value[0];
      },
      toModel: (container, version) => toCatalogModel(source, container, version),
    },
    { ...options, signal },
  );
}
