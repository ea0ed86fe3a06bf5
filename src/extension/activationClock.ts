/**
 * Imported first by `main.ts`, so this runs before any other module of the bundle: the difference between this
 * timestamp and the end of `activate` is the cost of loading and activating the extension. The workbench bundle
 * (`workbench.ts`) imports it first too and gets a copy of its own, stamped when that bundle starts to run.
 */
export const bundleEvaluationStart = performance.now();
