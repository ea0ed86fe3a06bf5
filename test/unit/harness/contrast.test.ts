import assert from 'node:assert/strict';
import { launchBrowser, type RunningBrowser } from '../../harness/browser';
import { lowContrastText } from '../../harness/contrast';

// The themes e2e trusts this checker to find text a user cannot read: it must flag what WCAG flags, and only that.
describe('the contrast checker of the themes e2e', function () {
  this.timeout(60_000);
  let browser: RunningBrowser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('flags text under 4.5:1 on the editor background, blended and nested, and nothing above it', async () => {
    await browser.page.setContent(`
      <html style="--vscode-editor-background: #ffffff"><body>
        <p id="a" style="color: #767676">4.54:1, passes</p>
        <p style="color: #777777">4.48:1, fails</p>
        <div style="background: #000"><span style="color: #555">2.8:1 on black, fails</span></div>
        <div style="background: rgba(0, 0, 0, 0.7)"><span style="color: #fff">white on 70% black over white, passes</span></div>
        <div style="background: rgba(0, 0, 0, 0.5)"><span style="color: #fff">white on 50% black over white, fails</span></div>
        <p style="color: rgba(0, 0, 0, 0.3)">translucent ink, fails</p>
        <div style="background: color-mix(in srgb, #000 80%, transparent)"><span style="color: #333">dark grey on color-mix black, fails</span></div>
        <button disabled style="color: #ccc">disabled, exempt</button>
        <p style="color: #ddd; display: none">hidden, not judged</p>
        <div id="host"></div>
        <script>document.getElementById('host').attachShadow({ mode: 'open' }).innerHTML = '<b style="color: #aaa">in a shadow root, fails</b>';</script>
      </body></html>`);
    const found = await lowContrastText(browser.page.mainFrame());
    assert.deepEqual(found.map((f) => [f.text, f.ratio]), [
      ['4.48:1, fails', 4.48],
      ['2.8:1 on black, fails', 2.82],
      ['white on 50% black over white, fails', 3.98],
      ['translucent ink, fails', 2.11],
      ['dark grey on color-mix black, fails', 1],
      ['in a shadow root, fails', 2.32],
    ]);
  });
});
