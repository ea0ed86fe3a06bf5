import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { AZURE_CLOUD_NAMES, AZURE_CLOUDS, AzureCloudEndpointsSchema, customCloudProblem, type AzureCloudEndpoints } from '../backends/azure/azureCloud';
import type { AzureBackendOptions } from '../backends/registry';
import { UsageError } from './cliIo';

export const AZURE_OPTIONS_USAGE = `Azure options: --subscription ID --resource-group NAME --workspace NAME (the workspace's models; all three or none)
  --registry NAME (repeatable; default azureml and HuggingFace)  --cloud AzureCloud|AzureChinaCloud|AzureUSGovernment|Custom
  --refresh (read again, ignoring the day-long cache)
  Sign-in: DefaultAzureCredential (AZURE_* environment variables, managed identity, az login, …).
  Custom cloud: FM_AZURE_CUSTOM_CLOUD='{"resourceManager":…,"registryDiscovery":…,"authorityHost":…}'. Cache: FM_CACHE_DIR.`;

/** The parseArgs options the Azure backend adds to a command. */
export const AZURE_CLI_OPTIONS = {
  subscription: { type: 'string' },
  'resource-group': { type: 'string' },
  workspace: { type: 'string' },
  registry: { type: 'string', multiple: true },
  cloud: { type: 'string' },
  refresh: { type: 'boolean', default: false },
} as const;

export interface AzureCliValues {
  subscription?: string | undefined;
  'resource-group'?: string | undefined;
  workspace?: string | undefined;
  registry?: string[] | undefined;
  cloud?: string | undefined;
}

function cloudFrom(name: string | undefined, env: NodeJS.ProcessEnv): AzureCloudEndpoints {
  const cloud = name ?? 'AzureCloud';
  if (cloud === 'Custom') {
    let raw: unknown;
    try {
      raw = JSON.parse(env.FM_AZURE_CUSTOM_CLOUD ?? '');
    } catch {
      throw new UsageError('--cloud Custom needs FM_AZURE_CUSTOM_CLOUD set to JSON: {"resourceManager","registryDiscovery","authorityHost"}.');
    }
    const parsed = AzureCloudEndpointsSchema.safeParse(raw);
    if (!parsed.success) throw new UsageError(`FM_AZURE_CUSTOM_CLOUD is not valid: ${z.prettifyError(parsed.error)}`);
    const problem = customCloudProblem(parsed.data);
    if (problem) throw new UsageError(`FM_AZURE_CUSTOM_CLOUD: ${problem}`);
    return parsed.data;
  }
  const known = (AZURE_CLOUD_NAMES as readonly string[]).includes(cloud) ? (cloud as (typeof AZURE_CLOUD_NAMES)[number]) : undefined;
  if (!known) throw new UsageError(`--cloud must be one of ${AZURE_CLOUD_NAMES.join(', ')} or Custom, not "${cloud}".`);
  return AZURE_CLOUDS[known];
}

/** Where the CLI caches catalog listings: FM_CACHE_DIR, else the XDG cache folder. */
export function cliCacheFolder(env: NodeJS.ProcessEnv): string {
  return env.FM_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'foundation-models');
}

export function azureOptionsFromCli(values: AzureCliValues, env: NodeJS.ProcessEnv = process.env): AzureBackendOptions {
  const parts = [values.subscription, values['resource-group'], values.workspace];
  const given = parts.filter(Boolean).length;
  if (given !== 0 && given !== 3) throw new UsageError('--subscription, --resource-group and --workspace go together: give all three, or none for registries only.');
  const [subscriptionId, resourceGroup, workspace] = parts;
  return {
    cloud: cloudFrom(values.cloud, env),
    workspace: subscriptionId && resourceGroup && workspace ? { subscriptionId, resourceGroup, workspace } : undefined,
    registries: values.registry && values.registry.length > 0 ? values.registry : ['azureml', 'HuggingFace'],
    cacheFolder: cliCacheFolder(env),
  };
}
