import { MODEL_TAG, TASK_TAG } from './endpointResources';
import type { Plan } from './resumeToken';
import { isRetiredVmSize } from './retiredVmSizes';

/**
 * The bodies Deploy PUTs for an endpoint and its deployment, from the plan (`deploymentPlan.ts`): the online and
 * batch endpoint classes send them, and Show Code writes the same bodies as Azure ML CLI v2 YAML (`azureCliYaml.ts`).
 * Shapes: `OnlineEndpoint`, `OnlineDeployment`, `BatchEndpoint`, `BatchDeployment` at `WORKSPACE_API_VERSION`
 * (test/fixtures/azureml/rest/*.put.json).
 */

/** Used when neither the request nor the model names an instance type (a general-purpose size managed endpoints take). */
export const FALLBACK_INSTANCE_TYPE = 'Standard_DS3_v2';
/** The deployment's name when the request names none. */
export const DEFAULT_DEPLOYMENT = 'default';
/**
 * How long a request may take (`requestSettings.requestTimeout`, ISO 8601): the service's default is `PT5S`, which
 * sequence-to-sequence models on CPU exceed (408); every foundation-model sample of azureml-examples sets
 * `request_settings.request_timeout_ms: 60000` (`cli/foundation-models/system/inference/<task>/deploy.yml`; audit F8).
 */
export const REQUEST_TIMEOUT = 'PT60S';

/**
 * The instance type of a real-time deployment the user left to us: the model's first recommended size, else its first
 * allowed one, never a retired size, else `FALLBACK_INSTANCE_TYPE`.
 */
export function instanceTypeFor(skus: { readonly recommended: readonly string[]; readonly allowed: readonly string[] }): string {
  const current = (sizes: readonly string[]) => sizes.find((size) => !isRetiredVmSize(size));
  return current(skus.recommended) ?? current(skus.allowed) ?? FALLBACK_INSTANCE_TYPE;
}

/** The model and task an endpoint serves, in its tags (the views offer the right sample request from them). */
export function endpointTags(plan: Plan): Record<string, string> {
  return { [MODEL_TAG]: plan.modelId, ...(plan.task ? { [TASK_TAG]: plan.task } : {}) };
}

const description = (plan: Plan) => `${plan.modelId}, deployed from VS Code`;

type Tags = Readonly<Record<string, string>>;
export type OnlineEndpointBody = { location: string; tags: Tags; identity: { type: 'SystemAssigned' }; properties: { authMode: 'Key'; description: string } };
export type OnlineDeploymentBody = {
  location: string;
  sku: { name: 'Default'; capacity: number };
  properties: { endpointComputeType: 'Managed'; model: string; instanceType: string; requestSettings: { requestTimeout: string } };
};
export type BatchEndpointBody = { location: string; tags: Tags; properties: { authMode: 'AADToken'; description: string } };
export type BatchDeploymentBody = { location: string; properties: { model: { referenceType: 'Id'; assetId: string }; compute: string | undefined; resources: { instanceCount: number } } };

/** A managed online endpoint with a system-assigned identity and key authentication. */
export function onlineEndpointBody(plan: Plan, tags: Tags): OnlineEndpointBody {
  return { location: plan.location, tags, identity: { type: 'SystemAssigned' }, properties: { authMode: 'Key', description: description(plan) } };
}

/** A managed deployment of the model on `instanceType` × `instanceCount`, with a request timeout sequence models need. */
export function onlineDeploymentBody(plan: Plan): OnlineDeploymentBody {
  return {
    location: plan.location,
    sku: { name: 'Default', capacity: plan.instanceCount },
    properties: { endpointComputeType: 'Managed', model: plan.model, instanceType: plan.instanceType ?? FALLBACK_INSTANCE_TYPE, requestSettings: { requestTimeout: REQUEST_TIMEOUT } },
  };
}

/** A batch endpoint with Entra ID authentication. */
export function batchEndpointBody(plan: Plan, tags: Tags): BatchEndpointBody {
  return { location: plan.location, tags, properties: { authMode: 'AADToken', description: description(plan) } };
}

/** A batch deployment of the model on the plan's compute cluster (its ARM id), `instanceCount` nodes per job. */
export function batchDeploymentBody(plan: Plan): BatchDeploymentBody {
  return { location: plan.location, properties: { model: { referenceType: 'Id', assetId: plan.model }, compute: plan.compute, resources: { instanceCount: plan.instanceCount } } };
}
