import type { CodeSection } from '../core/code/codeDocument';
import type { DeploymentCode, JobCode } from '../core/code/jobCode';
import type { AzureBackendOptions } from './azure/azureOptions';
import type { Backend } from './backend';
import type { LocalBackendOptions } from './local/localOptions';

/**
 * The backends, each named once: its id (the `foundationModels.backend` setting, `--backend` in the CLI), its label,
 * and a loader. Each backend is imported lazily and is a bundle of its own (`esbuild.mjs`), so neither the catalog
 * code nor the Azure SDK loads until something asks for it. Adding a backend: a folder beside `local/` and `azure/`,
 * a line here and in `BackendOptions`, a bundle entry, and its settings (`docs/architecture.md`).
 */
export const BACKEND_IDS = ['local', 'azure'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];

/**
 * Whether a value (a setting, a flag) names a backend. A plain check, not a zod schema: the editor reads the
 * backend setting at activation, which loads no validation library (test/unit/extension/activationBundle.test.ts).
 */
export function isBackendId(value: unknown): value is BackendId {
  return (BACKEND_IDS as readonly unknown[]).includes(value);
}

/** Every backend's options in one bag; each backend reads its own part (its type lives in its folder). */
export type BackendOptions = LocalBackendOptions & {
  readonly azure?: AzureBackendOptions | undefined;
};
export type { AzureBackendOptions, LocalBackendOptions };

/**
 * A backend's part of Show Code, loaded without creating the backend (nor signing in): the `fm` flags that choose it
 * as `options` configure it, and, where the backend has a tool of its own (Azure ML CLI v2), the same work written for
 * that tool as sections of the document. Each reads its own part of `options`. The `fm` section and the document
 * itself are core's (`src/core/code`).
 */
export interface BackendCode {
  /** `--backend <id>` and the flags that point it where `options` do (a workspace, a Python). */
  fmFlags(options: BackendOptions): string[];
  /** The evaluation or fine-tune in the backend's own tool; absent where `fm` is its tool. */
  job?(request: JobCode, options: BackendOptions): CodeSection[];
  /** The deployment in the backend's own tool. */
  deployment?(request: DeploymentCode, options: BackendOptions): CodeSection[];
}

interface BackendEntry {
  readonly label: string;
  /** A codicon for the status bar. */
  readonly icon: string;
  readonly load: () => Promise<(options: BackendOptions) => Backend>;
  /** Its part of Show Code (a bundle of its own for Azure: the YAML writer). */
  readonly code: () => Promise<BackendCode>;
}

export const BACKENDS: Readonly<Record<BackendId, BackendEntry>> = {
  local: {
    label: 'Local (this machine, no account)',
    icon: 'device-desktop',
    load: async () => (await import('./local/localBackend')).createLocalBackend,
    code: async () => (await import('./local/localCode')).LOCAL_CODE,
  },
  azure: {
    label: 'Azure Machine Learning',
    icon: 'azure',
    load: async () => (await import('./azure/azureBackend')).createAzureBackend,
    code: async () => (await import('./azure/azureCode')).AZURE_CODE,
  },
};

/** The one place that turns a backend id into a backend. */
export async function createBackend(id: BackendId, options: BackendOptions = {}): Promise<Backend> {
  return (await BACKENDS[id].load())(options);
}
