import { endpointStateFromAzure, type DeploymentRecord, type EndpointRecord } from '../../../core/endpoints/endpointModel';
import { azureFailure } from '../azureErrors';
import { isNotFound, type WorkspaceRest } from '../workspaceRest';
import { EndpointsOfKind, type TrafficChange } from './endpointKinds';
import { KeysSchema, LogsSchema, OnlineDeploymentSchema, OnlineEndpointSchema, type OnlineDeployment, type OnlineEndpoint } from './endpointResources';
import { FALLBACK_INSTANCE_TYPE, onlineDeploymentBody, onlineEndpointBody } from './deploymentBodies';
import type { Plan } from './resumeToken';

const DEFAULT_LOG_LINES = 200;

/**
 * Managed online endpoints (`{W}/onlineEndpoints`, `OnlineEndpoints_*`, `OnlineDeployments_*`):
 * created with a system-assigned identity and key authentication, a managed deployment per model, then all traffic
 * on the new deployment by a PUT of the whole endpoint (its PATCH takes only tags and identity,
 * `examples/OnlineEndpoint/update.json` 6fa9dd25b2). Also the endpoint's key and a deployment's container logs
 * (`examples/OnlineDeployment/getLogs.json` ba16d1ab34).
 */
export class OnlineEndpoints extends EndpointsOfKind<OnlineEndpoint, OnlineDeployment> {
  constructor(rest: WorkspaceRest) {
    super(rest, 'online', 'onlineEndpoints', OnlineEndpointSchema, OnlineDeploymentSchema);
  }

  endpointBody(plan: Plan, tags: Record<string, string>): unknown {
    return onlineEndpointBody(plan, tags);
  }

  deploymentRequest(plan: Plan): { body: unknown; progress: string } {
    return {
      progress: `Creating deployment ${plan.deployment} (${plan.instanceType ?? FALLBACK_INSTANCE_TYPE} × ${plan.instanceCount})…`,
      body: onlineDeploymentBody(plan),
    };
  }

  protected trafficChange(current: OnlineEndpoint, plan: Plan): TrafficChange | undefined {
    const traffic = current.properties.traffic ?? {};
    if (traffic[plan.deployment] === 100) return undefined;
    return { properties: { traffic: { [plan.deployment]: 100 } }, progress: `Sending all traffic of ${plan.endpoint} to ${plan.deployment}…` };
  }

  protected toRecord(endpoint: OnlineEndpoint, deployments: OnlineDeployment[]): EndpointRecord {
    const records: DeploymentRecord[] = deployments.map((d) => ({
      name: d.name,
      ...(d.properties.model ? { model: d.properties.model } : {}),
      ...(d.properties.instanceType ? { instanceType: d.properties.instanceType } : {}),
      ...(typeof d.sku?.capacity === 'number' && d.sku.capacity >= 0 ? { instanceCount: Math.round(d.sku.capacity) } : {}),
      state: endpointStateFromAzure(d.properties.provisioningState),
    }));
    return this.record(endpoint, endpoint.properties.traffic ?? {}, records);
  }

  /** `POST {W}/onlineEndpoints/{name}/listKeys`. */
  async primaryKey(name: string, signal: AbortSignal): Promise<string | undefined> {
    try {
      const keys = await this.rest.post(`${this.endpointUrl(name)}/listKeys`, KeysSchema, { signal });
      return keys.primaryKey ?? undefined;
    } catch (error) {
      if (isNotFound(error)) throw new Error(`No online endpoint ${name} in workspace ${this.rest.target.workspace}.`, { cause: error });
      throw azureFailure(error, `Reading the key of ${name}`);
    }
  }

  /** The last `lines` lines of the deployment's inference server (`POST …/deployments/{d}/getLogs`). */
  async deploymentLogs(name: string, deployment: string, lines: number | undefined, signal: AbortSignal): Promise<string> {
    const url = `${this.deploymentUrl(name, deployment)}/getLogs`;
    const tail = Math.max(1, Math.floor(lines ?? DEFAULT_LOG_LINES));
    try {
      const logs = await this.rest.post(url, LogsSchema, { body: { containerType: 'InferenceServer', tail }, signal });
      return logs.content ?? '';
    } catch (error) {
      if (isNotFound(error)) throw new Error(`Endpoint ${name} has no deployment ${deployment}.`, { cause: error });
      throw azureFailure(error, `Reading the logs of ${name}/${deployment}`);
    }
  }
}
