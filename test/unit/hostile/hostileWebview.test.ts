import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { CatalogModelSchema } from '../../../src/core/catalog/catalogModel';
import { renderModelCard } from '../../../src/core/catalog/modelCardHtml';
import { launchBrowser, type RunningBrowser } from '../../harness/browser';
import { HARNESS_PACKAGES } from '../../harness/systemPackages';
import { fixture } from '../../support/hostileCorpus';
import { html, pageServer } from '../../support/pageServer';

const ROOT = path.resolve(__dirname, '../../..');
const WEBVIEWS = ['modelCard', 'jobPanel', 'metrics'] as const;

interface PageState {
  readonly violations: string[];
  readonly posted: unknown[];
  readonly evalProbe: string;
}

/** What the page's prelude recorded: CSP violations, messages posted to the extension, the page's eval probe. */
function pageState(page: Page): Promise<PageState> {
  return page.evaluate(() => {
    const state = window as unknown as PageState;
    return { violations: state.violations, posted: state.posted, evalProbe: state.evalProbe };
  });
}

/**
 * The real model card webview bundle in Chromium under the CSP the extension gives it, fed a hostile card: what
 * the card's markup can do to its script, and what zod does to the CSP.
 */
describe('the model card webview under its CSP, in Chromium', function () {
  this.timeout(60_000);
  let browser: RunningBrowser;
  let bundleDir = '';
  let webview: { port: number; close(): Promise<void> };
  const nonce = 'aGVsbG8tbm9uY2U=';

  before(async function () {
    this.timeout(60_000);
    if (!existsSync(HARNESS_PACKAGES.chromium)) {
      console.log(`      skipped: no Chromium at ${HARNESS_PACKAGES.chromium}`);
      this.skip();
    }
    browser = await launchBrowser();
    bundleDir = mkdtempSync(path.join(os.tmpdir(), 'fm-webview-'));
    const entryPoints = Object.fromEntries(WEBVIEWS.map((name) => [name, path.join(ROOT, `webview/${name}/main.ts`)]));
    await esbuild.build({ entryPoints, outdir: bundleDir, bundle: true, platform: 'browser', format: 'esm', target: 'chrome120', logLevel: 'warning' });
    // The CSP of webviewHtml.ts (scripts by nonce only, no eval), and a stand-in for VS Code's webview API.
    const csp = `default-src 'none'; img-src 'self' data:; font-src 'self'; style-src 'self' 'nonce-${nonce}'; script-src 'nonce-${nonce}'`;
    const page = (bundle: string) =>
      html(
        `<main id="root"></main><script type="module" nonce="${nonce}" src="/${bundle}.js"></script>`,
        `<meta http-equiv="Content-Security-Policy" content="${csp}">
        <script nonce="${nonce}">
          window.violations = []; window.posted = [];
          document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
          window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m), getState: () => undefined, setState: () => {} });
          // The page's own proof that the CSP is in force: one refused eval, one violation.
          try { new Function(''); window.evalProbe = 'allowed'; } catch { window.evalProbe = 'refused'; }
        </script>`,
      );
    webview = await pageServer({
      '/': page('modelCard'),
      ...Object.fromEntries(WEBVIEWS.flatMap((name) => [
        [`/${name}.html`, page(name)],
        [`/${name}.js`, { type: 'text/javascript', body: () => readFileSync(path.join(bundleDir, `${name}.js`), 'utf8') }],
      ])),
    });
  });
  after(async () => {
    await browser?.close();
    await webview?.close();
    rmSync(bundleDir, { recursive: true, force: true });
  });

  it('[webview] loads without a CSP violation (zod is jitless), survives malformed anchors, and names its own model', async () => {
    const errors: string[] = [];
    browser.page.on('pageerror', (error) => errors.push(error.message));
    await browser.page.goto(`http://127.0.0.1:${webview.port}/`);
    await browser.page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'));
    const model = CatalogModelSchema.parse({ id: 'local-folder/hostile', name: 'hostile', collection: 'local-folder', task: 'text-classification', license: 'mit', description: '' });
    const descriptionHtml = renderModelCard(readFileSync(fixture('cards/bad-anchor.md'), 'utf8'));
    const actions = [{ action: 'evaluate', enabled: true, primary: true }];
    await browser.page.evaluate((message) => window.postMessage(message, '*'), { type: 'showModel', model, descriptionHtml, facts: [], actions, fineTunableHere: [], backendName: 'Local' });
    await browser.page.waitForSelector('#model-description a');
    for (const href of ['#%E0%A4%25A', '#%', '#anchors']) await browser.page.click(`#model-description a[href="${href}"]`);
    await browser.page.click('vscode-button[data-action="evaluate"]');
    const state = await pageState(browser.page);
    assert.deepEqual(errors, [], 'no uncaught error in the card');
    assert.equal(state.evalProbe, 'refused', 'the CSP is in force');
    assert.deepEqual(state.violations, ['script-src eval'], 'no CSP violation but the page\'s own probe');
    assert.deepEqual(state.posted.at(-1), { type: 'action', action: 'evaluate', modelId: 'local-folder/hostile' });
  });

  for (const name of ['jobPanel', 'metrics'] as const) {
    it(`[webview] the ${name} webview loads without a CSP violation`, async () => {
      const errors: string[] = [];
      browser.page.on('pageerror', (error) => errors.push(error.message));
      await browser.page.goto(`http://127.0.0.1:${webview.port}/${name}.html`);
      await browser.page.waitForFunction(() => (window as unknown as { posted: { type: string }[] }).posted.some((m) => m.type === 'ready'));
      const state = await pageState(browser.page);
      assert.deepEqual(errors, []);
      assert.equal(state.evalProbe, 'refused', 'the CSP is in force');
      assert.deepEqual(state.violations, ['script-src eval'], 'no CSP violation but the page\'s own probe');
    });
  }
});
