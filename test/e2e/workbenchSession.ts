import path from 'node:path';
import { launchBrowser, type RunningBrowser } from '../harness/browser';
import { startCodeServer, type RunningCodeServer } from '../harness/codeServer';
import { repoRoot } from '../harness/codeServerInstall';
import { Workbench } from '../harness/workbench';

export const VSIX = path.join(repoRoot, 'dist', 'foundation-models.vsix');
export const SAMPLES = path.join(repoRoot, 'samples');

export interface WorkbenchSession {
  readonly server: RunningCodeServer;
  readonly browser: RunningBrowser;
  readonly workbench: Workbench;
  close(): Promise<void>;
}

/**
 * A fresh code-server with the packaged extension, `samples/` open, and a browser on it. Everything it started
 * is stopped by `close()`, which suites call from `after` so that a failing test still cleans up.
 */
export async function openWorkbenchSession(settings: Record<string, unknown> = {}, extraPath: readonly string[] = [], workspace = SAMPLES, env: Readonly<Record<string, string>> = {}): Promise<WorkbenchSession> {
  const verbose = process.env.FM_E2E_VERBOSE === '1';
  const server = await startCodeServer({
    vsix: VSIX,
    workspace,
    settings: { 'foundationModels.backend': 'local', ...settings },
    extraPath,
    env,
    log: verbose ? (line) => console.log(line) : undefined,
  });
  let browser: RunningBrowser | undefined;
  try {
    browser = await launchBrowser();
    const workbench = new Workbench(browser.page);
    await workbench.open(server.url);
    // Our activity bar icon shows once the extension's contributions (menus included) are registered.
    await workbench.activityBarItem('Foundation Models').waitFor({ timeout: 60_000 });
    const opened = browser;
    return {
      server,
      browser: opened,
      workbench,
      close: async () => {
        await opened.close();
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

/**
 * Registers the hooks of an e2e suite: one session for the suite (the first run may install code-server) with
 * the user settings `settings()` returns when it starts (so a suite's own `before` can prepare them), a
 * screenshot after each test under `test-results/<prefix>-<test>.png`, and a close that runs even on failure.
 */
export function useWorkbenchSession(
  screenshotPrefix: string,
  settings: () => Record<string, unknown> = () => ({}),
  /** Folders of stand-in tools for the extension host's PATH (see `CodeServerOptions.extraPath`). */
  extraPath: () => readonly string[] = () => [],
  /** The folder the workbench opens (`samples/` by default). */
  workspace: () => string = () => SAMPLES,
  /** Environment variables for the extension host, read when the session starts (after the suite's own `before`). */
  env: () => Readonly<Record<string, string>> = () => ({}),
): () => WorkbenchSession {
  let session: WorkbenchSession | undefined;
  before(async function () {
    this.timeout(300_000);
    session = await openWorkbenchSession(settings(), extraPath(), workspace(), env());
  });
  after(async () => {
    await session?.close();
  });
  afterEach(async function () {
    if (session && this.currentTest) await session.workbench.screenshot(`${screenshotPrefix}-${this.currentTest.title}`);
  });
  return () => {
    if (!session) throw new Error('the workbench session did not start');
    return session;
  };
}
