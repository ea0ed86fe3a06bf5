// onnxruntime-node (with onnxruntime-common) placed beside the bundles, in a `node_modules` folder, with the binaries
// of one platform only: esbuild.mjs places this machine's in dist/node_modules, scripts/package.ts each package's
// in its own staging folder. Plain JS, for esbuild.mjs; its types are in nativeRuntime.d.mts.
import { copyFile, link, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

export const NATIVE_RUNTIME = ['onnxruntime-node', 'onnxruntime-common'];

/** Where onnxruntime-node keeps one platform's native library, relative to its package folder. */
export function binariesFolder(platform, arch) {
  return path.join('bin', 'napi-v6', platform, arch);
}

/**
 * The files to ship, relative to `nodeModules`: each package's package.json and compiled JS (no maps, no typings),
 * and onnxruntime-node's binaries for this platform and arch alone.
 */
export async function nativeRuntimeFiles(nodeModules, platform, arch) {
  const binaries = binariesFolder(platform, arch) + path.sep;
  const files = [];
  for (const name of NATIVE_RUNTIME) {
    const folder = path.join(nodeModules, name);
    for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const relative = path.relative(folder, path.join(entry.parentPath, entry.name));
      const code = relative.startsWith(`dist${path.sep}`) && !relative.endsWith('.map') && !relative.endsWith('.d.ts');
      if (relative === 'package.json' || code || relative.startsWith(binaries)) files.push(path.join(name, relative));
    }
  }
  return files.sort();
}

/** A hard link (free: the native library is tens of MB), or a copy where links cannot reach (another file system). */
export async function linkOrCopy(from, to) {
  await mkdir(path.dirname(to), { recursive: true });
  await rm(to, { force: true }); // never write through an older link into node_modules
  await link(from, to).catch(() => copyFile(from, to));
}

/** Places the runtime for one platform from `fromNodeModules` into `toNodeModules`; returns the files placed. */
export async function placeNativeRuntime(toNodeModules, platform, arch, fromNodeModules = 'node_modules') {
  const files = await nativeRuntimeFiles(fromNodeModules, platform, arch);
  for (const file of files) await linkOrCopy(path.join(fromNodeModules, file), path.join(toNodeModules, file));
  return files;
}
