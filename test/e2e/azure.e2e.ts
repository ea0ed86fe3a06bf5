import assert from 'node:assert/strict';
import path from 'node:path';
import { IDENTITY_STORAGE } from '../support/azureBackendFixture';
import type { FakeAzureMl, FakeJob, FakeWorkspace } from '../fakes/azureMl';
import type { Workbench } from '../harness/workbench';
import { signInWithAzureCli, useFakeAzureWorkbench } from './fakeAzureWorkbench';
import { SAMPLES } from './workbenchSession';

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

/** An evaluation: model_prediction then compute_metrics (the fake wrote the predictions when the job was created). */
function scriptEvaluation(job: FakeJob): void {
  job.status = ['NotStarted', 'Running', 'Completed'];
  job.logs = { 'logs/azureml/executionlogs.txt': 'Submitting step predict\nSubmitting step score\nStep score completed\n' };
}

/** Each pipeline the extension submits, scripted by the nodes it has; a batch job keeps the fake's own life. */
function scriptJob(job: FakeJob): void {
  const nodes = Object.keys((job.spec?.jobs as Record<string, unknown> | undefined) ?? {});
  if (nodes.includes('finetune')) scriptFineTune(job);
  else if (nodes.includes('predict')) scriptEvaluation(job);
  else if (nodes.includes('import_model')) {
    job.status = ['NotStarted', 'Running'];
    job.logs = { 'logs/azureml/executionlogs.txt': 'Submitting step download_model\n' };
  }
}

/** Deploy Model… from the palette with these answers (`where`: the instance type, or a batch endpoint's cluster). */
async function deployFromPalette(wb: Workbench, answers: { model: string; kind: 'Real-time' | 'Batch'; newEndpoint?: boolean; name: string; where: string }): Promise<void> {
  await wb.runCommand('Foundation Models: Deploy Model…');
  await wb.waitForQuickInput('model');
  await wb.pickInQuickPick(answers.model, answers.model);
  await wb.waitForQuickInput('kind of endpoint');
  await wb.pickInQuickPick(answers.kind, answers.kind);
  if (answers.newEndpoint) {
    await wb.waitForQuickInput('endpoint');
    await wb.pickInQuickPick('New endpoint', 'New endpoint');
  }
  const name = await wb.waitForQuickInput('endpoint name');
  await name.fill(answers.name);
  await name.press('Enter');
  await wb.waitForQuickInput(answers.kind === 'Batch' ? 'compute cluster' : 'instance type');
  await wb.pickInQuickPick(answers.where, answers.where);
  await (await wb.waitForQuickInput('instance count')).press('Enter'); // one instance
}

/**
 * The Azure journeys in the real workbench against the strict fake Azure ML (its components' interfaces, REST shapes,
 * token audiences, an identity-based datastore whose blobs it serves, signature-checked scoring): sign in (Azure CLI
 * credential, a stand-in `az` on PATH), browse the catalog as system_metadata describes it, fine-tune from the
 * explorer and watch the log, evaluate to a metrics view, register the model, import, deploy online and test it,
 * deploy batch and score a file, and find everything again after a reload.
 */
