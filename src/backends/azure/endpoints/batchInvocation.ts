import path from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import * as z from 'zod';
import type { BatchScoreJobSpec } from '../../../core/jobs/jobModel';
import { SPEC_TAG } from '../azureJobs';
import { exchangeJson, serviceError } from '../azureHttp';
import { uploadDataFile } from '../datastoreUpload';
import type { WorkspaceRest } from '../workspaceRest';
import type { BatchEndpoints } from './batchEndpoints';

export interface BatchInvocationOptions {
  readonly signal: AbortSignal;
  readonly progress?: ((line: string) => void) | undefined;
  /** Sent as `azureml-model-deployment`; the endpoint's default deployment when left out. */
  readonly deployment?: string | undefined;
}

const JobTagsSchema = z.looseObject({ properties: z.looseObject({ tags: z.record(z.string(), z.string().nullable()).nullish() }) });

/**
 * Scores a file with a batch endpoint, as `az ml batch-endpoint invoke --input FILE` does: the file goes to the
 * default datastore (`uploadDataFile`), then `POST {scoringUri}` with
 * `{"properties": {"InputData": {"input_data": {"JobInputType": "UriFile", "Uri": "azureml://datastores/…"}}}}`
 * (learn.microsoft.com, how-to-access-data-batch-endpoints-jobs, REST) and a token for Azure ML's audience, the
 * deployment named in `azureml-model-deployment` when given. The answer is the batch job; it is tagged
 * `foundation-models.spec` (a job's tags can be changed after it is created) so that the Jobs view lists it.
 */
export async function invokeBatchEndpoint(
  rest: WorkspaceRest,
  endpoints: BatchEndpoints,
  credential: (() => TokenCredential) | undefined,
  name: string,
  file: string,
  options: BatchInvocationOptions,
): Promise<{ jobName: string }> {
  const { signal, progress } = options;
  const endpoint = await endpoints.find(name, signal);
  if (!endpoint) throw new Error(`No batch endpoint ${name} in workspace ${rest.target.workspace}.`);
  const uri = endpoint.properties.scoringUri;
  if (!uri) throw new Error(`Batch endpoint ${name} has no invocation URI yet (it is ${endpoint.properties.provisioningState?.toLowerCase() ?? 'not ready'}).`);
  const signedIn = credential?.();
  if (!signedIn) throw new Error('Invoking a batch endpoint needs a sign-in.');
  const data = await uploadDataFile({ client: rest.client, target: rest.target, file, assetName: `fm-batch-${name}`, blobServiceUrl: rest.cloud.blobServiceUrl, signal, progress });
  progress?.(`Invoking ${name}`);
  const token = await signedIn.getToken(rest.cloud.mlScope ?? 'https://ml.azure.com/.default', { abortSignal: signal });
  if (!token) throw new Error('The sign-in gave no token for Azure ML.');
  const answer = await exchangeJson(rest.client, {
    method: 'POST',
    url: uri,
    headers: { authorization: `Bearer ${token.token}`, ...(options.deployment ? { 'azureml-model-deployment': options.deployment } : {}) },
    body: { properties: { InputData: { input_data: { JobInputType: 'UriFile', Uri: data.uri } } } },
    signal,
  });
  if (answer.status < 200 || answer.status >= 300) {
    const message = serviceError(answer.body)?.message;
    throw new Error(`Batch endpoint ${name} refused the invocation (${answer.status})${message ? `: ${message}` : ''}.`);
  }
  const job = z.looseObject({ name: z.string().min(1) }).safeParse(answer.body);
  if (!job.success) throw new Error(`Batch endpoint ${name} answered without a job name.`);
  await tagAsSubmittedHere(rest, job.data.name, { kind: 'batchScore', endpoint: name, dataFile: path.basename(file) }, signal);
  return { jobName: job.data.name };
}

/** Adds the spec tag to a job, so that the Jobs view lists it: the job goes back whole (PUT replaces). */
async function tagAsSubmittedHere(rest: WorkspaceRest, jobName: string, spec: BatchScoreJobSpec, signal: AbortSignal): Promise<void> {
  const jobUrl = rest.url('jobs', jobName);
  const current = await rest.get(jobUrl, JobTagsSchema, { signal });
  await rest.put(jobUrl, z.unknown(), {
    body: { properties: { ...current.properties, tags: { ...(current.properties.tags ?? {}), [SPEC_TAG]: JSON.stringify(spec) } } },
    signal,
  });
}
