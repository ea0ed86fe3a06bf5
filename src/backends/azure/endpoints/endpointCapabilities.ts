import type { CatalogModel } from '../../../core/catalog/catalogModel';
import type { EndpointKind } from '../../../core/endpoints/endpointModel';
import { CAN, cannot, type Capability } from '../../backend';

/** What Azure ML endpoints can do, as `EndpointService` states it (see `backend.ts`). */

export const AZURE_ENDPOINT_KINDS: readonly EndpointKind[] = ['online', 'batch'];

/** Azure ML deploys model assets: a registry's or the workspace's. */
export function azureDeployable(model: CatalogModel): Capability {
  return model.source?.startsWith('azureml://') ? CAN : cannot(`${model.name} is not an Azure ML model asset, so it cannot be deployed to Azure ML.`);
}

export { azureRequestFor, azureSampleRequest } from './sampleRequests';

export const AZURE_DELETION_NOTE = 'Its deployments are deleted too, and its scoring URI stops answering. This cannot be undone.';

/** Cancel stops our waiting, not Azure: what it already started goes on there. */
export function azureAfterCancel(operation: 'deploy' | 'delete', endpointName: string): string {
  return operation === 'deploy'
    ? `Stopped following the deployment to ${endpointName}; what Azure already started goes on there. Delete the endpoint from the Endpoints view if you do not want it.`
    : `Stopped waiting. Azure goes on deleting endpoint ${endpointName}; refresh the Endpoints view later.`;
}
