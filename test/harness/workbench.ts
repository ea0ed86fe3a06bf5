import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { repoRoot } from './codeServerInstall';

/** Drives the VS Code workbench the way a user does: activity bar, command palette, views, panels. */
export class Workbench {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.activitybar').waitFor();
    await this.page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
  }

  activityBarItem(label: string): Locator {
    return this.page.locator(`.activitybar .action-item a[aria-label^="${label}"], .activitybar .action-item[aria-label^="${label}"]`).first();
  }

  /**
   * Opens a view container from the activity bar (a no-op when it is already open). Clicking the icon of the
   * container that shows hides the side bar, and right after a reload the side bar may still be restoring: so
   * click only while it does not show the container, and look again after each click.
   */
  async openViewContainer(label: string): Promise<Locator> {
    const sidebar = this.page.locator('.part.sidebar');
    const shown = sidebar.locator('.composite.title .title-label h2').filter({ hasText: new RegExp(`^${label}$`, 'i') });
    for (let attempt = 0; attempt < 4; attempt++) {
      if (await shown.waitFor({ timeout: attempt === 0 ? 500 : 2000 }).then(() => true, () => false)) return sidebar;
      await this.activityBarItem(label).click();
    }
    await shown.waitFor();
    return sidebar;
  }

  /** A view's pane inside the side bar, by its title. */
  viewPane(title: string): Locator {
    return this.page.locator('.part.sidebar .pane').filter({
      has: this.page.locator('.pane-header', { hasText: new RegExp(`^\\s*${title}`, 'i') }),
    });
  }

  /** Expands a side bar view's pane if it is collapsed (a click on an open one would close it). */
  async expandPane(title: string): Promise<Locator> {
    const pane = this.viewPane(title);
    const header = pane.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await header.and(this.page.locator('[aria-expanded="true"]')).waitFor();
    return pane;
  }

  treeRow(pane: Locator, label: string | RegExp): Locator {
    return pane.locator('.monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: label }) });
  }

  async runCommand(title: string): Promise<void> {
    await this.page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 }, force: true }).catch(() => undefined);
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(`>${title}`);
    // The row whose label is exactly the title: fuzzy matching also lists longer titles ("Show Job Log" for
    // "Show Log"), and Enter would run whichever ranks first.
    const label = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    const row = this.page
      .locator('.quick-input-widget .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: label }) })
      .first();
    await row.waitFor();
    await row.click();
  }

  /** Right-clicks a file in the Explorer and picks an item of its context menu. */
  async openExplorerContextMenu(fileName: string, item: string): Promise<void> {
    const sidebar = await this.openViewContainer('Explorer');
    const row = sidebar.locator('.explorer-folders-view .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${fileName.replace('.', '\\.')}$`) }) });
    await this.runContextMenuItem(row, item);
  }

  /** Right-clicks `row` (a tree or list row) and runs the context menu item `item`. */
  async runContextMenuItem(row: Locator, item: string): Promise<void> {
    await row.click({ button: 'right' });
    const menuItem = this.page.locator('.monaco-menu .action-item .action-label', { hasText: item }).first();
    await menuItem.waitFor();
    // On a loaded machine the menu can swallow a click that lands while it is still laying out: try again
    // until it closes, which it does once the item ran.
    for (let attempt = 0; attempt < 3; attempt++) {
      await menuItem.click().catch(() => undefined);
      const closed = await this.page.locator('.monaco-menu').first().waitFor({ state: 'hidden', timeout: 3000 }).then(() => true, () => false);
      if (closed) return;
    }
    throw new Error(`The context menu item "${item}" did not run`);
  }

  /** Waits until the quick input showing is the one titled `title` (not the one before it, still closing). */
  async waitForQuickInput(title: string | RegExp): Promise<Locator> {
    await this.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor();
    return this.page.locator('.quick-input-widget input.input');
  }

  /** Types `filter` into the open quick pick, waits for a row showing `row`, and accepts the first such row. */
  async pickInQuickPick(filter: string, row: string | RegExp): Promise<void> {
    const input = this.page.locator('.quick-input-widget input.input');
    await input.fill(filter);
    await this.quickPickRows().filter({ hasText: row }).first().waitFor();
    await input.press('Enter');
  }

  /** The quick pick's visible rows, once one is open. */
  quickPickRows(): Locator {
    return this.page.locator('.quick-input-widget .monaco-list-row');
  }

  /** The text of the Output panel's editor, for whichever channel it shows. */
  async outputText(): Promise<string> {
    const lines = this.page.locator('.part.panel .output-view .view-lines');
    await lines.waitFor();
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }

  /** Waits until the Output panel's text matches, and returns that text. */
  async waitForOutput(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < deadline) {
      text = await this.outputText().catch(() => '');
      if (pattern.test(text)) return text;
      await this.page.waitForTimeout(200);
    }
    throw new Error(`The Output panel never showed ${pattern}; it showed:\n${text}`);
  }

  /** The content document of the active webview (VS Code nests it in two iframes). */
  /** The webview shown last: a panel kept alive in a background tab (retainContextWhenHidden) has a hidden frame. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready:visible').last().frameLocator('#active-frame');
  }

  /**
   * The webview frame that shows `selector`, for evaluating inside it (a FrameLocator cannot): in a webview whose frame
   * is visible, not a panel kept alive in a background tab (its document still lays itself out).
   */
  async webviewFrame(selector: string): Promise<Frame> {
    for (let attempt = 0; attempt < 50; attempt++) {
      for (const outer of (await this.page.locator('iframe.webview.ready:visible').elementHandles()).reverse()) {
        const active = await (await outer.contentFrame())?.$('#active-frame');
        const frame = await active?.contentFrame();
        if (frame && (await frame.locator(selector).count().catch(() => 0))) return frame;
      }
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no webview frame holds ${selector}`);
  }

  /**
   * Switches the colour theme as a user does (Preferences: Color Theme), and waits until the workbench wears it:
   * webviews take the new theme's colours with it.
   */
  async selectColorTheme(label: string, kind: 'vs' | 'vs-dark' | 'hc-black' | 'hc-light'): Promise<void> {
    await this.runCommand('Preferences: Color Theme');
    await this.pickInQuickPick(label, new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await this.page.locator(`.monaco-workbench.${kind}`).waitFor();
    // The picker closes after the theme applies: the next command must not type into it.
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  notifications(): Locator {
    return this.page.locator('.notification-toast .notification-list-item-message');
  }

  async screenshot(name: string): Promise<string> {
    const dir = path.join(repoRoot, 'test-results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}
