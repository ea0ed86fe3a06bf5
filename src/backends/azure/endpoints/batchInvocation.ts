import { randomUUID } from 'node:crypto';
import path from 'node:path';
import * as z from 'zod';
import type { BatchScoreJobSpec } from '../../../core/jobs/jobModel';
import { SPEC_TAG } from '../dataJobBody';
import { amlToken, exchangeJson, plainSender, serviceError, type RequestSender } from '../azureHttp';
import { uploadDataFile } from '../datastoreUpload';
import type { WorkspaceRest } from '../workspaceRest';
import type { BatchEndpoints } from './batchEndpoints';

export interface BatchInvocationOptions {
  readonly signal: AbortSignal;
  readonly progress?: ((line: string) => void) | undefined;
  /** Sent as `azureml-model-deployment`; the endpoint's default deployment when left out. */
  readonly deployment?: string | undefined;
}

const JobTagsSchema = z.looseObject({ properties: z.looseObject({ jobType: z.string(), tags: z.record(z.string(), z.string().nullable()).nullish() }) });

/** azure-ai-ml retries an invocation up to 5 times (`_batch_endpoint_operations.py` invoke); the request id makes a retry the same request. */
const INVOKE_RETRIES = 5;
let invoker: RequestSender | undefined;
/** `JobBaseProperties` the service sets: `status` (readOnly in rest/job.put.json) and the `services` it creates (Tracking, Studio). */
const READ_ONLY = new Set(['status', 'services']);

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
  name: string,
  file: string,
  options: BatchInvocationOptions,
): Promise<{ jobName: string }> {
  const { signal, progress } = options;
  const endpoint = await endpoints.find(name, signal);
  if (!endpoint) throw new Error(`No batch endpoint ${name} in workspace ${rest.target.workspace}.`);
  const uri = endpoint.properties.scoringUri;
  if (!uri) throw new Error(`Batch endpoint ${name} has no invocation URI yet (it is ${endpoint.properties.provisioningState?.toLowerCase() ?? 'not ready'}).`);
  const data = await uploadDataFile(rest, { file, assetName: `fm-batch-${name}`, signal, progress });
  progress?.(`Invoking ${name}`);
  // Signed with a token for Azure ML's own resource, sent without the ARM client's pipeline (whose sign-in policy
  // would put its ARM token in its place), as azure-ai-ml does with a plain requests session.
  const token = await amlToken(rest.credential, rest.cloud, signal);
  const answer = await exchangeJson((invoker ??= plainSender(INVOKE_RETRIES)), {
    method: 'POST',
    url: uri,
    headers: {
      authorization: `Bearer ${token}`,
      'repeatability_request-id': randomUUID(),
      ...(options.deployment ? { 'azureml-model-deployment': options.deployment } : {}),
    },
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

/**
 * Adds the spec tag to a job, so that the Jobs view lists it: the job goes back whole (PUT replaces), read and written
 * at the same api-version, without what the service sets itself (`status`, read-only in `JobBaseProperties`), as
 * azure-ai-ml's typed round trip leaves it out (audit F15).
 */
async function tagAsSubmittedHere(rest: WorkspaceRest, jobName: string, spec: BatchScoreJobSpec, signal: AbortSignal): Promise<void> {
  const { properties } = await rest.get(rest.url('jobs', jobName), JobTagsSchema, { signal });
  const writable = Object.fromEntries(Object.entries(properties).filter(([key]) => !READ_ONLY.has(key)));
  const body = { properties: { ...writable, jobType: properties.jobType, tags: { ...(properties.tags ?? {}), [SPEC_TAG]: JSON.stringify(spec) } } };
  await rest.putJob(jobName, body, z.unknown(), signal);
}
