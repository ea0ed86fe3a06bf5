import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { createMlClient } from '../../../src/backends/azure/azureHttp';
import { uploadDataFile } from '../../../src/backends/azure/datastoreUpload';
import { startFakeAzureMl, type FakeAzureMl, type FakeWorkspace } from '../../fakes/azureMl';
import { AZURITE_ACCOUNT, AZURITE_KEY, startAzurite, type RunningAzurite } from '../../support/azurite';
import { SAMPLES } from '../../support/tempFiles';

/** Upload contract: the real SDK against the fake datastore API, the real storage SDK against Azurite. */
describe('Azure data upload to the default datastore (Azurite)', function () {
  this.timeout(60_000);
  let azurite: RunningAzurite;
  let fake: FakeAzureMl;
  let workspace: FakeWorkspace;
  const container = 'azureml-blobstore-test';
  const target = { subscriptionId: 'sub', resourceGroup: 'rg', workspace: 'ws' };

  before(async () => {
    azurite = await startAzurite();
    const service = new BlobServiceClient(azurite.blobServiceUrl.replace('{account}', AZURITE_ACCOUNT), new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
    await service.getContainerClient(container).create();
    workspace = { subscriptionId: 'sub', resourceGroup: 'rg', name: 'ws', location: 'eastus', models: [], storage: { account: AZURITE_ACCOUNT, key: AZURITE_KEY, container } };
    fake = await startFakeAzureMl({ subscriptions: [{ subscriptionId: 'sub', displayName: 'Test', tenantId: 'tenant' }], workspaces: [workspace], registries: [] });
  });
  after(async () => {
    await fake?.close();
    await azurite?.stop();
  });

  it('uploads under LocalUpload/<md5>/, registers a uri_file data asset, and skips a second upload of the same content', async () => {
    const client = createMlClient({ getToken: async () => ({ token: fake.validToken, expiresOnTimestamp: Date.now() + 3_600_000 }) }, target.subscriptionId, {
      resourceManager: fake.url,
      registryDiscovery: fake.url,
      authorityHost: 'https://login.microsoftonline.com',
    });
    const file = path.join(SAMPLES, 'reviews.csv');
    const md5 = createHash('md5').update(readFileSync(file)).digest('hex');
    const progress: string[] = [];
    const first = await uploadDataFile({ client, target, file, assetName: 'fm-reviews', blobServiceUrl: azurite.blobServiceUrl, progress: (line) => progress.push(line) });
    assert.equal(first.uri, `azureml://datastores/workspaceblobstore/paths/LocalUpload/${md5}/reviews.csv`);
    assert.equal(first.assetId, `azureml:fm-reviews:${md5.slice(0, 12)}`);
    assert.equal(first.uploaded, true);
    assert.ok(progress.some((line) => /^Uploading reviews\.csv/.test(line)));

    const service = new BlobServiceClient(azurite.blobServiceUrl.replace('{account}', AZURITE_ACCOUNT), new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
    const stored = await service.getContainerClient(container).getBlockBlobClient(`LocalUpload/${md5}/reviews.csv`).downloadToBuffer();
    assert.ok(stored.equals(readFileSync(file)), 'the blob holds the file byte for byte');
    assert.deepEqual(workspace.dataVersions?.[`fm-reviews:${md5.slice(0, 12)}`], { dataType: 'uri_file', dataUri: first.uri });
    assert.ok(fake.requests.some((r) => r.method === 'GET' && r.path === '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/datastores' && r.query.get('isDefault') === 'true'));

    const second = await uploadDataFile({ client, target, file, assetName: 'fm-reviews', blobServiceUrl: azurite.blobServiceUrl });
    assert.equal(second.uploaded, false, 'the same content is not sent again');
    assert.equal(second.uri, first.uri);
  });
});
