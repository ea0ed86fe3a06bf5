import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { startFakeHub, type FakeHub } from '../fakes/fakeHub';
import { repoRoot } from '../harness/codeServerInstall';
import type { Workbench } from '../harness/workbench';
import { SAMPLES, useWorkbenchSession } from './workbenchSession';

const MODELS = path.join(repoRoot, 'test/fixtures/models');
const FIXTURES = ['tiny-sentiment', 'tiny-ner', 'tiny-qa', 'tiny-fill-mask', 'tiny-summarizer', 'tiny-translator-en-ro', 'tiny-generator'];
const bakeryArticle = readFileSync(path.join(SAMPLES, 'news-summaries.tsv'), 'utf8').split('\n')[2]?.split('\t')[1] ?? '';

/** Opens a model's card from Search Models… and waits for its playground. */
async function openCard(wb: Workbench, name: string): Promise<FrameLocator> {
  await wb.runCommand('View: Close All Editors');
  await wb.runCommand('Foundation Models: Search Models…');
  await wb.pickInQuickPick(name, name);
  const card = wb.webview();
  await card.locator('#model-name', { hasText: name }).waitFor();
  await card.locator('#playground').waitFor();
  return card;
}

/** Types into the playground's fields, runs it, and waits for the time it took. */
async function run(card: FrameLocator, fields: Record<string, string>): Promise<void> {
  for (const [id, value] of Object.entries(fields)) await card.locator(`#${id}`).fill(value);
  await card.locator('#try-run').click();
  await card.locator('#try-status', { hasText: /^\d[\d,]* ms · this machine$/ }).waitFor({ timeout: 60_000 });
}

describe('e2e: the playground on each task\'s model card, run on this machine', function () {
  const session = useWorkbenchSession('playground', () => ({ 'foundationModels.localModelPaths': FIXTURES.map((name) => path.join(MODELS, name)) }));

  it('text classification: every label with its score bar, the right one first', async () => {
    const wb = session().workbench;
    const card = await openCard(wb, 'tiny-sentiment');
    await run(card, { 'try-text': 'The battery lasts two full days and charging is quick.' });
    const labels = await card.locator('#try-labels .score-name').allInnerTexts();
    assert.equal(labels[0], 'positive');
    assert.deepEqual([...labels].sort(), ['negative', 'neutral', 'positive']);
    assert.equal(await card.locator('#try-labels .bar').count(), 3);
    await wb.screenshot('playground-text-classification');
  });

  it('token classification: the entities marked in the text, each with its type', async () => {
    const wb = session().workbench;
    const card = await openCard(wb, 'tiny-ner');
    await run(card, { 'try-text': 'Maria Lopez joined Northwind Traders in Lisbon last spring.' });
    const marks = await card.locator('.marked-text mark').evaluateAll((nodes) => nodes.map((n) => [n.firstChild?.textContent ?? '', n.querySelector('.mark-label')?.textContent ?? '']));
    assert.deepEqual(marks, [['Maria Lopez', 'PER'], ['Northwind Traders', 'ORG'], ['Lisbon', 'LOC']]);
    await wb.screenshot('playground-token-classification');
  });

  it('question answering: the answer, and where it stands in the context', async () => {
    const wb = session().workbench;
    const card = await openCard(wb, 'tiny-qa');
    await run(card, {
      'try-question': 'When was the Harbour Point lighthouse built?',
      'try-context': 'The Harbour Point lighthouse was built in 1872 from local granite. Its lamp was converted to electricity in 1931. Today the tower is a small museum run by volunteers.',
    });
    assert.match(await card.locator('#try-answer').innerText(), /^Answer: 1872 · \d+\.\d%$/);
    assert.equal(await card.locator('.marked-text mark').evaluate((n) => n.firstChild?.textContent), '1872');
    await wb.screenshot('playground-question-answering');
  });

  it('fill-mask: the top tokens for the mask, each with the sentence it makes', async () => {
    const wb = session().workbench;
    const card = await openCard(wb, 'tiny-fill-mask');
    await run(card, { 'try-text': 'The battery lasts two full [MASK] and charging is quick.' });
    assert.equal(await card.locator('#try-tokens .score-name').first().innerText(), 'days');
    assert.equal(await card.locator('#try-tokens .score-detail').first().innerText(), 'The battery lasts two full days and charging is quick.');
    assert.equal(await card.locator('#try-tokens li').count(), 5);
    await wb.screenshot('playground-fill-mask');
  });

  it('summarization: the summary it writes', async () => {
    const wb = session().workbench;
    const card = await openCard(wb, 'tiny-summarizer');
    await run(card, { 'try-text': bakeryArticle });
    assert.equal(await card.locator('#try-text-output').innerText(), 'A local bakery won the regional bread competition for a third straight year with its rye loaf.');
    await wb.screenshot('playground-summarization');
  });

  it('translation: the Romanian for an English sentence', async () => {
    const wb = session().workbench;
    const card = await openCard(wb, 'tiny-translator-en-ro');
    await run(card, { 'try-text': "The train leaves at eight o'clock." });
    assert.equal(await card.locator('#try-text-output').innerText(), 'Trenul pleacă la ora opt.');
    await wb.screenshot('playground-translation');
  });

  it('text generation: the continuation, with max new tokens and temperature to set', async () => {
    const wb = session().workbench;
    const card = await openCard(wb, 'tiny-generator');
    assert.equal(await card.locator('#try-temperature').inputValue(), '0');
    await run(card, { 'try-text': 'The blender crushes', 'try-max-tokens': '60' });
    assert.equal(await card.locator('#try-text-output').innerText(), ' ice in seconds, and it is easy to clean.');
    await wb.screenshot('playground-text-generation');
  });
});

