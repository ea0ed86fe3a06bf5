import { decodeToken, encodeToken, errorReply, iso, type Json, notFound, parseTop, PROVIDER, queryValue, type Reply, type RequestContext, same, serializeQuery, stableGuid } from './armConventions';
import { advance, type RunState, runTimes, statusOf } from './runs';
import { latestMetrics, routeMetricHistory } from './mlflowHistory';
import type { FakeAzureMlSeed } from './types';
import { workspaceId } from './workspaces';

/**
 * - Run history: Azure/azure-sdk-for-python `sdk/ml/azure-ai-ml/azure/ai/ml/_restclient/runhistory/operations/
 *   _runs_operations.py` (1b6870a1361917c1da363b9894c173c8c58b7222: `…/history/v1.0/…/workspaces/{ws}/runs/{runId}`,
 *   `…/details`, `…/children` with `$continuationtoken`, `$top`) and `…/runhistory/models/_models_py3.py`
 *   (45c67c88989e15e906103684a1e6dbdaa3f1a92c: `RunDetails` with `logFiles`, `Run`, `PaginatedRunList`
 *   `{value, continuationToken, nextLink}`, `ErrorResponse` `{error: RootError, correlation, environment, location,
 *   time, componentName}`); statuses and log file names as `azure/ai/ml/operations/_job_ops_helper.py` reads them
 *   (see the shared API.md §2). The discovery document's `api` is this server.
 */

const FAKE_USER = { userObjectId: '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', userPuId: '10032001A2B3C4D5', userIdp: null, userAltSecId: null, userIss: 'https://sts.windows.net/5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f/', userTenantId: '5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f', userName: 'Fake User', upn: 'fake-user@contoso.example' };

/** Run history `ErrorResponse` → `RootError` (runhistory `_models_py3.py`). */
function runErrorJson(state: RunState, message: string): Json {
  return {
    error: {
      code: 'UserError',
      severity: null,
      message,
      messageFormat: null,
      messageParameters: {},
      referenceCode: null,
      detailsUri: null,
      target: null,
      details: [],
      innerError: null,
      additionalInfo: null,
    },
    correlation: { operation: stableGuid(`${state.job.name}#operation`), request: stableGuid(`${state.job.name}#request`) },
    environment: state.ws.location,
    location: state.ws.location,
    time: iso(runTimes(state).end ?? runTimes(state).created),
    componentName: 'CommonRuntime',
  };
}

/** A fake SAS URL of a log file on this server: `/blob/logs/{runId}/{file}?sv=…&sig=fake`. */
function sasUrl(baseUrl: string, runId: string, file: string): string {
  const path = [runId, ...file.split('/')].map(encodeURIComponent).join('/');
  return `${baseUrl}/blob/logs/${path}?sv=2021-08-06&st=2025-01-06T09%3A00%3A00Z&se=2099-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=fake`;
}

/** The keys both `Run` and `RunDetails` have. */
function runCommonJson(state: RunState): Json {
  const { job, parent, root } = state;
  const times = runTimes(state);
  const message = state.error;
  return {
    runId: job.name,
    runUuid: stableGuid(`${job.name}#run`),
    parentRunId: parent?.name ?? null,
    rootRunId: root.name,
    target: 'gpu-cluster',
    status: statusOf(state),
    startTimeUtc: times.start !== undefined ? iso(times.start) : null,
    endTimeUtc: times.end !== undefined ? iso(times.end) : null,
    error: message !== undefined ? runErrorJson(state, message) : null,
    warnings: null,
    tags: {},
    properties: { 'azureml.runsource': job.jobType === 'Pipeline' ? 'azureml.PipelineRun' : 'azureml.StepRun', ContentSnapshotId: stableGuid(`${job.name}#snapshot`) },
    parameters: {},
    services: {},
    revision: state.revision,
    runTypeV2: { orchestrator: null, traits: [], attribution: null, computeType: job.jobType === 'Pipeline' ? null : 'AmlcDsi' },
    settings: {},
    createdBy: FAKE_USER,
    computeDuration: times.end !== undefined && times.start !== undefined ? '00:09:00' : null,
    effectiveStartTimeUtc: null,
    runNumber: state.runNumber,
    userId: FAKE_USER.userObjectId,
    statusRevision: state.revision,
    hasVirtualParent: false,
    currentComputeTime: null,
    lastStartTimeUtc: null,
    lastModifiedBy: FAKE_USER,
    lastModifiedUtc: iso(times.end ?? times.start ?? times.created),
    duration: times.end !== undefined && times.start !== undefined ? '00:09:00' : null,
    inputs: {},
    outputs: {},
  };
}

