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
}

const ACTIVATION_LINE =
  /activation ([\d.]+) ms = bundle load ([\d.]+) ms \+ extension host ([\d.]+) ms \+ activate\(\) ([\d.]+) ms/;

function findLogLine(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.log')) continue;
    const match = readFileSync(path.join(entry.parentPath, entry.name), 'utf8').match(ACTIVATION_LINE);
    if (match) return match[0];
  }
  return undefined;
}

/**
 * Starts a fresh code-server, opens the Foundation Models view (which activates the extension) and reads the
 * activation line the extension wrote to its log file.
 */
export async function measureActivation(): Promise<ActivationSample> {
  const session = await openWorkbenchSession();
  try {
    await session.workbench.openViewContainer('Foundation Models');
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const line = findLogLine(session.server.logsDir);
      const match = line?.match(ACTIVATION_LINE);
      if (match) {
        const [activationMs, bundleLoadMs, hostMs, activateMs] = match.slice(1, 5).map(Number) as [number, number, number, number];
        return { activationMs, bundleLoadMs, hostMs, activateMs };
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`No activation line in ${session.server.logsDir} after 30 s`);
  } finally {
    await session.close();
  }
}
