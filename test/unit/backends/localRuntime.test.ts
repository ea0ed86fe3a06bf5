import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  hostTarget,
  LocalRuntimeUnavailableError,
  runtimeLoader,
  runtimeMissingMessage,
  runtimeUnavailable,
  RUNTIME_TARGETS,
} from '../../../src/backends/local/localRuntime';
import { nativeRuntimeFiles, placeNativeRuntime } from '../../../scripts/nativeRuntime.mjs';
import { tempFolder } from '../../support/tempFiles';

const NODE_MODULES = path.resolve(__dirname, '../../../node_modules');
const BINARIES = path.join(NODE_MODULES, 'onnxruntime-node', 'bin', 'napi-v6');

/** Loads onnxruntime-node the way the bundled transformers.js does: required from a file beside the bundles. */
const requireRuntimeFrom = (folder: string) => () => Promise.resolve().then(() => createRequire(path.join(folder, 'localInference.js'))('onnxruntime-node') as unknown);

async function rejection(load: () => Promise<unknown>): Promise<Error> {
  try {
    await load();
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail('the runtime loaded');
}

describe('the local inference runtime', () => {
  const temp = tempFolder();

  it('is packaged for exactly the platforms onnxruntime-node ships binaries for', () => {
    const shipped = readdirSync(BINARIES).flatMap((platform) =>
      readdirSync(path.join(BINARIES, platform))
        .filter((arch) => existsSync(path.join(BINARIES, platform, arch, 'onnxruntime_binding.node')))
        .map((arch) => `${platform}-${arch}`),
    );
    assert.deepEqual([...RUNTIME_TARGETS].sort(), shipped.sort());
  });

  it("puts one platform's binaries alone in its package", async () => {
    for (const target of RUNTIME_TARGETS) {
      const [platform = '', arch = ''] = target.split('-');
      const binaries = (await nativeRuntimeFiles(NODE_MODULES, platform, arch)).filter((file) => file.includes(`${path.sep}bin${path.sep}`));
      assert.ok(binaries.some((file) => path.basename(file) === 'onnxruntime_binding.node'), target);
      assert.deepEqual(binaries.filter((file) => !file.startsWith(path.join('onnxruntime-node', 'bin', 'napi-v6', platform, arch) + path.sep)), [], target);
    }
  });

  it('says in one sentence which package to install, or that there is none for the platform', () => {
    assert.equal(
      runtimeMissingMessage('linux-x64'),
      'Local inference is unavailable: this package of Foundation Models has no inference runtime for Linux x64; ' +
        'install its linux-x64 package (foundation-models-linux-x64.vsix), or use the Azure backend.',
    );
    assert.equal(
      runtimeMissingMessage('darwin-x64'),
      'Local inference is unavailable: Foundation Models has no inference runtime for macOS x64, since onnxruntime-node ships none for it; use the Azure backend.',
    );
    assert.match(runtimeMissingMessage('win32-arm64'), /for Windows arm64; install its win32-arm64 package \(foundation-models-win32-arm64\.vsix\)/);
    assert.match(runtimeMissingMessage('alpine-x64'), /no inference runtime for Alpine Linux x64, since/);
  });

  it('fails with that sentence, every time, where the package has no runtime (the universal .vsix)', async () => {
    const load = runtimeLoader(requireRuntimeFrom(temp.dir()));
    const first = await rejection(load);
    assert.ok(first instanceof LocalRuntimeUnavailableError);
    assert.equal(first.message, runtimeMissingMessage(hostTarget()));
    assert.equal((first.cause as NodeJS.ErrnoException).code, 'MODULE_NOT_FOUND');
    assert.equal(await rejection(load), first, 'a second use gets the same error at once');
  });

  it("fails with that sentence where the package has the runtime but not this platform's library", async () => {
    const nodeModules = path.join(temp.dir(), 'other-platform', 'node_modules');
    mkdirSync(nodeModules, { recursive: true });
    const placed = await placeNativeRuntime(nodeModules, 'no-such-platform', 'no-arch', NODE_MODULES);
    assert.ok(placed.includes(path.join('onnxruntime-node', 'dist', 'binding.js')));
    assert.deepEqual(placed.filter((file) => file.includes(`${path.sep}bin${path.sep}`)), []);
    const error = await rejection(runtimeLoader(requireRuntimeFrom(path.dirname(nodeModules))));
    assert.ok(error instanceof LocalRuntimeUnavailableError);
    assert.equal(error.message, runtimeMissingMessage(hostTarget()));
    assert.match(String((error.cause as Error).message), /onnxruntime_binding\.node/);
  });

  it("names a library that is there and does not load, and lets other failures through as they are", () => {
    const dlopen = Object.assign(new Error('libstdc++.so.6: version `GLIBCXX_3.4.30\' not found\n(required by …)'), { code: 'ERR_DLOPEN_FAILED' });
    assert.equal(
      runtimeUnavailable(dlopen, 'linux-x64')?.message,
      "Local inference is unavailable: onnxruntime's native library for Linux x64 did not load (libstdc++.so.6: version `GLIBCXX_3.4.30' not found); use the Azure backend.",
    );
    const otherModule = Object.assign(new Error("Cannot find module 'left-pad'"), { code: 'MODULE_NOT_FOUND' });
    assert.equal(runtimeUnavailable(otherModule), undefined);
    assert.equal(runtimeUnavailable(new Error('out of memory')), undefined);
  });
});
