import assert from 'node:assert/strict';
import type { ScoringProblem } from '../../../../src/backends/azure/endpoints/scoring';
import type { Backend, DeployRequest, EndpointService } from '../../../../src/backends/backend';
import type { EndpointRecord } from '../../../../src/core/endpoints/endpointModel';
import { fakeWorkspace, sampleClusters, sampleSeed, SAMPLE_IDS, type FakeAzureMl, type FakeOnlineEndpoint, type FakeWorkspace, type RecordedRequest } from '../../../fakes/azureMl';
import { startAzureFixture, type AzureFixture } from '../../../support/azureBackendFixture';

/**
 * Contract tests of Azure ML online and batch endpoints: the backend over real HTTP against the fake Azure ML REST
 * API (started here). What is asserted is what the service would receive (requests in order, bodies as mfe.json
 * 2026-07-01 wants them, operation polls) and what the user sees (records, progress lines, errors in words).
 */

const BERT = 'azureml://registries/azureml/models/bert-base-uncased/versions/19';
const WS_PATH = `/subscriptions/${SAMPLE_IDS.devSubscription}/resourceGroups/rg-foundation-models/providers/Microsoft.MachineLearningServices/workspaces/fm-dev`;

const onlineRequest = (overrides: Partial<DeployRequest> = {}): DeployRequest => ({
  modelId: 'azureml/bert-base-uncased',
  kind: 'online',
  endpointName: 'fm-bert',
  instanceType: 'Standard_DS3_v2',
  instanceCount: 2,
  ...overrides,
});

