import { errorReply, FAKE_TENANT_ID, type Json, notFound, paged, PROVIDER, queryValue, type Reply, type RequestContext, same, stableGuid, systemData } from './armConventions';
import { descendants, type RunState, runTimes, setStatus, statusOf, TERMINAL } from './runs';
import { writePredictionOutputs } from './evaluationRuns';
import { validatePipelineJob } from './pipelineValidation';
import { checkBody, SHAPES_API_VERSION } from './restShapes';
import type { FakeAzureMlSeed, FakeJob, FakeWorkspace } from './types';
import { mlAudienceMessage } from './tokens';
import { workspaceId } from './workspaces';

/**
 * `x-azureml-token` on a job that runs as the user (a pipeline job, or `identity.identityType: UserIdentity`): azure-ai-ml
 * always sends it, a token for the Azure ML resource, and refuses to submit without one (`_job_operations.py`
 * `_set_headers_with_user_aml_token`; audiences.json). Whether the service itself refuses a job without it is not in
 * public sources (SETTLED.md #2): the fake does what azure-ai-ml makes true, and refuses it, 400 `UserError` (a missing
 * header) or 401 `InvalidAuthenticationTokenAudience` (a token of another audience). The spec (job.put.json) does not
 * describe the header.
 */
function userTokenProblem(properties: Record<string, unknown>, ctx: RequestContext): Reply | undefined {
  const identity = properties.identity as { identityType?: unknown } | null | undefined;
  if (properties.jobType !== 'Pipeline' && identity?.identityType !== 'UserIdentity') return undefined;
  const header = ctx.headers['x-azureml-token'];
  if (typeof header !== 'string' || !header) {
    return errorReply(400, 'UserError', "A pipeline job, or a job that runs as the user, needs the user's Azure Machine Learning token in the x-azureml-token header.");
  }
  const token = ctx.tokens.audienceOf(header);
  if (!token) return errorReply(401, 'AuthenticationFailed', 'The x-azureml-token header holds no valid token.');
  if (token.audience !== 'ml') return errorReply(401, 'InvalidAuthenticationTokenAudience', `x-azureml-token: ${mlAudienceMessage(token.aud, ctx.tokens.mlResource)}`);
  return undefined;
}

/**
 * - Jobs: `stable/2022-10-01/mfe.json` operations `Jobs_List` (`$skip`, `jobType`, `tag`, `listViewType`),
 *   `Jobs_Get`, `Jobs_CreateOrUpdate` (200/201), `Jobs_Cancel` (200/202, long-running with final state via `Location`);
 *   `JobBaseResource` → `JobBase` (`jobType`, `displayName`, `status`, `experimentName`, `services`, `computeId`,
 *   `isArchived`, `identity`, `componentId`) + `CommandJob` / `PipelineJob` fields, as the operation specs and
 *   mappers of `@azure/arm-machinelearning` 2.1.1 (`dist/index.js`: `listOperationSpec` of jobs, `cancelOperationSpec`
 *   with `lroResourceLocationConfig: "location"`, `JobBaseProperties`) encode them. Examples
 *   `…/examples/Job/PipelineJob/get.json` (029741f2a57be0df0c346983e76f08dc7a69058a),
 *   `…/Job/CommandJob/createOrUpdate.json` (4c0959c220823a4e013c4254984e4b02bb9722ac) and `…/Job/cancel.json`
 *   (cfc781db243d9f427e8979b6c35d8125d36a1e6e). The cancel `Location` (`…/locations/{loc}/mfeOperationResults/{op}`)
 *   answers 200 on the first poll and the run then turns `Canceled` (the fake's choice; Retry-After 0).
 */

function studioUrl(ws: FakeWorkspace, runId: string): string {
  return `https://ml.azure.com/runs/${runId}?wsid=${workspaceId(ws)}&tid=${FAKE_TENANT_ID}`;
}

