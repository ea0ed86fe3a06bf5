import assert from 'node:assert/strict';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { bundleBuilds } from '../../../scripts/bundles.mjs';

const root = path.resolve(__dirname, '../../..');

const HEAVY = ['markdown-it', 'sanitize-html', '@azure/', 'onnxruntime', '@huggingface/transformers', 'papaparse', 'yaml', 'jsonc-parser'];

async function build(name: 'extension' | 'workbench'): Promise<esbuild.Metafile> {
  const options = bundleBuilds(true)[name];
  assert.ok(options);
  const result = await esbuild.build({ ...options, absWorkingDir: root, write: false, logLevel: 'silent' });
  assert.ok(result.metafile);
  return result.metafile;
}

const heavyIn = (metafile: esbuild.Metafile, heavy: readonly string[]) => heavy.filter((name) => Object.keys(metafile.inputs).some((input) => input.includes(`node_modules/${name}`)));

/**
 * What activation loads is the extension host's bundle (dist/extension.js); everything heavy comes later, from a
 * bundle of its own, when first used. A slip (a dynamic import moved to a file the lazy rule does not name) puts a
 * renderer or an SDK back into activation without any test noticing: this one builds the bundle and looks.
 */
describe('activation loads none of the heavy modules', function () {
  this.timeout(60_000);

  it('the extension bundle holds no renderer, SDK, parser, inference runtime or zod; the workbench none but zod; each is a bundle of its own', async () => {
    const [extension, workbench] = await Promise.all([build('extension'), build('workbench')]);
    // zod too: the settings activation reads are checked without it, and whatever validates with it is in the workbench.
    assert.deepEqual(heavyIn(extension, [...HEAVY, 'zod']), [], 'in dist/extension.js');
    assert.deepEqual(heavyIn(workbench, HEAVY), [], 'in dist/workbench.js');
    // The lazy bundles are required from dist/ at run time, not inlined: the workbench and the backends from activation, the rest from the workbench.
    const lazy = (result: esbuild.Metafile) => Object.values(result.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path));
    for (const bundle of ['./workbench.js', './localBackend.js', './azureBackend.js']) assert.ok(lazy(extension).includes(bundle), `${bundle} is loaded lazily by activation`);
    for (const bundle of ['./jobPanel.js', './modelCardHtml.js', './endpointActions.js', './jsonSyntax.js']) assert.ok(lazy(workbench).includes(bundle), `${bundle} is loaded lazily by the workbench`);
  });

  it('the extension bundle stays under 100 KB: the command bodies, the views\' rows and the panels load with the workbench', async () => {
    const output = Object.values((await build('extension')).outputs).find((file) => file.entryPoint);
    assert.ok(output);
    const largest = Object.entries(output.inputs)
      .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
      .slice(0, 5)
      .map(([input, { bytesInOutput }]) => `${input} ${bytesInOutput} B`);
    assert.ok(output.bytes <= 100 * 1024, `dist/extension.js is ${output.bytes} bytes; the largest parts: ${largest.join(', ')}`);
  });
});