/** The requests that create, change or poll endpoints (catalog and workspace reads left out), as `METHOD path-tail`. */
function endpointCalls(requests: RecordedRequest[]): string[] {
  return requests
    .filter((r) => /\/(onlineEndpoints|batchEndpoints)(\/|$)|\/mfeOperation(sStatus|Results)\//.test(r.path))
    .map((r) => `${r.method} ${r.path.replace(WS_PATH, '{W}').replace(/^.*\/(mfeOperation(?:sStatus|Results))\/.*$/, 'op $1')}`);
}

function bodyOf(fake: FakeAzureMl, method: string, pathEnd: string, index = 0): Record<string, unknown> {
  const found = fake.requests.filter((r) => r.method === method && r.path.endsWith(pathEnd))[index];
  assert.ok(found, `${method} …${pathEnd} #${index} was sent`);
  return found.body as Record<string, unknown>;
}

describe('Azure ML endpoints against the fake Azure ML REST API', function () {
  this.timeout(30_000);
  let fixture: AzureFixture;
  let fake: FakeAzureMl;
  let backend: Backend;
  let endpoints: EndpointService;
  let workspace: FakeWorkspace;

  beforeEach(async () => {
    fixture = await startAzureFixture({ seed: sampleSeed({ workspace: { computes: sampleClusters() } }) });
    ({ fake, workspace } = fixture);
    backend = await fixture.backend();
    assert.ok(backend.endpoints, 'a workspace is chosen, so the backend deploys');
    endpoints = backend.endpoints;
  });
  afterEach(async () => fixture.close());

  it('deploys online end to end: endpoint, managed deployment, all traffic, each operation polled to its end', async () => {
    const progress: string[] = [];
    const changes: EndpointRecord[] = [];
    endpoints.onDidChange((record) => changes.push(record));
    const record = await endpoints.deploy(onlineRequest(), { progress: (line) => progress.push(line) });

    assert.deepEqual(endpointCalls(fake.requests), [
      'GET {W}/onlineEndpoints/fm-bert',
      'PUT {W}/onlineEndpoints/fm-bert',
      'GET op mfeOperationsStatus',
      'GET op mfeOperationsStatus',
      'PUT {W}/onlineEndpoints/fm-bert/deployments/default',
      'GET op mfeOperationsStatus',
      'GET op mfeOperationsStatus',
      'GET {W}/onlineEndpoints/fm-bert',
      'PUT {W}/onlineEndpoints/fm-bert',
      'GET op mfeOperationsStatus',
      'GET op mfeOperationsStatus',
      'GET {W}/onlineEndpoints/fm-bert',
      'GET {W}/onlineEndpoints/fm-bert/deployments',
    ]);
    const created = bodyOf(fake, 'PUT', '/onlineEndpoints/fm-bert', 0) as { location: string; identity: { type: string }; properties: Record<string, unknown>; tags: Record<string, string> };
    assert.equal(created.location, 'eastus');
    assert.equal(created.properties.authMode, 'Key');
    assert.deepEqual(created.identity, { type: 'SystemAssigned' });
    assert.equal(created.tags['foundation-models.task'], 'fill-mask');
    assert.deepEqual(bodyOf(fake, 'PUT', '/deployments/default'), {
      location: 'eastus',
      sku: { name: 'Default', capacity: 2 },
      properties: { endpointComputeType: 'Managed', model: BERT, instanceType: 'Standard_DS3_v2', requestSettings: { requestTimeout: 'PT60S' } },
    });
    const traffic = bodyOf(fake, 'PUT', '/onlineEndpoints/fm-bert', 1) as { location: string; properties: Record<string, unknown> };
    assert.deepEqual(traffic.properties.traffic, { default: 100 });
    assert.equal(traffic.properties.authMode, 'Key', 'the endpoint goes back whole with its traffic changed');
    assert.equal(traffic.properties.provisioningState, undefined, 'read-only fields are not sent back');
    for (const r of fake.requests.filter((x) => x.path.includes('/onlineEndpoints'))) assert.equal(r.query.get('api-version'), '2026-07-01');

    assert.equal(record.state, 'ready');
    assert.equal(record.kind, 'online');
    assert.equal(record.task, 'fill-mask');
    assert.equal(record.scoringUri, `${fake.url}/score/fm-bert`);
    assert.deepEqual(record.traffic, { default: 100 });
    assert.deepEqual(record.deployments, [{ name: 'default', model: BERT, instanceType: 'Standard_DS3_v2', instanceCount: 2, state: 'ready' }]);
    assert.deepEqual(changes.map((c) => c.state), ['ready']);

    assert.ok(progress.includes('Creating endpoint fm-bert…'), progress.join('\n'));
    assert.ok(progress.includes('Creating deployment default (Standard_DS3_v2 × 2)…'), progress.join('\n'));
    assert.ok(progress.includes('Sending all traffic of fm-bert to default…'), progress.join('\n'));
    assert.ok(progress.some((line) => /^Deployment default of fm-bert: InProgress \(\d+ s\)$/.test(line)), progress.join('\n'));
  });

  it('polls each operation as long as it stays InProgress, and deploys a workspace model by its ARM id onto an existing endpoint', async () => {
    workspace.onlineEndpoints = [{ name: 'fm-emotions', deployments: [] }];
    workspace.operationPolls = 3;
    await endpoints.deploy(onlineRequest({ modelId: 'workspace/fm-dev/emotion-detection-bert', endpointName: 'fm-emotions', deploymentName: 'blue', instanceCount: 1 }));
    const calls = endpointCalls(fake.requests);
    assert.deepEqual(
      calls.filter((c) => c.startsWith('PUT')),
      ['PUT {W}/onlineEndpoints/fm-emotions/deployments/blue', 'PUT {W}/onlineEndpoints/fm-emotions'],
      'an existing endpoint is not created again; its one PUT sets the traffic',
    );
    assert.equal(calls.filter((c) => c === 'GET op mfeOperationsStatus').length, 8, '2 operations × (3 InProgress + 1 Succeeded)');
    assert.equal((bodyOf(fake, 'PUT', '/deployments/blue').properties as { model: string }).model, `${WS_PATH}/models/emotion-detection-bert/versions/2`);
    assert.deepEqual(workspace.onlineEndpoints[0]?.traffic, { blue: 100 });
  });

  it('resumes an interrupted deployment from its token without sending the PUT again', async () => {
    workspace.operationPolls = 2;
    const controller = new AbortController();
    const tokens: string[] = [];
    await assert.rejects(
      endpoints.deploy(onlineRequest(), {
        signal: controller.signal,
        onResumeToken: (token) => {
          tokens.push(token);
          if ((JSON.parse(token) as { step: string }).step === 'deployment') controller.abort();
        },
      }),
      (error: Error) => error.name === 'AbortError' && /Azure goes on creating deployment default of endpoint fm-bert/.test(error.message),
    );
    assert.equal(tokens.length, 2, 'a token after the endpoint PUT and one after the deployment PUT');
    const token = tokens[1] ?? '';
    const saved = JSON.parse(token) as { step: string; pending: { mode: string; url: string } };
    assert.equal(saved.pending.mode, 'async');
    assert.match(saved.pending.url, /\/mfeOperationsStatus\//);
    assert.doesNotMatch(token, new RegExp(fake.validToken), 'no secret in the token');

    const before = fake.requests.length;
    const progress: string[] = [];
    const record = await endpoints.resumeDeploy(token, { progress: (line) => progress.push(line) });
    const after = fake.requests.slice(before);
    assert.equal(fake.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/deployments/default')).length, 1, 'the deployment PUT was sent once');
    assert.equal(`${fake.url}${after[0]?.path}?${after[0]?.query.toString()}`, saved.pending.url, 'resuming polls the saved operation first');
    assert.equal(record.state, 'ready');
    assert.deepEqual(record.traffic, { default: 100 });
    assert.match(progress[0] ?? '', /where it was left/);
    await assert.rejects(endpoints.resumeDeploy('{"v":1}'), /cannot be resumed/);
    const foreign = token.replace(fake.url, 'https://attacker.example');
    await assert.rejects(endpoints.resumeDeploy(foreign), /is not followed/);
  });

  it('stops waiting when cancelled mid-operation and says what Azure goes on doing', async () => {
    workspace.operationPolls = 1_000;
    const controller = new AbortController();
    await assert.rejects(
      endpoints.deploy(onlineRequest(), {
        signal: controller.signal,
        progress: (line) => {
          if (/^Creating endpoint fm-bert: InProgress/.test(line)) controller.abort();
        },
      }),
      (error: Error) => error.name === 'AbortError' && /Stopped waiting\. Azure goes on creating endpoint fm-bert/.test(error.message),
    );
    const count = fake.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(fake.requests.length, count, 'no poll after the cancellation');
    assert.ok(!fake.requests.some((r) => r.path.includes('/deployments/')), 'no deployment was started');
  });

  it('explains a quota failure of the deployment operation in words the user can act on', async () => {
    workspace.failNextDeployment = { code: 'OutOfQuota', message: 'Not enough quota available for Standard_DS3_v2 in SubscriptionId 3f2a9c41. Current usage/limit: 4/6. Additional needed: 8' };
    const changes: EndpointRecord[] = [];
    endpoints.onDidChange((record) => changes.push(record));
    await assert.rejects(endpoints.deploy(onlineRequest({ instanceCount: 2 })), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'OutOfQuota');
      assert.match(error.message, /^Deployment default of fm-bert failed\. Not enough quota for Standard_DS3_v2 × 2 in eastus\. Request more quota/);
      assert.match(error.message, /Azure said: OutOfQuota: Not enough quota available/);
      return true;
    });
    assert.equal(workspace.onlineEndpoints?.[0]?.deployments[0]?.provisioningState, 'Failed');
    assert.ok(!fake.requests.some((r) => r.method === 'PUT' && (r.body as { properties?: { traffic?: unknown } } | undefined)?.properties?.traffic), 'no traffic goes to a failed deployment');
    assert.equal(changes.at(-1)?.deployments[0]?.state, 'failed');
    assert.match(changes.at(-1)?.error ?? '', /Deployment default failed/);
  });

  it('explains an instance type Azure refuses, a name taken in the region and a model that does not exist', async () => {
    workspace.onlineEndpoints = [{ name: 'fm-existing', deployments: [] }];
    workspace.failNextDeployment = { code: 'SkuNotAvailable', message: "The requested size 'Standard_NC6s_v3' is currently not available in location 'eastus'.", at: 'request' };
    await assert.rejects(endpoints.deploy(onlineRequest({ endpointName: 'fm-existing', instanceType: 'Standard_NC6s_v3', instanceCount: 1 })), /Standard_NC6s_v3 cannot be used in eastus for this model\. Pick another instance type/);

    const seedWorkspaces = fake.seed.workspaces;
    seedWorkspaces.push(fakeWorkspace({ subscriptionId: SAMPLE_IDS.prodSubscription, resourceGroup: 'rg-other', name: 'other-eastus', onlineEndpoints: [{ name: 'taken-name', deployments: [] }] }));
    await assert.rejects(endpoints.deploy(onlineRequest({ endpointName: 'taken-name' })), /The name "taken-name" is already taken \(endpoint names are unique in each Azure region\)\. Pick another endpoint name\./);

    await assert.rejects(
      endpoints.deploy(onlineRequest({ endpointName: 'fm-existing', modelId: 'azureml://registries/azureml/models/no-such-model/versions/1' })),
      /Azure cannot find the model azureml:\/\/registries\/azureml\/models\/no-such-model\/versions\/1\. Refresh the catalog/,
    );
  });

  it('refuses an invalid name, count or missing cluster before sending any request', async () => {
    const before = fake.requests.length;
    await assert.rejects(endpoints.deploy(onlineRequest({ endpointName: '1-bad' })), /starts with a letter/);
    await assert.rejects(endpoints.deploy(onlineRequest({ endpointName: 'has_underscore' })), /"_" at position 4 is not allowed/);
    await assert.rejects(endpoints.deploy(onlineRequest({ deploymentName: 'x' })), /A deployment name has 3 to 32 characters/);
    await assert.rejects(endpoints.deploy(onlineRequest({ instanceCount: 0 })), /at least 1/);
    await assert.rejects(endpoints.deploy(onlineRequest({ kind: 'batch', instanceType: undefined })), /compute cluster/);
    assert.equal(fake.requests.length, before);
  });

  it('F4: offers the inference sizes of the model\'s system_metadata, recommended first, without retired sizes', async () => {
    const choices = await endpoints.instanceTypes('azureml/bert-base-uncased', 'online');
    assert.deepEqual(choices.slice(0, 2).map((c) => [c.name, c.recommended]), [['Standard_DS3_v2', true], ['Standard_D4a_v4', true]]);
    assert.equal(choices[0]?.description, '4 vCPUs · 14 GB · CPU');
    assert.ok(choices.some((c) => c.name === 'Standard_NC4as_T4_v3'));
    assert.ok(!choices.some((c) => /^Standard_NC\d+r?s_v3$/.test(c.name)), 'NCv3 sizes are retired');
    // An older version with the legacy tags: its allow list and recommended property still serve.
    const bert = fake.seed.registries[0]?.models.find((m) => m.name === 'bert-base-uncased');
    bert?.versions.pop();
    const legacy = await endpoints.instanceTypes(`azureml://registries/azureml/models/bert-base-uncased/versions/18`, 'online');
    assert.deepEqual(legacy.slice(0, 2).map((c) => [c.name, c.recommended]), [['Standard_DS3_v2', true], ['Standard_D4a_v4', true]]);
  });

  it('offers the region’s sizes for managed endpoints when the model names none, and the clusters for batch', async () => {
    const choices = await endpoints.instanceTypes('workspace/fm-dev/emotion-detection-bert', 'online');
    assert.ok(fake.requests.some((r) => r.path === `/subscriptions/${SAMPLE_IDS.devSubscription}/providers/Microsoft.MachineLearningServices/locations/eastus/vmSizes`));
    assert.deepEqual(choices.map((c) => c.name), ['Standard_DS2_v2', 'Standard_D4a_v4', 'Standard_DS3_v2', 'Standard_E4s_v3', 'Standard_DS4_v2', 'Standard_NC4as_T4_v3']);
    assert.ok(choices.every((c) => !c.recommended));
    assert.equal(choices.at(-1)?.description, '4 vCPUs · 28 GB · 1 GPU');

    const clusters = await endpoints.instanceTypes('azureml/bert-base-uncased', 'batch');
    assert.deepEqual(clusters.map((c) => [c.name, c.recommended]), [['cpu-cluster', true], ['gpu-cluster', true]]);
    assert.equal(clusters[1]?.description, 'cluster · Standard_NC4as_T4_v3 · GPU · 0–2 nodes');
  });

  it('lists online and batch endpoints with deployments, traffic and state; gets one by name', async () => {
    workspace.onlineEndpoints = [
      {
        name: 'reviews',
        traffic: { blue: 80, green: 20 },
        tags: { 'foundation-models.task': 'text-classification' },
        deployments: [
          { name: 'blue', model: BERT, instanceType: 'Standard_DS3_v2', instanceCount: 2 },
          { name: 'green', model: BERT, instanceType: 'Standard_D4a_v4', instanceCount: 1, provisioningState: 'Creating' },
        ],
      },
    ];
    workspace.batchEndpoints = [{ name: 'nightly', defaultDeployment: 'v1', deployments: [{ name: 'v1', model: BERT, compute: `${WS_PATH}/computes/cpu-cluster`, instanceCount: 3 }] }];
    const all = await endpoints.list();
    assert.deepEqual(all.map((e) => [e.name, e.kind, e.state]), [['nightly', 'batch', 'ready'], ['reviews', 'online', 'updating']]);
    const reviews = await endpoints.get('reviews', 'online');
    assert.deepEqual(reviews?.traffic, { blue: 80, green: 20 });
    assert.equal(reviews?.task, 'text-classification');
    assert.deepEqual(reviews?.deployments.map((d) => [d.name, d.instanceType, d.instanceCount, d.state]), [['blue', 'Standard_DS3_v2', 2, 'ready'], ['green', 'Standard_D4a_v4', 1, 'creating']]);
    const nightly = await endpoints.get('nightly', 'batch');
    assert.deepEqual(nightly?.deployments, [{ name: 'v1', model: BERT, instanceType: 'cpu-cluster', instanceCount: 3, state: 'ready' }]);
    assert.deepEqual(nightly?.traffic, { v1: 100 });
    assert.equal(await endpoints.get('nope', 'online'), undefined);
  });

  it('reads the primary key and scores with it; explains 401 without it, 404 for an unknown deployment and 424 from a failed one', async () => {
    const endpoint: FakeOnlineEndpoint = {
      name: 'reviews',
      keys: { primaryKey: 'primary-key-value', secondaryKey: 'secondary-key-value' },
      traffic: { blue: 100 },
      deployments: [
        { name: 'blue', model: BERT, instanceType: 'Standard_DS3_v2', instanceCount: 1 },
        { name: 'green', model: 'azureml://registries/azureml/models/distilroberta-base/versions/17', instanceType: 'Standard_DS3_v2', instanceCount: 1 },
      ],
    };
    workspace.onlineEndpoints = [endpoint];
    const key = await endpoints.primaryKey('reviews');
    assert.equal(key, 'primary-key-value');
    assert.ok(fake.requests.some((r) => r.method === 'POST' && r.path === `${WS_PATH}/onlineEndpoints/reviews/listKeys`));

    const body = { input_data: ['I love this product', 'It broke after a day'] };
    const first = await endpoints.invoke('reviews', body, { key });
    assert.equal(first.status, 200);
    assert.ok(Array.isArray(first.body) && first.body.length === 2);
    assert.ok(first.durationMs >= 0);
    assert.deepEqual((await endpoints.invoke('reviews', body, { key })).body, first.body, 'the same input, the same prediction');
    const scoring = fake.requests.filter((r) => r.path === '/score/reviews');
    assert.equal(scoring[0]?.authorization, 'Bearer primary-key-value', 'the endpoint key, not the ARM token');
    assert.equal(endpoint.deployments[0]?.scored, 2);

    await endpoints.invoke('reviews', body, { key, deployment: 'green' });
    assert.equal(endpoint.deployments[1]?.scored, 1, 'azureml-model-deployment picks the deployment');

    // A refused request resolves with its status (a caller reads the key again on 401) and says what it means.
    const refused = async (options: { key?: string; deployment?: string }): Promise<{ status: number; problem: string }> => {
      const answer = await endpoints.invoke('reviews', body, options);
      const explained = answer.body as ScoringProblem;
      assert.ok(explained.response !== undefined, 'the endpoint’s own answer is kept');
      return { status: answer.status, problem: explained.problem };
    };
    const withoutKey = await refused({});
    assert.equal(withoutKey.status, 401);
    assert.match(withoutKey.problem, /needs its key \(401\): none was sent/);
    assert.match((await refused({ key: 'wrong' })).problem, /refused the key \(401\)\. Read the key again/);
    assert.doesNotMatch(JSON.stringify(await endpoints.invoke('reviews', body, { key: 'wrong' })), /wrong/, 'the key is not echoed');
    const unknown = await refused({ key: key ?? '', deployment: 'purple' });
    assert.equal(unknown.status, 404);
    assert.match(unknown.problem, /has no deployment purple that can answer \(404\)/);
    endpoint.traffic = {};
    assert.match((await refused({ key: key ?? '' })).problem, /has no deployment that receives traffic \(404\)/);
    endpoint.traffic = { blue: 100 };
    const blue = endpoint.deployments[0];
    assert.ok(blue);
    blue.provisioningState = 'Failed';
    const failed = await refused({ key: key ?? '' });
    assert.equal(failed.status, 424);
    assert.match(failed.problem, /failed to answer \(424, model status 503: model not ready\)\. Read the deployment logs/);
    blue.provisioningState = 'Succeeded';
    fake.failNext(/^\/score\//, 429, { retryAfterSeconds: 2 });
    assert.match((await refused({ key: key ?? '' })).problem, /getting more requests than it can take \(429\)\. Wait 2 s and try again/);
    fake.failNext(/^\/score\//, 503);
    assert.match((await refused({ key: key ?? '' })).problem, /had a server error \(503\)\. Read the deployment logs/);
    await assert.rejects(endpoints.invoke('nope', body, { key }), /No online endpoint nope/);
  });

  it('tails the inference server log of a deployment', async () => {
    workspace.onlineEndpoints = [
      { name: 'reviews', traffic: { blue: 100 }, deployments: [{ name: 'blue', model: BERT, instanceType: 'Standard_DS3_v2', instanceCount: 1, logs: { InferenceServer: 'line 1\nline 2\nline 3\n' } }] },
    ];
    assert.equal(await endpoints.deploymentLogs('reviews', 'blue', { lines: 2 }), 'line 2\nline 3\n');
    assert.deepEqual(bodyOf(fake, 'POST', '/deployments/blue/getLogs'), { containerType: 'InferenceServer', tail: 2 });
    await assert.rejects(endpoints.deploymentLogs('reviews', 'green'), /has no deployment green/);
  });

  it('deletes an endpoint through its Location operation, waiting as Retry-After asks', async () => {
    workspace.onlineEndpoints = [{ name: 'old-one', deployments: [] }];
    workspace.operationRetryAfterSeconds = 1;
    const changes: EndpointRecord[] = [];
    endpoints.onDidChange((record) => changes.push(record));
    await endpoints.delete('old-one', 'online');
    assert.deepEqual(workspace.onlineEndpoints, []);
    const calls = fake.requests.filter((r) => r.path.endsWith('/onlineEndpoints/old-one') || r.path.includes('/mfeOperationResults/'));
    assert.deepEqual(calls.map((r) => r.method), ['DELETE', 'GET', 'GET']);
    for (let i = 1; i < calls.length; i += 1) {
      const gap = (calls[i]?.at ?? 0) - (calls[i - 1]?.at ?? 0);
      assert.ok(gap >= 950, `poll ${i} came ${gap} ms after the previous answer, Retry-After is 1 s`);
    }
    assert.deepEqual(changes.map((c) => [c.name, c.state]), [['old-one', 'deleting']]);
    await endpoints.delete('old-one', 'online'); // already gone: 204, nothing to wait for
  });

  it('deploys a batch endpoint on a cluster and makes the deployment its default', async () => {
    const record = await endpoints.deploy({ modelId: 'azureml/bert-base-uncased', kind: 'batch', endpointName: 'fm-batch', deploymentName: 'first', compute: 'cpu-cluster', instanceCount: 2 });
    assert.deepEqual(endpointCalls(fake.requests).filter((c) => c.startsWith('PUT')), [
      'PUT {W}/batchEndpoints/fm-batch',
      'PUT {W}/batchEndpoints/fm-batch/deployments/first',
      'PUT {W}/batchEndpoints/fm-batch',
    ]);
    assert.equal((bodyOf(fake, 'PUT', '/batchEndpoints/fm-batch', 0).properties as { authMode: string }).authMode, 'AADToken');
    assert.deepEqual(bodyOf(fake, 'PUT', '/batchEndpoints/fm-batch/deployments/first'), {
      location: 'eastus',
      properties: { model: { referenceType: 'Id', assetId: BERT }, compute: `${WS_PATH}/computes/cpu-cluster`, resources: { instanceCount: 2 } },
    });
    assert.deepEqual((bodyOf(fake, 'PUT', '/batchEndpoints/fm-batch', 1).properties as { defaults: unknown }).defaults, { deploymentName: 'first' });
    assert.equal(record.kind, 'batch');
    assert.equal(record.state, 'ready');
    assert.deepEqual(record.traffic, { first: 100 });
    assert.deepEqual(record.deployments, [{ name: 'first', model: BERT, instanceType: 'cpu-cluster', instanceCount: 2, state: 'ready' }]);
  });

  it('waits as a 429 on an operation poll asks (Retry-After) and goes on', async () => {
    fake.failNext(/\/mfeOperationsStatus\//, 429, { retryAfterSeconds: 1 });
    const record = await endpoints.deploy(onlineRequest());
    assert.equal(record.state, 'ready');
    const polls = fake.requests.filter((r) => r.path.includes('/mfeOperationsStatus/'));
    const gap = (polls[1]?.at ?? 0) - (polls[0]?.at ?? 0);
    assert.ok(gap >= 950, `the poll after the 429 came ${gap} ms later, Retry-After is 1 s`);
    assert.equal(polls.length, 7, 'six polls and the one refused');
  });
});
