import os from 'node:os';
import type { TokenCredential } from '@azure/core-auth';
import path from 'node:path';
import { BackendUnavailableError, type Backend } from '../backend';
import { AzureCatalog } from './azureCatalog';
import { createMlClient, type MlClient } from './azureHttp';

import { createAzureCredential } from './azureCredential';
import { AzureEndpoints } from './azureEndpoints';
import { AzureJobs } from './azureJobs';
import { AzureModelImport } from './azureModelImport';
import type { AzureBackendOptions } from './azureOptions';

export { listSubscriptions, listWorkspaces, type AzureSubscription, type AzureWorkspaceSummary } from './azureAccount';
export { describeAzureError, isSignInError } from './azureHttp';

const NOT_SIGNED_IN = { reason: 'Not signed in to Azure: sign in, or use the local backend.', remedy: 'signIn' } as const;
/** Jobs, endpoints and imports live in a workspace; the registries can be browsed without one. */
const NO_WORKSPACE = { reason: 'This needs an Azure ML workspace: sign in and choose one.', remedy: 'chooseWorkspace' } as const;
/** Trying a model runs it where it is deployed: on Azure, deploy it and use Test Endpoint. */
const NO_INFERENCE = { reason: 'Azure ML runs a model once it is deployed: deploy it, then use Test Endpoint; or try it on the local backend.', remedy: 'useLocal' } as const;

/**
 * The Azure Machine Learning backend. It is built as its own bundle (`dist/azureBackend.js`) and loaded only
 * when the user picks Azure, so that the Azure SDK never weighs on activation.
 */
export function createAzureBackend(options: { readonly azure?: AzureBackendOptions | undefined } = {}): Backend {
  const azure = options.azure;
  if (!azure) {
    const notSignedIn = async (): Promise<never> => {
      throw new BackendUnavailableError(NOT_SIGNED_IN.reason, NOT_SIGNED_IN.remedy);
    };
    const catalog = { remote: true, list: notSignedIn, get: notSignedIn, refresh: () => undefined };
    return { id: 'azure', displayName: 'Azure ML', catalog, location: 'not signed in', absent: { jobs: NOT_SIGNED_IN, endpoints: NOT_SIGNED_IN, modelImport: NOT_SIGNED_IN, inference: NO_INFERENCE }, dispose: () => undefined };
  }
  const catalog = new AzureCatalog(azure);
  const target = azure.workspace;
  let client: MlClient | undefined;
  let credential: TokenCredential | undefined;
  const signedIn = () => (credential ??= createAzureCredential(azure.cloud, azure.signIn));
  const workspaceClient = (subscriptionId: string) => (client ??= createMlClient(signedIn(), subscriptionId, azure.cloud));
  const jobs = target
    ? new AzureJobs({
        client: () => workspaceClient(target.subscriptionId),
        credential: signedIn,
        cloud: azure.cloud,
        target,
        catalog,
        workFolder: path.join(os.tmpdir(), 'foundation-models-uploads'),
        resultsFolder: azure.cacheFolder ? path.join(azure.cacheFolder, 'evaluations') : undefined,
        pollMinMs: azure.logPollMinMs,
        pollMaxMs: azure.logPollMaxMs,
      })
    : undefined;
  const endpoints = target ? new AzureEndpoints({ client: () => workspaceClient(target.subscriptionId), credential: signedIn, cloud: azure.cloud, target, catalog }) : undefined;
  return {
    id: 'azure',
    displayName: 'Azure ML',
    catalog,
    jobs,
    endpoints,
    modelImport: jobs ? new AzureModelImport(jobs) : undefined,
    absent: { jobs: NO_WORKSPACE, endpoints: NO_WORKSPACE, modelImport: NO_WORKSPACE, inference: NO_INFERENCE },
    location: target ? `workspace ${target.workspace}` : 'no workspace',
    dispose: () => endpoints?.dispose(),
  };
}
