import { lowContrastText } from '../harness/contrast';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { repoRoot } from '../harness/codeServerInstall';
import type { Workbench } from '../harness/workbench';
import { SAMPLES, useWorkbenchSession } from './workbenchSession';

const TINY_SENTIMENT = path.join(repoRoot, 'test/fixtures/models/tiny-sentiment');

/**
 * A Python stand-in for the Trainer run (no torch here): it answers the environment probe, then prints the Trainer's
 * log dicts a second apart, saves a "model" and the final metrics, as `trainerScript.ts` does.
 */
function standInPython(dir: string): string {
  const file = path.join(dir, 'python-trains');
  const logs = [
    "{'loss': 1.0986, 'grad_norm': 2.5, 'learning_rate': 1.5e-05, 'epoch': 0.5}",
    "{'loss': 1.02, 'grad_norm': 2.2, 'learning_rate': 1e-05, 'epoch': 1.0}",
    "{'eval_loss': 0.98, 'eval_accuracy': 0.5, 'eval_runtime': 0.1, 'epoch': 1.0}",
    "{'loss': 0.91, 'grad_norm': 1.9, 'learning_rate': 5e-06, 'epoch': 1.5}",
    "{'loss': 0.84, 'grad_norm': 1.7, 'learning_rate': 0.0, 'epoch': 2.0}",
    "{'eval_loss': 0.86, 'eval_accuracy': 0.67, 'eval_runtime': 0.1, 'epoch': 2.0}",
  ];
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      `if [ "$1" = "-c" ]; then echo '{"python": "3.11.2", "modules": {"torch": true, "transformers": true, "datasets": true, "accelerate": true}}'; exit 0; fi`,
      'config="$2"',
      'out=$(sed -n \'s/.*"output": "\\(.*\\)",/\\1/p\' "$config")',
      ...logs.flatMap((line) => ['sleep 1.5', `echo "${line}"`]),
      'mkdir -p "$out/model" && echo \'{"architectures": ["BertForSequenceClassification"]}\' > "$out/model/config.json"',
      'echo \'FM_METRICS {"eval_loss": 0.86, "eval_accuracy": 0.67, "eval_runtime": 0.1, "epoch": 2.0}\'',
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

/** A copy of samples/ with a smaller review file (so two evaluations differ), a model to train, and an export folder. */
function prepareWorkspace(root: string): { workspace: string; tinyBert: string; exports: string } {
  const workspace = path.join(root, 'samples');
  cpSync(SAMPLES, workspace, { recursive: true });
  const reviews = readFileSync(path.join(workspace, 'reviews.csv'), 'utf8').split('\n');
  writeFileSync(path.join(workspace, 'reviews-subset.csv'), `${reviews.slice(0, 25).join('\n')}\n`);
  const tinyBert = path.join(root, 'models', 'tiny-bert');
  mkdirSync(tinyBert, { recursive: true });
  writeFileSync(path.join(tinyBert, 'config.json'), JSON.stringify({ architectures: ['BertForSequenceClassification'], model_type: 'bert' }));
  writeFileSync(path.join(tinyBert, 'model.safetensors'), '');
  const exports = path.join(root, 'exports');
  mkdirSync(exports, { recursive: true });
  return { workspace, tinyBert, exports };
}

/** Runs Evaluate… on `file` with the fixture model, from the Explorer's context menu. */
async function evaluate(wb: Workbench, file: string): Promise<void> {
  await wb.openExplorerContextMenu(file, 'Evaluate…');
  const panel = wb.webview();
  await panel.locator('h1', { hasText: `Evaluate: ${file}` }).waitFor();
  await panel.locator('#model').selectOption(`local-folder/${TINY_SENTIMENT}`);
  await panel.locator('#validation-text', { hasText: /^valid: \d+ records/ }).waitFor();
  await panel.locator('#submit').click();
  await panel.locator('#submit-result', { hasText: /^Submitted evaluate-/ }).waitFor();
}

/** The Save dialog code-server shows (VS Code's simple file dialog): the path typed, then OK. */
async function saveAs(wb: Workbench, title: string, file: string): Promise<void> {
  const input = await wb.waitForQuickInput(new RegExp(`^${title}$`));
  // The dialog fills in its suggestion once it has read the folder: replace it only after that.
  await wb.page.waitForFunction(() => (document.querySelector('.quick-input-widget input.input') as HTMLInputElement | null)?.value.endsWith('.csv') || (document.querySelector('.quick-input-widget input.input') as HTMLInputElement | null)?.value.endsWith('.json'));
  await input.fill(file);
  // The dialog checks what is typed as it changes; OK takes it once the check settled (try again until it closes).
  const ok = wb.page.locator('.quick-input-widget .monaco-button', { hasText: /^OK$/ });
  for (let attempt = 0; attempt < 5; attempt++) {
    await wb.page.waitForTimeout(300);
    if (!(await ok.isVisible())) break;
    await ok.click().catch(() => undefined);
  }
  await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * Waits for `selector` in the active webview. A webview that code-server (re)creates can stay blank when its service
 * worker changes under it ("Found unexpected service worker controller"); Developer: Reload Webviews brings it back.
 */
async function inWebview(wb: Workbench, selector: string): Promise<void> {
  const shown = await wb.webview().locator(selector).first().waitFor({ timeout: 15_000 }).then(() => true, () => false);
  if (shown) return;
  await wb.runCommand('Developer: Reload Webviews');
  await wb.webview().locator(selector).first().waitFor();
}

/** Hides the Output panel, if it shows, so that a screenshot holds more of the view. */
async function hidePanel(wb: Workbench): Promise<void> {
  if (await wb.page.locator('.part.panel').isVisible()) await wb.runCommand('View: Hide Panel');
  await wb.page.locator('.part.panel').waitFor({ state: 'hidden' });
}

describe('e2e: the metrics view: display names, confusion matrix, predictions, export, compare, live curves', function () {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fm-metrics-e2e-'));
  const { workspace, tinyBert, exports } = prepareWorkspace(root);
  const python = standInPython(root);
  const session = useWorkbenchSession(
    'metrics',
    () => ({ 'foundationModels.localModelPaths': [TINY_SENTIMENT, tinyBert], 'foundationModels.pythonPath': python }),
    () => [],
    () => workspace,
  );
  after(() => rmSync(root, { recursive: true, force: true }));

  it('shows display names with meanings, the confusion matrix and the predictions, filtered to the mistakes', async () => {
    const wb = session().workbench;
    await evaluate(wb, 'reviews.csv');
    const notification = wb.page.locator('.notification-toast').filter({ hasText: /completed: Accuracy 0\.\d{3}, F1 \(macro\) 0\.\d{3}/ }).first();
    await notification.waitFor({ timeout: 60_000 });
    await notification.getByRole('button', { name: 'Show Metrics' }).click();
    const view = wb.webview();

    // Display names, each with its meaning; the key stays as the row's title.
    const accuracy = view.locator('#metrics tr[data-key="accuracy"]');
    await accuracy.waitFor();
    assert.equal(await accuracy.locator('th').innerText(), 'Accuracy');
    assert.equal(await accuracy.locator('td.hint').innerText(), 'share of records whose prediction equals the reference');
    assert.equal(await view.locator('#metrics tr[data-key="f1_score_macro"] th').innerText(), 'F1 (macro)');
    assert.deepEqual(await view.locator('#per-class thead th').allInnerTexts(), ['Class', 'Precision', 'Recall', 'F1', 'Support']);

    // The confusion matrix: a row per reference class, a column per prediction, counts adding up to the records.
    const matrix = view.locator('#confusion-matrix');
    assert.deepEqual(await matrix.locator('thead th.predicted').allInnerTexts(), ['negative', 'neutral', 'positive']);
    assert.deepEqual(await matrix.locator('tbody th').allInnerTexts(), ['negative', 'neutral', 'positive']);
    const counts = (await matrix.locator('td.cell').allInnerTexts()).map(Number);
    assert.equal(counts.reduce((a, b) => a + b, 0), 60);
    const right = (await matrix.locator('td.diagonal').allInnerTexts()).map(Number).reduce((a, b) => a + b, 0);
    const shownAccuracy = Number(await accuracy.locator('td.number').innerText());
    assert.ok(Math.abs(shownAccuracy - right / 60) < 1e-4, 'the diagonal is the accuracy');

    // The predictions, then only the mistakes: as many as the matrix has off its diagonal.
    await view.locator('#predictions-count', { hasText: `Showing 60 of 60 predictions, ${60 - right} of them mistakes` }).waitFor();
    await view.locator('#mistakes-only').click();
    await view.locator('#predictions-count', { hasText: `Showing ${60 - right} of ${60 - right} mistakes` }).waitFor();
    assert.equal(await view.locator('#predictions tbody tr').count(), 60 - right);
    assert.equal(await view.locator('#predictions tbody tr.mistake').count(), 60 - right);
    await hidePanel(wb);
    await wb.screenshot('metrics-dark-mistakes');

    // A mistake's line opens reviews.csv at that line, where its text is.
    const first = view.locator('#predictions tbody tr').first();
    const link = first.locator('.line-link');
    const line = Number(/reviews\.csv:(\d+)/.exec(await link.innerText())?.[1]);
    const input = await first.locator('td.input').innerText();
    const fileLine = readFileSync(path.join(workspace, 'reviews.csv'), 'utf8').replace(/""/g, '"').split('\n')[line - 1] ?? '';
    assert.ok(fileLine.includes(input), `line ${line} of reviews.csv holds "${input}"`);
    await link.click();
    await wb.page.locator('.tabs-container .tab.active[data-resource-name="reviews.csv"]').waitFor();
    await wb.page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col 1`) }).waitFor();
  });

  it('a confusion-matrix cell lists its predictions; metrics and predictions export to CSV and JSON that read back', async () => {
    const wb = session().workbench;
    await wb.page.locator('.tabs-container .tab', { hasText: 'Metrics: Evaluate tiny-sentiment on reviews.csv' }).click();
    const view = wb.webview();
    const cell = view.locator('#confusion-matrix td.cell:not(.diagonal):not(.empty)').first();
    const [reference, prediction, count] = [await cell.getAttribute('data-reference'), await cell.getAttribute('data-prediction'), Number(await cell.innerText())];
    await cell.locator('button').click();
    await view.locator('#predictions-count', { hasText: `Showing ${count} of ${count} records of ${reference} predicted as ${prediction}` }).waitFor();

    await view.locator('#export-predictions-csv').click();
    const predictionsFile = path.join(exports, 'predictions.csv');
    await saveAs(wb, 'Export CSV', predictionsFile);
    await view.locator('#export-status-predictions', { hasText: `Saved ${predictionsFile}` }).waitFor();
    const rows = Papa.parse<Record<string, string>>(readFileSync(predictionsFile, 'utf8').trim(), { header: true }).data;
    assert.equal(rows.length, 60, 'every prediction, whatever the table shows');
    assert.deepEqual(Object.keys(rows[0] ?? {}), ['index', 'line', 'input', 'reference', 'prediction', 'correct']);
    assert.equal(rows.filter((row) => row.reference === reference && row.prediction === prediction).length, count);

    await view.locator('#export-metrics-json').click();
    const metricsFile = path.join(exports, 'metrics.json');
    await saveAs(wb, 'Export JSON', metricsFile);
    await view.locator('#export-status-metrics', { hasText: `Saved ${metricsFile}` }).waitFor();
    const json = JSON.parse(readFileSync(metricsFile, 'utf8')) as { metrics: Record<string, number>; names: Record<string, string>; confusionMatrix: { labels: string[] } };
    assert.equal(json.names.f1_score_macro, 'F1 (macro)');
    assert.deepEqual(json.confusionMatrix.labels, ['negative', 'neutral', 'positive']);
    assert.equal(json.metrics.accuracy?.toFixed(4), await view.locator('#metrics tr[data-key="accuracy"] td.number').innerText());
  });

  it('compares two evaluation runs side by side, the best value of each row marked', async () => {
    const wb = session().workbench;
    await evaluate(wb, 'reviews-subset.csv');
    await wb.page.locator('.notification-toast').filter({ hasText: /reviews-subset\.csv completed/ }).first().waitFor({ timeout: 60_000 });
    await wb.openViewContainer('Foundation Models');
    const jobs = await wb.expandPane('Jobs');
    const subset = wb.treeRow(jobs, /on reviews-subset\.csv/);
    const full = wb.treeRow(jobs, /on reviews\.csv/);
    await subset.locator('.label-description', { hasText: /^completed/ }).waitFor();
    await full.click();
    await subset.click({ modifiers: ['ControlOrMeta'] });
    await wb.runContextMenuItem(subset, 'Compare Metrics…');

    const view = wb.webview();
    await view.locator('h1', { hasText: 'Compare 2 runs' }).waitFor();
    assert.equal(await view.locator('#comparison thead th.run').count(), 2);
    assert.equal(await view.locator('#comparison tr[data-key="accuracy"] th').innerText(), 'Accuracy');
    // Each row's marked cells are its highest values (all these metrics are higher-better), unless all are equal.
    for (const row of await view.locator('#comparison tbody tr').all()) {
      const values = (await row.locator('td.number').allInnerTexts()).map((text) => Number.parseFloat(text));
      const marked = await row.locator('td.number').evaluateAll((cells) => cells.map((cell) => cell.classList.contains('best')));
      const best = Math.max(...values);
      const expected = values.every((v) => v === best) ? values.map(() => false) : values.map((v) => v === best);
      assert.deepEqual(marked, expected, `${await row.getAttribute('data-key')}: ${values.join(' vs ')}`);
    }
    await hidePanel(wb);
    await wb.screenshot('metrics-dark-compare');
  });

  it('draws a running fine-tune\'s training loss and validation curves live, then its final metrics', async () => {
    const wb = session().workbench;
    await wb.openExplorerContextMenu('reviews.csv', 'Fine-tune…');
    const panel = wb.webview();
    await panel.locator('h1', { hasText: 'Fine-tune: reviews.csv' }).waitFor();
    await panel.locator('#model').selectOption(`local-folder/${tinyBert}`);
    await panel.locator('#validation-text', { hasText: 'valid: 60 records' }).waitFor();
    await panel.locator('#submit').click();
    await panel.locator('#submit-result', { hasText: /^Submitted finetune-/ }).waitFor({ timeout: 30_000 });

    await wb.openViewContainer('Foundation Models');
    const jobs = await wb.expandPane('Jobs');
    const row = wb.treeRow(jobs, /^Fine-tune tiny-bert on reviews\.csv/);
    await row.locator('.label-description', { hasText: /^running/ }).waitFor({ timeout: 30_000 });
    await wb.runContextMenuItem(row, 'Show Metrics');
    const view = wb.webview();
    await view.locator('#curves-live', { hasText: 'live' }).waitFor({ timeout: 30_000 });
    await view.locator('figure.chart[data-title="Loss"]').waitFor({ timeout: 30_000 });
    await view.locator('#no-metrics').waitFor();
    await hidePanel(wb);
    await wb.screenshot('metrics-dark-live-curves');

    // When the run ends, the curves hold every point and the final metrics replace the wait.
    await view.locator('#metrics tr[data-key="eval_accuracy"] th', { hasText: 'Accuracy (validation)' }).waitFor({ timeout: 60_000 });
    await view.locator('#curves-live').waitFor({ state: 'hidden' });
    const loss = view.locator('figure.chart[data-title="Loss"]');
    assert.equal(await loss.locator('polyline').count(), 2, 'training and validation loss');
    assert.equal(await loss.locator('circle.series-0').count(), 4);
    assert.match(await loss.locator('.legend li').first().innerText(), /^training 0\.8400 at epoch 2/);
    assert.deepEqual(await view.locator('figure.chart').evaluateAll((charts) => charts.map((c) => c.getAttribute('data-title'))), ['Loss', 'Accuracy', 'Gradient norm', 'Learning rate']);
  });

  it('reads in light, dark and high-contrast themes: metrics, confusion matrix, predictions and curves', async () => {
    const wb = session().workbench;
    await wb.runCommand('View: Single Column Editor Layout');
    await wb.page.locator('.tabs-container .tab', { hasText: 'Metrics: Evaluate tiny-sentiment on reviews.csv' }).click();
    await wb.runCommand('View: Close Other Editors in Group');
    await wb.runCommand('Notifications: Clear All Notifications');
    // The fine-tune's view beside the evaluation's, as a second tab of the group.
    const jobs = await wb.expandPane('Jobs');
    await wb.runContextMenuItem(wb.treeRow(jobs, /^Fine-tune tiny-bert on reviews\.csv/), 'Show Metrics');
    await inWebview(wb, 'figure.chart[data-title="Accuracy"]');
    await hidePanel(wb);
    const tab = (name: string) => wb.page.locator('.tabs-container .tab', { hasText: name });
    const themes = [['Light Modern', 'light', 'vs'], ['Dark High Contrast', 'hc', 'hc-black'], ['Dark Modern', 'dark', 'vs-dark']] as const;
    for (const [theme, name, kind] of themes) {
      await wb.selectColorTheme(theme, kind);
      await tab('Metrics: Evaluate tiny-sentiment on reviews.csv').click();
      await inWebview(wb, '#confusion-matrix');
      const view = wb.webview();
      await wb.page.waitForTimeout(500);
      await wb.screenshot(`metrics-${name}-evaluation`);
      await view.locator('#mistakes-only').click();
      await view.locator('#predictions-count', { hasText: /mistakes/ }).waitFor();
      await view.locator('#predictions-section').scrollIntoViewIfNeeded();
      await wb.screenshot(`metrics-${name}-predictions`);
      assert.deepEqual(await lowContrastText(await wb.webviewFrame('#confusion-matrix')), [], `${theme}: the evaluation's texts`);
      await tab('Metrics: Fine-tune tiny-bert on reviews.csv').click();
      await inWebview(wb, 'figure.chart[data-title="Loss"] circle');
      await wb.page.waitForTimeout(500);
      await wb.screenshot(`metrics-${name}-curves`);
      assert.deepEqual(await lowContrastText(await wb.webviewFrame('figure.chart')), [], `${theme}: the curves' texts`);
    }
  });
});
