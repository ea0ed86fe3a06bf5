import assert from 'node:assert/strict';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { bundleBuilds } from '../../../scripts/bundles.mjs';

const root = path.resolve(__dirname, '../../..');

/**
 * What activation loads is the extension host's bundle (dist/extension.js); everything heavy comes later, from a
 * bundle of its own, when first used. A slip (a dynamic import moved to a file the lazy rule does not name) puts a
 * renderer or an SDK back into activation without any test noticing: this one builds the bundle and looks.
 */
describe('activation loads none of the heavy modules', function () {
  this.timeout(60_000);

  it('the extension bundle holds no renderer, SDK, parser or inference runtime; each is a bundle of its own', async () => {
    const options = bundleBuilds(true).extension;
    assert.ok(options);
    const result = await esbuild.build({ ...options, absWorkingDir: root, write: false, logLevel: 'silent' });
    const inputs = Object.keys(result.metafile?.inputs ?? {});
    const heavy = ['markdown-it', 'sanitize-html', '@azure/', 'onnxruntime', '@huggingface/transformers', 'papaparse', 'yaml', 'jsonc-parser'];
    const loaded = heavy.filter((name) => inputs.some((input) => input.includes(`node_modules/${name}`)));
    assert.deepEqual(loaded, [], `in dist/extension.js: ${loaded.join(', ')}`);
    // The lazy bundles are required from dist/ at run time, not inlined.
    const lazy = Object.values(result.metafile?.outputs ?? {}).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path));
    for (const bundle of ['./localBackend.js', './azureBackend.js', './jobPanel.js', './modelCardHtml.js', './endpointActions.js', './jsonSyntax.js']) assert.ok(lazy.includes(bundle), `${bundle} is loaded lazily`);
  });
});
