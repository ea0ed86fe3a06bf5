import assert from 'node:assert/strict';
import { useWorkbenchSession } from './workbenchSession';

describe('e2e: right-click a dataset → Fine-tune… → map columns with live validation', function () {
  const session = useWorkbenchSession('mapping');

  it('opens the panel from the explorer with the suggested mapping, validated', async () => {
    const wb = session().workbench;
    await wb.openExplorerContextMenu('reviews.csv', 'Fine-tune…');
    const panel = wb.webview();
    await panel.locator('h1', { hasText: 'Fine-tune: reviews.csv' }).waitFor();
    assert.match(await panel.locator('#file-summary').innerText(), /CSV · delimiter "," · header row · LF · UTF-8 · 60 rows/);
    assert.equal(await panel.locator('#task').inputValue(), 'text-classification');
    assert.equal(await panel.locator('#role-sentence').inputValue(), 'review_text');
    assert.equal(await panel.locator('#role-label').inputValue(), 'sentiment');
    assert.equal(await panel.locator('#role-sentence2').inputValue(), '');
    await panel.locator('#validation-text', { hasText: 'valid: 60 records' }).waitFor();
    assert.equal(await panel.locator('#preview tbody tr').count(), 50);
  });

  it('a wrong column shows problems with their lines; a problem link opens the file at that line', async () => {
    const wb = session().workbench;
    const panel = wb.webview();
    await panel.locator('#role-sentence').selectOption('stars');
    await panel.locator('#validation-text', { hasText: '60 problems in 60 records (every one is in the Problems panel)' }).waitFor();
    // One wrong column breaks one rule in every record: told once, with its count and its first lines.
    const groups = panel.locator('#problems > li');
    assert.equal(await groups.count(), 1);
    assert.equal(await groups.locator('.group-head').innerText(), 'sentence is a number, not text: is the right column mapped? — 60 records');
    const first = panel.locator('#problems a').first();
    assert.match(await first.innerText(), /^reviews\.csv:2: sentence: is a number \(\d\), not text; is it mapped to the right column\?$/);
    assert.equal(await panel.locator('#problems a').count(), 3);
    await panel.locator('#problems li.hint', { hasText: 'and 57 more' }).waitFor();
    assert.equal(await panel.locator('#submit').getAttribute('disabled'), '');
    assert.match(await panel.locator('#submit-blocked').innerText(), /Fix the problems above/);
    // Every problem is in the Problems panel, where the status bar counts them.
    await wb.page.locator('[id="status.problems"] [aria-label="Warnings: 60"]').waitFor();
    await panel.locator('#problems a', { hasText: 'reviews.csv:3:' }).click();
    await wb.page.locator('.tabs-container .tab.active[data-resource-name="reviews.csv"]').waitFor();
    await wb.page.locator('.statusbar-item', { hasText: /Ln 3, Col 1/ }).waitFor();
  });

  it('fixing the mapping makes the file valid again', async () => {
    const wb = session().workbench;
    // The panel went to the background when the file opened beside it: bring it back.
    await wb.page.locator('.tabs-container .tab', { hasText: 'Fine-tune: reviews.csv' }).click();
    const panel = wb.webview();
    await panel.locator('#role-sentence').selectOption('review_text');
    await panel.locator('#validation-text', { hasText: 'valid: 60 records' }).waitFor();
    assert.equal(await panel.locator('#problems li').count(), 0);
    // The data no longer holds Submit back; the model does (bert-base-uncased has no weights here to train).
    assert.doesNotMatch(await panel.locator('#submit-blocked').innerText(), /Fix the problems/);
    assert.match(await panel.locator('#submit-blocked').innerText(), /bert-base-uncased has no PyTorch weights/);
    // The Problems panel is emptied with it.
    await wb.page.locator('[id="status.problems"]').filter({ hasText: /^\D*0\D+0\D*$/ }).waitFor();
  });
});
