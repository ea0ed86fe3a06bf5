import assert from 'node:assert/strict';
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/core-auth';
import { bearerTokenAuthenticationPolicyName } from '@azure/core-rest-pipeline';
import { SAMPLE_IDS, type FakeAzureMl } from '../../fakes/azureMl';
import { startAzureFixture, type AzureFixture } from '../../support/azureBackendFixture';

interface Page {
  value: Array<{ id: string; name: string; type: string; properties: Record<string, unknown> }>;
  nextLink?: string;
}

describe('fake Azure ML server', () => {
  let fixture: AzureFixture;
  let fake: FakeAzureMl;
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${fake.validToken}` });

  async function getJson<T>(url: string): Promise<T> {
    const response = await fetch(url, { headers: auth() });
    assert.equal(response.status, 200, `GET ${url} → ${response.status} ${await response.clone().text()}`);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    return (await response.json()) as T;
  }

  /** Follows nextLink until the last page; returns every page. */
  async function walk(url: string): Promise<Page[]> {
    const pages: Page[] = [];
    for (let next: string | undefined = url; next; ) {
      const page: Page = await getJson<Page>(next);
      pages.push(page);
      next = page.nextLink;
    }
    return pages;
  }

  beforeEach(async () => {
    fixture = await startAzureFixture();
    fake = fixture.fake;
  });
  afterEach(async () => fixture.close());

  it('answers 401 with a Bearer challenge without a valid token, and records the request first', async () => {
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong-token' }];
    for (const headers of attempts) {
      const response = await fetch(`${fake.url}/subscriptions?api-version=2022-12-01`, { headers });
      assert.equal(response.status, 401);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer authorization_uri="https:\/\/login\.microsoftonline\.com\/common", error="invalid_token"/);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'AuthenticationFailed');
    }
    assert.equal(fake.requests.length, 2);
    assert.equal(fake.requests[0]?.path, '/subscriptions');
    assert.equal(fake.requests[0]?.query.get('api-version'), '2022-12-01');
    assert.equal(fake.requests[1]?.authorization, 'Bearer wrong-token');

    const ok = await getJson<Page>(`${fake.url}/subscriptions?api-version=2022-12-01`);
    assert.deepEqual(ok.value.map((s) => s.id), [`/subscriptions/${SAMPLE_IDS.devSubscription}`, `/subscriptions/${SAMPLE_IDS.prodSubscription}`]);
  });

  it('takes on each route only the token audience Azure takes there', async () => {
    const subscriptions = `${fake.url}/subscriptions?api-version=2022-12-01`;
    const mlToken = fake.tokenFor('https://ml.azure.com/.default');
    const refused = await fetch(subscriptions, { headers: { authorization: `Bearer ${mlToken}` } });
    assert.equal(refused.status, 401);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'InvalidAuthenticationTokenAudience');
    assert.match(body.error.message, /^The access token has been obtained for wrong audience or resource 'https:\/\/ml\.azure\.com'\./);
    assert.equal((await fetch(subscriptions, { headers: { authorization: `Bearer ${fake.tokenFor('https://management.azure.com/.default')}` } })).status, 200);
    assert.equal((await fetch(subscriptions, { headers: { authorization: `Bearer ${fake.tokenFor('https://storage.azure.com/.default')}` } })).status, 401);
    // A batch endpoint takes the Azure ML resource's tokens and no other (the route exists whether or not the endpoint does).
    const invoke = `${fake.url}/batchEndpoints/none/jobs`;
    assert.equal((await fetch(invoke, { method: 'POST', headers: auth() })).status, 401);
    assert.equal((await fetch(invoke, { method: 'POST', headers: { authorization: `Bearer ${mlToken}` } })).status, 404);
    // A token of the fake's but altered is not a token.
    const [header, , signature] = mlToken.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ aud: fake.url })).toString('base64url')}.${signature}`;
    assert.equal((await fetch(subscriptions, { headers: { authorization: `Bearer ${forged}` } })).status, 401);
  });

  it('refuses a pipeline job without x-azureml-token, or with a token for another resource', async () => {
    const ws = fake.seed.workspaces[0];
    assert.ok(ws);
    const url = `${fake.url}/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${ws.name}/jobs/p1?api-version=2026-07-01`;
    const body = JSON.stringify({ properties: { jobType: 'Pipeline', jobs: {} } });
    const put = (headers: Record<string, string>) => fetch(url, { method: 'PUT', body, headers: { ...auth(), 'content-type': 'application/json', ...headers } });
    const missing = await put({});
    assert.equal(missing.status, 400);
    assert.match(((await missing.json()) as { error: { message: string } }).error.message, /x-azureml-token/);
    assert.equal((await put({ 'x-azureml-token': fake.validToken })).status, 401);
  });

  it('discovers registries case-insensitively and 404s an unknown one', async () => {
    const discovery = await getJson<Record<string, unknown>>(`${fake.url}/registrymanagement/v1.0/registries/AzureML/discovery`);
    assert.equal(discovery.registryName, 'azureml');
    assert.equal(discovery.subscriptionId, SAMPLE_IDS.registrySubscription);
    assert.equal(discovery.primaryRegion, 'eastus');
    assert.deepEqual(discovery.regions, ['eastus']);
    assert.equal(discovery.primaryRegionResourceProviderUri, `${fake.url}/`);

    const missing = await fetch(`${fake.url}/registrymanagement/v1.0/registries/no-such-registry/discovery`, { headers: auth() });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'NotFound');
  });

  it('walks every model container of the azureml registry across pages of the data plane', async () => {
    const d = await getJson<{ primaryRegionResourceProviderUri: string; subscriptionId: string; resourceGroup: string }>(
      `${fake.url}/registrymanagement/v1.0/registries/azureml/discovery`,
    );
    const base =
      `${d.primaryRegionResourceProviderUri}mferp/managementfrontend/subscriptions/${d.subscriptionId}` +
      `/resourceGroups/${d.resourceGroup}/providers/Microsoft.MachineLearningServices/registries/azureml`;
    const pages = await walk(`${base}/models?api-version=2021-10-01-dataplanepreview`);
    const expected = fake.seed.registries.find((r) => r.name === 'azureml')?.models.map((m) => m.name) ?? [];
    assert.ok(expected.length >= 5);
    assert.equal(pages.length, Math.ceil(expected.length / fake.pageSize));
    assert.deepEqual(pages.flatMap((p) => p.value.map((c) => c.name)), expected);
    assert.equal(pages.at(-1)?.nextLink, undefined);
    const firstNext = new URL(pages[0]?.nextLink ?? '');
    assert.ok(firstNext.searchParams.get('$skipToken'), 'nextLink carries $skipToken');
    assert.equal(firstNext.searchParams.get('api-version'), '2021-10-01-dataplanepreview');

    const first = pages[0]?.value[0];
    assert.equal(first?.type, 'Microsoft.MachineLearningServices/registries/models');
    assert.equal(first?.id, `/subscriptions/${d.subscriptionId}/resourceGroups/${d.resourceGroup}/providers/Microsoft.MachineLearningServices/registries/azureml/models/distilbert-base-uncased-finetuned-sst-2-english`);

    // Versions newest first: the current one with system metadata and no legacy tags, the one before with them.
    const versions = await walk(`${base}/models/bert-base-uncased/versions?api-version=2021-10-01-dataplanepreview&$orderBy=createdtime%20desc`);
    assert.deepEqual(versions.flatMap((p) => p.value.map((v) => v.name)), ['19', '18']);
    type Version = { name: string; properties: { tags: Record<string, string>; properties: Record<string, string>; modelType: string; systemMetadata?: Record<string, unknown> } };
    const current = await getJson<Version>(`${base}/models/bert-base-uncased/versions/19?api-version=2021-10-01-dataplanepreview`);
    assert.equal(current.properties.tags.task, undefined, 'publishing replaced the legacy tags');
    assert.deepEqual(current.properties.systemMetadata?.tasks, { fineTuningTasks: ['text-classification', 'question-answering'], inferenceTasks: ['fill-mask'] });
    assert.equal(current.properties.systemMetadata?.license, 'apache-2.0');
    const older = await getJson<Version>(`${base}/models/bert-base-uncased/versions/18?api-version=2021-10-01-dataplanepreview`);
    assert.equal(older.properties.tags.task, 'fill-mask');
    assert.match(older.properties.properties['finetuning-tasks'] ?? '', /text-classification/);
    assert.equal(older.properties.systemMetadata, undefined);
    // The publisher's metadata update sends each top-level value as text.
    const t5 = await getJson<Version>(`${base}/models/t5-small/versions/17?api-version=2021-10-01-dataplanepreview`);
    assert.equal(t5.properties.systemMetadata?.languages, "['en', 'fr', 'ro', 'de']");
    assert.match(String(t5.properties.systemMetadata?.tasks), /^\{"fineTuningTasks": \["summarization", /);
  });

  it('failNext answers 429 with Retry-After for matching paths, then recovers', async () => {
    fake.failNext(/\/discovery$/, 429, { times: 2, retryAfterSeconds: 1 });
    const url = `${fake.url}/registrymanagement/v1.0/registries/HuggingFace/discovery`;
    for (let i = 0; i < 2; i++) {
      const throttled = await fetch(url, { headers: auth() });
      assert.equal(throttled.status, 429);
      assert.equal(throttled.headers.get('retry-after'), '1');
      assert.equal(((await throttled.json()) as { error: { code: string } }).error.code, 'TooManyRequests');
    }
    assert.equal((await getJson<{ registryName: string }>(url)).registryName, 'HuggingFace');
    assert.equal(fake.requests.length, 3);
  });

  it('serves workspace model containers to the real SDK across pages', async () => {
    const credential: TokenCredential = {
      getToken: async () => ({ token: fake.validToken, expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const client = new AzureMachineLearningWorkspaces(credential, SAMPLE_IDS.devSubscription, {
      endpoint: fake.url,
      allowInsecureConnection: true,
      credentialScopes: ['https://management.azure.com/.default'],
    });
    client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
    client.pipeline.addPolicy({
      name: 'fakeAzureMlBearer',
      sendRequest: (request, next) => {
        request.headers.set('authorization', `Bearer ${fake.validToken}`);
        return next(request);
      },
    });

    const names: string[] = [];
    for await (const container of client.modelContainers.list('rg-foundation-models', 'fm-dev')) names.push(container.name ?? '');
    assert.deepEqual(names, ['emotion-detection-bert', 'news-summarizer-t5', 'ner-distilroberta']);
    const pageRequests = fake.requests.filter((r) => r.path.endsWith('/workspaces/fm-dev/models'));
    assert.equal(pageRequests.length, 2);
    assert.equal(pageRequests[1]?.query.get('api-version'), '2022-10-01');

    const versions: string[] = [];
    for await (const v of client.modelVersions.list('rg-foundation-models', 'fm-dev', 'ner-distilroberta', { orderBy: 'createdtime desc' })) {
      versions.push(v.name ?? '');
    }
    assert.deepEqual(versions, ['3', '2', '1']);

    const workspace = await client.workspaces.get('rg-foundation-models', 'fm-dev');
    assert.equal(workspace.discoveryUrl, `${fake.url}/discovery`);
    assert.equal(workspace.friendlyName, 'Foundation models (dev)');
  });
});
