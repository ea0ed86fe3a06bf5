import assert from 'node:assert/strict';
import { IDENTITY_STORAGE, sampleDataBlobs } from '../support/azureBackendFixture';
import type { FakeAzureMl, FakeJob, FakeWorkspace } from '../fakes/azureMl';
import { signInWithAzureCli, useFakeAzureWorkbench } from './fakeAzureWorkbench';

/** An evaluation: model_prediction then compute_metrics (the fake wrote the predictions when the job was created). */
function scriptEvaluation(job: FakeJob): void {
  job.status = ['NotStarted', 'Running', 'Completed'];
  job.logs = { 'logs/azureml/executionlogs.txt': 'Submitting step predict\nSubmitting step score\nStep score completed\n' };
}

/**
 * A registered data asset as a job's data, in the real workbench against the strict fake Azure ML: on the Local backend
 * the command says there are none and how to get them; signed in, "Evaluate with a Data Asset…" lists fm-dev's assets
 * (an MLTable marked as not offered), asks for the version newest first, reads the file to this machine, and the panel
 * previews and maps it as a local file; Submit names the asset's file in the job (no upload), the job completes and the
 * metrics view shows our report.
 */
describe('e2e: evaluate a registered data asset of the fake Azure ML', function () {
  const azure = useFakeAzureWorkbench(
    'data-asset',
    (job) => {
      if (Object.keys((job.spec?.jobs as Record<string, unknown> | undefined) ?? {}).includes('predict')) scriptEvaluation(job);
    },
    (fake) => {
      for (const [name, bytes] of Object.entries(sampleDataBlobs())) fake.writeBlob(IDENTITY_STORAGE.account, IDENTITY_STORAGE.container, name, bytes);
    },
  );
  const session = azure.session;
  let fake: FakeAzureMl;
  let workspace: FakeWorkspace;
  before(() => ({ fake, workspace } = azure.state()));

  it('on the Local backend says there are no data assets here, with Sign in and Select Backend…', async () => {
    const wb = session().workbench;
    await wb.runCommand('Foundation Models: Evaluate with a Data Asset…');
    const toast = wb.page.locator('.notification-toast').filter({ hasText: 'The Local backend has no registered data assets' }).first();
    await toast.waitFor({ timeout: 30_000 });
    await toast.getByRole('button', { name: 'Sign in to Azure' }).waitFor();
    await toast.getByRole('button', { name: 'Select Backend…' }).waitFor();
  });

  it('signs in with the Azure CLI credential and picks the workspace', async () => {
    const wb = session().workbench;
    await wb.runCommand('Notifications: Clear All Notifications');
    await signInWithAzureCli(wb);
  });

  it('evaluates data asset reviews (version 2): picked, read, mapped, submitted without an upload, scored', async () => {
    const wb = session().workbench;
    await wb.runCommand('Foundation Models: Evaluate with a Data Asset…');
    await wb.waitForQuickInput('a data asset of workspace fm-dev');
    await wb.quickPickRows().filter({ hasText: 'reviews-table' }).filter({ hasText: 'Not offered' }).first().waitFor({ timeout: 30_000 });
    await wb.pickInQuickPick('reviews', /^reviews.*uri_file/);
    await wb.waitForQuickInput('Evaluate with a data asset: reviews');
    const rows = wb.quickPickRows();
    await rows.filter({ hasText: 'Version 2' }).first().waitFor({ timeout: 30_000 });
    assert.match(await rows.first().innerText(), /Version 2[\s\S]*latest/, 'newest first');
    await wb.pickInQuickPick('Version 2', 'Version 2');

    const panel = wb.webview();
    await panel.locator('h1', { hasText: 'Evaluate: data asset reviews:2' }).waitFor({ timeout: 60_000 });
    await panel.locator('#model').selectOption('azureml/distilbert-base-uncased-finetuned-sst-2-english');
    await panel.locator('#compute').selectOption('cpu-cluster');
    await panel.locator('#validation-text', { hasText: 'valid: 60 records' }).waitFor({ timeout: 30_000 });
    await wb.screenshot('data-asset-panel');
    await panel.locator('#submit').click();
    await panel.locator('#submit-result', { hasText: /^Submitted evaluate-/ }).waitFor({ timeout: 60_000 });

    const job = [...(workspace.jobs ?? [])].reverse().find((j) => j.name.startsWith('evaluate-'));
    const predict = (job?.spec as { jobs: Record<string, { inputs: Record<string, { uri?: string; value?: string }> }> } | undefined)?.jobs.predict?.inputs;
    assert.equal(predict?.test_data?.uri, 'azureml://datastores/workspaceblobstore/paths/data/reviews/2/reviews.csv', 'the asset\'s own file');
    assert.equal(predict?.label_column_name?.value, 'sentiment');
    assert.deepEqual(fake.workspaceBlobs(IDENTITY_STORAGE, 'LocalUpload/'), [], 'nothing uploaded');

    const notification = wb.page.locator('.notification-toast').filter({ hasText: /Evaluate distilbert-base-uncased-finetuned-sst-2-english on reviews:2 completed: Accuracy 0\.\d{3}/ }).first();
    await notification.waitFor({ timeout: 90_000 });
    await notification.getByRole('button', { name: 'Show Metrics' }).click();
    const metrics = wb.webview();
    const accuracy = metrics.locator('#metrics tr[data-key="accuracy"]');
    await accuracy.waitFor({ timeout: 30_000 });
    const value = Number(await accuracy.locator('td.number').innerText());
    assert.ok(value > 0.5 && value < 1, `accuracy ${value}: the fake's model errs on every fourth row`);
    assert.deepEqual(await metrics.locator('#per-class tbody th').allInnerTexts(), ['negative', 'neutral', 'positive']);
    await wb.screenshot('data-asset-metrics');
  });

  it('fine-tunes on a file of a folder asset, and takes another data asset as the validation data', async () => {
    const wb = session().workbench;
    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('Foundation Models: Fine-tune with a Data Asset…');
    await wb.waitForQuickInput('a data asset of workspace fm-dev');
    await wb.pickInQuickPick('qa-and-ner', /^qa-and-ner.*uri_folder/);
    await wb.waitForQuickInput('Fine-tune with a data asset: qa-and-ner');
    await wb.pickInQuickPick('Version 1', 'Version 1');
    await wb.waitForQuickInput('qa-and-ner:1');
    const files = wb.quickPickRows();
    await files.filter({ hasText: 'README.md' }).filter({ hasText: 'not a dataset file' }).first().waitFor({ timeout: 30_000 });
    await wb.pickInQuickPick('qa.jsonl', 'qa.jsonl');

    const panel = wb.webview();
    await panel.locator('h1', { hasText: 'Fine-tune: data asset qa-and-ner:1/qa.jsonl' }).waitFor({ timeout: 60_000 });
    assert.equal(await panel.locator('#task').inputValue(), 'question-answering', 'previewed and guessed as a local file is');
    await panel.locator('#split-mode').selectOption('files');
    await panel.locator('#choose-validation').click();
    await wb.waitForQuickInput('Choose the validation data');
    await wb.pickInQuickPick('data asset', 'A data asset of workspace fm-dev');
    await wb.waitForQuickInput('Choose the validation data: a data asset of workspace fm-dev');
    await wb.pickInQuickPick('qa-and-ner', /^qa-and-ner/);
    await wb.waitForQuickInput('Choose the validation data: qa-and-ner');
    await wb.pickInQuickPick('Version 1', 'Version 1');
    await wb.waitForQuickInput('qa-and-ner:1');
    await wb.pickInQuickPick('qa.jsonl', 'qa.jsonl');
    await panel.locator('#choose-validation + .hint', { hasText: /qa-and-ner[\\/]1[\\/]qa\.jsonl$/ }).waitFor({ timeout: 30_000 });
    await wb.screenshot('data-asset-fine-tune-validation');
  });
});
