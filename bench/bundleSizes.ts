import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** Sizes of every bundle esbuild wrote (from its metafiles). */
export function bundleSizes(distDir: string): BundleSize[] {
  const metaDir = path.join(distDir, 'meta');
  if (!existsSync(metaDir)) throw new Error(`No metafiles in ${metaDir}: run a production build first.`);
  const sizes: BundleSize[] = [];
  for (const metaFile of readdirSync(metaDir).sort()) {
    const meta = JSON.parse(readFileSync(path.join(metaDir, metaFile), 'utf8')) as { outputs: Record<string, unknown> };
    for (const output of Object.keys(meta.outputs)) {
      if (output.endsWith('.map')) continue;
      const content = readFileSync(output);
      sizes.push({ name: path.relative(distDir, output), bytes: content.length, gzipBytes: gzipSync(content).length });
    }
  }
  return sizes;
}

export interface PackageSize {
  /** `linux-x64`, …, `universal`; `this machine` for dist/foundation-models.vsix. */
  readonly target: string;
  readonly name: string;
  readonly bytes: number;
}

/** Sizes of the `.vsix` files `npm run package:all` wrote: one per target, the universal one, this machine's copy. */
export function packageSizes(distDir: string): PackageSize[] {
  return readdirSync(distDir)
    .map((name) => ({ name, match: /^foundation-models(?:-(.+))?\.vsix$/.exec(name) }))
    .filter(({ match }) => match !== null)
    .map(({ name, match }) => ({ target: match?.[1] ?? 'this machine', name, bytes: statSync(path.join(distDir, name)).size }))
    .sort((a, b) => (a.target === 'this machine' ? 1 : b.target === 'this machine' ? -1 : a.target.localeCompare(b.target)));
}
