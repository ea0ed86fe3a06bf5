import assert from 'node:assert/strict';
import { IDENTITY_STORAGE, jobsSeed, sampleDataBlobs, startAzureFixture, type AzureFixture } from '../../support/azureBackendFixture';

interface Page {
  value: Array<{ id: string; name: string; type: string; properties: Record<string, unknown> }>;
  nextLink?: string;
}

const API = 'api-version=2026-07-01';

/**
 * The fake's data assets (`test/fakes/azureMl/dataAssets.ts`) and the blob listing of its storage: the shapes of
 * api-version 2026-07-01, paging, ordering, and what it refuses (each refusal's source is cited in the route's comment).
 */
describe('fake Azure ML: workspace data assets and the blobs behind them', () => {
  let fixture: AzureFixture;
  let data: string;
  const get = (url: string, token = fixture.fake.validToken) => fetch(url, { headers: { authorization: `Bearer ${token}` } });
  async function json<T>(url: string): Promise<T> {
    const response = await get(url);
    assert.equal(response.status, 200, `GET ${url} → ${response.status} ${await response.clone().text()}`);
    return (await response.json()) as T;
  }
  async function all(url: string): Promise<Page['value']> {
    const items: Page['value'] = [];
    for (let next: string | undefined = url; next; ) {
      const page: Page = await json<Page>(next);
      items.push(...page.value);
      next = page.nextLink;
    }
    return items;
  }

  beforeEach(async () => {
    fixture = await startAzureFixture({ seed: jobsSeed(), storage: 'identity' });
    await fixture.writeBlobs(sampleDataBlobs());
    data = `${fixture.fake.url}/subscriptions/${fixture.target.subscriptionId}/resourceGroups/${fixture.target.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${fixture.target.workspace}/data`;
  });
  afterEach(() => fixture.close());

  it('lists the containers page by page (nextLink with $skipToken), active ones unless asked, each with its type and latest version', async () => {
    const first = await json<Page>(`${data}?${API}`);
    assert.equal(first.value.length, 2);
    assert.match(first.nextLink ?? '', /[?&]\$skipToken=[^&]+/);
    assert.match(first.nextLink ?? '', /api-version=2026-07-01/);
    const active = await all(`${data}?${API}`);
    assert.deepEqual(active.map((c) => c.name), ['reviews', 'qa-and-ner', 'reviews-table']);
    const reviews = active[0];
    assert.equal(reviews?.type, 'Microsoft.MachineLearningServices/workspaces/data');
    assert.match(reviews?.id ?? '', /\/workspaces\/fm-dev\/data\/reviews$/);
    assert.deepEqual(
      { ...reviews?.properties, tags: undefined },
      { dataType: 'uri_file', description: 'Product reviews with their star rating and sentiment.', tags: undefined, properties: {}, isArchived: false, latestVersion: '2', nextVersion: '3' },
    );
    assert.deepEqual((await all(`${data}?${API}&listViewType=ArchivedOnly`)).map((c) => c.name), ['old-reviews']);
    assert.equal((await all(`${data}?${API}&listViewType=All`)).length, 4);
    assert.equal((await json<Page['value'][number]>(`${data}/qa-and-ner?${API}`)).properties.dataType, 'uri_folder');
  });

  it('lists versions in creation order, newest first with $orderBy=createdtime desc, cut by $top; a version has its dataType and dataUri', async () => {
    assert.deepEqual((await all(`${data}/reviews/versions?${API}`)).map((v) => v.name), ['1', '2']);
    const newest = await all(`${data}/reviews/versions?${API}&$orderBy=${encodeURIComponent('createdtime desc')}`);
    assert.deepEqual(newest.map((v) => v.name), ['2', '1']);
    assert.deepEqual((await all(`${data}/reviews/versions?${API}&$orderBy=${encodeURIComponent('createdtime desc')}&$top=1`)).map((v) => v.name), ['2']);
    const version = await json<Page['value'][number]>(`${data}/reviews/versions/2?${API}`);
    assert.equal(version.type, 'Microsoft.MachineLearningServices/workspaces/data/versions');
    assert.equal(version.properties.dataType, 'uri_file');
    assert.equal(version.properties.dataUri, 'azureml://datastores/workspaceblobstore/paths/data/reviews/2/reviews.csv');
    assert.equal(version.properties.description, 'All 60 reviews.');
  });

  it('refuses an unknown asset or version (404 in the ARM error shape), an api-version without data assets, and a token of another audience', async () => {
    for (const url of [`${data}/no-such-asset?${API}`, `${data}/no-such-asset/versions?${API}`, `${data}/reviews/versions/7?${API}`, `${data}/Reviews/versions/1?${API}`]) {
      const response = await get(url);
      assert.equal(response.status, 404, url);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(error.code, 'UserError');
      assert.match(error.message, /could not be found in workspace fm-dev/);
    }
    const old = await get(`${data}?api-version=2021-03-01-preview`);
    assert.equal(old.status, 400);
    const { error } = (await old.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'NoRegisteredProviderFound');
    assert.match(error.message, /^No registered resource provider found for location 'eastus' and API version '2021-03-01-preview' for type 'workspaces\/data'\. The supported api-versions are '2022-05-01, .*2026-07-01'/);

    const storageToken = await get(`${data}?${API}`, fixture.fake.tokenFor('https://storage.azure.com/.default'));
    assert.equal(storageToken.status, 401);
    assert.equal(((await storageToken.json()) as { error: { code: string } }).error.code, 'InvalidAuthenticationTokenAudience');
  });

  it('lists the blobs of a folder in pages (List Blobs) and serves them to a storage token; a user without a data role reads nothing', async () => {
    const container = `${fixture.fake.url}/storage/${IDENTITY_STORAGE.account}/${IDENTITY_STORAGE.container}`;
    const storage = fixture.fake.tokenFor('https://storage.azure.com/.default');
    const list = (query: string) => get(`${container}?restype=container&comp=list&${query}`, storage);
    const page = await list('prefix=data/samples/&maxresults=2');
    assert.equal(page.status, 200);
    const xml = await page.text();
    assert.deepEqual([...xml.matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1]), ['data/samples/README.md', 'data/samples/ner.jsonl']);
    assert.match(xml, /<Content-Length>\d+<\/Content-Length>/);
    const marker = /<NextMarker>([^<]+)<\/NextMarker>/.exec(xml)?.[1] ?? '';
    const rest = await (await list(`prefix=data/samples/&maxresults=2&marker=${marker}`)).text();
    assert.deepEqual([...rest.matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1]), ['data/samples/qa.jsonl']);
    assert.match(rest, /<NextMarker><\/NextMarker>/);
    assert.equal((await get(`${container}/data/reviews/2/reviews.csv`, storage)).status, 200);
    assert.equal((await get(`${container}/data/reviews/2/reviews.csv`, fixture.fake.validToken)).status, 401, 'an ARM token is not a storage token');

    fixture.workspace.storage = { ...IDENTITY_STORAGE, role: 'none' };
    for (const response of [await list('prefix=data/'), await get(`${container}/data/reviews/2/reviews.csv`, storage)]) {
      assert.equal(response.status, 403);
      assert.equal(response.headers.get('x-ms-error-code'), 'AuthorizationPermissionMismatch');
    }
  });
});
