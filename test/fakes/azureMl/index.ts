/**
 * A local fake of the Azure Machine Learning REST API (ARM control plane, workspace discovery, registry
 * discovery, the registry "MFE" data plane, run history and the SAS log blobs), served over real HTTP on
 * 127.0.0.1 for contract tests.
 *
 * Response shapes (field names and nesting) follow the public REST specification, repository
 * Azure/azure-rest-api-specs; each route file cites the specification files and commits it follows:
 * `modelAssets.ts` (model containers and versions), `workspaces.ts` (subscriptions, workspaces), `registries.ts`
 * (registry discovery, models and components), `jobs.ts` (ARM jobs and their cancel operation), `runHistory.ts`
 * (run history, MLflow metrics), `logBlobs.ts` (SAS log blobs), `workspaceAssets.ts` (computes, datastores, data
 * versions, model registration), `endpointOperations.ts`, `onlineEndpoints.ts` and `batchEndpoints.ts` (endpoints,
 * deployments, their long-running operations, VM sizes, scoring). Errors, paging and the rest every answer shares
 * are in `armConventions.ts`; tokens and their audiences in `tokens.ts`; the HTTP plumbing (which audience each route
 * takes, injected failures, the request log) in `server.ts`; the seed's
 * shape in `types.ts`, the sample seed and its builders in `seed.ts`.
 *
 * Behaviour the specification leaves open is the fake's own choice and documented where it is made
 * (paging token format, ordering without `$orderBy`, error codes for unknown resources).
 */
export { FAKE_VM_SIZES } from './endpointOperations';
export { azuremlRegistry, bulkRegistryModels, fakeSubscription, fakeWorkspace, SAMPLE_IDS, sampleClusters, sampleComponents, sampleSeed } from './seed';
export { startFakeAzureMl } from './server';
export type * from './types';
