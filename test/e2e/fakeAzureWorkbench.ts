import type { Workbench } from '../harness/workbench';
import { startFakeAzureMl, type FakeAzureMl, type FakeJob, type FakeWorkspace } from '../fakes/azureMl';
import { IDENTITY_STORAGE, jobsSeed } from '../support/azureBackendFixture';
import { fakeAzureCli } from '../support/env';
import { useWorkbenchSession, type WorkbenchSession } from './workbenchSession';

/**
 * The Azure e2e suites' setting: the strict fake Azure ML with the jobs seed (fm-dev with its clusters and data assets, an
 * identity-based datastore whose blobs the fake serves), its Azure ML resource on a host of its own (a custom cloud may
 * name no other) apart from ARM's, a stand-in `az` on the extension host's PATH (DefaultAzureCredential finds it and it
 * hands out a token for each resource asked: ARM, Azure ML, storage), and a workbench whose user settings name the fake
 * as a custom cloud. `scriptJob` gives each job the extension submits its life; `prepare` changes the fake before the
 * workbench starts (blobs to serve).
 */
export function useFakeAzureWorkbench(
  screenshotPrefix: string,
  scriptJob: (job: FakeJob) => void,
  prepare: (fake: FakeAzureMl, workspace: FakeWorkspace) => void = () => undefined,
): { readonly state: () => { readonly fake: FakeAzureMl; readonly workspace: FakeWorkspace }; readonly session: () => WorkbenchSession } {
  let fake: FakeAzureMl | undefined;
  let workspace: FakeWorkspace | undefined;
  let az: ReturnType<typeof fakeAzureCli> | undefined;
  const savedEnv = process.env.AZURE_TOKEN_CREDENTIALS;

  before(async function () {
    this.timeout(60_000);
    const seed = jobsSeed();
    workspace = seed.workspaces[0] as FakeWorkspace;
    workspace.storage = { ...IDENTITY_STORAGE };
    fake = await startFakeAzureMl(seed, { mlResource: (url) => `${url}/aml` });
    fake.onJobCreated = scriptJob;
    prepare(fake, workspace);
    az = fakeAzureCli(fake.cliTokens());
    process.env.AZURE_TOKEN_CREDENTIALS = 'AzureCliCredential';
  });
  after(async () => {
    if (savedEnv === undefined) delete process.env.AZURE_TOKEN_CREDENTIALS;
    else process.env.AZURE_TOKEN_CREDENTIALS = savedEnv;
    az?.dispose();
    await fake?.close();
  });
  const state = () => {
    if (!fake || !workspace) throw new Error('the fake Azure ML did not start');
    return { fake, workspace };
  };
  const session = useWorkbenchSession(screenshotPrefix, () => ({
    'foundationModels.azure.cloud': 'Custom',
    'foundationModels.azure.customCloud': {
      resourceManager: state().fake.url,
      registryDiscovery: state().fake.url,
      authorityHost: 'https://login.microsoftonline.com',
      blobServiceUrl: `${state().fake.url}/storage/{account}`,
      mlScope: `${state().fake.mlResource}/.default`,
    },
    'foundationModels.azure.registries': ['azureml'],
  }), () => (az ? [az.bin] : []));
  return { state, session };
}

/**
 * Sign in to Azure with the stand-in Azure CLI and choose Contoso ML Dev / fm-dev; done once the catalog lists the
 * registry. VS Code may offer its own Microsoft sign-in first; declining it falls back to the Azure CLI.
 */
export async function signInWithAzureCli(wb: Workbench): Promise<void> {
  await wb.runCommand('Foundation Models: Sign in to Azure');
  const dialog = wb.page.locator('.monaco-dialog-box');
  if (await dialog.waitFor({ timeout: 3000 }).then(() => true, () => false)) await dialog.getByRole('button', { name: 'Cancel' }).click();
  await wb.pickInQuickPick('Contoso ML Dev', 'Contoso ML Dev');
  await wb.pickInQuickPick('fm-dev', 'fm-dev');
  await wb.openViewContainer('Foundation Models');
  await wb.treeRow(wb.viewPane('Catalog'), 'Azure ML Registry').waitFor({ timeout: 30_000 });
}
