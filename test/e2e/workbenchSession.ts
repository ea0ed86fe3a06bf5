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
export async function openWorkbenchSession(settings: Record<string, unknown> = {}): Promise<WorkbenchSession> {
  const verbose = process.env.FM_E2E_VERBOSE === '1';
  const server = await startCodeServer({
    vsix: VSIX,
    workspace: SAMPLES,
    settings: { 'foundationModels.backend': 'local', ...settings },
    log: verbose ? (line) => console.log(line) : undefined,
  });
  let browser: RunningBrowser | undefined;
  try {
    browser = await launchBrowser();
    const workbench = new Workbench(browser.page);
    await workbench.open(server.url);
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
