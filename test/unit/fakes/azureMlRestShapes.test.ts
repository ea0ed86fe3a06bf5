import assert from 'node:assert/strict';
import { sampleClusters, sampleSeed, SAMPLE_IDS, type FakeAzureMl } from '../../fakes/azureMl';
import { startAzureFixture, type AzureFixture } from '../../support/azureBackendFixture';

/** The fake's check of request bodies against the 2026-07-01 REST shapes (test/fixtures/azureml/rest). */

const WS = `/subscriptions/${SAMPLE_IDS.devSubscription}/resourceGroups/rg-foundation-models/providers/Microsoft.MachineLearningServices/workspaces/fm-dev`;

interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ code: string; target: string; message: string }> };
}

describe('fake Azure ML: request bodies checked against the REST shapes of 2026-07-01', () => {
  let fixture: AzureFixture;
  let fake: FakeAzureMl;

  beforeEach(async () => {
    fixture = await startAzureFixture({ seed: sampleSeed({ workspace: { computes: sampleClusters() } }) });
    fake = fixture.fake;
  });
  afterEach(async () => fixture.close());

  async function send(method: string, tail: string, body: unknown, apiVersion = '2026-07-01'): Promise<{ status: number; body: ErrorBody }> {
    const response = await fetch(`${fake.url}${WS}/${tail}?api-version=${apiVersion}`, {
      method,
      body: JSON.stringify(body),
      headers: { authorization: `Bearer ${fake.validToken}`, 'content-type': 'application/json' },
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as ErrorBody };
  }

  const targets = (body: ErrorBody) => (body.error.details ?? []).map((d) => d.target).sort();

  it('refuses a deployment whose request timeout is not an ISO 8601 duration, without location, of an unknown compute type', async () => {
    await send('PUT', 'onlineEndpoints/fm-bert', { location: 'eastus', properties: { authMode: 'Key' } });
    const bad = await send('PUT', 'onlineEndpoints/fm-bert/deployments/blue', {
      sku: { name: 'Default', capacity: 'one' },
      properties: { endpointComputeType: 'Serverless', model: 'x', requestSettings: { requestTimeout: 60000 } },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'UserError');
    assert.deepEqual(targets(bad.body), ['location', 'properties.endpointComputeType', 'properties.requestSettings.requestTimeout', 'sku.capacity']);
    assert.match(bad.body.error.details?.find((d) => d.target === 'properties.requestSettings.requestTimeout')?.message ?? '', /is not an ISO 8601 duration/);
  });

  it('refuses an endpoint without authMode, a data version without dataUri and a job input without its kind', async () => {
    assert.deepEqual(targets((await send('PUT', 'onlineEndpoints/fm-x', { location: 'eastus', properties: {} })).body), ['properties.authMode']);
    assert.deepEqual(targets((await send('PUT', 'data/d/versions/1', { properties: { dataType: 'uri_file' } })).body), ['properties.dataUri']);
    const job = await send('PUT', 'jobs/j1', { properties: { jobType: 'Command', command: 'python x.py', environmentId: 'e', inputs: { a: { uri: 'x' } } } });
    assert.deepEqual(targets(job.body), ['properties.inputs.a.jobInputType']);
  });

  it('refuses a change sent with an api-version whose shapes it does not have (the fake\'s own rule), and reads with any', async () => {
    const old = await send('PUT', 'data/d/versions/1', { properties: { dataType: 'uri_file', dataUri: 'azureml://datastores/x/paths/y' } }, '2022-10-01');
    assert.equal(old.status, 400);
    assert.equal(old.body.error.code, 'UnsupportedApiVersion');
    assert.equal((await fetch(`${fake.url}${WS}/computes?api-version=2022-10-01`, { headers: { authorization: `Bearer ${fake.validToken}` } })).status, 200);
  });
});
