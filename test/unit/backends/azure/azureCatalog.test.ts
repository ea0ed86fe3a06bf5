import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { AzureCloudEndpoints } from '../../../../src/backends/azure/azureCloud';
import { listSubscriptions, listWorkspaces } from '../../../../src/backends/azure/azureBackend';
import { isBackendUnavailable, remedyOf } from '../../../../src/backends/backend';
import { runCli } from '../../../../src/cli/main';
import { SAMPLE_IDS, type FakeAzureMl } from '../../../fakes/azureMl';
import { notSignedInToEditor, startAzureFixture, type AzureFixture } from '../../../support/azureBackendFixture';
import { captureIo } from '../../../support/captureIo';
import { fakeAzureCli, withEnv } from '../../../support/env';

/**
 * Contract tests of the Azure catalog: the real `@azure/arm-machinelearning` and `@azure/identity` packages talk
 * real HTTP to a local fake of the Azure ML REST API (test/fakes/azureMl/, written from the REST spec).
 */

function staticCredential(token: string): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    async getToken(): Promise<AccessToken> {
      credential.calls += 1;
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return credential;
}

describe('Azure catalog against the fake Azure ML REST API', function () {
  this.timeout(20_000);
  let fixture: AzureFixture;
  let fake: FakeAzureMl;
  let cacheRoot: string;
  let cloud: AzureCloudEndpoints;

  beforeEach(async () => {
    fixture = await startAzureFixture({ backend: { registries: ['azureml', 'HuggingFace'] } });
    ({ fake, cloud } = fixture);
    cacheRoot = mkdtempSync(path.join(os.tmpdir(), 'fm-azure-cache-'));
  });
  afterEach(async () => {
    await fixture.close();
    rmSync(cacheRoot, { recursive: true, force: true });
  });

  it('lists both registries across every page and the workspace models, mapped to the catalog', async () => {
    const backend = await fixture.backend();
    const progress: string[] = [];
    const listing = await backend.catalog.list({ progress: (line) => progress.push(line) });
    assert.deepEqual(listing.warnings, []);
    const count = (collection: string) => listing.models.filter((m) => m.collection === collection).length;
    assert.equal(count('azureml'), 15);
    assert.equal(count('huggingface'), 3);
    assert.equal(count('workspace'), 3);

    const bert = await backend.catalog.get('azureml/bert-base-uncased');
    assert.equal(bert?.task, 'fill-mask');
    assert.equal(bert?.license, 'apache-2.0');
    assert.ok((bert?.fineTuningTasks.length ?? 0) > 0, 'fine-tuning tasks come from the version properties');
    assert.match(bert?.source ?? '', /^azureml:\/\/registries\/azureml\/models\/bert-base-uncased\/versions\/\d+$/);
    assert.ok((bert?.description.length ?? 0) > 40);
    const mine = listing.models.find((m) => m.id === 'workspace/fm-dev/ner-distilroberta');
    assert.equal(mine?.task, 'token-classification');
    assert.equal(mine?.version, '3', 'the latest version');

    // Paging: the azureml registry's 15 containers came in pages of 2, following nextLink ($skipToken).
    const containerPages = fake.requests.filter((r) => /registries\/azureml\/models$/.test(r.path));
    assert.equal(containerPages.length, 8);
    assert.equal(containerPages.filter((r) => [...r.query.keys()].some((k) => k.toLowerCase() === '$skiptoken')).length, 7);
    // The fixture's cloud is the fake's own URL: its resource manager, so its ARM scope.
    const armToken = `Bearer ${fake.tokenFor(`${cloud.resourceManager}/.default`)}`;
    assert.ok(fake.requests.every((r) => r.authorization === armToken), 'every request is signed with a token for ARM');
    assert.ok(progress.some((line) => /registry azureml/.test(line)));
  });

  it('F4: reads task, license and fine-tuning tasks from system_metadata (nested or as text), the legacy tags only for old versions', async () => {
    const backend = await fixture.backend();
    const byName = Object.fromEntries((await backend.catalog.list()).models.filter((m) => m.collection === 'azureml').map((m) => [m.name, m]));
    // Stringified system metadata (the publisher's metadata update) and nested (bert, squad2, bart).
    assert.deepEqual([byName['distilbert-base-uncased-finetuned-sst-2-english']?.task, byName['distilbert-base-uncased-finetuned-sst-2-english']?.license], ['text-classification', 'apache-2.0']);
    assert.deepEqual([byName['t5-small']?.task, byName['t5-small']?.fineTuningTasks.sort()], ['translation', ['summarization', 'text-classification', 'translation']]);
    assert.deepEqual([byName['facebook-bart-large-cnn']?.task, byName['facebook-bart-large-cnn']?.license], ['summarization', 'MIT']);
    assert.deepEqual(byName['bert-base-uncased']?.fineTuningTasks.sort(), ['question-answering', 'text-classification']);
    assert.equal(byName['Jean-Baptiste-camembert-ner']?.task, 'token-classification');
    assert.ok(Object.values(byName).every((m) => m.task !== 'unknown' && m.license !== 'unknown'), 'no model is unknown');
    // The legacy tags still serve a version published before the migration.
    fake.seed.registries[0]?.models.find((m) => m.name === 'gpt2')?.versions.pop();
    backend.catalog.refresh();
    const gpt2 = await backend.catalog.get('azureml/gpt2');
    assert.deepEqual([gpt2?.version, gpt2?.task, gpt2?.license, gpt2?.fineTuningTasks], ['17', 'text-generation', 'MIT', ['text-classification']]);
  });

  it('waits out a 429 for as long as Retry-After says, then succeeds', async () => {
    fake.failNext(/registries\/azureml\/models$/, 429, { times: 1, retryAfterSeconds: 1 });
    const backend = await fixture.backend({ registries: ['azureml'], workspace: undefined });
    const listing = await backend.catalog.list();
    assert.equal(listing.models.length, 15);
    const firstPage = fake.requests.filter((r) => /registries\/azureml\/models$/.test(r.path)).slice(0, 2);
    assert.equal(firstPage.length, 2, 'the throttled request was sent again');
    const waited = (firstPage[1]?.at ?? 0) - (firstPage[0]?.at ?? 0);
    assert.ok(waited >= 950, `waited ${waited} ms after Retry-After: 1`);
  });

  it('says the sign-in was rejected on 401, and keeps other sources when one fails', async () => {
    const rejected = await fixture.backend({ signIn: staticCredential('expired-token') });
    await assert.rejects(rejected.catalog.list(), /Azure rejected the sign-in \(401 AuthenticationFailed\)\. Sign in again/);

    const partial = await fixture.backend({ registries: ['azureml', 'NoSuchRegistry'] });
    const listing = await partial.catalog.list();
    assert.equal(listing.models.length, 15 + 3);
    assert.deepEqual(listing.warnings, ['Azure registry NoSuchRegistry: not found (404). Check the subscription, workspace or registry name.']);
  });

  it('falls back to DefaultAzureCredential (here the Azure CLI) when the editor has no session', async () => {
    const az = fakeAzureCli(fake.cliTokens());
    try {
      const listing = await withEnv({ AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential', PATH: `${az.bin}:${process.env.PATH ?? ''}` }, async () => {
        const backend = await fixture.backend({ signIn: notSignedInToEditor, registries: ['HuggingFace'], workspace: undefined });
        return backend.catalog.list();
      });
      assert.equal(listing.models.length, 3);
      assert.ok(fake.requests.every((r) => r.authorization === `Bearer ${fake.tokenFor(cloud.resourceManager)}`));
    } finally {
      az.dispose();
    }
  });

  it('says "not signed in" once when neither the editor nor DefaultAzureCredential has a sign-in', async () => {
    const az = fakeAzureCli(undefined);
    try {
      await withEnv({ AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential', PATH: `${az.bin}:${process.env.PATH ?? ''}` }, async () => {
        const backend = await fixture.backend({ signIn: notSignedInToEditor });
        await assert.rejects(backend.catalog.list(), (error) => isBackendUnavailable(error) && /^Azure: not signed in\. Sign in to Azure/.test(error.message) && remedyOf(error) === 'signIn');
      });
      assert.equal(fake.requests.length, 0, 'nothing unsigned was sent');
    } finally {
      az.dispose();
    }
  });

  it('reads from the disk cache until Refresh, without a request', async () => {
    const first = await fixture.backend({ cacheFolder: cacheRoot });
    const listed = (await first.catalog.list()).models.length;
    const sent = fake.requests.length;
    const second = await fixture.backend({ cacheFolder: cacheRoot });
    assert.equal((await second.catalog.list()).models.length, listed);
    assert.equal(fake.requests.length, sent, 'a fresh backend read the cache, not the network');
    fake.seed.registries[1]?.models.pop();
    second.catalog.refresh();
    assert.equal((await second.catalog.list()).models.length, listed - 1, 'Refresh reads the registries again');
    assert.ok(fake.requests.length > sent);
  });

  it('stops when cancelled', async () => {
    const backend = await fixture.backend();
    const abort = new AbortController();
    const listing = backend.catalog.list({ signal: abort.signal, progress: () => abort.abort() });
    await assert.rejects(listing, (error: Error) => error.name === 'AbortError');
  });

  it('lists subscriptions and workspaces for the pickers', async () => {
    const signIn = staticCredential(fake.validToken);
    const subscriptions = await listSubscriptions(signIn, cloud);
    assert.deepEqual(subscriptions.map((s) => s.displayName), ['Contoso ML Dev', 'Contoso ML Prod']);
    const workspaces = await listWorkspaces(signIn, cloud, SAMPLE_IDS.devSubscription);
    assert.deepEqual(workspaces.map((w) => [w.workspace, w.resourceGroup, w.location]), [['fm-dev', 'rg-foundation-models', 'eastus']]);
  });

  it('serves fm catalog list --backend azure through the CLI with a custom cloud and the Azure CLI login', async () => {
    const customCloud = fixture.customCloud(); // before the stand-in az takes the fake's tokens
    const az = fakeAzureCli(fake.cliTokens());
    try {
      const io = captureIo();
      const code = await withEnv(
        {
          AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
          PATH: `${az.bin}:${process.env.PATH ?? ''}`,
          FM_AZURE_CUSTOM_CLOUD: JSON.stringify(customCloud),
          FM_CACHE_DIR: cacheRoot,
        },
        () => runCli(['catalog', 'list', '--backend', 'azure', '--cloud', 'Custom', '--registry', 'azureml', '--task', 'fill-mask', '--json'], io),
      );
      assert.equal(code, 0, io.stderr);
      const models = JSON.parse(io.stdout) as { id: string; task: string }[];
      assert.ok(models.length >= 2);
      assert.ok(models.every((m) => m.task === 'fill-mask' && m.id.startsWith('azureml/')));
    } finally {
      az.dispose();
    }
  });
});
