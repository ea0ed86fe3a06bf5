import assert from 'node:assert/strict';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { sampleSeed, startFakeAzureMl, type FakeAzureMl, type FakeJob, type FakeWorkspace } from '../fakes/azureMl';
import { AZURITE_ACCOUNT, AZURITE_KEY, startAzurite, type RunningAzurite } from '../support/azurite';
import { fakeAzureCli } from '../support/env';
import { useWorkbenchSession } from './workbenchSession';

const CONTAINER = 'azureml-blobstore-e2e';

/** The fine-tuning pipeline as the fake runs it: a step that trains and logs metrics, reached poll by poll. */
function scriptFineTune(job: FakeJob): void {
  job.status = ['NotStarted', 'Running', 'Running', 'Running', 'Completed'];
  job.logs = { 'logs/azureml/executionlogs.txt': 'Submitting step finetune\nStep finetune completed\n' };
  job.children = [
    {
      name: `${job.name}-finetune`,
      jobType: 'Command',
      status: ['Running', 'Running', 'Completed'],
      logs: { 'user_logs/std_log.txt': 'Loading bert-base-uncased\nepoch 1 loss 0.61\nepoch 2 loss 0.32\n' },
      metrics: { eval_accuracy: 0.91, train_loss: 0.32 },
    },
  ];
}

/**
 * The whole Azure path in the real workbench: sign in (Azure CLI credential, a stand-in `az` on PATH), pick the
 * workspace, Fine-tune… from the explorer, submit to the fake Azure ML server (data to Azurite), watch the log
 * stream into the job's channel, see it complete with metrics, and find everything again after a reload.
 */
