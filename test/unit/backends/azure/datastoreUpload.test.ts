import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { uploadDataFile } from '../../../../src/backends/azure/datastoreUpload';
import { WorkspaceRest } from '../../../../src/backends/azure/workspaceRest';
import { fakeSubscription, fakeWorkspace, type FakeAzureMl, type FakeWorkspace } from '../../../fakes/azureMl';
import { fakeTokenCredential, IDENTITY_STORAGE, startAzureFixture, startBlobStorage, type AzureFixture, type BlobStorage, jobsSeed } from '../../../support/azureBackendFixture';
import { reviewsFineTune } from '../../../support/azureJobSpecs';
import { SAMPLES } from '../../../support/tempFiles';

/** Upload contract: the fake datastore API, the real storage SDK against Azurite (key) or the fake's blob data plane (identity). */
describe('Azure data upload to the default datastore', function () {
  this.timeout(60_000);

  describe('a key-based datastore (Azurite)', () => {
    let storage: BlobStorage;
    let fixture: AzureFixture;
    let fake: FakeAzureMl;
    let workspace: FakeWorkspace;
    const target = { subscriptionId: 'sub', resourceGroup: 'rg', workspace: 'ws' };

    before(async () => {
      storage = await startBlobStorage('azureml-blobstore-test');
      const seed = { subscriptions: [fakeSubscription({ tenantId: 'tenant' })], workspaces: [fakeWorkspace()], registries: [] };
      fixture = await startAzureFixture({ seed, target, storage });
      ({ fake, workspace } = fixture);
    });
    after(async () => {
      await fixture?.close();
      await storage?.stop();
    });

    it('uploads under LocalUpload/<md5>/, registers a uri_file data asset, and skips a second upload of the same content', async () => {
      const rest = new WorkspaceRest({ client: () => fixture.client(), cloud: fixture.cloud, target, credential: () => fakeTokenCredential(fake) });
      const file = path.join(SAMPLES, 'reviews.csv');
      const md5 = createHash('md5').update(readFileSync(file)).digest('hex');
      const progress: string[] = [];
      const first = await uploadDataFile(rest, { file, assetName: 'fm-reviews', progress: (line) => progress.push(line) });
      assert.equal(first.uri, `azureml://datastores/workspaceblobstore/paths/LocalUpload/${md5}/reviews.csv`);
      assert.equal(first.assetId, `azureml:fm-reviews:${md5.slice(0, 12)}`);
      assert.equal(first.uploaded, true);
      assert.ok(progress.some((line) => /^Uploading reviews\.csv/.test(line)));

      const stored = await storage.containerClient().getBlockBlobClient(`LocalUpload/${md5}/reviews.csv`).downloadToBuffer();
      assert.ok(stored.equals(readFileSync(file)), 'the blob holds the file byte for byte');
      assert.deepEqual(workspace.dataAssets?.find((a) => a.name === 'fm-reviews')?.versions, [{ version: md5.slice(0, 12), dataType: 'uri_file', dataUri: first.uri, description: 'Uploaded by Foundation Models from reviews.csv' }]);
      assert.ok(fake.requests.some((r) => r.method === 'GET' && r.path === '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/datastores' && r.query.get('isDefault') === 'true'));
      assert.ok(fake.requests.some((r) => r.method === 'POST' && r.path.endsWith('/datastores/workspaceblobstore/listSecrets')), 'a key-based datastore gives its key');

      const second = await uploadDataFile(rest, { file, assetName: 'fm-reviews' });
      assert.equal(second.uploaded, false, 'the same content is not sent again');
      assert.equal(second.uri, first.uri);
    });
  });

  describe('an identity-based datastore (credentialsType None)', () => {
    let fixture: AzureFixture;
    let fake: FakeAzureMl;

    beforeEach(async () => {
      const seed = jobsSeed();
      fixture = await startAzureFixture({ seed, storage: 'identity' });
      fake = fixture.fake;
    });
    afterEach(async () => fixture.close());

    it('F7: uploads a job\'s data with the user\'s own token for storage, and never asks for secrets', async () => {
      const backend = await fixture.backend();
      const job = await backend.jobs?.submit(reviewsFineTune());
      assert.ok(job);
      assert.ok(!fake.requests.some((r) => r.path.endsWith('/listSecrets')), 'no listSecrets for a datastore without secrets');
      const puts = fake.requests.filter((r) => r.method === 'PUT' && r.path.startsWith(`/storage/${IDENTITY_STORAGE.account}/`));
      assert.ok(puts.length >= 2, 'the training and validation files went to the account');
      assert.ok(puts.every((r) => r.authorization === `Bearer ${fake.tokenFor('https://storage.azure.com/.default')}`), 'signed for storage');
      const train = fake.workspaceBlobs(IDENTITY_STORAGE).find((name) => name.endsWith('/train.jsonl'));
      assert.ok(train && fake.readBlob(IDENTITY_STORAGE.account, IDENTITY_STORAGE.container, train)?.toString('utf8').includes('"sentence"'));
    });
  });
});