describe('e2e: a curated model\'s card downloads it (from a fake Hub) with consent, then its playground runs here', function () {
  let hub: FakeHub;
  let hfHome = '';
  before(async () => {
    hfHome = mkdtempSync(path.join(os.tmpdir(), 'fm-e2e-hf-'));
    hub = await startFakeHub([{ id: 'Xenova/opus-mt-en-ro', folder: path.join(MODELS, 'tiny-translator-en-ro'), pipelineTag: 'translation' }]);
  });
  const session = useWorkbenchSession('card-download', () => ({}), () => [], undefined, () => ({ HF_ENDPOINT: hub.url, HF_HOME: hfHome, HF_HUB_CACHE: path.join(hfHome, 'hub'), HF_TOKEN: '', HF_HUB_OFFLINE: '' }));
  after(async () => {
    await hub?.stop();
    rmSync(hfHome, { recursive: true, force: true });
  });

  it('Download leads the card; the playground says why it waits; after the download it translates here', async () => {
    const wb = session().workbench;
    await wb.runCommand('Foundation Models: Search Models…');
    await wb.pickInQuickPick('opus-mt-en-ro', 'OPUS-MT English → Romanian');
    const card = wb.webview();
    await card.locator('#playground-unavailable', { hasText: /not on this machine yet: download its ONNX export \(Xenova\/opus-mt-en-ro\)/ }).waitFor();
    const download = card.locator('.actions vscode-button[data-action="download"]');
    assert.equal(await download.getAttribute('secondary'), null, 'Download is the primary action');
    await wb.screenshot('card-download-before');
    await download.click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: /Download OPUS-MT English → Romanian \(Xenova\/opus-mt-en-ro\)/ }).waitFor();
    await dialog.getByRole('button', { name: 'Download' }).click();
    // The card comes back with the model on this machine: no Download any more, and a playground that runs.
    await card.locator('#try-run').waitFor({ timeout: 60_000 });
    assert.equal(await card.locator('.actions vscode-button[data-action="download"]').count(), 0);
    await run(card, { 'try-text': "The train leaves at eight o'clock." });
    assert.equal(await card.locator('#try-text-output').innerText(), 'Trenul pleacă la ora opt.');
    await wb.screenshot('card-download-after');
  });
});
