import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureDebianPackages, HARNESS_PACKAGES } from './systemPackages';

export interface RunningBrowser {
  readonly browser: Browser;
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, driven by playwright-core (never a downloaded browser). The background-networking
 * flags keep it from calling out of a closed network; the user-data folder is fresh and removed on close.
 * `extraArgs` adds flags (a host-resolver rule that sends a made-up site to this machine, say).
 */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<RunningBrowser> {
  ensureDebianPackages(['chromium']);
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'fm-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: HARNESS_PACKAGES.chromium,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      ...extraArgs,
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const browser = context.browser();
  return {
    browser: browser as Browser,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
