import * as z from 'zod';

/**
 * The ARM resources of Azure ML online and batch endpoints as this extension reads them (requests and answers at
 * `WORKSPACE_API_VERSION` 2026-07-01: test/fixtures/azureml/rest/*.put.json). Read first from
 * `Azure/azure-rest-api-specs`
 * `specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2022-10-01/mfe.json`
 * (commit 29f2c80b060b0c4e47e6b64a8f7bf143bb8fda14) and its `examples/OnlineEndpoint/*`, `examples/OnlineDeployment/*`
 * (`getLogs.json` ba16d1ab34), `examples/BatchEndpoint/*`, `examples/BatchDeployment/*`; shared/azureml/API.md §1.4.7,
 * §1.4.8, §1.5, §2.5, §5.1.
 *
 * Only what is read is declared; unknown keys are kept, since a traffic update sends the endpoint back whole.
 */

/** The model and task an endpoint serves, kept in its tags so the views can offer the right sample request. */
export const MODEL_TAG = 'foundation-models.model';
export const TASK_TAG = 'foundation-models.task';

const StringMapSchema = z.record(z.string(), z.string().nullable()).nullish();
const IdentitySchema = z.looseObject({ type: z.string(), userAssignedIdentities: z.record(z.string(), z.unknown()).nullish() });

/** What every endpoint has, online or batch: enough to create one, wait for it, and send it back whole. */
const endpointShape = {
  name: z.string().min(1),
  location: z.string().nullish(),
  kind: z.string().nullish(),
  tags: StringMapSchema,
  identity: IdentitySchema.nullish(),
};
const endpointProperties = {
  authMode: z.string().nullish(),
  provisioningState: z.string().nullish(),
  scoringUri: z.string().nullish(),
};

export const OnlineEndpointSchema = z.looseObject({
  ...endpointShape,
  properties: z.looseObject({ ...endpointProperties, traffic: z.record(z.string(), z.number()).nullish() }),
});
export type OnlineEndpoint = z.infer<typeof OnlineEndpointSchema>;

export const OnlineDeploymentSchema = z.looseObject({
  name: z.string().min(1),
  sku: z.looseObject({ capacity: z.number().nullish() }).nullish(),
  properties: z.looseObject({
    model: z.string().nullish(),
    instanceType: z.string().nullish(),
    provisioningState: z.string().nullish(),
  }),
});
export type OnlineDeployment = z.infer<typeof OnlineDeploymentSchema>;

export const BatchEndpointSchema = z.looseObject({
  ...endpointShape,
  properties: z.looseObject({ ...endpointProperties, defaults: z.looseObject({ deploymentName: z.string().nullish() }).nullish() }),
});
export type BatchEndpoint = z.infer<typeof BatchEndpointSchema>;

export const BatchDeploymentSchema = z.looseObject({
  name: z.string().min(1),
  properties: z.looseObject({
    model: z.looseObject({ assetId: z.string().nullish() }).nullish(),
    compute: z.string().nullish(),
    resources: z.looseObject({ instanceCount: z.number().nullish() }).nullish(),
    provisioningState: z.string().nullish(),
  }),
});
export type BatchDeployment = z.infer<typeof BatchDeploymentSchema>;

/** An online or a batch endpoint. */
export type EndpointResource = OnlineEndpoint | BatchEndpoint;

/** The `Azure-AsyncOperation` resource (Azure/azure-resource-manager-rpc `v1.0/async-api-reference.md`). */
export const OperationStatusSchema = z.looseObject({
  status: z.string().min(1),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});
export const ProvisioningSchema = z.looseObject({
  properties: z.looseObject({ provisioningState: z.string().nullish() }).nullish(),
  provisioningState: z.string().nullish(),
});
export const WorkspaceSchema = z.looseObject({ location: z.string().min(1) });
export const KeysSchema = z.looseObject({ primaryKey: z.string().nullish() });
export const LogsSchema = z.looseObject({ content: z.string().nullish() });
/** `VirtualMachineSize` (machineLearningServices.json 2022-10-01, `examples/VirtualMachineSize/list.json` 15f38e5b50). */
export const VmSizeSchema = z.looseObject({
  name: z.string().min(1),
  vCPUs: z.number().nullish(),
  gpus: z.number().nullish(),
  memoryGB: z.number().nullish(),
  supportedComputeTypes: z.array(z.string()).nullish(),
});
export type VmSize = z.infer<typeof VmSizeSchema>;
