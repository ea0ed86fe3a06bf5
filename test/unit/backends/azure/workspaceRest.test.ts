import assert from 'node:assert/strict';
import { RestError } from '@azure/core-rest-pipeline';
import * as z from 'zod';
import { WORKSPACE_API_VERSION, WorkspaceRest } from '../../../../src/backends/azure/workspaceRest';
import { sampleClusters, sampleSeed, type FakeAzureMl } from '../../../fakes/azureMl';
import { startAzureFixture, type AzureFixture } from '../../../support/azureBackendFixture';

/** The one workspace-scoped REST helper of the Azure backend, against the fake. */
describe('workspace REST helper', () => {
  let fixture: AzureFixture;
  let fake: FakeAzureMl;
  let rest: WorkspaceRest;

  beforeEach(async () => {
    fixture = await startAzureFixture({ seed: sampleSeed({ workspace: { computes: sampleClusters() } }) });
    fake = fixture.fake;
    rest = new WorkspaceRest({ client: () => fixture.client(), cloud: fixture.cloud, target: fixture.target });
  });
  afterEach(async () => fixture.close());

  it('builds URLs under the workspace, each segment encoded, with the api-version first', () => {
    assert.equal(rest.workspaceUrl, `${fake.url}/subscriptions/${fixture.target.subscriptionId}/resourceGroups/rg-foundation-models/providers/Microsoft.MachineLearningServices/workspaces/fm-dev`);
    assert.equal(rest.url('jobs', 'a b/c'), `${rest.workspaceUrl}/jobs/a%20b%2Fc`);
    assert.equal(rest.withApi(rest.url('jobs'), 'tag=x'), `${rest.workspaceUrl}/jobs?api-version=${WORKSPACE_API_VERSION}&tag=x`);
    assert.ok(rest.onArm(`${fake.url}/subscriptions/x/providers/y/locations/eastus/mfeOperationsStatus/1`));
    assert.ok(!rest.onArm('https://elsewhere.example/operation'));
  });

  it('finds a resource or nothing on 404, and words other refusals with the service message', async () => {
    const Model = z.looseObject({ name: z.string() });
    assert.equal((await rest.find(rest.url('models', 'ner-distilroberta'), Model))?.name, 'ner-distilroberta');
    assert.equal(await rest.find(rest.url('models', 'no-such-model'), Model), undefined);
    await assert.rejects(rest.get(rest.url('models', 'no-such-model'), Model), (error: RestError) => error.statusCode === 404 && /^Model container 'no-such-model' was not found/.test(error.message));
    await assert.rejects(
      rest.put(`${rest.url('models', 'new-model')}/versions/1`, Model, { body: { properties: {} } }),
      (error: RestError) => error.statusCode === 400 && error.code === 'UserError' && error.message === 'A model version needs properties.modelUri.',
    );
    const signedOut = new WorkspaceRest({ client: () => fixture.client({ getToken: async () => ({ token: 'wrong', expiresOnTimestamp: Date.now() + 3_600_000 }) }), cloud: fixture.cloud, target: fixture.target });
    await assert.rejects(signedOut.find(rest.url('models', 'ner-distilroberta'), Model), (error: RestError) => error.statusCode === 401);
  });

  it('lists every page of a paged list with the api-version on the first request', async () => {
    const computes = await rest.listAll(rest.url('computes'), z.looseObject({ name: z.string() }));
    assert.deepEqual(computes.map((c) => c.name), ['cpu-cluster', 'gpu-cluster', 'attached-aks']);
    const pages = fake.requests.filter((r) => r.path.endsWith('/workspaces/fm-dev/computes'));
    assert.equal(pages.length, 2, 'two pages of two');
    assert.equal(pages[0]?.query.get('api-version'), WORKSPACE_API_VERSION);
  });
});
