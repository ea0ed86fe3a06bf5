import type * as workbench from './workbench';

let loaded: Promise<typeof workbench> | undefined;

/**
 * The workbench, `dist/workbench.js`: everything of the extension that activation does not run (the views' rows,
 * every command's body, the panels, the job logs, the settings a backend is created from, and zod, which they
 * validate with). Activation registers stand-ins that load it on first use: the first row a view asks for, the
 * first command, a panel restored after a reload, the backend's creation (scripts/bundles.mjs names the bundle;
 * this file is its one importer). It is evaluated in a task of its own, never in the microtasks that follow
 * `activate` and that the extension host counts as activation.
 */
export function loadWorkbench(): Promise<typeof workbench> {
  loaded ??= new Promise<void>((resolve) => setTimeout(resolve, 0))
    .then(() => import('./workbench'))
    .catch((error: unknown) => {
      loaded = undefined; // a failed load is tried again on the next use
      throw error;
    });
  return loaded;
}
