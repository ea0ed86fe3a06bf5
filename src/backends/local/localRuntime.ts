/**
 * The native inference runtime (onnxruntime-node's library) ships per platform: each platform's `.vsix` carries its
 * own (`npm run package:all`), the universal one none. Where it is missing, or cannot load, local inference fails
 * with a LocalRuntimeUnavailableError whose one sentence says which package to install or to use Azure, never with
 * Node's module-not-found stack.
 */

/**
 * The platforms, as VS Code names them (`vsce --target`), whose package carries the runtime: those onnxruntime-node's
 * npm package ships CPU binaries for (1.30.0 has none for macOS on Intel; Alpine's musl cannot load the Linux ones).
 * A test checks the list against `node_modules/onnxruntime-node/bin/napi-v6/`.
 */
export const RUNTIME_TARGETS = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'win32-x64', 'win32-arm64'] as const;
export type RuntimeTarget = (typeof RUNTIME_TARGETS)[number];

export function isRuntimeTarget(target: string): target is RuntimeTarget {
  return (RUNTIME_TARGETS as readonly string[]).includes(target);
}

/** Local inference cannot run in this installation; the message says what to install instead. */
export class LocalRuntimeUnavailableError extends Error {
  override readonly name = 'LocalRuntimeUnavailableError';
}

function hasGlibc(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime !== undefined;
}

/** VS Code's name for this machine's platform: `linux-x64`, `darwin-arm64`, `win32-x64`, `alpine-x64` (Linux on musl)… */
export function hostTarget(platform: string = process.platform, arch: string = process.arch): string {
  return `${platform === 'linux' && !hasGlibc() ? 'alpine' : platform}-${arch}`;
}

const PLATFORM_NAMES: Readonly<Record<string, string>> = { linux: 'Linux', alpine: 'Alpine Linux', darwin: 'macOS', win32: 'Windows' };

/** `Linux x64`, `macOS arm64`, `Windows x64`. */
function describeTarget(target: string): string {
  const [platform = '', arch = ''] = target.split('-');
  return `${PLATFORM_NAMES[platform] ?? platform} ${arch}`;
}

/** The sentence when this installation has no runtime for `target`. */
export function runtimeMissingMessage(target: string): string {
  const where = describeTarget(target);
  return isRuntimeTarget(target)
    ? `Local inference is unavailable: this package of Foundation Models has no inference runtime for ${where}; ` +
        `install its ${target} package (foundation-models-${target}.vsix), or use the Azure backend.`
    : `Local inference is unavailable: Foundation Models has no inference runtime for ${where}, since onnxruntime-node ` +
        'ships none for it; use the Azure backend.';
}

/** The sentence when the runtime is there but its native library does not load (a system library it needs, say). */
export function runtimeLoadFailedMessage(target: string, detail: string): string {
  return `Local inference is unavailable: onnxruntime's native library for ${describeTarget(target)} did not load (${detail}); use the Azure backend.`;
}

/**
 * The error to show for a failure to load the runtime, or undefined when `error` is something else: Node's
 * MODULE_NOT_FOUND for onnxruntime-node or this platform's binding (the universal package, another platform's
 * package), or ERR_DLOPEN_FAILED (the library is there and does not load).
 */
export function runtimeUnavailable(error: unknown, target?: string): LocalRuntimeUnavailableError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'MODULE_NOT_FOUND' && error.message.includes('onnxruntime')) {
    return new LocalRuntimeUnavailableError(runtimeMissingMessage(target ?? hostTarget()), { cause: error });
  }
  if (code === 'ERR_DLOPEN_FAILED') {
    const detail = (error.message.split('\n')[0] ?? '').trim();
    return new LocalRuntimeUnavailableError(runtimeLoadFailedMessage(target ?? hostTarget(), detail), { cause: error });
  }
  return undefined;
}

/**
 * Loads the runtime on the first call and keeps the outcome, failure included: a runtime that is missing stays
 * missing, so each later use gets the same error at once instead of running transformers.js's start-up again.
 */
export function runtimeLoader<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      throw runtimeUnavailable(error) ?? error;
    }));
}
