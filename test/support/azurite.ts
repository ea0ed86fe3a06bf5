import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../harness/codeServer';

/** Azurite's well-known development account (documented by Azurite; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  /** The blob service URL of the development account, e.g. `http://127.0.0.1:PORT/devstoreaccount1`. */
  readonly blobServiceUrl: string;
  stop(): Promise<void>;
}

/** Starts Azurite's blob service (the npm devDependency) on a free loopback port with its data in a temp folder. */
export async function startAzurite(): Promise<RunningAzurite> {
  const port = await freePort();
  const location = mkdtempSync(path.join(os.tmpdir(), 'fm-azurite-'));
  const bin = path.resolve(__dirname, '../../node_modules/.bin/azurite-blob');
  const child = spawn(bin, ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', location, '--silent', '--skipApiVersionCheck', '--loose'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(location, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Azurite exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${port}/${AZURITE_ACCOUNT}?comp=list`).then(() => true, () => false);
    if (ready) return { blobServiceUrl: `http://127.0.0.1:${port}/{account}`, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`Azurite did not start within 20 s:\n${output}`);
}
