import pLimit from 'p-limit';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import type { CatalogRequest } from '../backend';
import { getJson, listAllPages, pageSchema, type MlClient } from './azureHttp';
import { ModelContainerSchema, ModelVersionSchema, toCatalogModel, type ModelSource } from './azureModels';
import type { AzureWorkspaceTarget } from './azureTarget';
import { workspaceResourceUrl } from './workspaceRest';

const VERSION_READS_IN_PARALLEL = 8;

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
 * The workspace's own registered models (`GET {W}/models`, then each one's latest version; `WORKSPACE_API_VERSION`),
 * checked against the same schemas as the registries'.
 */
export async function listWorkspaceModels(client: MlClient, target: AzureWorkspaceTarget, request: CatalogRequest = {}): Promise<CatalogModel[]> {
  const { signal, progress } = request;
  progress?.(`Listing the models of workspace ${target.workspace}`);
  const source = workspaceSource(target);
  const limit = pLimit(VERSION_READS_IN_PARALLEL);
  const reads: Promise<CatalogModel>[] = [];
  for await (const container of listAllPages(client, `${workspaceResourceUrl(client, target, 'models')}&listViewType=ActiveOnly`, ModelContainerSchema, signal)) {
    const latest = container.properties.latestVersion;
    reads.push(
      limit(async () => {
        const version = latest
          ? await getJson(client, workspaceResourceUrl(client, target, 'models', container.name, 'versions', latest), ModelVersionSchema, signal)
          : (await getJson(client, `${workspaceResourceUrl(client, target, 'models', container.name, 'versions')}&$orderBy=createdtime%20desc&$top=1`, pageSchema(ModelVersionSchema), signal)).value[0];
        return toCatalogModel(source, container, version);
      }),
    );
  }
  return Promise.all(reads);
}
