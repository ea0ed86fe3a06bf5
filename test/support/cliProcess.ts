import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

/**
 * The `fm` CLI as a process of its own, for what only a process shows: how long it takes from start to exit, its
 * peak memory, how it ends on a signal, and that it ends at all. The CLI is bundled once per test run from the
 * sources (as the extension's build bundles it, without the model runtime, which these runs never load).
 */

const ROOT = path.resolve(__dirname, '../..');
const PEAK = path.join(__dirname, 'reportPeakMemory.cjs');

export async function bundleCli(outFile: string): Promise<string> {
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/cli/main.ts')],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', '@huggingface/transformers', 'onnxruntime-node', 'sharp'],
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    supported: { 'dynamic-import': false },
    logLevel: 'warning',
  });
  return outFile;
}

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From spawn to exit, as this process sees it (the machine's load included). */
  readonly wallMs: number;
  /** From the process's start to its exit, as it sees it (Node's startup and module loading included). */
  readonly ms: number;
  /** The process's peak resident memory. */
  readonly peakMb: number;
}

export interface StartedCli {
  readonly child: ChildProcess;
  readonly done: Promise<CliRun>;
}

/** Starts `node cli.js ...argv`; `done` resolves when it exits, or rejects past `timeoutMs` (after killing it). */
export function startCli(cli: string, argv: readonly string[], timeoutMs: number, nodeOptions: readonly string[] = []): StartedCli {
  const peakFile = path.join(path.dirname(cli), `peak-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeOptions, '--require', PEAK, cli, ...argv], {
    env: { ...process.env, FM_TEST_PEAK_FILE: peakFile, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fm ${argv.join(' ')} did not end within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const own = existsSync(peakFile) ? (JSON.parse(readFileSync(peakFile, 'utf8')) as { peakKb: number; ms: number }) : { peakKb: Number.NaN, ms: wallMs };
      rmSync(peakFile, { force: true });
      // Let the pipes drain before reading what was printed.
      setImmediate(() => resolve({ code, signal, stdout, stderr, wallMs, ms: own.ms, peakMb: own.peakKb / 1024 }));
    });
  });
  return { child, done };
}

export function runCliProcess(cli: string, argv: readonly string[], timeoutMs = 20_000, nodeOptions: readonly string[] = []): Promise<CliRun> {
  return startCli(cli, argv, timeoutMs, nodeOptions).done;
}
