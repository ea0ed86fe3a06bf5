import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { uploadDataFile } from '../../../../src/backends/azure/datastoreUpload';
import { fakeSubscription, fakeWorkspace, type FakeAzureMl, type FakeWorkspace } from '../../../fakes/azureMl';
import { startAzureFixture, startBlobStorage, type AzureFixture, type BlobStorage } from '../../../support/azureBackendFixture';
import { SAMPLES } from '../../../support/tempFiles';

/** Upload contract: the real SDK against the fake datastore API, the real storage SDK against Azurite. */
describe('Azure data upload to the default datastore (Azurite)', function () {
  this.timeout(60_000);
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
    const client = fixture.client();
    const blobServiceUrl = storage.azurite.blobServiceUrl;
    const file = path.join(SAMPLES, 'reviews.csv');
    const md5 = createHash('md5').update(readFileSync(file)).digest('hex');
    const progress: string[] = [];
    const first = await uploadDataFile({ client, target, file, assetName: 'fm-reviews', blobServiceUrl, progress: (line) => progress.push(line) });
    assert.equal(first.uri, `azureml://datastores/workspaceblobstore/paths/LocalUpload/${md5}/reviews.csv`);
    assert.equal(first.assetId, `azureml:fm-reviews:${md5.slice(0, 12)}`);
    assert.equal(first.uploaded, true);
    assert.ok(progress.some((line) => /^Uploading reviews\.csv/.test(line)));

    const stored = await storage.containerClient().getBlockBlobClient(`LocalUpload/${md5}/reviews.csv`).downloadToBuffer();
    assert.ok(stored.equals(readFileSync(file)), 'the blob holds the file byte for byte');
    assert.deepEqual(workspace.dataVersions?.[`fm-reviews:${md5.slice(0, 12)}`], { dataType: 'uri_file', dataUri: first.uri });
    assert.ok(fake.requests.some((r) => r.method === 'GET' && r.path === '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/datastores' && r.query.get('isDefault') === 'true'));

    const second = await uploadDataFile({ client, target, file, assetName: 'fm-reviews', blobServiceUrl });
    assert.equal(second.uploaded, false, 'the same content is not sent again');
    assert.equal(second.uri, first.uri);
  });
});
