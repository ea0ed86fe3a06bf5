import assert from 'node:assert/strict';
import path from 'node:path';
import { AZURE_CLOUDS, AZURE_CLOUD_NAMES } from '../../../../src/backends/azure/azureCloud';
import type { Backend } from '../../../../src/backends/backend';
import { type FakeAzureMl, type FakeWorkspace } from '../../../fakes/azureMl';
import audiences from '../../../fixtures/azureml/audiences.json';
import { startAzureFixture, startBlobStorage, type AzureFixture, type BlobStorage, jobsSeed } from '../../../support/azureBackendFixture';
import { reviewsFineTune } from '../../../support/azureJobSpecs';
import { SAMPLES } from '../../../support/tempFiles';

/**
 * Token audiences (audit F1, F3, F11): each call is signed with a token for the resource Azure takes there
 * (test/fixtures/azureml/audiences.json); the fake tells audiences apart and refuses the others.
 */

const BERT = 'azureml://registries/azureml/models/bert-base-uncased/versions/19';

/** The `aud` claim of a JWT. */
function audienceOf(header: string | undefined): string | undefined {
  const payload = header?.replace(/^Bearer\s+/i, '').split('.')[1];
  return payload ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { aud?: string }).aud : undefined;
}

describe('Azure token audiences against the fake Azure ML REST API', function () {
  this.timeout(60_000);
  let storage: BlobStorage;
  let fixture: AzureFixture | undefined;
  let fake: FakeAzureMl;
  let workspace: FakeWorkspace;
  let backend: Backend;

  before(async () => {
    storage = await startBlobStorage('azureml-blobstore-audiences');
  });
  after(async () => storage?.stop());

  async function start(options: { mlResource?: string; mlScope?: string } = {}): Promise<void> {
    const seed = jobsSeed();
    const started = await startAzureFixture({ seed, storage, ...(options.mlResource ? { mlResource: options.mlResource } : {}), ...(options.mlScope ? { cloud: { mlScope: options.mlScope } } : {}) });
    fixture = started;
    ({ fake, workspace } = started);
    backend = await started.backend();
  }
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  const nightly = () => {
    workspace.batchEndpoints = [{ name: 'nightly', defaultDeployment: 'v1', deployments: [{ name: 'v1', model: BERT, compute: 'cpu-cluster', instanceCount: 1 }] }];
  };

  it('F1: invokes a batch endpoint with a token for the Azure ML resource, not the ARM token of the client pipeline', async () => {
    await start();
    nightly();
    const { jobName } = (await backend.endpoints?.invokeBatch?.('nightly', path.join(SAMPLES, 'reviews.csv'))) ?? { jobName: '' };
    assert.match(jobName, /^batchjob-/);
    const invocation = fake.requests.find((r) => r.method === 'POST' && r.path === '/batchEndpoints/nightly/jobs');
    assert.equal(audienceOf(invocation?.authorization), 'https://ml.azure.com');
    assert.ok(invocation?.authorization === `Bearer ${fake.tokenFor('https://ml.azure.com/.default')}`);
  });

  it('F3: every pipeline job PUT carries x-azureml-token for the Azure ML resource (fine-tune, import, the batch job tag)', async () => {
    await start();
    await backend.jobs?.submit(reviewsFineTune());
    await backend.jobs?.submit({ kind: 'import', modelId: 'dslim/bert-base-NER', importTask: 'token-classification', compute: 'cpu-cluster' });
    nightly();
    await backend.endpoints?.invokeBatch?.('nightly', path.join(SAMPLES, 'reviews.csv'));
    const puts = fake.requests.filter((r) => r.method === 'PUT' && /\/jobs\/[^/]+$/.test(r.path));
    assert.equal(puts.length, 3);
    for (const put of puts) {
      assert.equal(audienceOf(put.amlToken), 'https://ml.azure.com', `${put.path} carries x-azureml-token`);
      assert.equal(audienceOf(put.authorization), fake.url, 'and is signed for ARM');
    }
  });

  it('F11: each cloud takes the Azure ML scope azure-ai-ml uses there (ml.azure.com, ml.azure.cn, ml.azure.us)', () => {
    for (const name of AZURE_CLOUD_NAMES) {
      const resource = audiences.clouds[name].amlResource.replace(/\/$/, '');
      assert.equal(AZURE_CLOUDS[name].mlScope, `${resource}/.default`, name);
    }
  });

  it('F11: a fake standing for Azure China takes only ml.azure.cn tokens for batch invocation', async () => {
    await start({ mlResource: 'https://ml.azure.cn', mlScope: AZURE_CLOUDS.AzureChinaCloud.mlScope });
    nightly();
    await backend.endpoints?.invokeBatch?.('nightly', path.join(SAMPLES, 'reviews.csv'));
    const invocation = fake.requests.find((r) => r.method === 'POST' && r.path === '/batchEndpoints/nightly/jobs');
    assert.equal(audienceOf(invocation?.authorization), 'https://ml.azure.cn');
  });
});