/** ARM `JobBaseResource` (mfe.json 2022-10-01): `{id, name, type, properties: JobBase, systemData}`. */
function jobResourceJson(state: RunState): Json {
  const { job, ws } = state;
  const wsId = workspaceId(ws);
  const times = runTimes(state);
  const common: Json = {
    description: null,
    tags: {},
    properties: {},
    displayName: job.displayName ?? job.name,
    status: statusOf(state),
    experimentName: job.experimentName ?? 'Default',
    services: {
      Tracking: { jobServiceType: 'Tracking', port: null, endpoint: `azureml://${ws.location}.api.azureml.ms/mlflow/v1.0${wsId}?`, status: null, errorMessage: null, properties: null },
      Studio: { jobServiceType: 'Studio', port: null, endpoint: studioUrl(ws, job.name), status: null, errorMessage: null, properties: null },
    },
    computeId: `${wsId}/computes/gpu-cluster`,
    isArchived: false,
    identity: null,
    componentId: null,
    jobType: job.jobType,
  };
  const typed: Json =
    job.jobType === 'Command'
      ? {
          command: 'python train.py',
          environmentId: 'azureml://registries/azureml/environments/acft-hf-nlp-gpu/versions/1',
          codeId: null,
          inputs: {},
          outputs: {
            default: { jobOutputType: 'uri_folder', mode: 'ReadWriteMount', uri: `azureml://datastores/workspaceartifactstore/ExperimentRun/dcid.${job.name}`, description: null },
          },
          resources: { instanceCount: 1, instanceType: null, properties: null },
          distribution: null,
          limits: null,
          environmentVariables: {},
          parameters: {},
        }
      : {
          inputs: {},
          outputs: {},
          jobs: Object.fromEntries((job.children ?? []).map((child) => [child.name, { type: child.jobType === 'Pipeline' ? 'pipeline' : 'command', name: child.name }])),
          settings: {},
        };
  const submitted = { ...(job.spec ?? {}) };
  delete submitted.status;
  delete submitted.jobType;
  return {
    id: `${wsId}/jobs/${job.name}`,
    name: job.name,
    type: `${PROVIDER}/workspaces/jobs`,
    properties: { ...common, ...typed, ...submitted },
    systemData: systemData(times.created, times.created, 'fake-user@contoso.example', 'User'),
  };
}

/**
 * ARM jobs of a workspace (mfe.json 2022-10-01 `Jobs_List`, `Jobs_Get`, `Jobs_CreateOrUpdate`, `Jobs_Cancel`):
 * `GET {W}/jobs` (`$skip`, `jobType`, `tag`, `listViewType`; top-level jobs only), `GET|PUT {W}/jobs/{id}`,
 * `POST {W}/jobs/{id}/cancel` → 202 + `Location` (a `mfeOperationResults` URL) while the run is not terminal
 * (200 when it already is). The run turns `CancelRequested` at once and `Canceled` when the Location is polled.
 */
