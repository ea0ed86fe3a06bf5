// Types of bundles.mjs, for the tests.
import type { BuildOptions } from 'esbuild';

export declare function bundleBuilds(production: boolean): Record<string, BuildOptions>;
