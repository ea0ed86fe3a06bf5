import assert from 'node:assert/strict';
import type { Workbench } from '../harness/workbench';
import { useWorkbenchSession } from './workbenchSession';

/** The text of the editor showing, as far as it is drawn (Monaco draws the lines in view). */
async function editorText(wb: Workbench, containing: string): Promise<string> {
  const lines = wb.page.locator('.editor-instance .view-lines').filter({ hasText: containing }).first();
  await lines.waitFor({ timeout: 30_000 });
  return (await lines.innerText()).replace(/\u00a0/g, ' ');
}

/** Finds `text` in the editor, so that Monaco draws the lines around it. */
async function scrollTo(wb: Workbench, text: string): Promise<void> {
  await wb.page.locator('.editor-instance .view-lines').first().click();
  await wb.page.keyboard.press('Control+F');
  const find = wb.page.locator('.find-widget textarea, .find-widget input').first();
  await find.waitFor();
  await find.fill(text);
  await wb.page.keyboard.press('Enter');
  await wb.page.keyboard.press('Escape');
  await wb.page.locator('.find-widget.visible').waitFor({ state: 'hidden' });
}

/** Text as one line: the editor wraps the Markdown's long lines. */
const unwrapped = (text: string) => text.replace(/\s+/g, ' ');

/**
 * Show code in the real workbench on the local backend: the model card's secondary Show code button, then the palette
 * (model, then action) and a Catalog row (action only). Each opens a read-only Markdown document named after the model
 * with the fm line and the Azure ML CLI v2 YAML, on placeholder files; the notification copies the fm line.
 */
describe('e2e: Show code writes the fm line and the Azure ML CLI v2 YAML', function () {
  const session = useWorkbenchSession('show-code');

  it("from the model card's Show code button: the fine-tune's document, read-only, its fm line copied", async () => {
    const wb = session().workbench;
    await wb.runCommand('Foundation Models: Open Model Card…');
    await wb.pickInQuickPick('BERT base (uncased)', 'BERT base (uncased)');
    const card = wb.webview();
    await card.locator('#model-name', { hasText: 'BERT base (uncased)' }).waitFor();
    const button = card.locator('.actions vscode-button[data-action="showCode"]');
    assert.equal(await button.innerText(), 'Show code');
    assert.notEqual(await button.getAttribute('secondary'), null, 'Show code is a secondary button');
    await wb.screenshot('show-code-card-button');
    await button.click();

    // The card knows the model: only what to do is asked, and only what BERT can do here.
    await wb.waitForQuickInput('Show Code (1/1): what to do');
    const offered = (await wb.quickPickRows().allInnerTexts()).map((row) => row.split('\n')[0]);
    assert.deepEqual(offered, ['Evaluate (fill mask)', 'Fine-tune for text classification', 'Fine-tune for token classification', 'Fine-tune for question answering', 'Deploy to a real-time endpoint', 'Deploy to a batch endpoint']);
    await wb.pickInQuickPick('question answering', 'Fine-tune for question answering');

    await wb.page.locator('.tab', { hasText: 'bert-base-uncased-fine-tune-question-answering.md' }).waitFor();
    const text = await editorText(wb, '# Fine-tune BERT base (uncased) for question answering');
    assert.match(text, /## 1\. Your data/);
    assert.match(text, /\.\/YOUR-TRAIN-DATA\.jsonl` and `\.\/YOUR-VALIDATION-DATA\.jsonl` are placeholders/);
    await wb.screenshot('show-code-from-card');

    const toast = wb.page.locator('.notification-toast').filter({ hasText: 'The code to fine-tune BERT base (uncased) for question answering is open.' }).first();
    await toast.waitFor();
    await toast.getByRole('button', { name: 'Copy fm Command' }).click();
    await wb.page.locator('.part.statusbar').filter({ hasText: 'fm command copied' }).first().waitFor();

    // The document is read-only: typing changes nothing, and closing it asks nothing.
    await wb.page.locator('.editor-instance .view-lines').first().click();
    await wb.page.keyboard.type('xyz');
    assert.doesNotMatch(await editorText(wb, 'Fine-tune BERT'), /xyz/);
    assert.equal(await wb.page.locator('.tab.dirty').count(), 0);

    const fm = unwrapped(await editorText(wb, 'fm job submit'));
    assert.match(fm, /--train \.\/YOUR-TRAIN-DATA\.jsonl \\ --validation \.\/YOUR-VALIDATION-DATA\.jsonl/);
    // Down to the Azure ML CLI v2 YAML: the azureml registry's fine-tune component for the task.
    await scrollTo(wb, 'question_answering_pipeline');
    const yaml = await editorText(wb, 'question_answering_pipeline');
    assert.match(yaml, /component: azureml:\/\/registries\/azureml\/components\/question_answering_pipeline\/labels\/latest/);
    await wb.screenshot('show-code-yaml');
  });

  it('from the palette: picks the model, then the evaluation', async () => {
    const wb = session().workbench;
    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('Foundation Models: Show Code for Model…');
    await wb.waitForQuickInput('Show Code (1/2): model');
    await wb.pickInQuickPick('BERT base (uncased)', 'BERT base (uncased)');
    await wb.waitForQuickInput('Show Code (2/2): what to do');
    await wb.pickInQuickPick('Evaluate', 'Evaluate (fill mask)');
    await wb.page.locator('.tab', { hasText: 'bert-base-uncased-evaluate.md' }).waitFor();
    const text = await editorText(wb, '# Evaluate BERT base (uncased) (fill mask)');
    assert.match(text, /`\.\/YOUR-TEST-DATA\.jsonl` is a placeholder/);
  });

  it('from a Catalog row: asks only what to do, and writes the real-time deployment', async () => {
    const wb = session().workbench;
    await wb.runCommand('View: Close All Editors');
    const catalog = await wb.openViewContainer('Foundation Models');
    await wb.expandPane('Catalog');
    await wb.treeRow(catalog, 'Curated').waitFor();
    const task = wb.treeRow(catalog, /^Text classification$/);
    await task.click();
    const row = wb.treeRow(catalog, 'DistilBERT fine-tuned on SST-2');
    await row.waitFor();
    await wb.runContextMenuItem(row, 'Show Code for Model…');
    await wb.waitForQuickInput('Show Code (1/1): what to do');
    await wb.pickInQuickPick('real-time', 'Deploy to a real-time endpoint');
    await wb.page.locator('.tab', { hasText: 'deploy-online.md' }).waitFor();
    const text = await editorText(wb, '# Deploy DistilBERT fine-tuned on SST-2 to a real-time endpoint');
    assert.match(text, /has no command that deploys a model to an endpoint/);
    assert.match(unwrapped(text), /fm serve "\$\(fm model pull Xenova\/distilbert-base-uncased-finetuned-sst-2-english --task text-classification\)" --task text-classification/);
  });
});
