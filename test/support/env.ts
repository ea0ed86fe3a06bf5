import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs `work` with environment variables set (or removed, with undefined) and puts them back afterwards.
 * `DefaultAzureCredential` reads the environment when it is created, so Azure tests pin it this way.
 */
export async function withEnv<T>(vars: Record<string, string | undefined>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(vars);
  try {
    return await work();
  } finally {
    apply(saved);
  }
}

/**
 * A stand-in `az` on PATH that answers `az account get-access-token --resource R` in the JSON shape the Azure CLI
 * prints, so `DefaultAzureCredential`'s Azure CLI credential runs for real. `tokens` maps each resource (no trailing
 * slash) to its token (a fake's `cliTokens()`); a resource it does not list is refused as Entra refuses an unknown
 * one. A single string is answered for every resource. With no token it says to run az login.
 */
export function fakeAzureCli(tokens: string | Readonly<Record<string, string>> | undefined): { bin: string; dispose: () => void } {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'fm-az-'));
  const expires = Math.floor(Date.now() / 1000) + 3600;
  const answer = (token: string) =>
    `printf '%s' '{"accessToken":"${token}","expiresOn":"2099-01-01 00:00:00.000000","expires_on":${expires},"tokenType":"Bearer","subscription":"00000000-0000-0000-0000-000000000000","tenant":"11111111-1111-1111-1111-111111111111"}'`;
  const resourceOf = 'resource=""; while [ $# -gt 0 ]; do if [ "$1" = "--resource" ]; then resource="${2%/}"; fi; shift; done';
  const byResource = (map: Readonly<Record<string, string>>) =>
    [
      resourceOf,
      'case "$resource" in',
      ...Object.entries(map).map(([resource, token]) => `  "${resource.replace(/\/+$/, '')}") ${answer(token)} ;;`),
      `  *) echo "ERROR: AADSTS500011: The resource principal named $resource was not found in the tenant." >&2; exit 1 ;;`,
      'esac',
    ].join('\n');
  const script =
    tokens === undefined
      ? `#!/bin/sh\necho "ERROR: Please run 'az login' to setup account." >&2\nexit 1\n`
      : `#!/bin/sh\n${typeof tokens === 'string' ? answer(tokens) : byResource(tokens)}\n`;
  writeFileSync(path.join(bin, 'az'), script);
  chmodSync(path.join(bin, 'az'), 0o755);
  return { bin, dispose: () => rmSync(bin, { recursive: true, force: true }) };
}
