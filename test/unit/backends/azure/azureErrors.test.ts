import assert from 'node:assert/strict';
import path from 'node:path';
import { holdsSas } from '../../../../src/backends/azure/azureErrors';
import type { Backend } from '../../../../src/backends/backend';
import { SAMPLE_IDS, type FakeAzureMl, type FakeWorkspace } from '../../../fakes/azureMl';
import { IDENTITY_STORAGE, startAzureFixture, type AzureFixture, jobsSeed } from '../../../support/azureBackendFixture';
import { reviewsFineTune } from '../../../support/azureJobSpecs';
import { SAMPLES } from '../../../support/tempFiles';
import { captureIo } from '../../../support/captureIo';
import { fakeAzureCli, withEnv } from '../../../support/env';
import { runCli } from '../../../../src/cli/main';

/**
 * Azure failures as the user meets them (issue 12, item 4): one sentence with the next step, never an empty message
 * or a bare status, and no SAS anywhere in the error object (message, properties, cause chain).
 */
describe('Azure failures worded as actions, without secrets', function () {
  this.timeout(60_000);
  let fixture: AzureFixture;
  let fake: FakeAzureMl;
  let workspace: FakeWorkspace;
  let backend: Backend;

  beforeEach(async () => {
    const seed = jobsSeed();
    fixture = await startAzureFixture({ seed, storage: 'identity' });
    ({ fake, workspace } = fixture);
    backend = await fixture.backend({ logPollMinMs: 10, logPollMaxMs: 20 });
  });
  afterEach(async () => fixture.close());

  /** The error `work` rejects with, checked to be one line that holds no SAS. */
  async function failure(work: () => Promise<unknown>): Promise<Error> {
    const error = await work().then(
      () => assert.fail('it should have failed'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof Error);
    assert.ok(error.message.trim().length > 20 && !error.message.includes('\n'), `one sentence: ${JSON.stringify(error.message)}`);
    assert.ok(!holdsSas(error), `no SAS in the error or its causes: ${error.message}`);
    return error;
  }

  it('a refused upload: a SAS datastore whose token the account no longer takes; the SAS is nowhere in the error', async () => {
    workspace.storage = { ...IDENTITY_STORAGE, sas: 'sv=2025-11-05&ss=b&srt=o&sp=rwc&se=2026-01-01T00%3A00%3A00Z&sig=c2VjcmV0LXNpZ25hdHVyZQ%3D%3D', sasValid: false };
    const error = await failure(() => backend.jobs!.submit(reviewsFineTune()));
    assert.match(error.message, /^Uploading train\.jsonl to the workspace's datastore workspaceblobstore: storage account fmdevstore refused the datastore's credentials \(403 AuthenticationFailed\)\. Ask the workspace's owner to renew the datastore's key or SAS token\.$/);
  });

  it('a 403 from storage: no data role on an identity-based account (a bare HEAD refusal, and a refused write)', async () => {
    for (const role of ['none', 'reader'] as const) {
      workspace.storage = { ...IDENTITY_STORAGE, role };
      const error = await failure(() => backend.jobs!.submit(reviewsFineTune()));
      assert.match(error.message, /storage account fmdevstore refused your sign-in \(403 AuthorizationPermissionMismatch\)\. The workspace's default datastore is reached with your own account: ask for the "Storage Blob Data Contributor" role on storage account fmdevstore\.$/, role);
    }
  });

  it('a missing role: ARM refuses the job with AuthorizationFailed', async () => {
    workspace.deniedActions = ['Microsoft.MachineLearningServices/workspaces/jobs/write'];
    const error = await failure(() => backend.jobs!.submit(reviewsFineTune()));
    assert.match(error.message, /^Submitting "Fine-tune bert-base-uncased on reviews\.csv": your account may not do this \(403 AuthorizationFailed\)\. Ask an owner of workspace fm-dev for the "AzureML Data Scientist" role \(or Contributor\) on it\. Azure said: The client '.*' does not have authorization to perform action 'Microsoft\.MachineLearningServices\/workspaces\/jobs\/write'/);
  });

  it('a quota error: the job is refused for want of quota, and the deployment ends for want of it', async () => {
    workspace.failNextJob = { code: 'QuotaExceeded', message: 'Not enough quota available for Standard_NC4as_T4_v3 in subscription.' };
    const job = await failure(() => backend.jobs!.submit(reviewsFineTune()));
    assert.match(job.message, /: not enough quota \(QuotaExceeded\)\. Request more quota \(Azure portal → Azure Machine Learning → Quota\), or pick a smaller size or another compute\./);
    workspace.failNextDeployment = { code: 'OutOfQuota', message: 'Not enough quota for Standard_DS3_v2 in eastus.' };
    const deploy = await failure(() => backend.endpoints!.deploy({ modelId: 'azureml/bert-base-uncased', kind: 'online', endpointName: 'fm-quota', instanceType: 'Standard_DS3_v2', instanceCount: 1 }));
    assert.match(deploy.message, /Not enough quota for Standard_DS3_v2 × 1 in eastus\. Request more quota/);
  });

  it('a log read refused midway: the error that ends the stream holds no SAS URL of the log blob', async () => {
    fake.onJobCreated = (job) => {
      job.status = 'Running';
      job.logs = { 'user_logs/std_log.txt': 'line 1\n' };
    };
    const job = await backend.jobs!.submit(reviewsFineTune());
    fake.failNext(/^\/blob\/logs\//, 403, { times: 50 });
    const error = await failure(async () => {
      for await (const event of backend.jobs!.follow(job.id)) void event;
    });
    assert.match(error.message, /^Following the log of /);
  });

  it('a batch invocation that the datastore refuses says so without the SAS', async () => {
    workspace.batchEndpoints = [{ name: 'nightly', defaultDeployment: 'v1', deployments: [{ name: 'v1', model: 'azureml://registries/azureml/models/bert-base-uncased/versions/19', compute: 'cpu-cluster', instanceCount: 1 }] }];
    workspace.storage = { ...IDENTITY_STORAGE, sas: 'sv=2025-11-05&sig=c2VjcmV0', sasValid: false };
    const error = await failure(() => backend.endpoints!.invokeBatch!('nightly', path.join(SAMPLES, 'reviews.csv')));
    assert.match(error.message, /^Uploading reviews\.csv to the workspace's datastore workspaceblobstore: storage account fmdevstore refused the datastore's credentials/);
  });

  it('fm says the same sentence, never an empty "fm: "', async () => {
    workspace.storage = { ...IDENTITY_STORAGE, role: 'none' };
    const customCloud = fixture.customCloud(); // before the stand-in az takes the fake's tokens
    const az = fakeAzureCli(fake.cliTokens());
    const flags = ['--backend', 'azure', '--cloud', 'Custom', '--registry', 'azureml', '--subscription', SAMPLE_IDS.devSubscription, '--resource-group', 'rg-foundation-models', '--workspace', 'fm-dev'];
    try {
      const io = captureIo();
      const env = { AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential', PATH: `${az.bin}:${process.env.PATH ?? ''}`, FM_AZURE_CUSTOM_CLOUD: JSON.stringify(customCloud) };
      const args = ['job', 'submit', ...flags, '--task', 'text-classification', '--model', 'azureml/bert-base-uncased', '--train', path.join(SAMPLES, 'reviews.csv'), '--map', 'sentence=review_text,label=sentiment', '--compute', 'gpu-cluster'];
      assert.notEqual(await withEnv(env, () => runCli(args, io)), 0);
      assert.match(io.stderr, /^fm: Uploading train\.jsonl to the workspace's datastore workspaceblobstore: storage account fmdevstore refused your sign-in \(403 AuthorizationPermissionMismatch\)\./m);
    } finally {
      az.dispose();
    }
  });
});
