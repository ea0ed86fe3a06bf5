import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian packages the harness needs, each with a file that shows it is installed. */
export const HARNESS_PACKAGES = {
  chromium: '/usr/bin/chromium', // the browser Playwright drives (never a downloaded one)
  ripgrep: '/usr/bin/rg', // code-server's search binary, which its installer would otherwise download
  'libkrb5-dev': '/usr/include/gssapi/gssapi.h', // headers for code-server's `kerberos` native module
} as const;

export type HarnessPackage = keyof typeof HARNESS_PACKAGES;

/**
 * Installs what is missing with apt-get when we are root (containers, CI); otherwise stops and names the exact
 * command to run, since installing system packages needs the user's consent.
 */
export function ensureDebianPackages(names: readonly HarnessPackage[], log: (line: string) => void = console.log): void {
  const missing = names.filter((name) => !existsSync(HARNESS_PACKAGES[name]));
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`Missing system packages: ${missing.join(', ')}. Install them with:\n  sudo ${command}`);
  }
  log(`Installing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
}