/** `RunDetails` (keys per API.md §2.2 / runhistory `_models_py3.py`), `logFiles` pointing at this server's blobs. */
function runDetailsJson(state: RunState, baseUrl: string): Json {
  const common = runCommonJson(state);
  return {
    ...common,
    createdTimeUtc: iso(runTimes(state).created),
    inputDatasets: [],
    outputDatasets: [],
    runDefinition: null,
    logFiles: Object.fromEntries([...state.logs.keys()].map((file) => [file, sasUrl(baseUrl, state.job.name, file)])),
    jobCost: null,
    computeRequest: null,
    compute: { target: 'gpu-cluster', targetType: 'AmlCompute', vmSize: 'Standard_NC6s_v3', instanceCount: 1, gpuCount: 1, priority: 'Dedicated', region: state.ws.location },
  };
}

/** `Run` (runhistory `_models_py3.py`), as `children` lists it. */
function runJson(state: RunState): Json {
  const { job } = state;
  return {
    ...runCommonJson(state),
    createdUtc: iso(runTimes(state).created),
    token: null,
    tokenExpiryTimeUtc: null,
    parentRunUuid: state.parent ? stableGuid(`${state.parent.name}#run`) : null,
    rootRunUuid: stableGuid(`${state.root.name}#run`),
    cancelationReason: null,
    experimentId: stableGuid(`${workspaceId(state.ws)}#experiment#${job.experimentName ?? 'Default'}`),
    options: { generateDataContainerIdIfNotSpecified: true },
    isVirtual: false,
    displayName: job.displayName ?? job.name,
    name: null,
    dataContainerId: `dcid.${job.name}`,
    description: null,
    hidden: false,
    runType: job.jobType === 'Pipeline' ? 'azureml.PipelineRun' : 'azureml.StepRun',
    actionUris: {},
    scriptName: null,
    uniqueChildRunComputeTargets: [],
    jobSpecification: null,
    primaryMetricName: null,
    createdFrom: null,
    cancelUri: null,
    completeUri: null,
    diagnosticsUri: null,
    retainForLifetimeOfWorkspace: false,
    queueingInfo: null,
    activeChildRunId: null,
  };
}

/**
 * `GET …/history/v1.0/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}/runs/{runId}[/details|/children]`.
 * Children answer `PaginatedRunList` `{value, continuationToken, nextLink}`; the token is the fake's offset
 * token, read from `$continuationtoken`; `$top` caps the total.
 */
