import pLimit from 'p-limit';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import type { CatalogRequest } from '../backend';
import type { MlClient } from './azureHttp';
import { ModelContainerSchema, ModelVersionSchema, toCatalogModel, type ModelSource } from './azureModels';
import type { AzureWorkspaceTarget } from './azureTarget';

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
 * The workspace's own registered models, through `@azure/arm-machinelearning` (model containers, then each one's
 * latest version; the SDK pages with `for await`). SDK results are checked against the same schemas as raw ones.
 */
export async function listWorkspaceModels(client: MlClient, target: AzureWorkspaceTarget, request: CatalogRequest = {}): Promise<CatalogModel[]> {
  const { signal, progress } = request;
  const { resourceGroup, workspace } = target;
  progress?.(`Listing the models of workspace ${workspace}`);
  const source = workspaceSource(target);
  const limit = pLimit(VERSION_READS_IN_PARALLEL);
  const reads: Promise<CatalogModel>[] = [];
  for await (const raw of client.modelContainers.list(resourceGroup, workspace, { abortSignal: signal, listViewType: 'ActiveOnly' })) {
    const container = ModelContainerSchema.parse(raw);
    reads.push(
      limit(async () => {
        let version;
        if (container.properties.latestVersion) {
          version = ModelVersionSchema.parse(
            await client.modelVersions.get(resourceGroup, workspace, container.name, container.properties.latestVersion, { abortSignal: signal }),
          );
        } else {
          for await (const latest of client.modelVersions.list(resourceGroup, workspace, container.name, { abortSignal: signal, orderBy: 'createdtime desc', top: 1 })) {
            version = ModelVersionSchema.parse(latest);
            break;
          }
        }
        return toCatalogModel(source, container, version);
      }),
    );
  }
  return Promise.all(reads);
}
