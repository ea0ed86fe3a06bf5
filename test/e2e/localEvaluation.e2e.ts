import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot } from '../harness/codeServerInstall';
import { useWorkbenchSession } from './workbenchSession';

const TINY_SENTIMENT = path.join(repoRoot, 'test/fixtures/models/tiny-sentiment');

describe('e2e: Evaluate… on the local backend with the fixture model', function () {
  const session = useWorkbenchSession('evaluate', () => ({ 'foundationModels.localModelPaths': [TINY_SENTIMENT] }));

  it('submits from the panel; the job streams its log, completes in the Jobs view and reports metrics', async () => {
    const wb = session().workbench;
    await wb.openExplorerContextMenu('reviews.csv', 'Evaluate…');
    const panel = wb.webview();
    await panel.locator('h1', { hasText: 'Evaluate: reviews.csv' }).waitFor();
    assert.equal(await panel.locator('#task').inputValue(), 'text-classification');
    assert.equal(await panel.locator('#model').inputValue(), `local-folder/${TINY_SENTIMENT}`);
    await panel.locator('#validation-text', { hasText: 'valid: 60 records' }).waitFor();
    await panel.locator('#submit').click();
    await panel.locator('#submit-result', { hasText: /^Submitted evaluate-/ }).waitFor();

    // The job's own output channel streams its log, then the end is announced with the metrics.
    const text = await wb.waitForOutput(/scored 60\/60 records \(100%\)[\s\S]*accuracy: 0\.\d{4}[\s\S]*Completed/, 60_000);
    const accuracy = Number(/accuracy: (0\.\d{4})/.exec(text)?.[1]);
    assert.ok(accuracy > 0.5, `accuracy ${accuracy}`);
    const notification = wb.page.locator('.notification-toast').filter({ hasText: /completed: Accuracy 0\.\d{3}/ }).first();
    await notification.waitFor({ timeout: 30_000 });

    // Show Metrics opens the metrics view with the same accuracy.
    await notification.getByRole('button', { name: 'Show Metrics' }).click();
    const metrics = wb.webview();
    const accuracyRow = metrics.locator('#metrics tr[data-key="accuracy"]');
    await accuracyRow.waitFor();
    assert.equal(await accuracyRow.locator('th').innerText(), 'Accuracy');
    assert.equal(await accuracyRow.locator('td.number').innerText(), accuracy.toFixed(4));
    assert.deepEqual(await metrics.locator('#per-class tbody th').allInnerTexts(), ['negative', 'neutral', 'positive']);
    assert.equal(await metrics.locator('#per-class .bar').count(), 3);

    await wb.openViewContainer('Foundation Models');
    const jobs = await wb.expandPane('Jobs');
    const row = wb.treeRow(jobs, /Evaluate tiny-sentiment on reviews\.csv/);
    await row.waitFor();
    await row.locator('.label-description', { hasText: /^completed · \d+ s$/ }).waitFor();
  });

  it('Fine-tune… says when the panel opens why this model cannot be trained here and what Python lacks; Submit waits', async () => {
    const wb = session().workbench;
    await wb.openExplorerContextMenu('reviews.csv', 'Fine-tune…');
    const panel = wb.webview();
    await panel.locator('h1', { hasText: 'Fine-tune: reviews.csv' }).waitFor();
    // No model can be trained here yet: the one a download would make trainable is chosen, with its button.
    assert.match(await panel.locator('#model option:checked').innerText(), /bert-base-uncased — download first/);
    await panel.locator('#model-blocked', { hasText: /has no PyTorch weights on this machine to fine-tune: download them/ }).getByRole('button', { name: 'Download for Fine-tuning' }).waitFor();
    // A model folder with only an ONNX export says why it can never be trained here.
    await panel.locator('#model').selectOption(`local-folder/${TINY_SENTIMENT}`);
    assert.match(await panel.locator('#model option:checked').innerText(), /tiny-sentiment \(on this machine\) — cannot fine-tune here/);
    await panel.locator('#model-blocked', { hasText: /has no PyTorch weights to fine-tune .*an ONNX export can be evaluated but not trained/ }).waitFor();
    // The Python check ran as the panel opened (this machine's python3 has no torch), with the buttons that fix it.
    const python = panel.locator('.notice', { hasText: /Fine-tuning on this machine needs the Python packages torch transformers datasets accelerate/ });
    await python.waitFor();
    for (const button of ['Copy Install Command', 'Install in a Terminal', 'Choose Python Interpreter…']) await python.getByRole('button', { name: button }).waitFor();
    await panel.locator('#validation-text', { hasText: 'valid: 60 records' }).waitFor();
    assert.equal(await panel.locator('#submit').getAttribute('disabled'), '');
    assert.match(await panel.locator('#submit-blocked').innerText(), /has no PyTorch weights to fine-tune/);
    await python.getByRole('button', { name: 'Copy Install Command' }).click();
    await wb.page.locator('.part.statusbar').filter({ hasText: /Copied: .* -m pip install torch/ }).first().waitFor();
    await wb.openViewContainer('Foundation Models');
    const jobs = await wb.expandPane('Jobs');
    assert.equal(await wb.treeRow(jobs, /^Fine-tune/).count(), 0);
  });
});
