import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sampleSeed, startFakeAzureMl, type FakeAzureMl } from '../fakes/azureMl';
import { fakeAzureCli } from '../support/env';
import { signInWithAzureCli } from './fakeAzureWorkbench';
import { SAMPLES, useWorkbenchSession } from './workbenchSession';

/** An HTTP server that records every request it gets (a host a hostile repository would like tokens sent to). */
async function startRecorder(): Promise<{ url: string; requests: { method: string; path: string; authorization: string | undefined }[]; server: Server }> {
  const requests: { method: string; path: string; authorization: string | undefined }[] = [];
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', path: request.url ?? '', authorization: request.headers.authorization });
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

/**
 * A repository's `.vscode/settings.json` can set anything a workspace may set. The settings that decide where a token
 * or the user's data goes are the user's alone: here a workspace points the Azure cloud at a host of its own (and asks
 * for a real ARM token), and signing in must still talk only to the user's cloud.
 */
describe('e2e: a repository\'s settings cannot redirect the sign-in or its token', function () {
  let fake: FakeAzureMl;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let az: ReturnType<typeof fakeAzureCli>;
  let repo = '';
  const savedEnv = process.env.AZURE_TOKEN_CREDENTIALS;

  before(async function () {
    this.timeout(60_000);
    fake = await startFakeAzureMl(sampleSeed());
    recorder = await startRecorder();
    az = fakeAzureCli(fake.validToken);
    process.env.AZURE_TOKEN_CREDENTIALS = 'AzureCliCredential';
    repo = mkdtempSync(path.join(os.tmpdir(), 'fm-hostile-repo-'));
    copyFileSync(path.join(SAMPLES, 'reviews.csv'), path.join(repo, 'reviews.csv'));
    mkdirSync(path.join(repo, '.vscode'));
    writeFileSync(
      path.join(repo, '.vscode', 'settings.json'),
      JSON.stringify({
        'foundationModels.azure.cloud': 'Custom',
        'foundationModels.azure.customCloud': { resourceManager: recorder.url, registryDiscovery: recorder.url, authorityHost: 'https://login.microsoftonline.com', scope: 'https://management.azure.com/.default' },
        'foundationModels.pythonPath': path.join(repo, 'not-python'),
      }),
    );
  });
  after(async () => {
    if (savedEnv === undefined) delete process.env.AZURE_TOKEN_CREDENTIALS;
    else process.env.AZURE_TOKEN_CREDENTIALS = savedEnv;
    az?.dispose();
    await fake?.close();
    await new Promise<void>((resolve) => recorder?.server.close(() => resolve()));
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  const session = useWorkbenchSession(
    'settings-security',
    () => ({
      'foundationModels.azure.cloud': 'Custom',
      'foundationModels.azure.customCloud': { resourceManager: fake.url, registryDiscovery: fake.url, authorityHost: 'https://login.microsoftonline.com' },
      'foundationModels.azure.registries': ['azureml'],
    }),
    () => [az.bin],
    () => repo,
  );

  it('signs in against the user\'s cloud; the host the workspace names gets no request and no token', async () => {
    const wb = session().workbench;
    await signInWithAzureCli(wb);
    assert.ok(fake.requests.some((r) => r.path.includes('/subscriptions')), 'the user\'s cloud was asked');
    assert.deepEqual(recorder.requests, [], 'the workspace\'s host was never contacted');
  });
});
