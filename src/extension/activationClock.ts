/**
 * Imported first by `main.ts`, so this runs before any other module of the bundle: the difference between this
 * timestamp and the end of `activate` is the cost of loading and activating the extension.
 */
export const bundleEvaluationStart = performance.now();