export function routeHistory(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [, version, s, sub, r, rg, p, provider, w, wsName, runsSegment, runId, what, ...rest] = seg;
  if (
    version !== 'v1.0' || !same(s ?? '', 'subscriptions') || !same(r ?? '', 'resourceGroups') || !same(p ?? '', 'providers') ||
    !same(provider ?? '', PROVIDER) || !same(w ?? '', 'workspaces') || !same(runsSegment ?? '', 'runs') ||
    sub === undefined || rg === undefined || wsName === undefined || runId === undefined || rest.length > 0
  ) {
    return notFound(`No route for ${ctx.pathname}.`);
  }
  const ws = seed.workspaces.find((x) => same(x.subscriptionId, sub) && same(x.resourceGroup, rg) && same(x.name, wsName));
  if (!ws) return errorReply(404, 'UserError', `Workspace '${wsName}' was not found in resource group '${rg}'.`);
  const state = ctx.runs.find(runId, ws);
  if (!state) return errorReply(404, 'UserError', `Run ${runId} was not found.`);
  if (what === undefined) return { status: 200, body: runJson(state) };
  if (same(what, 'details')) {
    const body = runDetailsJson(state, ctx.baseUrl);
    advance(state);
    return { status: 200, body };
  }
  if (!same(what, 'children')) return notFound(`No route for ${ctx.pathname}.`);
  let children = (state.job.children ?? []).map((child) => runJson(ctx.runs.state(child, ws, state.job, state.root)));
  const top = parseTop(ctx.query);
  if (top !== undefined) children = children.slice(0, top);
  const raw = queryValue(ctx.query, '$continuationtoken');
  const offset = raw === undefined || raw === '' ? 0 : decodeToken(raw);
  if (offset === undefined) return errorReply(400, 'UserError', `The continuation token '${raw}' is not valid.`);
  const size = Math.max(1, Math.floor(ctx.pageSize));
  const body: Json = { value: children.slice(offset, offset + size), continuationToken: null, nextLink: null };
  if (offset + size < children.length) {
    const token = encodeToken(offset + size);
    const kept: Array<[string, string]> = [];
    for (const [key, val] of ctx.query) if (key.toLowerCase() !== '$continuationtoken') kept.push([key, val]);
    kept.push(['$continuationtoken', token]);
    body.continuationToken = token;
    body.nextLink = `${ctx.baseUrl}${ctx.pathname}?${serializeQuery(kept)}`;
  }
  return { status: 200, body };
}

/**
 * MLflow REST `GET /api/2.0/mlflow/runs/get?run_id=…` under the workspace's tracking path
 * (`{api}/mlflow/v1.0/subscriptions/…/workspaces/{ws}`): `{run: {info, data: {metrics: [{key, value, timestamp, step}], params, tags}}}`
 * (mlflow.org REST API reference, `Run`, `RunData`, `Metric`), each metric's latest value; and `…/metrics/get-history`
 * (`mlflowHistory.ts`).
 */
export function routeMlflow(seg: string[], seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [, version, s, sub, r, rg, , , w, wsName, api, apiVersion, mlflow, runs, get] = seg;
  if (
    version !== 'v1.0' || !same(s ?? '', 'subscriptions') || !same(r ?? '', 'resourceGroups') || !same(w ?? '', 'workspaces') ||
    api !== 'api' || apiVersion !== '2.0' || mlflow !== 'mlflow' || !((runs === 'runs' && get === 'get') || (runs === 'metrics' && get === 'get-history'))
  ) {
    return notFound(`No route for ${ctx.pathname}.`);
  }
  const ws = seed.workspaces.find((x) => same(x.subscriptionId, sub ?? '') && same(x.resourceGroup, rg ?? '') && same(x.name, wsName ?? ''));
  const runId = ctx.query.get('run_id') ?? ctx.query.get('run_uuid') ?? '';
  const state = ws ? ctx.runs.find(runId, ws) : undefined;
  if (runs === 'metrics') return routeMetricHistory(state, runId, ctx);
  if (!state) return errorReply(404, 'RESOURCE_DOES_NOT_EXIST', `Run '${runId}' not found.`);
  const times = runTimes(state);
  return {
    status: 200,
    body: {
      run: {
        info: { run_id: runId, run_uuid: runId, experiment_id: stableGuid(`${runId}#experiment`), status: statusOf(state) === 'Completed' ? 'FINISHED' : 'RUNNING', start_time: times.created, lifecycle_stage: 'active' },
        data: {
          metrics: latestMetrics(state),
          params: [],
          tags: [],
        },
      },
    },
  };
}
