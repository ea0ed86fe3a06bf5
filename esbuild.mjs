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
 * Modules imported lazily (`await import(...)`) that are bundles of their own, loaded from `dist/` on first use,
 * so that activation pays for none of them: each backend (the Azure SDK, the curated catalog and YAML reader), the
 * job panels (the dataset core and papaparse) and the model card renderer (markdown-it and sanitize-html).
 * `importer` limits a rule to imports from that file; elsewhere (the CLI) the module is bundled in.
 */
const LAZY = [
  { filter: /\/azure\/azureBackend$/, out: 'azureBackend', entry: 'src/backends/azure/azureBackend.ts' },
  { filter: /\/local\/localBackend$/, out: 'localBackend', entry: 'src/backends/local/localBackend.ts' },
  { filter: /^\.\/jobPanel$/, importer: 'lazyJobPanels.ts', out: 'jobPanel', entry: 'src/extension/jobPanel/jobPanel.ts' },
  { filter: /\/modelCardHtml$/, importer: 'modelCardPanel.ts', out: 'modelCardHtml', entry: 'src/core/catalog/modelCardHtml.ts' },
];

const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    for (const rule of LAZY) {
      build.onResolve({ filter: rule.filter }, (args) =>
        !rule.importer || args.importer.endsWith(rule.importer) ? { path: `./${rule.out}.js`, external: true } : undefined,
      );
    }
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
  ...Object.fromEntries(
    LAZY.map((rule) => [rule.out, { ...node, entryPoints: [rule.entry], outfile: `dist/${rule.out}.js`, plugins: [lazyBundles] }]),
  ),
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
