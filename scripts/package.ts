// `npm run package`: one production build, packaged for this machine at dist/foundation-models.vsix (what the
// end-to-end harness, the demo and the README install).
// `npm run package:all`: the same build packaged once per platform as dist/foundation-models-<target>.vsix, each
// with its own onnxruntime library alone, and dist/foundation-models-universal.vsix with none (local inference then
// says which package to install); dist/foundation-models.vsix is this machine's copy.
// Each package is staged in dist/targets/<target>/: the files .vscodeignore lets through, hard-linked, and that
// platform's runtime in its dist/node_modules. Only the runtime differs from one package to the next.
import { execFileSync } from 'node:child_process';
import { copyFile, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createVSIX, listFiles, PackageManager } from '@vscode/vsce';
import { hostTarget, isRuntimeTarget, RUNTIME_TARGETS, type RuntimeTarget } from '../src/backends/local/localRuntime';
import { binariesFolder, linkOrCopy, placeNativeRuntime } from './nativeRuntime.mjs';

type PackageTarget = RuntimeTarget | 'universal';

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const ignoreFile = path.join(root, '.vscodeignore');
const RUNTIME_LOCATION = 'RUNTIME_TARGETS in src/backends/local/localRuntime.ts';

/** The files .vscodeignore lets into a package, relative to the root, less this machine's runtime. */
async function extensionFiles(): Promise<string[]> {
  const files = await listFiles({ cwd: root, packageManager: PackageManager.None, ignoreFile });
  return files.filter((file) => !file.startsWith('dist/node_modules/'));
}

/** package.json as shipped, less `vscode:prepublish`: the build is done, and vsce would run it in the staging folder. */
async function stagedManifest(): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  delete manifest.scripts['vscode:prepublish'];
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** dist/targets/<target>/ afresh: the extension's files and the target's runtime; returns the native files placed. */
async function stage(target: PackageTarget, folder: string, files: readonly string[], manifest: string): Promise<string[]> {
  await rm(folder, { recursive: true, force: true });
  for (const file of files) {
    if (file !== 'package.json') await linkOrCopy(path.join(root, file), path.join(folder, file));
  }
  await writeFile(path.join(folder, 'package.json'), manifest);
  if (target === 'universal') return [];
  const [platform = '', arch = ''] = target.split('-');
  const placed = await placeNativeRuntime(path.join(folder, 'dist', 'node_modules'), platform, arch, path.join(root, 'node_modules'));
  const binaries = path.join('onnxruntime-node', binariesFolder(platform, arch));
  const native = placed.filter((file) => file.startsWith(binaries));
  if (native.length === 0) throw new Error(`node_modules/onnxruntime-node has no binaries for ${target} (${binaries}): take it out of ${RUNTIME_LOCATION}.`);
  return native;
}

interface Packaged {
  readonly target: PackageTarget;
  readonly file: string;
  readonly bytes: number;
  readonly native: readonly string[];
}

async function packageTarget(target: PackageTarget, out: string, files: readonly string[], manifest: string): Promise<Packaged> {
  const folder = path.join(dist, 'targets', target);
  const native = await stage(target, folder, files, manifest);
  await createVSIX({ cwd: folder, packagePath: out, ignoreFile, dependencies: false, ...(target === 'universal' ? {} : { target }) });
  return { target, file: path.relative(root, out), bytes: (await stat(out)).size, native: native.map((file) => path.basename(file)) };
}

async function main(): Promise<void> {
  const all = process.argv.includes('--all');
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' });
  const [files, manifest] = await Promise.all([extensionFiles(), stagedManifest()]);
  const host = hostTarget();
  const hostPackage: PackageTarget = isRuntimeTarget(host) ? host : 'universal';
  if (!isRuntimeTarget(host)) console.log(`No onnxruntime library for ${host} (${RUNTIME_LOCATION}): this machine's package is the universal one.`);
  if (!all) {
    await packageTarget(hostPackage, path.join(dist, 'foundation-models.vsix'), files, manifest);
    return;
  }
  const packaged: Packaged[] = [];
  for (const target of [...RUNTIME_TARGETS, 'universal'] as const) {
    packaged.push(await packageTarget(target, path.join(dist, `foundation-models-${target}.vsix`), files, manifest));
  }
  await copyFile(path.join(dist, `foundation-models-${hostPackage}.vsix`), path.join(dist, 'foundation-models.vsix'));
  console.log(`\nPackages (dist/foundation-models.vsix is the ${hostPackage} one, for this machine):`);
  for (const { file, bytes, native } of packaged) {
    console.log(`${file.padEnd(40)} ${(bytes / 1024 / 1024).toFixed(1).padStart(6)} MB  ${native.length > 0 ? native.join(', ') : 'no native runtime'}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
