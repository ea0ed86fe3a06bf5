import * as vscode from 'vscode';
import * as z from 'zod';
import type { AzureBackendOptions } from '../../backends/registry';
import { AZURE_CLOUD_NAMES, AZURE_CLOUDS, AzureCloudEndpointsSchema, customCloudProblem, type AzureCloudEndpoints, type AzureCloudName } from '../../backends/azure/azureCloud';
import { AzureWorkspaceTargetSchema, type AzureWorkspaceTarget } from '../../backends/azure/azureTarget';
import { extensionLog } from '../log';
import { SETTINGS_SECTION } from '../settings';
import { authProviderId, VsCodeMicrosoftCredential } from './vscodeCredential';

const CloudSettingSchema = z.enum([...AZURE_CLOUD_NAMES, 'Custom']);
const RegistriesSchema = z.array(z.string().trim().min(1));
const CacheHoursSchema = z.number().min(0);
const TARGET_KEY = 'foundationModels.azure.workspace';

function azureSetting(key: string): unknown {
  return vscode.workspace.getConfiguration(`${SETTINGS_SECTION}.azure`).get<unknown>(key);
}

/**
 * A setting that decides where a token or the user's data goes, from the user's own settings only: these are
 * `machine`-scoped in package.json (VS Code ignores a workspace's value), and read here without the workspace's
 * layers as well, so that a repository's `.vscode/settings.json` can never point the sign-in elsewhere.
 */
export function userOnlySetting(section: string, key: string): unknown {
  const inspected = vscode.workspace.getConfiguration(section).inspect<unknown>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

export interface AzureCloudChoice {
  readonly name: AzureCloudName | 'Custom';
  readonly endpoints: AzureCloudEndpoints;
}

/** `foundationModels.azure.cloud` (and `customCloud` for `Custom`), validated; says what is wrong if invalid. */
export function configuredCloud(): AzureCloudChoice {
  const section = `${SETTINGS_SECTION}.azure`;
  const name = CloudSettingSchema.catch('AzureCloud').parse(userOnlySetting(section, 'cloud'));
  if (name !== 'Custom') return { name, endpoints: AZURE_CLOUDS[name] };
  const custom = AzureCloudEndpointsSchema.safeParse(userOnlySetting(section, 'customCloud'));
  if (!custom.success) {
    throw new Error(`foundationModels.azure.customCloud is not valid: ${z.prettifyError(custom.error)}`);
  }
  const problem = customCloudProblem(custom.data);
  if (problem) throw new Error(`foundationModels.azure.customCloud: ${problem}`);
  return { name, endpoints: custom.data };
}

export function configuredRegistries(): string[] {
  return RegistriesSchema.catch(['azureml', 'HuggingFace']).parse(azureSetting('registries') ?? ['azureml', 'HuggingFace']);
}

function configuredCacheTtlMs(): number {
  return CacheHoursSchema.catch(24).parse(azureSetting('catalogCacheHours') ?? 24) * 60 * 60 * 1000;
}

/** The workspace picked at sign-in, remembered across sessions (global state, not settings: it is not a preference). */
export function rememberedWorkspace(context: vscode.ExtensionContext): AzureWorkspaceTarget | undefined {
  const parsed = AzureWorkspaceTargetSchema.safeParse(context.globalState.get(TARGET_KEY));
  return parsed.success ? parsed.data : undefined;
}

export async function rememberWorkspace(context: vscode.ExtensionContext, target: AzureWorkspaceTarget | undefined): Promise<void> {
  await context.globalState.update(TARGET_KEY, target);
}

export function editorCredential(cloud: AzureCloudChoice): VsCodeMicrosoftCredential {
  return new VsCodeMicrosoftCredential(authProviderId(cloud.name));
}

/** Everything the Azure backend needs, from settings, the remembered workspace and the editor's sign-in. */
export function azureBackendOptions(context: vscode.ExtensionContext): AzureBackendOptions {
  const cloud = configuredCloud();
  const ttl = configuredCacheTtlMs();
  return {
    signIn: editorCredential(cloud),
    cloud: cloud.endpoints,
    workspace: rememberedWorkspace(context),
    registries: configuredRegistries(),
    cacheFolder: ttl > 0 ? vscode.Uri.joinPath(context.globalStorageUri, 'catalog-cache').fsPath : undefined,
    cacheTtlMs: ttl,
    log: (line) => extensionLog().warn(line),
  };
}