describe('e2e: Azure ML through the fake Azure ML server and Azurite: jobs, import, deploy', function () {
  let azurite: RunningAzurite;
  let fake: FakeAzureMl;
  let workspace: FakeWorkspace;
  let az: ReturnType<typeof fakeAzureCli>;
  const savedEnv = { AZURE_TOKEN_CREDENTIALS: process.env.AZURE_TOKEN_CREDENTIALS };

  before(async function () {
    this.timeout(60_000);
    azurite = await startAzurite();
    const service = new BlobServiceClient(azurite.blobServiceUrl.replace('{account}', AZURITE_ACCOUNT), new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
    await service.getContainerClient(CONTAINER).create();
    const seed = sampleSeed();
    workspace = seed.workspaces[0] as FakeWorkspace;
    workspace.storage = { account: AZURITE_ACCOUNT, key: AZURITE_KEY, container: CONTAINER };
    workspace.computes = [{ name: 'gpu-cluster', vmSize: 'Standard_NC6s_v3', maxNodeCount: 2 }];
    const registry = seed.registries.find((r) => r.name === 'azureml');
    if (registry) registry.components = [{ name: 'text_classification_pipeline', versions: ['0.0.80'] }, { name: 'import_model', versions: ['0.0.42'] }];
    fake = await startFakeAzureMl(seed);
    fake.onJobCreated = scriptFineTune;
    // The extension host inherits code-server's environment: DefaultAzureCredential finds this `az` on PATH.
    az = fakeAzureCli(fake.cliTokens());
    process.env.AZURE_TOKEN_CREDENTIALS = 'AzureCliCredential';
  });
  after(async () => {
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    az?.dispose();
    await fake?.close();
    await azurite?.stop();
  });

  const session = useWorkbenchSession('azure', () => ({
    'foundationModels.azure.cloud': 'Custom',
    'foundationModels.azure.customCloud': {
      resourceManager: fake.url,
      registryDiscovery: fake.url,
      authorityHost: 'https://login.microsoftonline.com',
      blobServiceUrl: azurite.blobServiceUrl,
    },
    'foundationModels.azure.registries': ['azureml'],
  }), () => [az.bin]);

  it('signs in with the Azure CLI credential and picks the workspace', async () => {
    const wb = session().workbench;
    await wb.runCommand('Foundation Models: Sign in to Azure');
    // VS Code may offer its own Microsoft sign-in first; declining it falls back to the Azure CLI.
    const dialog = wb.page.locator('.monaco-dialog-box');
    if (await dialog.waitFor({ timeout: 3000 }).then(() => true, () => false)) await dialog.getByRole('button', { name: 'Cancel' }).click();
    await wb.pickInQuickPick('Contoso ML Dev', 'Contoso ML Dev');
    await wb.pickInQuickPick('fm-dev', 'fm-dev');
    await wb.openViewContainer('Foundation Models');
    const catalog = wb.viewPane('Catalog');
    await wb.treeRow(catalog, 'Azure ML Registry').waitFor({ timeout: 30_000 });
  });

  it('submits from the panel; the log streams from the steps, the job completes with metrics', async () => {
    const wb = session().workbench;
    await wb.openExplorerContextMenu('reviews.csv', 'Fine-tune…');
    const panel = wb.webview();
    await panel.locator('h1', { hasText: 'Fine-tune: reviews.csv' }).waitFor();
    await panel.locator('#model').selectOption('azureml/bert-base-uncased');
    assert.equal(await panel.locator('#compute').inputValue(), 'gpu-cluster');
    assert.match(await panel.locator('#compute option').first().innerText(), /gpu-cluster · Standard_NC6s_v3 · GPU/);
    await panel.locator('#validation-text', { hasText: 'valid: 60 records' }).waitFor();
    await panel.locator('#submit').click();
    await panel.locator('#submit-result', { hasText: /^Submitted finetune-/ }).waitFor({ timeout: 60_000 });

    const submitted = workspace.jobs?.[0];
    assert.ok(submitted?.spec, 'the fake received the job');
    const node = (submitted.spec as { jobs: { finetune: { componentId: string; inputs: Record<string, { uri?: string; value?: string }> } } }).jobs.finetune;
    assert.equal(node.componentId, 'azureml://registries/azureml/components/text_classification_pipeline/versions/0.0.80');
    assert.match(node.inputs.train_file_path?.uri ?? '', /^azureml:\/\/datastores\/workspaceblobstore\/paths\/LocalUpload\/[0-9a-f]{32}\/train\.jsonl$/);
    assert.equal(node.inputs.compute_finetune?.value, 'gpu-cluster');

    const text = await wb.waitForOutput(/Submitting step finetune[\s\S]*-finetune\] epoch 2 loss 0\.32/, 90_000);
    assert.equal(text.match(/epoch 1 loss 0\.61/g)?.length, 1, 'each line once');
    const notification = wb.page.locator('.notification-toast').filter({ hasText: /completed: eval_accuracy 0\.910/ }).first();
    await notification.waitFor({ timeout: 90_000 });
    await notification.getByRole('button', { name: 'Show Metrics' }).click();
    const metrics = wb.webview();
    const row = metrics.locator('#metrics tr', { has: wb.page.locator('th', { hasText: /^eval_accuracy$/ }) });
    await row.waitFor();
    assert.equal(await row.locator('td.number').innerText(), '0.9100');

    await wb.openViewContainer('Foundation Models');
    const jobs = await wb.expandPane('Jobs');
    await wb.treeRow(jobs, /Fine-tune bert-base-uncased on reviews\.csv/).locator('.label-description', { hasText: /^completed/ }).waitFor({ timeout: 30_000 });
  });

  it('after a window reload the job is listed again and its log is shown once, without reading it again', async () => {
    const wb = session().workbench;
    const logReadsBefore = fake.requests.filter((r) => r.path.startsWith('/blob/logs/') && r.path.endsWith('std_log.txt')).length;
    await wb.page.reload();
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await wb.activityBarItem('Foundation Models').waitFor({ timeout: 60_000 });
    await wb.openViewContainer('Foundation Models');
    const jobs = await wb.expandPane('Jobs');
    const row = wb.treeRow(jobs, /Fine-tune bert-base-uncased on reviews\.csv/);
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    const text = await wb.waitForOutput(/epoch 2 loss 0\.32[\s\S]*shown before the window reloaded/, 30_000);
    assert.equal(text.match(/epoch 2 loss 0\.32/g)?.length, 1, 'each line once after the reload');
    // The finished job's log was not downloaded again from its start: at most one read past the saved end.
    const reads = fake.requests.filter((r) => r.path.startsWith('/blob/logs/') && r.path.endsWith('std_log.txt')).slice(logReadsBefore);
    assert.ok(reads.every((r) => r.range && !/^bytes=0-/.test(r.range)), `reads after the reload: ${reads.map((r) => r.range).join(', ')}`);
  });

  it('Import from Hugging Face… refuses a malformed id with the reason, then submits a valid one as an import job', async () => {
    const wb = session().workbench;
    fake.onJobCreated = (job) => {
      job.status = ['NotStarted', 'Running'];
      job.logs = { 'logs/azureml/executionlogs.txt': 'Submitting step download_model\n' };
    };
    await wb.runCommand('Foundation Models: Import from Hugging Face…');
    const input = await wb.waitForQuickInput('model id');
    await input.fill('https://huggingface.co/dslim/bert-base-NER');
    await wb.page.locator('.quick-input-widget .quick-input-message', { hasText: 'not its URL' }).waitFor();
    await input.fill('dslim bert');
    await wb.page.locator('.quick-input-widget .quick-input-message', { hasText: 'owner/name with exactly one "/"' }).waitFor();
    await input.press('Enter');
    // A malformed id is not accepted: the box stays open with its message.
    await wb.page.locator('.quick-input-widget .quick-input-message', { hasText: 'owner/name' }).waitFor();
    await input.fill('dslim/bert-base-NER');
    await input.press('Enter');
    await wb.waitForQuickInput('task of dslim/bert-base-NER');
    await wb.pickInQuickPick('token-classification', 'token-classification');
    await wb.waitForQuickInput('compute');
    await wb.pickInQuickPick('serverless', 'serverless');

    const jobs = await wb.expandPane('Jobs');
    await wb.treeRow(jobs, 'Import dslim/bert-base-NER').waitFor({ timeout: 60_000 });
    const submitted = workspace.jobs?.find((j) => j.name.startsWith('import-'));
    const node = (submitted?.spec as { jobs: { import_model: { componentId: string; inputs: Record<string, { value?: string }> } } } | undefined)?.jobs.import_model;
    assert.equal(node?.componentId, 'azureml://registries/azureml/components/import_model/versions/0.0.42');
    assert.equal(node?.inputs.model_id?.value, 'dslim/bert-base-NER');
    assert.equal(node?.inputs.task_name?.value, 'token-classification');
    await wb.waitForOutput(/Submitting step download_model/, 60_000);
  });

  it('Deploy Model… creates the endpoint and its deployment on Azure, and shows the deployment logs', async () => {
    const wb = session().workbench;
    await wb.runCommand('Foundation Models: Deploy Model…');
    await wb.waitForQuickInput('model');
    await wb.pickInQuickPick('bert-base-uncased', 'bert-base-uncased');
    await wb.waitForQuickInput('kind of endpoint');
    await wb.pickInQuickPick('Real-time', 'Real-time');
    const input = await wb.waitForQuickInput('endpoint name');
    await input.fill('bert online');
    await wb.page.locator('.quick-input-widget .quick-input-message', { hasText: '" " at position 5 is not allowed' }).waitFor();
    await input.fill('bert-online');
    await input.press('Enter');
    await wb.waitForQuickInput('instance type');
    await wb.pickInQuickPick('Standard_DS3_v2', /Standard_DS3_v2.*recommended for this model/);
    await (await wb.waitForQuickInput('instance count')).press('Enter'); // one instance

    await wb.page.locator('.notification-toast').filter({ hasText: 'Endpoint bert-online is ready.' }).first().waitFor({ timeout: 90_000 });
    const endpoint = workspace.onlineEndpoints?.find((e) => e.name === 'bert-online');
    assert.ok(endpoint, 'the fake has the endpoint');
    const deployment = endpoint.deployments[0];
    assert.equal(deployment?.model, 'azureml://registries/azureml/models/bert-base-uncased/versions/19');
    assert.equal(deployment?.instanceType, 'Standard_DS3_v2');
    assert.equal(deployment?.instanceCount, 1);
    assert.deepEqual(endpoint.traffic, { [deployment?.name ?? '']: 100 });

    await wb.openViewContainer('Foundation Models');
    const endpoints = await wb.expandPane('Endpoints');
    const row = wb.treeRow(endpoints, 'bert-online');
    await row.locator('.label-description', { hasText: /^real-time · ready · \S+ 100%$/ }).waitFor({ timeout: 30_000 });
    await wb.runContextMenuItem(row, 'Show Deployment Logs');
    await wb.waitForOutput(/Loading model azureml:\/\/registries\/azureml\/models\/bert-base-uncased\/versions\/14[\s\S]*GET \/readiness 200/, 30_000);
  });

  it('a deployment under way when the window reloads goes on after the reload, without being sent again', async () => {
    const wb = session().workbench;
    // Each operation now answers InProgress for 6 polls, 1 s apart.
    workspace.operationPolls = 6;
    workspace.operationRetryAfterSeconds = 1;
    const deploymentPuts = () => fake.requests.filter((r) => r.method === 'PUT' && /\/onlineEndpoints\/bert-slow\/deployments\//.test(r.path)).length;
    await wb.runCommand('Foundation Models: Deploy Model…');
    await wb.waitForQuickInput('model');
    await wb.pickInQuickPick('bert-base-uncased', 'bert-base-uncased');
    await wb.waitForQuickInput('kind of endpoint');
    await wb.pickInQuickPick('Real-time', 'Real-time');
    await wb.waitForQuickInput('endpoint');
    await wb.pickInQuickPick('New endpoint', 'New endpoint');
    const input = await wb.waitForQuickInput('endpoint name');
    await input.fill('bert-slow');
    await input.press('Enter');
    await wb.waitForQuickInput('instance type');
    await wb.pickInQuickPick('Standard_DS3_v2', 'Standard_DS3_v2');
    await (await wb.waitForQuickInput('instance count')).press('Enter');

    // Reload while the deployment is being created: once the progress says it is being polled (by then its
    // operation is what a resume goes on with).
    await wb.page.locator('.notification-toast').filter({ hasText: /Deployment \S+ of bert-slow: InProgress/ }).first().waitFor({ timeout: 60_000 });
    assert.equal(deploymentPuts(), 1, 'the deployment was sent');
    await wb.page.reload();
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await wb.page.locator('.notification-toast').filter({ hasText: 'Endpoint bert-slow is ready.' }).first().waitFor({ timeout: 90_000 });
    assert.equal(deploymentPuts(), 1, 'the deployment was not sent again after the reload');
    assert.equal(workspace.onlineEndpoints?.find((e) => e.name === 'bert-slow')?.deployments[0]?.provisioningState ?? 'Succeeded', 'Succeeded');
  });
});
