import assert from 'node:assert/strict';
import path from 'node:path';
import type { Backend } from '../../../../src/backends/backend';
import { type FakeAzureMl } from '../../../fakes/azureMl';
import { startAzureFixture, type AzureFixture, jobsSeed } from '../../../support/azureBackendFixture';
import { reviewsFineTune } from '../../../support/azureJobSpecs';
import { SAMPLES } from '../../../support/tempFiles';

/**
 * Audit F13: every request to the workspace's resources names the newest stable api-version whose REST shapes the fake
 * checks bodies against (2026-07-01, test/fixtures/azureml/rest), including what the SDK client used to send itself
 * (job cancel, datastores, data versions, workspace reads).
 */
describe('Azure ML api-version of the workspace calls', function () {
  this.timeout(60_000);
  let fixture: AzureFixture;
  let fake: FakeAzureMl;
  let backend: Backend;

  beforeEach(async () => {
    const seed = jobsSeed();
    fixture = await startAzureFixture({ seed, storage: 'identity' });
    fake = fixture.fake;
    backend = await fixture.backend({ logPollMinMs: 10, logPollMaxMs: 30 });
  });
  afterEach(async () => fixture.close());

  it('F13: submits, lists, cancels and deploys with api-version 2026-07-01 on every ARM request of the workspace', async () => {
    fake.onJobCreated = (job) => {
      job.status = 'Running';
    };
    const job = await backend.jobs?.submit(reviewsFineTune());
    assert.ok(job);
    await backend.jobs?.list();
    await backend.jobs?.cancel(job.id);
    assert.equal(fake.jobStatus(job.id), 'Canceled');
    await backend.endpoints?.deploy({ modelId: 'azureml/bert-base-uncased', kind: 'online', endpointName: 'fm-bert', instanceType: 'Standard_DS3_v2', instanceCount: 1 });
    const arm = fake.requests.filter((r) => r.path.startsWith('/subscriptions/') && r.path.includes('/providers/Microsoft.MachineLearningServices/') && !r.path.includes('/registries/'));
    assert.ok(arm.length > 10);
    const versions = new Set(arm.map((r) => `${r.query.get('api-version')}`));
    assert.deepEqual([...versions], ['2026-07-01'], arm.filter((r) => r.query.get('api-version') !== '2026-07-01').map((r) => `${r.method} ${r.path}`).join('\n'));
  });
});
