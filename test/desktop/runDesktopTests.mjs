// `npm run test:desktop`: the integration suite inside desktop VS Code, downloaded by @vscode/test-electron.
// That download needs Microsoft's update service, which CI and our sandboxes cannot reach; there the e2e suite
// (code-server) is the real-VS-Code check. Run this where VS Code can be downloaded or is cached.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const suite = path.join(root, 'out', 'desktop', 'suite.js');

await esbuild.build({
  entryPoints: [path.join(root, 'test', 'desktop', 'suite.ts')],
  outfile: suite,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  sourcemap: true,
  logLevel: 'warning',
});

try {
  await runTests({
    version: process.env.FM_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    launchArgs: [path.join(root, 'samples'), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error(`Desktop integration tests did not run or failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
