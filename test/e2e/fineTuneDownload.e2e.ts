import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeHub, type FakeHub } from '../fakes/fakeHub';
import { writePytorchRepo } from '../fakes/pytorchRepo';
import { useWorkbenchSession } from './workbenchSession';

const MODEL = 'curated/distilbert-base-uncased-finetuned-sst-2-english';
const SOURCE = 'distilbert/distilbert-base-uncased-finetuned-sst-2-english';
/** A second curated model, for the card's journey. */
const CARD_SOURCE = 'nlptown/bert-base-multilingual-uncased-sentiment';

describe('e2e: Fine-tune… waits only for a curated model\'s PyTorch weights, and Download for Fine-tuning brings them', function () {
  let hub: FakeHub;
  let hfHome = '';
  // Registered before the session's hooks: the Hub runs before code-server starts with HF_ENDPOINT pointing at it.
  before(async () => {
    hfHome = mkdtempSync(path.join(os.tmpdir(), 'fm-e2e-hf-'));
    // A PyTorch repository stands in for the curated model's Hub source.
    const folder = writePytorchRepo(path.join(hfHome, 'source-repo'));
    hub = await startFakeHub([SOURCE, CARD_SOURCE].map((id) => ({ id, folder, pipelineTag: 'text-classification' })));
  });
  const session = useWorkbenchSession('fine-tune-download', () => ({}), () => [], undefined, () => ({ HF_ENDPOINT: hub.url, HF_HOME: hfHome, HF_HUB_CACHE: path.join(hfHome, 'hub'), HF_TOKEN: '', HF_HUB_OFFLINE: '' }));
  after(async () => {
    await hub?.stop();
    rmSync(hfHome, { recursive: true, force: true });
  });

  it('the panel marks the model with Download for Fine-tuning; the size is asked first; Cancel keeps what came; then it is here', async () => {
    const wb = session().workbench;
    await wb.openExplorerContextMenu('reviews.csv', 'Fine-tune…');
    const panel = wb.webview();
    await panel.locator('h1', { hasText: 'Fine-tune: reviews.csv' }).waitFor();
    if ((await panel.locator('#model').inputValue()) !== MODEL) await panel.locator('#model').selectOption(MODEL);
    assert.match(await panel.locator('#model option:checked').innerText(), /distilbert-base-uncased-finetuned-sst-2-english — download first/);
    const blocked = panel.locator('#model-blocked');
    await blocked.filter({ hasText: new RegExp(`has no PyTorch weights on this machine to fine-tune: download them from its Hugging Face source \\(${SOURCE}\\) first`) }).waitFor();
    assert.doesNotMatch(await blocked.innerText(), /huggingface-cli/);
    assert.equal(await panel.locator('#submit').getAttribute('disabled'), '');
    await wb.screenshot('fine-tune-download-blocked');

    // Stalled part-way through the weights, so that the progress shows and Cancel can stop it.
    hub.stallOnce('model.safetensors', 5000);
    await blocked.getByRole('button', { name: 'Download for Fine-tuning' }).click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: new RegExp(`Download .*\\(${SOURCE}, PyTorch weights for fine-tuning\\): \\d+\\.\\d kB\\?`) }).waitFor();
    assert.match(await dialog.innerText(), /6 files, \d+\.\d kB to download, from the Hugging Face Hub/);
    assert.deepEqual(hub.fileRequests(), [], 'nothing is fetched before the user says yes');
    await wb.screenshot('fine-tune-download-consent');
    await dialog.getByRole('button', { name: 'Download' }).click();
    const progress = wb.page.locator('.notification-toast').filter({ hasText: /Downloading .*PyTorch weights/ }).first();
    await progress.filter({ hasText: /model\.safetensors/ }).waitFor({ timeout: 30_000 });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await wb.page.locator('.notification-toast').filter({ hasText: /Download for Fine-tuning again resumes it/ }).first().waitFor({ timeout: 30_000 });
    hub.cutStalled();

    await blocked.getByRole('button', { name: 'Download for Fine-tuning' }).click();
    await dialog.filter({ hasText: /resuming: 5\.0 kB came before/ }).waitFor();
    await dialog.getByRole('button', { name: 'Download' }).click();
    // Once the weights are here, the mark and the notice go.
    await blocked.waitFor({ state: 'detached', timeout: 60_000 });
    assert.match(await panel.locator('#model option:checked').innerText(), /^distilbert-base-uncased-finetuned-sst-2-english \(on this machine\)$/);
    assert.ok(hub.fileRequests().some((r) => r.range === 'bytes=5000-'), 'the weights resumed at the byte they had reached');
    await wb.screenshot('fine-tune-download-done');
  });

  it('the model card offers Download for Fine-tuning beside Download; after it, Fine-tune is enabled', async () => {
    const wb = session().workbench;
    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('Foundation Models: Search Models…');
    await wb.pickInQuickPick('multilingual-uncased-sentiment', 'nlptown-bert-base-multilingual-uncased-sentiment');
    const card = wb.webview();
    const buttons = card.locator('.actions vscode-button');
    await card.locator('.actions vscode-button[data-action="downloadForFineTuning"]').waitFor();
    // What can be done first (Download leads), then what waits, each with its reason in a few words.
    assert.deepEqual(await buttons.allInnerTexts(), ['Download', 'Download for Fine-tuning', 'Evaluate', 'Fine-tune', 'Deploy', 'Show code']);
    assert.match(await card.locator('#action-reasons').innerText(), /Fine-tune: needs its PyTorch weights on this machine: Download for Fine-tuning first\./);
    await wb.screenshot('fine-tune-download-card');

    await card.locator('.actions vscode-button[data-action="downloadForFineTuning"]').click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: new RegExp(`\\(${CARD_SOURCE}, PyTorch weights for fine-tuning\\): \\d+\\.\\d kB\\?`) }).waitFor();
    await dialog.getByRole('button', { name: 'Download' }).click();
    // The card comes back: no Download for Fine-tuning any more, and Fine-tune enabled.
    await card.locator('.actions vscode-button[data-action="downloadForFineTuning"]').waitFor({ state: 'detached', timeout: 60_000 });
    assert.equal(await card.locator('.actions vscode-button[data-action="fineTune"]').getAttribute('disabled'), null);
    await wb.screenshot('fine-tune-download-card-done');
  });
});