describe('e2e: Azure ML through the strict fake Azure ML: catalog, jobs, metrics, import, deploy, test, batch', function () {
  const azure = useFakeAzureWorkbench('azure', scriptJob);
  const session = azure.session;
  let fake: FakeAzureMl;
  let workspace: FakeWorkspace;
  before(() => ({ fake, workspace } = azure.state()));

  const submitted = (prefix: string) => {
    const job = [...(workspace.jobs ?? [])].reverse().find((j) => j.name.startsWith(prefix));
    assert.ok(job?.spec, `the fake received a ${prefix} job`);
    return job.spec as { settings: Record<string, unknown>; jobs: Record<string, { componentId: string; inputs: Record<string, { uri?: string; value?: string }> }> };
  };

  it('signs in with the Azure CLI credential and picks the workspace', async () => {
    const wb = session().workbench;
    await signInWithAzureCli(wb);
  });

  it('browses the registry with each model\'s task and license from its system_metadata', async () => {
    const wb = session().workbench;
    const catalog = wb.viewPane('Catalog');
    await catalog.locator('.pane-header').hover();
    await catalog.locator('.pane-header .actions .action-label[aria-label="Filter by Task…"]').click();
    await wb.pickInQuickPick('Summarization', /^Summarization/);
    await catalog.locator('.pane-header .description', { hasText: 'Task: Summarization' }).waitFor();
    const bart = wb.treeRow(catalog, 'facebook-bart-large-cnn');
    await bart.locator('.label-description', { hasText: /^MIT$/ }).waitFor({ timeout: 30_000 });
    await wb.treeRow(catalog, 'sshleifer-distilbart-cnn-12-6').locator('.label-description', { hasText: /^apache-2\.0$/ }).waitFor();
    await catalog.locator('.pane-header').hover();
    await catalog.locator('.pane-header .actions .action-label[aria-label="Clear Catalog Filter"]').click();
    await wb.runCommand('Foundation Models: Search Models…');
    await wb.pickInQuickPick('t5-small', /^t5-small/);
    const card = wb.webview();
    await card.locator('#model-name', { hasText: 't5-small' }).waitFor();
    assert.deepEqual(await card.locator('.badges vscode-badge').allInnerTexts(), ['Translation', 'fine-tune: Summarization', 'fine-tune: Text classification', 'fine-tune: Translation', 'apache-2.0']);
  });

  it('submits a fine-tune from the panel; the log streams from the steps, the job completes with metrics', async () => {
    const wb = session().workbench;
    await wb.openExplorerContextMenu('reviews.csv', 'Fine-tune…');
    const panel = wb.webview();
    await panel.locator('h1', { hasText: 'Fine-tune: reviews.csv' }).waitFor();
    await panel.locator('#model').selectOption('azureml/bert-base-uncased');
    assert.equal(await panel.locator('#compute').inputValue(), 'gpu-cluster');
    assert.match(await panel.locator('#compute option').first().innerText(), /gpu-cluster · Standard_NC4as_T4_v3 · GPU/);
    await panel.locator('#validation-text', { hasText: 'valid: 60 records' }).waitFor();
    await panel.locator('#submit').click();
    await panel.locator('#submit-result', { hasText: /^Submitted finetune-/ }).waitFor({ timeout: 60_000 });

    const { jobs: nodes, settings } = submitted('finetune-');
    const node = nodes.finetune;
    assert.equal(node?.componentId, 'azureml://registries/azureml/components/text_classification_pipeline/versions/0.0.80');
    assert.match(node?.inputs.train_file_path?.uri ?? '', /^azureml:\/\/datastores\/workspaceblobstore\/paths\/LocalUpload\/[0-9a-f]{32}\/train\.jsonl$/);
    assert.match(node?.inputs.test_file_path?.uri ?? '', /\/(test|validation)\.jsonl$/, 'a test file is always sent');
    assert.match(String(settings.default_compute), /\/workspaces\/fm-dev\/computes\/gpu-cluster$/);
    assert.ok(fake.workspaceBlobs(IDENTITY_STORAGE, 'LocalUpload/').length >= 2, 'uploaded with the user\'s token to the identity-based datastore');

    const text = await wb.waitForOutput(/Submitting step finetune[\s\S]*-finetune\] epoch 2 loss 0\.32/, 90_000);
    assert.equal(text.match(/epoch 1 loss 0\.61/g)?.length, 1, 'each line once');
    const notification = wb.page.locator('.notification-toast').filter({ hasText: /completed: Accuracy \(validation\) 0\.910/ }).first();
    await notification.waitFor({ timeout: 90_000 });
    await notification.getByRole('button', { name: 'Show Metrics' }).click();
    const metrics = wb.webview();
    const row = metrics.locator('#metrics tr[data-key="eval_accuracy"]');
    await row.waitFor();
    assert.equal(await row.locator('th').innerText(), 'Accuracy (validation)');
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

  it('registers the fine-tuned model from the Jobs view; it joins the catalog with its training columns', async () => {
    const wb = session().workbench;
    await wb.openViewContainer('Foundation Models');
    const jobs = await wb.expandPane('Jobs');
    await wb.runContextMenuItem(wb.treeRow(jobs, /Fine-tune bert-base-uncased on reviews\.csv/), 'Register Model…');
    const input = await wb.waitForQuickInput('Register Model');
    assert.equal(await input.inputValue(), 'reviews-text-classification');
    await input.press('Enter');
    await wb.page.locator('.notification-toast').filter({ hasText: 'Registered reviews-text-classification; it is in the catalog.' }).first().waitFor({ timeout: 30_000 });
    const registered = workspace.models.find((m) => m.name === 'reviews-text-classification')?.versions[0];
    assert.equal(registered?.tags?.['foundation-models.inputColumns'], '["sentence"]');
  });

  it('evaluates a registry classifier as model_prediction then compute_metrics, and shows our own report', async () => {
    const wb = session().workbench;
    await wb.openExplorerContextMenu('reviews.csv', 'Evaluate…');
    const panel = wb.webview();
    await panel.locator('h1', { hasText: 'Evaluate: reviews.csv' }).waitFor();
    await panel.locator('#model').selectOption('azureml/distilbert-base-uncased-finetuned-sst-2-english');
    await panel.locator('#compute').selectOption('cpu-cluster');
    await panel.locator('#validation-text', { hasText: 'valid: 60 records' }).waitFor();
    await panel.locator('#submit').click();
    await panel.locator('#submit-result', { hasText: /^Submitted evaluate-/ }).waitFor({ timeout: 60_000 });
    const { jobs: nodes } = submitted('evaluate-');
    assert.deepEqual(Object.keys(nodes).sort(), ['predict', 'score']);
    assert.equal(nodes.predict?.inputs.task?.value, 'text-classification');

    const notification = wb.page.locator('.notification-toast').filter({ hasText: /Evaluate distilbert-base-uncased-finetuned-sst-2-english on reviews\.csv completed: Accuracy 0\.\d{3}/ }).first();
    await notification.waitFor({ timeout: 90_000 });
    await notification.getByRole('button', { name: 'Show Metrics' }).click();
    const metrics = wb.webview();
    const accuracy = metrics.locator('#metrics tr[data-key="accuracy"]');
    await accuracy.waitFor();
    const value = Number(await accuracy.locator('td.number').innerText());
    assert.ok(value > 0.5 && value < 1, `accuracy ${value}`);
    assert.deepEqual(await metrics.locator('#per-class tbody th').allInnerTexts(), ['negative', 'neutral', 'positive']);
  });

  it('Import from Hugging Face… refuses a malformed id with the reason, then submits a serverless import on a current size', async () => {
    const wb = session().workbench;
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

    await wb.openViewContainer('Foundation Models');
    const jobs = await wb.expandPane('Jobs');
    await wb.treeRow(jobs, 'Import dslim/bert-base-NER').waitFor({ timeout: 60_000 });
    const node = submitted('import-').jobs.import_model;
    assert.equal(node?.componentId, 'azureml://registries/azureml/components/import_model/versions/0.0.42');
    assert.equal(node?.inputs.model_id?.value, 'dslim/bert-base-NER');
    assert.equal(node?.inputs.instance_type?.value, 'Standard_E4s_v3');
    await wb.waitForOutput(/Submitting step download_model/, 60_000);
  });

  it('Deploy Model… creates the online endpoint, shows its logs, and Test Endpoint gets an answer to the card\'s sample', async () => {
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

    const ready = wb.page.locator('.notification-toast').filter({ hasText: 'Endpoint bert-online is ready.' }).first();
    await ready.waitFor({ timeout: 90_000 });
    const endpoint = workspace.onlineEndpoints?.find((e) => e.name === 'bert-online');
    const deployment = endpoint?.deployments[0];
    assert.equal(deployment?.model, 'azureml://registries/azureml/models/bert-base-uncased/versions/19');
    assert.equal(deployment?.instanceType, 'Standard_DS3_v2');
    assert.deepEqual((deployment?.body?.properties as { requestSettings?: unknown } | undefined)?.requestSettings, { requestTimeout: 'PT60S' });
    assert.deepEqual(endpoint?.traffic, { [deployment?.name ?? '']: 100 });

    await wb.openViewContainer('Foundation Models');
    const endpoints = await wb.expandPane('Endpoints');
    const row = wb.treeRow(endpoints, 'bert-online');
    await row.locator('.label-description', { hasText: /^real-time · ready · \S+ 100%$/ }).waitFor({ timeout: 30_000 });
    await wb.runContextMenuItem(row, 'Show Deployment Logs');
    await wb.waitForOutput(/Loading model azureml:\/\/registries\/azureml\/models\/bert-base-uncased\/versions\/19[\s\S]*GET \/readiness 200/, 30_000);

    await wb.runContextMenuItem(row, 'Test Endpoint');
    const response = wb.page.locator('.editor-instance .view-lines').filter({ hasText: '"durationMs"' });
    await response.waitFor({ timeout: 60_000 });
    assert.match((await response.innerText()).replace(/\u00a0/g, ' '), /"status": 200/);
    assert.ok(await wb.page.locator('.editor-instance .view-lines').filter({ hasText: 'Paris is the [MASK] of France.' }).count(), 'the request is the card\'s sample');
  });

  it('a deployment under way when the window reloads goes on after the reload, without being sent again', async () => {
    const wb = session().workbench;
    // Each operation now answers InProgress for 6 polls, 1 s apart.
    workspace.operationPolls = 6;
    workspace.operationRetryAfterSeconds = 1;
    const deploymentPuts = () => fake.requests.filter((r) => r.method === 'PUT' && /\/onlineEndpoints\/bert-slow\/deployments\//.test(r.path)).length;
    await deployFromPalette(wb, { model: 'bert-base-uncased', kind: 'Real-time', newEndpoint: true, name: 'bert-slow', where: 'Standard_DS3_v2' });

    // Reload while the deployment is being created: once the progress says it is being polled (by then its
    // operation is what a resume goes on with).
    await wb.page.locator('.notification-toast').filter({ hasText: /Deployment \S+ of bert-slow: InProgress/ }).first().waitFor({ timeout: 60_000 });
    assert.equal(deploymentPuts(), 1, 'the deployment was sent');
    await wb.page.reload();
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await wb.page.locator('.notification-toast').filter({ hasText: 'Endpoint bert-slow is ready.' }).first().waitFor({ timeout: 90_000 });
    assert.equal(deploymentPuts(), 1, 'the deployment was not sent again after the reload');
    assert.equal(workspace.onlineEndpoints?.find((e) => e.name === 'bert-slow')?.deployments[0]?.provisioningState ?? 'Succeeded', 'Succeeded');
    workspace.operationPolls = 1;
    workspace.operationRetryAfterSeconds = 0;
  });

  it('deploys the registered model to a batch endpoint on a cluster, then scores a file with it as a job', async () => {
    const wb = session().workbench;
    await deployFromPalette(wb, { model: 'reviews-text-classification', kind: 'Batch', name: 'reviews-nightly', where: 'cpu-cluster' });
    await wb.page.locator('.notification-toast').filter({ hasText: 'Endpoint reviews-nightly is ready.' }).first().waitFor({ timeout: 90_000 });
    const batch = workspace.batchEndpoints?.find((e) => e.name === 'reviews-nightly');
    assert.match(batch?.deployments[0]?.model ?? '', /\/workspaces\/fm-dev\/models\/reviews-text-classification\/versions\/1$/);

    await wb.openViewContainer('Foundation Models');
    const endpoints = await wb.expandPane('Endpoints');
    const row = wb.treeRow(endpoints, 'reviews-nightly');
    await row.locator('.label-description', { hasText: /^batch · ready/ }).waitFor({ timeout: 30_000 });
    await wb.runContextMenuItem(row, 'Invoke on a File…');
    // VS Code's own file dialog in the browser: a quick input that takes a path.
    const file = await wb.waitForQuickInput('Data for reviews-nightly to score');
    // Type the path once the dialog has listed its folder (it fills its own path in first), then accept it.
    await wb.quickPickRows().filter({ hasText: 'reviews.csv' }).first().waitFor();
    await file.fill(path.join(SAMPLES, 'reviews.csv'));
    await file.press('Enter');
    const dialogTitle = wb.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Data for reviews-nightly to score' });
    if (!(await dialogTitle.waitFor({ state: 'hidden', timeout: 5000 }).then(() => true, () => false))) await file.press('Enter');
    // (The Output panel wraps the long URI.)
    await wb.waitForOutput(/Scoring azureml:\/\/datastores\/workspaceblobstore\/paths\/LocalUpload\/\s*[0-9a-f]{32}\/reviews\.csv with deployment default/, 90_000);
    const invocation = fake.requests.find((r) => r.method === 'POST' && r.path === '/batchEndpoints/reviews-nightly/jobs');
    assert.ok(invocation, 'the endpoint was invoked');
  });
});
