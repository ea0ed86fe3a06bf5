import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** Sizes of every bundle esbuild wrote (from its metafiles) and of the `.vsix`. */
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
  const vsix = path.join(distDir, 'foundation-models.vsix');
  if (existsSync(vsix)) sizes.push({ name: 'foundation-models.vsix', bytes: statSync(vsix).size, gzipBytes: statSync(vsix).size });
  return sizes;
}
