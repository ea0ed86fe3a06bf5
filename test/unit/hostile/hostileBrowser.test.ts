import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startScoringServer, type ScoringServer } from '../../../src/backends/local/scoringServer';
import { launchBrowser, type RunningBrowser } from '../../harness/browser';
import { HARNESS_PACKAGES } from '../../harness/systemPackages';
import { html, pageServer } from '../../support/pageServer';

const TINY_SENTIMENT = path.resolve(__dirname, '../../fixtures/models/tiny-sentiment');

/**
 * Real Chromium (Debian's, headless, through playwright-core) against the real local scoring server: what a web
 * page the user visits (a site of its own, attacker.test, that resolves to this machine) can make it do.
 */
describe('hostile pages in Chromium against the scoring server', function () {
  this.timeout(60_000);
  let browser: RunningBrowser;
  let scoring: ScoringServer;
  let attacker: { port: number; close(): Promise<void> };

  before(async function () {
    if (!existsSync(HARNESS_PACKAGES.chromium)) {
      console.log(`      skipped: no Chromium at ${HARNESS_PACKAGES.chromium}`);
      this.skip();
    }
    scoring = await startScoringServer({ modelFolder: TINY_SENTIMENT, port: 0 });
    const target = `http://127.0.0.1:${scoring.port}`;
    const payload = JSON.stringify({ inputs: ['I loved it'] });
    attacker = await pageServer({
      // The classic JSON-by-form trick: a text/plain form whose one field spells a JSON body.
      '/form-text-plain': html(`<form method="POST" action="${target}/score" enctype="text/plain"><input name='{"inputs": ["I loved it"], "x": "' value='"}'></form><script>document.forms[0].submit()</script>`),
      '/form-urlencoded': html(`<form method="POST" action="${target}/score"><input name="inputs" value="I loved it"></form><script>document.forms[0].submit()</script>`),
      '/fetch': html(`<script>
        window.results = [];
        const send = (init) => fetch('${target}/score', { method: 'POST', body: ${JSON.stringify(payload)}, ...init }).then((r) => r.type + ' ' + r.status, (e) => 'refused: ' + e.message);
        Promise.all([send({ mode: 'no-cors', headers: { 'Content-Type': 'text/plain' } }), send({ mode: 'no-cors' }), send({ headers: { 'Content-Type': 'application/json' } })]).then((r) => { window.results = r; window.done = true; });
      </script>`),
      '/image': html(`<img src="${target}/health" onerror="window.done = true" onload="window.done = true">`),
    });
    // attacker.test is a site of its own that resolves to this machine: requests from it are cross-site.
    browser = await launchBrowser([`--host-resolver-rules=MAP attacker.test 127.0.0.1`]);
  });

  after(async () => {
    await browser?.close();
    await attacker?.close();
    await scoring?.close();
  });

  /** The server's log lines for /score and /health from now on (a page the form lands on asks for its favicon too). */
  const since = () => {
    const start = scoring.log.length;
    return () => scoring.log.slice(start).filter((line) => /Z [A-Z]+ \/(score|health) /.test(line));
  };

  for (const form of ['form-text-plain', 'form-urlencoded'] as const) {
    it(`[cross-origin] a ${form.replace('form-', '')} form post from another site gets 403 and never reaches the model`, async () => {
      const logged = since();
      const answer = browser.page.waitForResponse((response) => response.url().endsWith('/score'));
      await browser.page.goto(`http://attacker.test:${attacker.port}/${form}`);
      const response = await answer;
      assert.equal(response.status(), 403);
      assert.match(((await response.json()) as { error: string }).error, /answers programs on this machine, not web pages: a request from "http:\/\/attacker\.test:\d+" is refused/);
      const lines = logged();
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0] ?? '', /POST \/score 403 \d+ ms /);
    });
  }

  it('[cross-origin] fetches from another site (no-cors, and a CORS preflight) are refused before the model', async () => {
    const logged = since();
    await browser.page.goto(`http://attacker.test:${attacker.port}/fetch`);
    await browser.page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true);
    const results = await browser.page.evaluate(() => (window as unknown as { results: string[] }).results);
    assert.deepEqual(results.slice(0, 2), ['opaque 0', 'opaque 0'], 'a no-cors answer is opaque to the page');
    assert.match(results[2] ?? '', /^refused/, 'the CORS request fails: its preflight is refused');
    const lines = logged();
    assert.equal(lines.length, 3, lines.join('\n'));
    for (const line of lines) assert.match(line, /(POST|OPTIONS) \/score 403 \d+ ms .*not web pages/);
  });

  it('[cross-origin] an image tag on another site cannot read /health', async () => {
    const logged = since();
    await browser.page.goto(`http://attacker.test:${attacker.port}/image`);
    await browser.page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true);
    assert.deepEqual(logged().map((line) => / (GET \/health \d{3})/.exec(line)?.[1]), ['GET /health 403']);
  });
});
