import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { startFakeHub, type FakeHub } from '../fakes/fakeHub';
import { repoRoot } from '../harness/codeServerInstall';
import type { Workbench } from '../harness/workbench';
import { useWorkbenchSession } from './workbenchSession';

const MODELS = path.join(repoRoot, 'test/fixtures/models');

interface Evaluation {
  readonly file: string;
  /** The task to choose when the panel guesses another. */
  readonly task?: string;
  readonly mapping?: Readonly<Record<string, string>>;
  readonly languages?: { readonly source: string; readonly target: string };
  /** The model the panel must start with (or be set to). */
  readonly model: string;
  readonly records: number;
  /** A metric the metrics view must show. */
  readonly metric: string;
}

/** Closes the editors and the notifications of the test before: the next panel is the only webview. */
async function clearWorkbench(wb: Workbench): Promise<void> {
  await wb.runCommand('View: Close All Editors');
  await wb.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
}

/** Opens Evaluate… on `file`, sets what the panel did not guess, and waits until the whole file is valid. */
async function openEvaluation(wb: Workbench, run: Evaluation): Promise<FrameLocator> {
  await wb.openExplorerContextMenu(run.file, 'Evaluate…');
  const panel = wb.webview();
  await panel.locator('h1', { hasText: `Evaluate: ${run.file}` }).waitFor();
  if (run.task && (await panel.locator('#task').inputValue()) !== run.task) {
    await panel.locator('#task').selectOption(run.task);
    // The task's own columns come once the extension has suggested a mapping for it.
    await panel.locator(`#role-${Object.keys(run.mapping ?? {})[0] ?? 'none'}`).waitFor();
  }
  for (const [role, column] of Object.entries(run.mapping ?? {})) await panel.locator(`#role-${role}`).selectOption(column);
  if (run.languages) {
    await panel.locator('#source-language').fill(run.languages.source);
    await panel.locator('#target-language').fill(run.languages.target);
    await panel.locator('#target-language').press('Tab');
  }
  if ((await panel.locator('#model').inputValue()) !== run.model) await panel.locator('#model').selectOption(run.model);
  await panel.locator('#validation-text', { hasText: `valid: ${run.records} records` }).waitFor({ timeout: 30_000 });
  return panel;
}

/** Submits the open panel; the job's log streams to its end, and Show Metrics opens the metrics view with `metric`. */
async function submitAndShowMetrics(wb: Workbench, panel: FrameLocator, run: Evaluation): Promise<void> {
  assert.equal(await panel.locator('#submit').getAttribute('disabled'), null, await panel.locator('#submit-blocked').innerText());
  await panel.locator('#submit').click();
  await panel.locator('#submit-result', { hasText: /^Submitted evaluate-/ }).waitFor({ timeout: 30_000 });
  await wb.waitForOutput(new RegExp(`scored ${run.records}/${run.records} records \\(100%\\)[\\s\\S]*${run.metric}: \\d+\\.\\d{4}[\\s\\S]*Completed`), 90_000);
  const completed = new RegExp(`on ${run.file.replace('.', '\\.')} completed: `);
  // The completion toast, or, once VS Code has tucked it away on a busy machine, the same item in the notification center.
  let notification = wb.page.locator('.notification-toast').filter({ hasText: completed }).first();
  if (!(await notification.waitFor({ timeout: 15_000 }).then(() => true, () => false))) {
    await wb.runCommand('Notifications: Show Notifications');
    notification = wb.page.locator('.notifications-center .notification-list-item').filter({ hasText: completed }).first();
    await notification.waitFor({ timeout: 15_000 });
  }
  await notification.getByRole('button', { name: 'Show Metrics' }).click();
  const metrics = wb.webview();
  await metrics.locator(`#metrics tr[data-key="${run.metric}"] td.number`, { hasText: /^\d/ }).waitFor({ timeout: 30_000 });
}

describe('e2e: Evaluate… runs every task on this machine with its fixture model', function () {
  const folders = ['tiny-ner', 'tiny-qa', 'tiny-summarizer', 'tiny-translator-en-ro'].map((name) => path.join(MODELS, name));
  const session = useWorkbenchSession('local-tasks', () => ({ 'foundationModels.localModelPaths': folders }));
  const model = (name: string) => `local-folder/${path.join(MODELS, name)}`;

  const runs: Evaluation[] = [
    { file: 'ner.jsonl', model: model('tiny-ner'), records: 40, metric: 'f1_score_micro' },
    { file: 'qa.jsonl', model: model('tiny-qa'), records: 30, metric: 'exact_match' },
    { file: 'news-summaries.tsv', model: model('tiny-summarizer'), records: 25, metric: 'rougeL' },
    // The panel guesses summarization for two text columns; the user picks translation and names the languages.
    { file: 'en-ro.csv', task: 'translation', mapping: { source: 'english', target: 'romanian' }, languages: { source: 'en', target: 'ro' }, model: model('tiny-translator-en-ro'), records: 40, metric: 'sacrebleu' },
  ];
  for (const run of runs) {
    it(`${run.file}: Evaluate… → Submit → the job's log → Show Metrics`, async () => {
      const wb = session().workbench;
      await clearWorkbench(wb);
      const panel = await openEvaluation(wb, run);
      await submitAndShowMetrics(wb, panel, run);
    });
  }
});

