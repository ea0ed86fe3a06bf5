import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDebianPackages } from './systemPackages';

/**
 * code-server is a real VS Code (workbench in the browser, extension host in Node). 4.100.3 is VS Code 1.100.3
 * and the last line whose `engines.node` accepts Node 20. It is installed on demand into `.cache/`, not as a
 * dependency, so that `npm ci` stays light and needs no native build.
 */
export const CODE_SERVER_VERSION = '4.100.3';
/** The @vscode/ripgrep version code-server 4.100.3's VS Code depends on, and the file its installer looks for. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export const repoRoot = path.resolve(__dirname, '../..');
const installDir = path.join(repoRoot, '.cache', `code-server-${CODE_SERVER_VERSION}`);
const entryPoint = path.join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const completeMarker = path.join(installDir, '.complete');

/** Returns the path of code-server's entry script, installing it first if needed (about a minute). */
export function ensureCodeServer(log: (line: string) => void = console.log): string {
  if (existsSync(completeMarker) && existsSync(entryPoint)) return entryPoint;
  ensureDebianPackages(['ripgrep', 'libkrb5-dev'], log);
  log(`Installing code-server ${CODE_SERVER_VERSION} into ${path.relative(repoRoot, installDir)} (once; about a minute)…`);

  // @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds this cached archive: give it Debian's rg.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'fm-code-server-install-'));
  const ripgrepCache = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  mkdirSync(ripgrepCache, { recursive: true });
  execFileSync('tar', ['-czf', path.join(ripgrepCache, RIPGREP_ARCHIVE), '-C', '/usr/bin', 'rg']);

  // Installed in place (native modules are built there); the marker is written only when all of it worked.
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  writeFileSync(path.join(installDir, 'package.json'), JSON.stringify({ name: 'fm-code-server', private: true }));
  try {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: installDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        TMPDIR: tmp,
        npm_config_unsafe_perm: 'true', // its postinstall refuses to run as root without it
        npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`, which would wait at a prompt
      },
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  writeFileSync(completeMarker, new Date().toISOString());
  return entryPoint;
}
