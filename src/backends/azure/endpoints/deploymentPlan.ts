import { RestError } from '@azure/core-rest-pipeline';
import { endpointNameProblem } from '../../../core/endpoints/endpointModel';
import type { CatalogService, DeployRequest } from '../../backend';
import { azureFailure } from '../azureErrors';
import { isAbortError } from '../azureHttp';
import type { WorkspaceRest } from '../workspaceRest';
import { armModelId } from '../assetIds';
import { modelSkus, resolveModel, type ResolvedModel } from './deployableModel';
import { OperationStoppedError } from './deployErrorAdvice';
import type { WorkspaceRegion } from './instanceTypes';
import { DEFAULT_DEPLOYMENT, instanceTypeFor } from './deploymentBodies';
import type { Plan } from './resumeToken';

export interface PlanContext {
  readonly rest: WorkspaceRest;
  readonly region: WorkspaceRegion;
  readonly catalog: CatalogService;
}

/**
 * Deployment names follow the endpoint name rule: azure-ai-ml checks both with `validate_endpoint_or_deployment_name`
 * (Azure/azure-sdk-for-python `sdk/ml/azure-ai-ml/azure/ai/ml/entities/_endpoint/_endpoint_helpers.py`: 3 to 32 characters, a letter
 * first, letters, digits and hyphens, not ending with a hyphen).
 */
function deploymentNameProblem(name: string): string | undefined {
  return endpointNameProblem(name)?.replace('An endpoint name', 'A deployment name');
}

/** The request checked before anything is read: names, instance count, and a cluster for batch. */
function checkRequest(request: DeployRequest): { deployment: string; cluster: string | undefined } {
  const problem = endpointNameProblem(request.endpointName);
  if (problem) throw new Error(problem);
  const deployment = request.deploymentName ?? DEFAULT_DEPLOYMENT;
  const deploymentProblem = deploymentNameProblem(deployment);
  if (deploymentProblem) throw new Error(deploymentProblem);
  if (!Number.isInteger(request.instanceCount) || request.instanceCount < 1) throw new Error('The instance count is a whole number of at least 1.');
  const cluster = request.kind === 'batch' ? (request.compute ?? request.instanceType) : undefined;
  if (request.kind === 'batch' && !cluster) throw new Error('A batch deployment runs on a compute cluster of the workspace: choose one.');
  return { deployment, cluster };
}

/**
 * Everything a deployment needs, resolved once before anything is created: the model asset, the workspace's region,
 * the instance type (the request's, else the model's recommended or allowed size, else a general-purpose one) or, for
 * batch, the cluster's ARM id.
 */
export async function planDeployment(context: PlanContext, request: DeployRequest, signal: AbortSignal): Promise<Plan> {
  const { deployment, cluster } = checkRequest(request);
  const { rest } = context;
  let model: ResolvedModel;
  let location: string;
  let instanceType: string | undefined;
  try {
    model = await resolveModel(context.catalog, request.modelId, signal);
    location = await context.region.location(signal);
    if (request.kind === 'online') {
      instanceType = request.instanceType;
      if (!instanceType) {
        instanceType = instanceTypeFor(await modelSkus(rest, model.assetId, signal).catch(() => ({ allowed: [], recommended: [] })));
      }
    }
  } catch (error) {
    if (isAbortError(error)) throw new OperationStoppedError('Cancelled before anything was created in Azure.');
    throw error instanceof RestError ? azureFailure(error, `Deploying to ${request.endpointName}`) : error;
  }
  return {
    kind: request.kind,
    endpoint: request.endpointName,
    deployment,
    location,
    model: armModelId(model.assetId),
    modelId: model.id,
    ...(model.task ? { task: model.task } : {}),
    ...(instanceType ? { instanceType } : {}),
    instanceCount: request.instanceCount,
    ...(cluster ? { compute: cluster.startsWith('/subscriptions/') ? cluster : `${rest.workspaceUrl.slice(rest.armBase.length)}/computes/${cluster}` } : {}),
  };
}
