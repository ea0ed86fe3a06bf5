import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot } from '../harness/codeServerInstall';
import { useWorkbenchSession } from './workbenchSession';

const TINY_SENTIMENT = path.join(repoRoot, 'test/fixtures/models/tiny-sentiment');

describe('e2e: Deploy Model… on the local backend, then Test Endpoint', function () {
  const session = useWorkbenchSession('deploy-local', () => ({ 'foundationModels.localModelPaths': [TINY_SENTIMENT] }));

  it('deploys the fixture model to a local endpoint from the palette and gets a prediction back', async () => {
    const wb = session().workbench;
    await wb.runCommand('Foundation Models: Deploy Model…');
    await wb.waitForQuickInput('model');
    await wb.pickInQuickPick('tiny-sentiment', 'tiny-sentiment');

    // The endpoint name is checked as it is typed, with the rule that is broken.
    const input = await wb.waitForQuickInput('endpoint name');
    await input.fill('9lives');
    await wb.page.locator('.quick-input-widget .quick-input-message', { hasText: 'An endpoint name starts with a letter.' }).waitFor();
    await input.fill('sentiment-local');
    await input.press('Enter');

    const ready = wb.page.locator('.notification-toast').filter({ hasText: 'Endpoint sentiment-local is ready.' }).first();
    await ready.waitFor({ timeout: 60_000 });

    await wb.openViewContainer('Foundation Models');
    const endpoints = await wb.expandPane('Endpoints');
    const row = wb.treeRow(endpoints, 'sentiment-local');
    await row.locator('.label-description', { hasText: /^real-time · ready · tiny-sentiment 100%$/ }).waitFor({ timeout: 30_000 });

    await ready.getByRole('button', { name: 'Test Endpoint' }).click();
    // The request opens in the editor and the answer beside it: the fixture model's label for the sample text.
    const response = wb.page.locator('.editor-instance .view-lines').filter({ hasText: '"predictions"' });
    await response.waitFor({ timeout: 60_000 });
    const text = (await response.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /"status": 200/);
    assert.match(text, /"label": "(negative|neutral|positive)"/);
    assert.ok(await wb.page.locator('.editor-instance .view-lines').filter({ hasText: '"inputs"' }).count(), 'the request is open for editing');
  });

  it('Delete Endpoint… asks first, then stops the scoring server and the endpoint leaves the view', async () => {
    const wb = session().workbench;
    await wb.openViewContainer('Foundation Models');
    const endpoints = await wb.expandPane('Endpoints');
    const row = wb.treeRow(endpoints, 'sentiment-local');
    await row.waitFor();
    // The scoring URI answers before the delete.
    await wb.runContextMenuItem(row, 'Copy Scoring URI');
    // Said in the status bar, not a toast to dismiss.
    const copied = wb.page.locator('.part.statusbar').filter({ hasText: /Copied http:\/\/127\.0\.0\.1:\d+\/score/ }).first();
    await copied.waitFor();
    const scoringUri = /Copied (http:\/\/127\.0\.0\.1:\d+\/score)/.exec(await copied.innerText())?.[1] ?? '';
    const health = scoringUri.replace(/\/score$/, '/health');
    assert.equal((await fetch(health)).status, 200);

    await wb.runContextMenuItem(row, 'Delete Endpoint…');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: 'Delete the endpoint sentiment-local?' }).waitFor();
    await dialog.getByRole('button', { name: 'Delete Endpoint' }).click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await assert.rejects(fetch(health), 'the scoring server stopped');
  });
});
