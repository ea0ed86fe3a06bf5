import assert from 'node:assert/strict';
import type { Backend, EndpointService } from '../../../../src/backends/backend';
import { type FakeAzureMl, type FakeWorkspace } from '../../../fakes/azureMl';
import { startAzureFixture, type AzureFixture, jobsSeed } from '../../../support/azureBackendFixture';
import { reviewsFineTune } from '../../../support/azureJobSpecs';

/**
 * Online endpoints as the strict fake scores them: the body against the deployed model's signature (audit F9) and the
 * deployment's request timeout (audit F8); a retired size refused at deployment.
 */
describe('Azure ML online scoring against the model signature (strict fake)', function () {
  this.timeout(60_000);
  let fixture: AzureFixture;
  let fake: FakeAzureMl;
  let workspace: FakeWorkspace;
  let backend: Backend;
  let endpoints: EndpointService;

  beforeEach(async () => {
    const seed = jobsSeed();
    fixture = await startAzureFixture({ seed, storage: 'identity' });
    ({ fake, workspace } = fixture);
    backend = await fixture.backend();
    assert.ok(backend.endpoints);
    endpoints = backend.endpoints;
  });
  afterEach(async () => fixture.close());

  /** Deploys a catalog model online and sends it the backend's sample request for it. */
  async function deployAndTest(modelId: string, endpointName: string): Promise<{ status: number; request: unknown; body: unknown }> {
    const record = await endpoints.deploy({ modelId, kind: 'online', endpointName, instanceType: 'Standard_DS3_v2', instanceCount: 1 });
    const model = await backend.catalog.get(record.model ?? modelId);
    const request = endpoints.sampleRequest({ ...model, task: record.task ?? model?.task });
    const key = await endpoints.primaryKey(endpointName);
    const answer = await endpoints.invoke(endpointName, request, { key });
    return { status: answer.status, request, body: answer.body };
  }

  it('F8: deploys with a 60 s request timeout, so a summarization model on CPU answers rather than timing out', async () => {
    const answer = await deployAndTest('azureml/facebook-bart-large-cnn', 'bart-news');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const deployment = workspace.onlineEndpoints?.[0]?.deployments[0];
    assert.deepEqual((deployment?.body?.properties as { requestSettings?: unknown }).requestSettings, { requestTimeout: 'PT60S' });
  });

  it('F8 (the fake): a summarization model under the service\'s default 5 s timeout answers 408', async () => {
    workspace.onlineEndpoints = [{ name: 'slow', traffic: { blue: 100 }, deployments: [{ name: 'blue', model: 'azureml://registries/azureml/models/facebook-bart-large-cnn/versions/13', instanceType: 'Standard_DS4_v2', instanceCount: 1 }] }];
    const answer = await endpoints.invoke('slow', { input_data: ['A long article.'] }, { key: await endpoints.primaryKey('slow') });
    assert.equal(answer.status, 408);
    assert.match(JSON.stringify(answer.body), /took too long to answer \(408\)\. Send a smaller request, or raise the deployment's request timeout/);
  });

  it('F9: a registry model gets its card\'s sample (a list of texts), a question-answering one a question and its context', async () => {
    const bert = await deployAndTest('azureml/bert-base-uncased', 'bert-fill');
    assert.deepEqual(bert.request, { input_data: ['Paris is the [MASK] of France.'] });
    assert.equal(bert.status, 200, JSON.stringify(bert.body));
    assert.equal((await endpoints.invoke('bert-fill', ['Paris is the [MASK] of France.'], { key: await endpoints.primaryKey('bert-fill') })).status, 200, 'or the list of texts itself');
    const squad = await deployAndTest('azureml/deepset-roberta-base-squad2', 'squad');
    assert.deepEqual(squad.request, { input_data: { question: 'Where do I live?', context: 'My name is Wolfgang and I live in Berlin.' } });
    assert.equal(squad.status, 200, JSON.stringify(squad.body));
  });

  it('F9: a model fine-tuned here gets its training columns in split orientation, which its signature takes', async () => {
    fake.onJobCreated = (job) => {
      job.status = 'Completed';
    };
    const job = await backend.jobs?.submit(reviewsFineTune());
    assert.ok(job);
    await backend.jobs?.registerModel?.(job.id, 'reviews-sentiment');
    const answer = await deployAndTest('workspace/fm-dev/reviews-sentiment', 'reviews');
    assert.deepEqual(answer.request, { input_data: { columns: ['sentence'], index: [0], data: [['The battery lasts two full days and charging is quick.']] } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    // The form of older samples is refused by the signature, in MLflow's words.
    const legacy = await endpoints.invoke('reviews', { input_data: { input_string: ['Great'] } }, { key: await endpoints.primaryKey('reviews') });
    assert.equal(legacy.status, 400);
    assert.match(JSON.stringify(legacy.body), /Model is missing inputs \[\\"sentence\\"\]/);
  });

  it('refuses a deployment on a retired NCv3 size, and says to pick another', async () => {
    await assert.rejects(
      endpoints.deploy({ modelId: 'azureml/bert-base-uncased', kind: 'online', endpointName: 'bert-gpu', instanceType: 'Standard_NC6s_v3', instanceCount: 1 }),
      /Standard_NC6s_v3 cannot be used in eastus for this model\. Pick another instance type.*retired/,
    );
  });
});
