// Builds the extension host bundle, the lazily loaded Azure backend bundle, the `fm` CLI and the webview bundles.
//   node esbuild.mjs                 development build (sourcemaps, not minified)
//   node esbuild.mjs --production    minified, with metafiles in dist/meta/ for `npm run bench`
//   node esbuild.mjs --watch         rebuild on change
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const pkg = JSON.parse(await readFile('package.json', 'utf8'));

/**
 * Modules imported lazily (`await import(...)`) that are bundles of their own, loaded from `dist/` on first use:
 * the Azure backend (and later the Azure SDK) and the job panels (the dataset core and papaparse).
 */
const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /\/azure\/azureBackend$/ }, () => ({ path: './azureBackend.js', external: true }));
    build.onResolve({ filter: /^\.\/jobPanel$/ }, (args) =>
      args.importer.endsWith('lazyJobPanels.ts') ? { path: './jobPanel.js', external: true } : undefined,
    );
  },
};

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  metafile: true,
  logLevel: 'warning',
  define: { FM_VERSION: JSON.stringify(pkg.version) },
  // Lazy bundles load with require(): VS Code's extension host hooks require (for `vscode`), not import().
  supported: { 'dynamic-import': false },
};

const builds = {
  extension: { ...node, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', plugins: [lazyBundles] },
  azureBackend: { ...node, entryPoints: ['src/backends/azure/azureBackend.ts'], outfile: 'dist/azureBackend.js' },
  jobPanel: { ...node, entryPoints: ['src/extension/jobPanel/jobPanel.ts'], outfile: 'dist/jobPanel.js', plugins: [lazyBundles] },
  cli: {
    ...node,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [lazyBundles],
  },
  webview: {
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
    entryPoints: { modelCard: 'webview/modelCard/main.ts', jobPanel: 'webview/jobPanel/main.ts' },
    outdir: 'dist/webview',
    minify: production,
    sourcemap: !production,
    metafile: true,
    logLevel: 'warning',
  },
};

async function copyWebviewAssets() {
  await mkdir('dist/webview', { recursive: true });
  const codicons = 'node_modules/@vscode/codicons/dist';
  await Promise.all([
    copyFile(path.join(codicons, 'codicon.css'), 'dist/webview/codicon.css'),
    copyFile(path.join(codicons, 'codicon.ttf'), 'dist/webview/codicon.ttf'),
    copyFile('webview/webview.css', 'dist/webview/webview.css'),
  ]);
}

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
  if (production) await writeMetafiles(Object.fromEntries(names.map((name, i) => [name, results[i]])));
}
