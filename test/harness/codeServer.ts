import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureCodeServer } from './codeServerInstall';

export interface CodeServerOptions {
  /**
   * Folders put first on the extension host's PATH (stand-in command-line tools such as `az`). VS Code takes the
   * extension host's PATH from a login shell, which resets it; so code-server then runs with a HOME of its own
   * whose shell profiles put these folders first.
   */
  readonly extraPath?: readonly string[];
  /** The packaged extension to install into the fresh extensions folder. */
  readonly vsix: string;
  /** The folder the workbench opens. */
  readonly workspace: string;
  /** User settings written before start. */
  readonly settings?: Record<string, unknown>;
  /** Environment variables for code-server and its extension host (e.g. `HF_ENDPOINT` of a fake Hub). */
  readonly env?: Readonly<Record<string, string>>;
  readonly port?: number;
  readonly log?: (line: string) => void;
}

export interface RunningCodeServer {
  /** The workbench URL with the workspace folder open. */
  readonly url: string;
  readonly userDataDir: string;
  readonly logsDir: string;
  /** Stops code-server and everything it started, and removes its folders. Safe to call twice. */
  stop(): Promise<void>;
}

/** Settings that keep a test or demo workbench quiet and offline. */
const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.colorTheme': 'Default Dark Modern',
  'git.openRepositoryInParentFolders': 'never',
  'git.autoRepositoryDetection': false,
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s:\n${output()}`);
}

/** Kills a process group, first politely, then for sure. */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  signal('SIGKILL'); // anything the group left behind (extension host, pty host)
}

/** PATH and, when folders are added, a HOME whose login-shell profiles keep them first (see `extraPath`). */
function pathEnvironment(root: string, folders: readonly string[]): NodeJS.ProcessEnv {
  if (folders.length === 0) return {};
  const home = path.join(root, 'home');
  mkdirSync(home, { recursive: true });
  const profile = `PATH="${folders.join(':')}:$PATH"\nexport PATH\n`;
  for (const name of ['.profile', '.bash_profile', '.zprofile']) writeFileSync(path.join(home, name), profile);
  return { HOME: home, PATH: [...folders, process.env.PATH ?? ''].join(':') };
}

/** Fresh user-data and extensions folders with the test settings, and the extension installed from its `.vsix`. */
function prepareProfile(entry: string, options: CodeServerOptions): { root: string; userDataDir: string; common: string[] } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fm-code-server-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const configFile = path.join(root, 'config.yaml');
  mkdirSync(extensionsDir, { recursive: true });
  // code-server's extension host is remote: VS Code reads `machine`-scoped settings (the cloud, the Python) from the
  // remote machine's settings there, the rest from the user's. Both get the test's settings, as a user would set them.
  for (const level of ['User', 'Machine']) {
    mkdirSync(path.join(userDataDir, level), { recursive: true });
    writeFileSync(path.join(userDataDir, level, 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...options.settings }, null, 2));
  }
  writeFileSync(configFile, 'auth: none\ncert: false\n'); // keeps code-server away from ~/.config
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  execFileSync(process.execPath, [entry, ...common, '--install-extension', options.vsix, '--force'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return { root, userDataDir, common };
}

/**
 * Starts a real VS Code (code-server) on a free loopback port with fresh user-data and extensions folders and
 * the extension installed from its `.vsix`. The caller must `stop()` it; a process exit stops it too.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const log = options.log ?? (() => undefined);
  const entry = ensureCodeServer(log);
  const { root, userDataDir, common } = prepareProfile(entry, options);

  const port = options.port ?? (await freePort());
  let output = '';
  const child = spawn(
    process.execPath,
    [
      entry,
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      options.workspace,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VSCODE_CLI: undefined, ...options.env, ...pathEnvironment(root, options.extraPath ?? []) } },
  );
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20000);
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(`[code-server] ${line}`);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let stopped = false;
  const onExit = () => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', onExit);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    await killGroup(child);
    rmSync(root, { recursive: true, force: true });
  };

  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${base}/healthz`, child, () => output, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `${base}/?folder=${encodeURIComponent(options.workspace)}`,
    userDataDir,
    logsDir: path.join(userDataDir, 'logs'),
    stop,
  };
}
