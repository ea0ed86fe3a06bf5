// The esbuild options of every bundle: the extension host's, the lazily loaded ones, the CLI's and the webviews'.
// esbuild.mjs builds them; a unit test builds the extension host's to check what activation loads.
import { readFileSync } from 'node:fs';
import { NATIVE_RUNTIME } from './nativeRuntime.mjs';

/**
 * Modules imported lazily (`await import(...)`) that are bundles of their own, loaded from `dist/` on first use,
 * so that activation pays for none of them: the workbench (every command's body, the views' rows, the panels), each
 * backend (the Azure SDK, the curated catalog and YAML reader), Show Code's Azure ML CLI v2 writer (the yaml package
 * and the Azure job bodies), the job panels (the dataset core) and the model card renderer (markdown-it and
 * sanitize-html).
 * `importer` limits a rule to imports from that file; elsewhere (the CLI) the module is bundled in.
 */
const LAZY = [
  // Everything of the extension that activation does not run: the views' rows, the commands' bodies, the panels.
  { filter: /^\.\/workbench$/, importer: 'lazyWorkbench.ts', out: 'workbench', entry: 'src/extension/workbench.ts' },
  { filter: /\/azure\/azureBackend$/, out: 'azureBackend', entry: 'src/backends/azure/azureBackend.ts' },
  { filter: /\/local\/localBackend$/, out: 'localBackend', entry: 'src/backends/local/localBackend.ts' },
  { filter: /\/azure\/azureCode$/, out: 'azureCode', entry: 'src/backends/azure/azureCode.ts' },
  { filter: /^\.\/jobPanel$/, importer: 'lazyJobPanels.ts', out: 'jobPanel', entry: 'src/extension/jobPanel/jobPanel.ts' },
  { filter: /\/modelCardHtml$/, importer: 'modelCardSession.ts', out: 'modelCardHtml', entry: 'src/core/catalog/modelCardHtml.ts' },
  { filter: /^\.\/localInference$/, out: 'localInference', entry: 'src/backends/local/localInference.ts' },
  { filter: /^\.\/endpointActions$/, importer: 'lazyEndpointActions.ts', out: 'endpointActions', entry: 'src/extension/endpoints/endpointActions.ts' },
  { filter: /\/jsonSyntax$/, importer: 'endpointRequests.ts', out: 'jsonSyntax', entry: 'src/core/jsonSyntax.ts' },
];

/**
 * transformers.js is bundled; its native runtime is not: onnxruntime-node (with onnxruntime-common) is placed
 * beside the bundles into dist/node_modules, with the binaries of this platform only (scripts/nativeRuntime.mjs;
 * `npm run package:all` places each platform's in its own package). `sharp` (images) is not shipped: the text
 * tasks never call it, and a stub says so if anything does.
 */
const sharpStub = {
  name: 'sharp-stub',
  setup(build) {
    build.onResolve({ filter: /^sharp$/ }, () => ({ path: 'sharp', namespace: 'sharp-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'sharp-stub' }, () => ({
      contents: 'module.exports = function sharp() { throw new Error("Image models are not supported on this machine."); };',
      loader: 'js',
    }));
  },
};

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

/** The options every Node bundle shares. */
function nodeOptions(production, version) {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    minify: production,
    sourcemap: !production,
    metafile: true,
    logLevel: 'warning',
    define: { FM_VERSION: JSON.stringify(version) },
    // Lazy bundles load with require(): VS Code's extension host hooks require (for `vscode`), not import().
    supported: { 'dynamic-import': false },
    // jsonc-parser's default (UMD) build requires its parts by computed paths that a bundle cannot follow.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  };

}

/** The options of each bundle, by name; `production` minifies and drops source maps. */
export function bundleBuilds(production) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const node = nodeOptions(production, pkg.version);

  return {
    extension: { ...node, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', plugins: [lazyBundles] },
    ...Object.fromEntries(
      LAZY.map((rule) => [
        rule.out,
        { ...node, entryPoints: [rule.entry], outfile: `dist/${rule.out}.js`, plugins: [lazyBundles, sharpStub], external: ['vscode', ...NATIVE_RUNTIME] },
      ]),
    ),
    // The model card renderer on a worker thread, with a time limit (src/core/catalog/modelCardWorkerHost.ts).
    modelCardWorker: { ...node, entryPoints: ['src/core/catalog/modelCardWorker.ts'], outfile: 'dist/modelCardWorker.js' },
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
      entryPoints: { modelCard: 'webview/modelCard/main.ts', jobPanel: 'webview/jobPanel/main.ts', metrics: 'webview/metrics/main.ts' },
      outdir: 'dist/webview',
      minify: production,
      sourcemap: !production,
      metafile: true,
      logLevel: 'warning',
    },
  };
}
