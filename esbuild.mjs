// Builds the extension host bundle, the lazily loaded Azure backend bundle, the `fm` CLI and the webview bundles.
//   node esbuild.mjs                 development build (sourcemaps, not minified)
//   node esbuild.mjs --production    minified, with metafiles in dist/meta/ for `npm run bench`
//   node esbuild.mjs --watch         rebuild on change
import * as esbuild from 'esbuild';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleBuilds } from './scripts/bundles.mjs';
import { placeNativeRuntime } from './scripts/nativeRuntime.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const builds = bundleBuilds(production);

async function copyWebviewAssets() {
  await mkdir('dist/webview', { recursive: true });
  const codicons = 'node_modules/@vscode/codicons/dist';
  await Promise.all([
    copyFile(path.join(codicons, 'codicon.css'), 'dist/webview/codicon.css'),
    copyFile(path.join(codicons, 'codicon.ttf'), 'dist/webview/codicon.ttf'),
    copyFile('webview/webview.css', 'dist/webview/webview.css'),
  ]);
}

/** onnxruntime-node and onnxruntime-common into dist/node_modules, with only this platform's binaries. */
const copyNativeRuntime = () => placeNativeRuntime(path.join('dist', 'node_modules'), process.platform, process.arch);

async function writeMetafiles(results) {
  await mkdir('dist/meta', { recursive: true });
  await Promise.all(
    Object.entries(results).map(([name, result]) =>
      writeFile(`dist/meta/${name}.json`, JSON.stringify(result.metafile)),
    ),
  );
}

if (watch) {
  await copyWebviewAssets();
  await copyNativeRuntime();
  for (const [name, options] of Object.entries(builds)) {
    const context = await esbuild.context({
      ...options,
      plugins: [
        ...(options.plugins ?? []),
        { name: 'report', setup: (b) => b.onEnd((r) => console.log(`[watch] ${name}: ${r.errors.length} errors`)) },
      ],
    });
    await context.watch();
  }
  console.log('[watch] watching for changes');
} else {
  if (production) await rm('dist', { recursive: true, force: true }); // no stale maps or bundles in the .vsix
  const names = Object.keys(builds);
  const results = await Promise.all(names.map((name) => esbuild.build(builds[name])));
  await copyWebviewAssets();
  await copyNativeRuntime();
  if (production) await writeMetafiles(Object.fromEntries(names.map((name, i) => [name, results[i]])));
}
