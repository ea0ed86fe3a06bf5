import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot } from '../harness/codeServerInstall';
import { lowContrastText } from '../harness/contrast';
import { useWorkbenchSession } from './workbenchSession';

/** The themes VS Code ships, one of each kind: each must leave every text of our webviews legible. */
const THEMES = [
  ['Light Modern', 'vs'],
  ['Dark Modern', 'vs-dark'],
  ['Dark High Contrast', 'hc-black'],
  ['Light High Contrast', 'hc-light'],
] as const;

describe('e2e: the webviews in light, dark and high-contrast themes', function () {
  const session = useWorkbenchSession('themes', () => ({ 'foundationModels.localModelPaths': [path.join(repoRoot, 'test/fixtures/models/tiny-ner')] }));

  for (const [theme, kind] of THEMES) {
    it(`${theme}: the mapping panel, its problems included, keeps every text at WCAG AA contrast`, async () => {
      const wb = session().workbench;
      await wb.selectColorTheme(theme, kind);
      if ((await wb.page.locator('.tabs-container .tab', { hasText: 'Fine-tune: reviews.csv' }).count()) === 0) {
        await wb.openExplorerContextMenu('reviews.csv', 'Fine-tune…');
        const panel = wb.webview();
        await panel.locator('#validation-text', { hasText: 'valid: 60 records' }).waitFor();
        // A wrong column: the problems, the warning colour and the disabled Submit show too.
        await panel.locator('#role-sentence').selectOption('stars');
        await panel.locator('#validation-text', { hasText: '60 problems' }).waitFor();
      }
      await wb.page.locator('.tabs-container .tab', { hasText: 'Fine-tune: reviews.csv' }).click();
      const frame = await wb.webviewFrame('#problems');
      await wb.screenshot(`themes-panel-${theme}`);
      assert.deepEqual(await lowContrastText(frame), []);
    });

    it(`${theme}: the model card, its facts, disabled actions and links included, keeps every text at WCAG AA contrast`, async () => {
      const wb = session().workbench;
      if ((await wb.page.locator('.tabs-container .tab', { hasText: 'FLAN-T5 small' }).count()) === 0) {
        await wb.runCommand('Foundation Models: Search Models…');
        await wb.pickInQuickPick('flan-t5-small', 'google-flan-t5-small');
      }
      await wb.page.locator('.tabs-container .tab', { hasText: 'FLAN-T5 small' }).click();
      await wb.webview().locator('#facts').waitFor();
      const frame = await wb.webviewFrame('#facts');
      await wb.screenshot(`themes-card-${theme}`);
      assert.deepEqual(await lowContrastText(frame), []);
    });

    it(`${theme}: the playground's result, entities marked in the text, keeps every text at WCAG AA contrast`, async () => {
      const wb = session().workbench;
      if ((await wb.page.locator('.tabs-container .tab', { hasText: 'tiny-ner' }).count()) === 0) {
        await wb.runCommand('Foundation Models: Search Models…');
        await wb.pickInQuickPick('tiny-ner', 'tiny-ner');
        const card = wb.webview();
        await card.locator('#try-text').fill('Maria Lopez joined Northwind Traders in Lisbon last spring.');
        await card.locator('#try-run').click();
      }
      await wb.page.locator('.tabs-container .tab', { hasText: 'tiny-ner' }).click();
      await wb.webview().locator('.marked-text mark').first().waitFor({ timeout: 60_000 });
      const frame = await wb.webviewFrame('.marked-text');
      await wb.screenshot(`themes-playground-${theme}`);
      assert.deepEqual(await lowContrastText(frame), []);
    });
  }
});