export function routeJobs(ws: FakeWorkspace, tail: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [id, action, ...rest] = tail;
  const checked = (reply: Reply): Reply => ({ ...reply, methodChecked: true });
  if (rest.length > 0) return notFound(`No route for ${ctx.pathname}.`);
  const wsId = workspaceId(ws);
  if (id === undefined) {
    if (ctx.method !== 'GET') return checked(errorReply(405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.pathname}.`));
    const jobType = queryValue(ctx.query, 'jobType');
    const tag = queryValue(ctx.query, 'tag');
    let jobs = (ws.jobs ?? []).map((job) => ctx.runs.state(job, ws, undefined, job));
    if (jobType) jobs = jobs.filter((state) => same(state.job.jobType, jobType));
    if (tag) jobs = jobs.filter((state) => {
      const tags = (state.job.spec?.tags ?? {}) as Record<string, unknown>;
      return tag in tags;
    });
    if (same(queryValue(ctx.query, 'listViewType') ?? '', 'ArchivedOnly')) jobs = [];
    return checked(paged(jobs.map(jobResourceJson), ctx));
  }
  const state = ctx.runs.find(id, ws);
  if (action === undefined) {
    if (ctx.method === 'GET') {
      return checked(state ? { status: 200, body: jobResourceJson(state) } : errorReply(404, 'UserError', `Job ${id} was not found in ${wsId}.`));
    }
    if (ctx.method === 'PUT') {
      const invalidBody = checkBody('JobBase', ctx.body);
      if (invalidBody) return checked(invalidBody);
      const properties = (ctx.body as { properties?: Record<string, unknown> } | undefined)?.properties;
      const jobType = properties?.jobType;
      if (!properties || (jobType !== 'Command' && jobType !== 'Pipeline')) {
        return checked(errorReply(400, 'UserError', `The job body needs properties.jobType 'Command' or 'Pipeline' (got ${JSON.stringify(jobType)}).`));
      }
      const tokenProblem = userTokenProblem(properties, ctx);
      if (tokenProblem) return checked(tokenProblem);
      // A new pipeline's nodes against the components they run (an update of an existing job keeps its nodes).
      const invalid = !state && jobType === 'Pipeline' ? validatePipelineJob(properties, ws, seed) : undefined;
      if (invalid) return checked(invalid);
      const failure = ws.failNextJob;
      delete ws.failNextJob;
      if (failure) return checked(errorReply(failure.status ?? 400, failure.code, failure.message));
      if (state) {
        state.job.spec = { ...(state.job.spec ?? {}), ...properties };
        return checked({ status: 200, body: jobResourceJson(state) });
      }
      const job: FakeJob = {
        name: id,
        jobType,
        ...(typeof properties.displayName === 'string' ? { displayName: properties.displayName } : {}),
        ...(typeof properties.experimentName === 'string' ? { experimentName: properties.experimentName } : {}),
        status: 'NotStarted',
        logs: {},
        spec: { ...properties },
      };
      (ws.jobs ??= []).push(job);
      if (jobType === 'Pipeline') writePredictionOutputs(properties, ws, ctx.blobs);
      ctx.onJobCreated?.(job, ws);
      return checked({ status: 201, body: jobResourceJson(ctx.runs.state(job, ws, undefined, job)) });
    }
    return checked(errorReply(405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.pathname}.`));
  }
  if (!same(action, 'cancel')) return notFound(`No route for ${ctx.pathname}.`);
  if (ctx.method !== 'POST') return checked(errorReply(405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.pathname}.`));
  if (!state) return checked(errorReply(404, 'UserError', `Job ${id} was not found in ${wsId}.`));
  if (TERMINAL.includes(statusOf(state))) return checked({ status: 200, body: undefined });
  for (const job of [state.job, ...descendants(state.job)]) {
    const run = ctx.runs.find(job.name, ws);
    if (run && !TERMINAL.includes(statusOf(run))) setStatus(run, 'CancelRequested');
  }
  const operation = `jc:${stableGuid(wsId)}:${id}`;
  ctx.runs.cancels.set(operation, id);
  const location = `${ctx.baseUrl}/subscriptions/${ws.subscriptionId}/providers/${PROVIDER}/locations/${ws.location}/mfeOperationResults/${encodeURIComponent(operation)}?api-version=${SHAPES_API_VERSION}`;
  return checked({ status: 202, body: undefined, headers: { location, 'retry-after': '0' } });
}

/** `GET /subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{loc}/mfeOperationResults/{op}`: a cancel finishes. */
export function routeOperationResult(operation: string, ctx: RequestContext): Reply {
  const runId = ctx.runs.cancels.get(operation);
  const state = runId === undefined ? undefined : ctx.runs.find(runId);
  if (!state) return notFound(`Operation '${operation}' was not found.`);
  for (const job of [state.job, ...descendants(state.job)]) {
    const run = ctx.runs.find(job.name, state.ws);
    if (run && !TERMINAL.includes(statusOf(run))) setStatus(run, 'Canceled');
  }
  ctx.runs.cancels.delete(operation);
  return { status: 200, body: undefined };
}
