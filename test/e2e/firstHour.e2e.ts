import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { azuremlRegistry, sampleSeed, startFakeAzureMl, type FakeAzureMl } from '../fakes/azureMl';
import type { Workbench } from '../harness/workbench';
import { useWorkbenchSession } from './workbenchSession';

/**
 * The first hour on Azure never dead-ends: Fine-tune… and Evaluate… open whatever the backend's state (signed out,
 * no workspace, an empty catalog, no compute) and say what stands in the way with a button that leads on; the views
 * offer the same buttons; the status bar says where the work happens. (Signed out, the panel used to stay on
 * "Reading the file…" forever.)
 */
describe('e2e: the first hour on Azure: every state says why, with a button', function () {
  let fake: FakeAzureMl;
  let azBin = '';
  let signedIn = '';

  before(async function () {
    this.timeout(60_000);
    const seed = sampleSeed();
    seed.registries.push(azuremlRegistry({ name: 'empty-registry', models: [] }));
    fake = await startFakeAzureMl(seed);
    // A stand-in `az` that is signed in only while its flag file exists.
    azBin = mkdtempSync(path.join(os.tmpdir(), 'fm-az-switch-'));
    signedIn = path.join(azBin, 'signed-in');
    const token = `{"accessToken":"${fake.validToken}","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4102444800,"tokenType":"Bearer"}`;
    writeFileSync(path.join(azBin, 'az'), `#!/bin/sh\nif [ -f '${signedIn}' ]; then printf '%s' '${token}'; else echo "ERROR: Please run 'az login' to setup account." >&2; exit 1; fi\n`);
    chmodSync(path.join(azBin, 'az'), 0o755);
    process.env.AZURE_TOKEN_CREDENTIALS = 'AzureCliCredential';
  });
  after(async () => {
    delete process.env.AZURE_TOKEN_CREDENTIALS;
    await fake?.close();
    if (azBin) rmSync(azBin, { recursive: true, force: true });
  });

  const session = useWorkbenchSession(
    'first-hour',
    () => ({
      'foundationModels.backend': 'azure',
      'foundationModels.azure.cloud': 'Custom',
      'foundationModels.azure.customCloud': { resourceManager: fake.url, registryDiscovery: fake.url, authorityHost: 'https://login.microsoftonline.com' },
      'foundationModels.azure.registries': ['azureml'],
      'foundationModels.azure.catalogCacheHours': 0,
    }),
    () => [azBin],
  );

  /**
   * Sets settings on disk as the Settings editor would (the user's and, code-server being a remote, the remote's,
   * which win); VS Code notices and the backend is created again.
   */
  const setSettings = (changes: Record<string, unknown>) => {
    for (const level of ['User', 'Machine']) {
      const file = path.join(session().server.userDataDir, level, 'settings.json');
      writeFileSync(file, JSON.stringify({ ...(JSON.parse(readFileSync(file, 'utf8')) as object), ...changes }, null, 2));
    }
  };

  /** Opens Fine-tune… then Evaluate… on reviews.csv and checks each panel shows the notice with its buttons. */
  async function expectPanels(wb: Workbench, notice: RegExp, buttons: string[]): Promise<void> {
    for (const [item, title] of [['Fine-tune…', 'Fine-tune: reviews.csv'], ['Evaluate…', 'Evaluate: reviews.csv']] as const) {
      await wb.runCommand('View: Close All Editors');
      await wb.openExplorerContextMenu('reviews.csv', item);
      const panel = wb.webview();
      await panel.locator('h1', { hasText: title }).waitFor({ timeout: 30_000 });
      const shown = panel.locator('.notice', { hasText: notice });
      await shown.waitFor();
      for (const label of buttons) await shown.locator('vscode-button', { hasText: label }).waitFor();
    }
  }

  it('signed out: the panels open, say so, and offer Sign in and Use Local Models; so do the views', async () => {
    const wb = session().workbench;
    await expectPanels(wb, /not signed in/i, ['Sign in to Azure', 'Use Local Models']);
    await wb.screenshot('first-hour-panel-signed-out');
    await wb.openViewContainer('Foundation Models');
    const welcome = wb.viewPane('Catalog').locator('.welcome-view-content');
    await welcome.getByRole('button', { name: 'Sign in to Azure' }).waitFor({ timeout: 30_000 });
    await welcome.getByRole('button', { name: 'Sign in with the Azure CLI' }).waitFor();
    // The status bar names the backend and where it works; a click opens Select Backend….
    await wb.page.locator('.statusbar-item', { hasText: 'Azure ML · no workspace' }).first().waitFor();
  });

  it('signed in without a workspace: the registry lists; jobs say a workspace is needed, with Choose a Workspace', async () => {
    writeFileSync(signedIn, '');
    await session().workbench.runCommand('Foundation Models: Refresh Catalog');
    const wb = session().workbench;
    await expectPanels(wb, /needs an Azure ML workspace/, ['Choose a Workspace', 'Use Local Models']);
    await wb.openViewContainer('Foundation Models');
    const jobs = await wb.expandPane('Jobs');
    await jobs.locator('.welcome-view-content').getByRole('button', { name: 'Choose a Workspace' }).waitFor({ timeout: 30_000 });
  });

  it('an empty catalog: the panels say there is no model, and offer another backend', async () => {
    setSettings({ 'foundationModels.azure.registries': ['empty-registry'] });
    const wb = session().workbench;
    await wb.openViewContainer('Foundation Models');
    // The settings file is watched: the catalog reads the empty registry, and says how to find models.
    await wb.viewPane('Catalog').locator('.welcome-view-content', { hasText: 'Browse foundation models' }).waitFor({ timeout: 30_000 });
    await expectPanels(wb, /catalog has no model to/, ['Select Backend…']);
  });

  it('a workspace with no compute: the panel says so, and the status bar names the workspace', async () => {
    setSettings({ 'foundationModels.azure.registries': ['azureml'] });
    const wb = session().workbench;
    await wb.runCommand('Foundation Models: Choose Azure Workspace…');
    await wb.pickInQuickPick('Contoso ML Dev', 'Contoso ML Dev');
    await wb.pickInQuickPick('fm-dev', 'fm-dev');
    await wb.page.locator('.statusbar-item', { hasText: 'workspace fm-dev' }).first().waitFor({ timeout: 30_000 });
    await expectPanels(wb, /has no compute cluster/, []);
    await wb.screenshot('first-hour-panel-no-compute');
  });
});
