import { endpointStateFromAzure, type DeploymentRecord, type EndpointRecord } from '../../../core/endpoints/endpointModel';
import type { WorkspaceRest } from '../workspaceRest';
import { EndpointsOfKind, type TrafficChange } from './endpointKinds';
import { BatchDeploymentSchema, BatchEndpointSchema, type BatchDeployment, type BatchEndpoint } from './endpointResources';
import { batchDeploymentBody, batchEndpointBody } from './deploymentBodies';
import type { Plan } from './resumeToken';

/**
 * Batch endpoints (`{W}/batchEndpoints`, `BatchEndpoints_*`, `BatchDeployments_*`): created with
 * Entra ID authentication, a deployment per model, then the new deployment made the endpoint's default by a PUT of
 * the whole endpoint. Batch deployments run on a compute cluster of the workspace: `DeployRequest.compute` names it,
 * or, when left out, `instanceType` does (for batch, `instanceTypes` offers the workspace's clusters).
 */
export class BatchEndpoints extends EndpointsOfKind<BatchEndpoint, BatchDeployment> {
  constructor(rest: WorkspaceRest) {
    super(rest, 'batch', 'batchEndpoints', BatchEndpointSchema, BatchDeploymentSchema);
  }

  endpointBody(plan: Plan, tags: Record<string, string>): unknown {
    return batchEndpointBody(plan, tags);
  }

  deploymentRequest(plan: Plan): { body: unknown; progress: string } {
    const cluster = /\/computes\/([^/]+)$/.exec(plan.compute ?? '')?.[1] ?? plan.compute;
    return {
      progress: `Creating deployment ${plan.deployment} (cluster ${cluster} × ${plan.instanceCount})…`,
      body: batchDeploymentBody(plan),
    };
  }

  protected trafficChange(current: BatchEndpoint, plan: Plan): TrafficChange | undefined {
    if (current.properties.defaults?.deploymentName === plan.deployment) return undefined;
    return { properties: { defaults: { deploymentName: plan.deployment } }, progress: `Making ${plan.deployment} the default deployment of ${plan.endpoint}…` };
  }

  /** A batch endpoint's default deployment shows as taking all of its traffic (jobs that name no deployment go there). */
  protected toRecord(endpoint: BatchEndpoint, deployments: BatchDeployment[]): EndpointRecord {
    const records: DeploymentRecord[] = deployments.map((d) => {
      const cluster = d.properties.compute ? /\/computes\/([^/]+)$/i.exec(d.properties.compute)?.[1] : undefined;
      const count = d.properties.resources?.instanceCount;
      return {
        name: d.name,
        ...(d.properties.model?.assetId ? { model: d.properties.model.assetId } : {}),
        ...(cluster ? { instanceType: cluster } : {}),
        ...(typeof count === 'number' && count >= 0 ? { instanceCount: Math.round(count) } : {}),
        state: endpointStateFromAzure(d.properties.provisioningState),
      };
    });
    const defaultDeployment = endpoint.properties.defaults?.deploymentName;
    return this.record(endpoint, defaultDeployment ? { [defaultDeployment]: 100 } : {}, records);
  }
}
