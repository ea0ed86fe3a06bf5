import assert from 'node:assert/strict';
import { useWorkbenchSession } from './workbenchSession';

describe('e2e: the extension in a real VS Code (code-server)', function () {
  const session = useWorkbenchSession('foundation');

  it('opens the Foundation Models container with Catalog, Jobs and Endpoints views', async () => {
    const wb = session().workbench;
    const sidebar = await wb.openViewContainer('Foundation Models');
    for (const view of ['Catalog', 'Jobs', 'Endpoints']) {
      await sidebar.locator('.pane-header', { hasText: new RegExp(view, 'i') }).waitFor();
    }
    // The Jobs view is empty and says how a job starts.
    const jobs = await wb.expandPane('Jobs');
    await jobs.getByText('Right-click a .jsonl, .csv or .tsv file').waitFor();
  });

  it('lists the local catalog: collection, tasks, models', async () => {
    const wb = session().workbench;
    await wb.openViewContainer('Foundation Models');
    const catalog = wb.viewPane('Catalog');
    const collection = wb.treeRow(catalog, 'Curated');
    await collection.waitFor();
    assert.match(await collection.locator('.label-description').innerText(), /^\d+ models$/);
    const translation = wb.treeRow(catalog, 'Translation');
    if ((await translation.getAttribute('aria-expanded')) !== 'true') await translation.click();
    // A readable name, with the model's own name beside it.
    const model = wb.treeRow(catalog, /^T5 small$/);
    await model.waitFor();
    assert.equal(await model.locator('.label-description').innerText(), 't5-small');
  });

  it('opens a model card from the palette; the webview shows the model', async () => {
    const wb = session().workbench;
    await wb.runCommand('Foundation Models: Open Model Card…');
    await wb.pickInQuickPick('opus-mt-en-de', 'helsinki-nlp-opus-mt-en-de');
    const card = wb.webview();
    await card.locator('#model-name').filter({ hasText: 'OPUS-MT English → German' }).waitFor();
    assert.match(await card.locator('.publisher').innerText(), /helsinki-nlp-opus-mt-en-de · Helsinki-NLP/);
    const badges = await card.locator('.badges vscode-badge').allInnerTexts();
    // A curated model is not on this machine until downloaded, so no fine-tune badge: the facts say why.
    assert.deepEqual(badges, ['Translation', 'cc-by-4.0']);
    assert.match(await card.locator('#facts tr', { hasText: 'Fine-tuning tasks' }).innerText(), /Translation \(not on Local\)/);
    assert.match(await card.locator('#model-description').innerText(), /Marian Transformer/);
    // One primary action: the model must come to this machine before anything else runs here.
    const primary = card.locator('.actions vscode-button:not([secondary])');
    assert.equal(await primary.count(), 1);
    assert.equal(await primary.getAttribute('data-action'), 'download');
  });

  it('writes its activation line to the Foundation Models output channel', async () => {
    const wb = session().workbench;
    await wb.runCommand('Foundation Models: Show Log');
    const text = await wb.waitForOutput(/Foundation Models activated/);
    assert.match(text, /\[info\] Foundation Models activated \(backend: local\); activation [\d.]+ ms = bundle load [\d.]+ ms/);
  });
});
