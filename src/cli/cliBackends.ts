import type { Backend } from '../backends/backend';
import { BACKEND_IDS, createBackend, isBackendId, type BackendId, type BackendOptions } from '../backends/registry';
import { azureOptionsFromCli, type AzureCliValues } from './cliAzure';
import { UsageError } from './cliIo';

/**
 * Each backend as the command line sees it: its options from the flags, and what a job command lacks without
 * them. One line per backend of the registry (`src/backends/registry.ts`).
 */
interface CliBackend {
  options(values: AzureCliValues, env: NodeJS.ProcessEnv): BackendOptions;
  /** Said when the backend has no jobs with the flags given. */
  readonly jobsNeed: string;
}

/** The local backend's batch size and threads (`FM_INFERENCE_BATCH_SIZE`, `FM_INFERENCE_THREADS`), as its settings are in the editor. */
export function inferenceFromEnv(env: NodeJS.ProcessEnv): BackendOptions['inference'] {
  const whole = (name: string, least: number) => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < least) throw new UsageError(`${name} must be a whole number of at least ${least}, not "${raw}".`);
    return value;
  };
  // FM_INFERENCE_THREADS=0 lets onnxruntime choose (one thread per core).
  return { batchSize: whole('FM_INFERENCE_BATCH_SIZE', 1), threads: whole('FM_INFERENCE_THREADS', 0) };
}

const CLI_BACKENDS: Readonly<Record<BackendId, CliBackend>> = {
  local: { options: (_values, env) => ({ inference: inferenceFromEnv(env) }), jobsNeed: 'The local backend has no jobs folder.' },
  azure: {
    options: (values, env) => ({ azure: azureOptionsFromCli(values, env) }),
    jobsNeed: 'Azure jobs need a workspace: give --subscription, --resource-group and --workspace.',
  },
};

export function parseBackend(value: string | undefined): BackendId {
  const id = value ?? BACKEND_IDS[0];
  if (!isBackendId(id)) throw new UsageError(`--backend must be ${BACKEND_IDS.map((known) => `"${known}"`).join(' or ')}, not "${value}".`);
  return id;
}

export type BackendCliValues = AzureCliValues & { readonly backend?: string | undefined };

/** The backend `--backend` names (the first of the registry by default), with its flags and the command's options. */
export async function backendFromCli(values: BackendCliValues, common: BackendOptions, env: NodeJS.ProcessEnv = process.env): Promise<Backend> {
  const id = parseBackend(values.backend);
  return createBackend(id, { ...common, ...CLI_BACKENDS[id].options(values, env) });
}

/** The backend's jobs, or a usage error that says which flags bring them. */
export function jobsOrUsage(backend: Backend, values: BackendCliValues): NonNullable<Backend['jobs']> {
  if (backend.jobs) return backend.jobs;
  backend.dispose();
  throw new UsageError(CLI_BACKENDS[parseBackend(values.backend)].jobsNeed);
}
