import assert from 'node:assert/strict';
import type { MlClient } from '../../../src/backends/azure/azureHttp';
import type { FakeAzureMl } from '../../fakes/azureMl';
import { DEV_WORKSPACE, startAzureFixture, type AzureFixture } from '../../support/azureBackendFixture';

/** The fake's jobs, run history and SAS log blobs, read with the real SDK client and plain HTTP. */

const target = DEV_WORKSPACE;
const STD_LOG = 'user_logs/std_log.txt';

describe('fake Azure ML jobs, run history and log blobs', () => {
  let fixture: AzureFixture;
  let fake: FakeAzureMl;
  let client: MlClient;
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${fake.validToken}` });
  const wsPath = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${target.workspace}`;
  const runs = `/history/v1.0/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${target.workspace}/runs`;

  beforeEach(async () => {
    fixture = await startAzureFixture();
    fake = fixture.fake;
    fixture.workspace.jobs = [
      {
        name: 'pipe',
        jobType: 'Pipeline',
        status: ['Running', 'Completed'],
        logs: {},
        children: [
          { name: 'pipe-a', jobType: 'Command', status: 'Running', logs: { [STD_LOG]: 'héllo\n' } },
          { name: 'pipe-b', jobType: 'Command', status: 'Queued', logs: {} },
        ],
      },
      { name: 'cmd', jobType: 'Command', status: 'Failed', error: 'Out of memory.', logs: { [STD_LOG]: 'oom\n' } },
    ];
    client = fixture.client();
  });
  afterEach(async () => fixture.close());

  it('serves ARM jobs to the real SDK: list (top level, paged), get, create, and cancel as a long-running operation', async () => {
    const names: string[] = [];
    for await (const job of client.jobs.list(target.resourceGroup, target.workspace)) names.push(job.name ?? '');
    assert.deepEqual(names, ['pipe', 'cmd']);
    const pipelines: string[] = [];
    for await (const job of client.jobs.list(target.resourceGroup, target.workspace, { jobType: 'Command' })) pipelines.push(job.name ?? '');
    assert.deepEqual(pipelines, ['cmd']);

    const child = await client.jobs.get(target.resourceGroup, target.workspace, 'pipe-a');
    assert.equal(child.properties.jobType, 'Command');
    assert.equal(child.properties.status, 'Running');
    assert.equal(child.type, 'Microsoft.MachineLearningServices/workspaces/jobs');
    assert.match(child.properties.services?.Studio?.endpoint ?? '', /^https:\/\/ml\.azure\.com\/runs\/pipe-a\?wsid=/);

    // Changes go at api-version 2026-07-01, whose shapes the fake checks (the SDK's 2022-10-01 PUT is refused by that rule).
    await assert.rejects(client.jobs.createOrUpdate(target.resourceGroup, target.workspace, 'old-job', { properties: { jobType: 'Command', command: 'x', environmentId: 'e' } }), /api-version 2026-07-01 only/);
    const jobUrl = (name: string, action = '') => `${fake.url}${wsPath}/jobs/${name}${action}?api-version=2026-07-01`;
    const put = await fetch(jobUrl('new-job'), {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { jobType: 'Command', command: 'python train.py', environmentId: 'azureml:env:1', displayName: 'New job', experimentName: 'exp' } }),
    });
    assert.equal(put.status, 201);
    const created = (await put.json()) as { properties: { status: string; displayName: string } };
    assert.equal(created.properties.status, 'NotStarted');
    assert.equal(created.properties.displayName, 'New job');
    assert.equal(fake.jobStatus('new-job'), 'NotStarted');

    const accepted = await fetch(jobUrl('pipe', '/cancel'), { method: 'POST', headers: auth() });
    assert.equal(accepted.status, 202);
    assert.equal(fake.jobStatus('pipe'), 'CancelRequested');
    assert.equal((await fetch(accepted.headers.get('location') ?? '', { headers: auth() })).status, 200);
    assert.equal(fake.jobStatus('pipe'), 'Canceled');
    assert.equal(fake.jobStatus('pipe-a'), 'Canceled');
    const cancel = fake.requests.find((r) => r.method === 'POST');
    assert.match(cancel?.path ?? '', /\/jobs\/pipe\/cancel$/);
    assert.ok(fake.requests.some((r) => /\/locations\/eastus\/mfeOperationResults\//.test(r.path)), 'the Location was polled');
  });

  it('answers run details with SAS log URLs, pages children, and moves a status sequence on each details read', async () => {
    const get = async (path: string): Promise<Record<string, unknown>> => {
      const response = await fetch(`${fake.url}${path}`, { headers: auth() });
      assert.equal(response.status, 200, path);
      return (await response.json()) as Record<string, unknown>;
    };
    const first = await get(`${runs}/pipe/details`);
    assert.equal(first.status, 'Running');
    assert.equal(first.rootRunId, 'pipe');
    assert.equal((await get(`${runs}/pipe/details`)).status, 'Completed');
    assert.equal((await get(`${runs}/pipe/details`)).status, 'Completed');

    fake.pageSize = 1;
    const page1 = await get(`${runs}/pipe/children`);
    assert.deepEqual((page1.value as Array<{ runId: string; parentRunId: string }>).map((r) => [r.runId, r.parentRunId]), [['pipe-a', 'pipe']]);
    assert.equal(typeof page1.continuationToken, 'string');
    const page2 = await get(new URL(page1.nextLink as string).pathname + new URL(page1.nextLink as string).search);
    assert.deepEqual((page2.value as Array<{ runId: string }>).map((r) => r.runId), ['pipe-b']);
    assert.equal(page2.nextLink, null);

    const failed = await get(`${runs}/cmd/details`);
    assert.deepEqual((failed.error as { error: { message: string } }).error.message, 'Out of memory.');
    const logUrl = (failed.logFiles as Record<string, string>)[STD_LOG] ?? '';
    assert.match(logUrl, /\/blob\/logs\/cmd\/user_logs\/std_log\.txt\?.*sig=fake/);

    // The SAS blob: no bearer token wanted; Range honoured; 416 past the end.
    assert.equal((await fetch(logUrl, { headers: auth() })).status, 400, 'an Authorization header is refused');
    assert.equal((await fetch(logUrl.replace('sig=fake', 'sig=forged'))).status, 403);
    const whole = await fetch(logUrl);
    assert.equal(whole.status, 200);
    assert.equal(await whole.text(), 'oom\n');
    const part = await fetch(logUrl, { headers: { range: 'bytes=1-' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 1-3/4');
    assert.equal(await part.text(), 'om\n');
    const past = await fetch(logUrl, { headers: { range: 'bytes=4-' } });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), 'bytes */4');
    fake.appendLog('cmd', STD_LOG, 'more\n');
    assert.equal(await (await fetch(logUrl, { headers: { 'x-ms-range': 'bytes=4-' } })).text(), 'more\n');
  });

  it('cuts connections part-way on request and issues a new token on rotation', async () => {
    const url = `${fake.url}${runs}/cmd/details`;
    fake.disconnectNext(/\/details$/, { afterBytes: 5 });
    await assert.rejects(async () => (await fetch(url, { headers: auth() })).text());
    fake.disconnectNext(/\/details$/);
    await assert.rejects(fetch(url, { headers: auth() }));
    assert.equal(fake.disconnected, 2);
    assert.equal((await fetch(url, { headers: auth() })).status, 200);

    const old = fake.validToken;
    const fresh = fake.rotateToken();
    assert.notEqual(fresh, old);
    assert.equal(fake.validToken, fresh);
    assert.equal((await fetch(url, { headers: { authorization: `Bearer ${old}` } })).status, 401);
    assert.equal((await fetch(url, { headers: auth() })).status, 200);
  });
});
