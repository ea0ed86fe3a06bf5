import { mkdir, open, readFile, rm, stat, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { abortableWait } from './hubHttp';

/**
 * One writer per blob: the editor and `fm model pull` may fetch the same model at once, and two writers appending to
 * one `.incomplete` file would corrupt it. The lock is a file created exclusively (`wx`) holding the owner's pid and
 * host; it is kept fresh while held, and taken over when its owner is gone (same host, pid not running) or it has
 * not been refreshed for a minute (another host, or a crash that left it behind). It lives beside huggingface_hub's
 * own locks (`{cache}/.locks/models--…/`) under a name of its own, as theirs are OS locks on other files.
 */

const LockOwnerSchema = z.object({ pid: z.number().int(), host: z.string() });

const REFRESH_MS = 20_000;
const STALE_MS = 60_000;
const POLL_MS = 100;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  const info = await stat(lockPath).catch(() => undefined);
  if (!info) return false;
  if (Date.now() - info.mtimeMs > STALE_MS) return true;
  let owner: unknown;
  try {
    owner = JSON.parse(await readFile(lockPath, 'utf8'));
  } catch {
    return false;
  }
  const parsed = LockOwnerSchema.safeParse(owner);
  return parsed.success && parsed.data.host === os.hostname() && !isRunning(parsed.data.pid);
}

async function tryAcquire(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    await handle.writeFile(JSON.stringify({ pid: process.pid, host: os.hostname() }));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Runs `work` holding the lock at `lockPath`; waits (abortably) while another live writer holds it. */
export async function withBlobLock<T>(lockPath: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(lockPath), { recursive: true });
  while (!(await tryAcquire(lockPath))) {
    if (await isStale(lockPath)) await rm(lockPath, { force: true });
    else await abortableWait(POLL_MS, signal);
  }
  const refresh = setInterval(() => {
    const now = new Date();
    void utimes(lockPath, now, now).catch(() => undefined);
  }, REFRESH_MS);
  refresh.unref();
  try {
    return await work();
  } finally {
    clearInterval(refresh);
    await rm(lockPath, { force: true });
  }
}
