import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { repoRoot } from '../harness/codeServerInstall';
import type { Workbench } from '../harness/workbench';
import { useWorkbenchSession } from './workbenchSession';

/**
 * A server that counts every request: the hostile card's remote images, frames and scripts point at it, so
 * "loads nothing" is asserted by what it saw, not by what the page claims.
 */
function startTracker(): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'content-type': 'image/png' }).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, hits, close: () => new Promise((done) => server.close(() => done())) });
    }),
  );
}

async function clickViewAction(wb: Workbench, pane: Locator, label: string): Promise<void> {
  await pane.locator('.pane-header').hover();
  await pane.locator(`.pane-header .actions .action-label[aria-label="${label}"]`).click();
}

describe('e2e: catalog, filters, search and sanitized model cards', function () {
  let modelsDir = '';
  let tracker: Awaited<ReturnType<typeof startTracker>>;
  const requests: string[] = [];

  before(async () => {
    tracker = await startTracker();
    // The hostile card, pointed at the tracker, in a models folder named by foundationModels.localModelPaths.
    modelsDir = mkdtempSync(path.join(os.tmpdir(), 'fm-e2e-models-'));
    const model = path.join(modelsDir, 'hostile-card-model');
    cpSync(path.join(repoRoot, 'test/fixtures/models/hostile-card-model'), model, { recursive: true });
    const readme = path.join(model, 'README.md');
    writeFileSync(readme, readFileSync(readme, 'utf8').replaceAll('https://tracker.invalid', tracker.url).replaceAll('//tracker.invalid', `//${new URL(tracker.url).host}`));
  });
  after(async () => {
    await tracker?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  const session = useWorkbenchSession('catalog', () => ({ 'foundationModels.localModelPaths': [modelsDir] }));

  it('shows the curated collection and the model folders named in the settings', async () => {
    const wb = session().workbench;
    session().browser.page.on('request', (request) => requests.push(request.url()));
    await wb.openViewContainer('Foundation Models');
    const catalog = wb.viewPane('Catalog');
    await wb.treeRow(catalog, 'Curated').waitFor();
    const local = wb.treeRow(catalog, 'On This Machine');
    await local.waitFor();
    assert.equal(await local.locator('.label-description').innerText(), '1 model');
  });

  it('narrows the tree to one task from the title bar, says so, and clears in one click', async () => {
    const wb = session().workbench;
    const catalog = wb.viewPane('Catalog');
    const curated = wb.treeRow(catalog, 'Curated');
    const allCount = Number((await curated.locator('.label-description').innerText()).split(' ')[0]);

    await clickViewAction(wb, catalog, 'Filter by Task…');
    await wb.pickInQuickPick('Translation', /^Translation/);

    await catalog.locator('.pane-header .description', { hasText: 'Task: Translation' }).waitFor();
    await wb.treeRow(catalog, 'OPUS-MT English → German').waitFor(); // task folders open when filtered
    const filteredCount = Number((await curated.locator('.label-description').innerText()).split(' ')[0]);
    assert.ok(filteredCount > 0 && filteredCount < allCount, `${filteredCount} of ${allCount}`);
    assert.equal(await wb.treeRow(catalog, 'On This Machine').count(), 0, 'the text-classification folder model is filtered out');
    assert.equal(await wb.treeRow(catalog, /^Fill mask$/i).count(), 0);

    await clickViewAction(wb, catalog, 'Clear Catalog Filter');
    await wb.treeRow(catalog, 'On This Machine').waitFor();
    assert.equal(await catalog.locator('.pane-header .description').innerText().catch(() => ''), '');
  });

  it('finds a model with search and opens its card with badges, buttons and rendered markdown', async () => {
    const wb = session().workbench;
    await clickViewAction(wb, wb.viewPane('Catalog'), 'Search Models…');
    await wb.pickInQuickPick('flan-t5-small', 'google-flan-t5-small');
    const card = wb.webview();
    // The title is the card's name for people; the id and the publisher under it.
    await card.locator('#model-name', { hasText: 'FLAN-T5 small' }).waitFor();
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'FLAN-T5 small' }).waitFor();
    assert.equal(await card.locator('.publisher').innerText(), 'google-flan-t5-small · Google');
    // No weights on this machine: the badges claim no fine-tuning here, and each button says why it is disabled.
    assert.deepEqual(await card.locator('.badges vscode-badge').allInnerTexts(), ['Translation', 'apache-2.0']);
    // Its ONNX export is on the Hub: Download leads; the rest wait for it, or (fine-tuning summarization or translation) for Azure.
    assert.deepEqual(await card.locator('.actions vscode-button').allInnerTexts(), ['Download', 'Evaluate', 'Fine-tune', 'Deploy', 'Show code']);
    assert.equal(await card.locator('.actions vscode-button[data-action="download"]').getAttribute('secondary'), null);
    assert.equal(await card.locator('.actions vscode-button[disabled]').count(), 3);
    const reasons = await card.locator('#action-reasons').innerText();
    assert.match(reasons, /Evaluate: needs the model on this machine: Download it first\./);
    assert.match(reasons, /Fine-tune: Fine-tuning on this machine trains text classification in this version; fine-tune summarization on the Azure backend\./);
    await card.locator('#playground-unavailable', { hasText: /not on this machine yet/ }).waitFor();
    const facts = Object.fromEntries(
      (await card.locator('#facts tr').evaluateAll((rows) => rows.map((row) => [row.querySelector('th')?.textContent ?? '', row.querySelector('td')?.textContent ?? '']))) as [string, string][],
    );
    assert.equal(facts.Task, 'Translation');
    assert.match(facts['Fine-tuning tasks'] ?? '', /^Summarization \(not on .+\), Translation \(not on .+\)$/);
    assert.equal(facts.Parameters, '77M');
    assert.equal(facts.Languages, 'English, French, Romanian, German');
    assert.equal(await card.locator('#facts a', { hasText: 'google/flan-t5-small' }).getAttribute('href'), 'https://huggingface.co/google/flan-t5-small');
    await card.locator('#intended-use p', { hasText: /instruction-tuned/ }).waitFor();
    await card.locator('#limitations p').waitFor();
    assert.deepEqual(await card.locator('#links a').allInnerTexts(), ['Hugging Face Hub', 'Flan-T5 paper (arXiv)']);
    // The card's own first heading, the title again, is not repeated under it.
    assert.equal(await card.locator('#model-description h1').count(), 0);
    await card.locator('#model-description p', { hasText: 'T5 small further trained' }).waitFor();
  });

  it('renders a hostile card inert: nothing runs, nothing loads, remote images become links', async () => {
    const wb = session().workbench;
    await wb.runCommand('Foundation Models: Search Models…');
    await wb.pickInQuickPick('hostile', 'hostile-card-model');
    const card = wb.webview();
    await card.locator('#model-name', { hasText: 'Hostile card model' }).waitFor();
    await card.locator('#model-description a', { hasText: 'A safe link' }).waitFor();
    await wb.page.waitForTimeout(1500); // time for anything that could run or load to do so

    const frame = await wb.webviewFrame('#model-description');
    const inside = await frame.evaluate(() => {
      const body = document.getElementById('model-description');
      const all = Array.from(body?.querySelectorAll('*') ?? []);
      return {
        pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
        scripts: Array.from(document.querySelectorAll('script')).map((s) => s.getAttribute('src') ?? 'inline'),
        dangerous: all.filter((e) => /^(script|iframe|object|embed|svg|form|style|link|meta|base|img)$/i.test(e.tagName)).map((e) => e.tagName),
        handlers: all.flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}@${a.name}`)),
        badLinks: all.filter((e) => /^\s*(javascript|data|vbscript):/i.test(e.getAttribute('href') ?? '')).length,
        remoteImageLinks: Array.from(body?.querySelectorAll('a.remote-image') ?? []).map((a) => a.textContent),
      };
    });
    assert.equal(inside.pwned, null, 'no injected script ran in the card');
    for (const other of wb.page.frames()) {
      assert.equal(await other.evaluate(() => (window as unknown as { __pwned?: string }).__pwned ?? null).catch(() => null), null, `nothing ran in ${other.url()}`);
    }
    // VS Code injects one inline script of its own into every webview; every script with a source is ours.
    const sourced = inside.scripts.filter((src) => src !== 'inline');
    assert.equal(sourced.length, 1, `only the card's own bundle loads: ${inside.scripts.join(', ')}`);
    assert.match(sourced[0] ?? '', /\/dist\/webview\/modelCard\.js$/);
    assert.deepEqual(inside.dangerous, []);
    assert.deepEqual(inside.handlers, []);
    assert.equal(inside.badLinks, 0);
    assert.deepEqual(inside.remoteImageLinks, [
      'Image: tracking pixel (' + new URL(tracker.url).host + ')',
      'Image: remote chart (' + new URL(tracker.url).host + ')',
      'Image: protocol relative (' + new URL(tracker.url).host + ')',
    ]);
    assert.deepEqual(tracker.hits, [], 'the tracker saw no request');
    assert.deepEqual(requests.filter((url) => url.startsWith(tracker.url)), [], 'the browser asked the tracker for nothing');
  });
});