describe('e2e: Download Model… brings a curated model from the Hub (a fake one), and then it evaluates here', function () {
  let hub: FakeHub;
  let hfHome = '';
  // Registered before the session's hooks: the Hub runs before code-server starts with HF_ENDPOINT pointing at it.
  before(async () => {
    hfHome = mkdtempSync(path.join(os.tmpdir(), 'fm-e2e-hf-'));
    // The fixture models stand in for the repositories the curated entries name as their ONNX export.
    hub = await startFakeHub([
      { id: 'Xenova/opus-mt-en-ro', folder: path.join(MODELS, 'tiny-translator-en-ro'), pipelineTag: 'translation' },
      { id: 'Xenova/bert-base-NER', folder: path.join(MODELS, 'tiny-ner'), pipelineTag: 'token-classification' },
    ]);
  });
  const session = useWorkbenchSession('download', () => ({}), () => [], undefined, () => ({ HF_ENDPOINT: hub.url, HF_HOME: hfHome, HF_HUB_CACHE: path.join(hfHome, 'hub'), HF_TOKEN: '', HF_HUB_OFFLINE: '' }));
  after(async () => {
    await hub?.stop();
    rmSync(hfHome, { recursive: true, force: true });
  });

  it('from the catalog: the size first, progress, Cancel keeps what came, Download again resumes it', async () => {
    const wb = session().workbench;
    await wb.openViewContainer('Foundation Models');
    const catalog = await wb.expandPane('Catalog');
    await wb.treeRow(catalog, /^Translation$/).first().click();
    const row = wb.treeRow(catalog, 'OPUS-MT English → Romanian');
    await row.waitFor();
    // The download stalls part-way through the encoder, so that its progress can be seen and cancelled.
    hub.stallOnce('onnx/encoder_model.onnx', 200_000);
    await wb.runContextMenuItem(row, 'Download Model…');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: /Download OPUS-MT English → Romanian \(Xenova\/opus-mt-en-ro\): 1\.\d MB\?/ }).waitFor();
    assert.match(await dialog.innerText(), /\d+ files, 1\.\d MB to download, from the Hugging Face Hub \(http:\/\/127\.0\.0\.1:\d+\)/);
    await wb.screenshot('download-consent');
    assert.deepEqual(hub.fileRequests(), [], 'nothing is fetched before the user says yes');
    await dialog.getByRole('button', { name: 'Download' }).click();

    const progress = wb.page.locator('.notification-toast').filter({ hasText: /Downloading OPUS-MT/ }).first();
    await progress.filter({ hasText: /2\d\d\.\d kB of 1\.\d MB · onnx\/encoder_model\.onnx/ }).waitFor({ timeout: 30_000 });
    await wb.screenshot('download-progress');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await wb.page.locator('.notification-toast').filter({ hasText: /canceled; the part of onnx\/encoder_model\.onnx already fetched is kept.*Download Model… again resumes it/ }).first().waitFor({ timeout: 30_000 });

    await wb.runContextMenuItem(row, 'Download Model…');
    await dialog.filter({ hasText: /resuming: 200\.0 kB came before/ }).waitFor();
    await dialog.getByRole('button', { name: 'Download' }).click();
    await wb.page.locator('.notification-toast').filter({ hasText: 'OPUS-MT English → Romanian is on this machine' }).first().waitFor({ timeout: 60_000 });
    assert.ok(hub.fileRequests().some((r) => r.range === 'bytes=200000-'), 'the encoder resumed at the byte it had reached');

    // It evaluates here now, chosen by default for translation.
    await clearWorkbench(wb);
    const run = { file: 'en-ro.csv', task: 'translation', mapping: { source: 'english', target: 'romanian' }, languages: { source: 'en', target: 'ro' }, model: 'curated/helsinki-nlp-opus-mt-en-ro', records: 40, metric: 'sacrebleu' };
    const panel = await openEvaluation(wb, run);
    await submitAndShowMetrics(wb, panel, run);
  });

  it('from the Evaluate… panel: the curated model is marked, Submit waits, the Download button brings it', async () => {
    const wb = session().workbench;
    await clearWorkbench(wb);
    await wb.openExplorerContextMenu('ner.jsonl', 'Evaluate…');
    const panel = wb.webview();
    await panel.locator('h1', { hasText: 'Evaluate: ner.jsonl' }).waitFor();
    assert.equal(await panel.locator('#model').inputValue(), 'curated/dslim-bert-base-ner');
    assert.match(await panel.locator('#model option:checked').innerText(), /dslim-bert-base-ner — download first/);
    const blocked = panel.locator('#model-blocked');
    await blocked.filter({ hasText: /dslim-bert-base-ner is not on this machine yet: download its ONNX export \(Xenova\/bert-base-NER\)/ }).waitFor();
    assert.equal(await panel.locator('#submit').getAttribute('disabled'), '');
    assert.match(await panel.locator('#submit-blocked').innerText(), /not on this machine yet/);
    await wb.screenshot('download-panel-blocked');

    await blocked.getByRole('button', { name: 'Download Model' }).click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: /Download BERT base NER \(Xenova\/bert-base-NER\): \d+\.\d kB\?/ }).waitFor();
    await dialog.getByRole('button', { name: 'Download' }).click();
    // Once it is here, the panel says so itself: the mark and the notice go, Submit is enabled.
    await blocked.waitFor({ state: 'detached', timeout: 60_000 });
    assert.match(await panel.locator('#model option:checked').innerText(), /^dslim-bert-base-ner \(on this machine\)$/);
    const run = { file: 'ner.jsonl', model: 'curated/dslim-bert-base-ner', records: 40, metric: 'f1_score_micro' };
    await panel.locator('#validation-text', { hasText: 'valid: 40 records' }).waitFor({ timeout: 30_000 });
    await submitAndShowMetrics(wb, panel, run);
  });
});
