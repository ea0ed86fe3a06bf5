import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openWorkbenchSession } from '../test/e2e/workbenchSession';

export interface ActivationSample {
  /** From the first line of the bundle running to the end of `activate`, measured inside the extension host. */
  readonly activationMs: number;
  /** Evaluating the bundle's modules. */
  readonly bundleLoadMs: number;
  /** The extension host's own work between loading the module and calling `activate` (context, storage). */
  readonly hostMs: number;
  /** `activate()` alone. */
  readonly activateMs: number;
  /**
   * After activation: loading and setting up the workbench (`dist/workbench.js`: the views' rows, the commands'
   * bodies), from when the first view or the backend first needed it; undefined when the log has no such line.
   */
  readonly workbenchMs?: number | undefined;
}

const ACTIVATION_LINE =
  /activation ([\d.]+) ms = bundle load ([\d.]+) ms \+ extension host ([\d.]+) ms \+ activate\(\) ([\d.]+) ms/;

const WORKBENCH_LINE = /Workbench loaded: ([\d.]+) ms/;

function findLogLine(dir: string, line: RegExp): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.log')) continue;
    const match = readFileSync(path.join(entry.parentPath, entry.name), 'utf8').match(line);
    if (match) return match[0];
  }
  return undefined;
}

/** The workbench's line, which follows the activation line once the view asks for its rows (a few seconds at most). */
async function workbenchMs(dir: string): Promise<number | undefined> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const match = findLogLine(dir, WORKBENCH_LINE)?.match(WORKBENCH_LINE);
    if (match) return Number(match[1]);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
}

/**
 * Starts a fresh code-server, opens the Foundation Models view (which activates the extension) and reads the
 * activation line the extension wrote to its log file, then the workbench's, written when the view's rows load it.
 */
export async function measureActivation(): Promise<ActivationSample> {
  const session = await openWorkbenchSession();
  try {
    await session.workbench.openViewContainer('Foundation Models');
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const line = findLogLine(session.server.logsDir, ACTIVATION_LINE);
      const match = line?.match(ACTIVATION_LINE);
      if (match) {
        const [activationMs, bundleLoadMs, hostMs, activateMs] = match.slice(1, 5).map(Number) as [number, number, number, number];
        return { activationMs, bundleLoadMs, hostMs, activateMs, workbenchMs: await workbenchMs(session.server.logsDir) };
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`No activation line in ${session.server.logsDir} after 30 s`);
  } finally {
    await session.close();
  }
}
