import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CatalogModel } from '../../../../src/core/catalog/catalogModel';
import { azuremlRegistry, bulkRegistryModels, sampleSeed, type FakeAzureMl, type RecordedRequest } from '../../../fakes/azureMl';
import { startAzureFixture, type AzureFixture } from '../../../support/azureBackendFixture';

/**
 * The Azure catalog as it streams: models handed over while the listing loads, each model's latest version read as
 * its container is listed, the disk cache shown at once and read again behind it. Correctness only; the times are in
 * `npm run bench` (bench/catalogListing.ts).
 */

const COUNT = 120;
const containerPages = (requests: RecordedRequest[]) => requests.filter((r) => /registries\/azureml\/models$/.test(r.path));
const versionReads = (requests: RecordedRequest[]) => requests.filter((r) => /registries\/azureml\/models\/[^/]+\/versions/.test(r.path));

describe('Azure catalog: streaming and the disk cache', function () {
  this.timeout(30_000);
  let fixture: AzureFixture;
  let fake: FakeAzureMl;
  let cacheRoot: string;

  beforeEach(async () => {
    const seed = sampleSeed();
    seed.registries = [azuremlRegistry({ models: bulkRegistryModels(COUNT) })];
    fixture = await startAzureFixture({ seed, backend: { registries: ['azureml'], workspace: undefined } });
    fake = fixture.fake;
    cacheRoot = mkdtempSync(path.join(os.tmpdir(), 'fm-azure-stream-'));
  });
  afterEach(async () => {
    await fixture.close();
    rmSync(cacheRoot, { recursive: true, force: true });
  });

  it('hands over models while the pages are still being read, each once, and lists them all in order', async () => {
    const backend = await fixture.backend();
    const calls: { count: number; pagesSoFar: number }[] = [];
    let last: readonly CatalogModel[] = [];
    const listing = await backend.catalog.list({
      onModels: (models) => {
        calls.push({ count: models.length, pagesSoFar: containerPages(fake.requests).length });
        last = models;
      },
    });
    assert.equal(listing.models.length, COUNT);
    assert.deepEqual(listing.models.map((m) => m.name), bulkRegistryModels(COUNT).map((m) => m.name), 'in the order the containers were listed');
    assert.ok(listing.models.every((m) => m.task !== 'unknown' && m.license !== 'unknown'), 'each from its latest version');
    const pages = containerPages(fake.requests).length;
    assert.equal(pages, COUNT / 2, 'pages of 2');
    assert.ok(calls.length > 0 && (calls[0]?.pagesSoFar ?? pages) < pages, `the first models came before the last page was asked for: ${JSON.stringify(calls[0])}`);
    assert.ok(calls.every((call, i) => i === 0 || call.count >= (calls[i - 1]?.count ?? 0)), 'the count only grows');
    assert.equal(new Set(last.map((m) => m.id)).size, last.length, 'no model twice');
    assert.equal(versionReads(fake.requests).length, COUNT, 'one version read per model');
  });

  it('opens a model already read while the rest of the listing loads', async () => {
    const backend = await fixture.backend();
    const order: string[] = [];
    let asked = false;
    const listing = backend.catalog.list({
      onModels: (models) => {
        const first = models[0];
        if (asked || !first) return;
        asked = true;
        void backend.catalog.get(first.id).then((model) => order.push(`get ${model?.name ?? 'nothing'}`));
      },
    });
    await listing.then(() => order.push('listed'));
    assert.deepEqual(order, ['get bulk-model-00001', 'listed']);
  });

  it('shows a stale disk cache at once, then reads only the models whose latest version changed', async () => {
    const first = await fixture.backend({ cacheFolder: cacheRoot, cacheTtlMs: 0 });
    await first.catalog.list();
    const before = fake.requests.length;
    const changed = fake.seed.registries[0]?.models[7];
    assert.ok(changed);
    changed.versions.push({ version: '99', systemMetadata: { tasks: { inferenceTasks: ['summarization'] }, license: 'mit' } });
    fake.seed.registries[0]?.models.splice(3, 1);

    const second = await fixture.backend({ cacheFolder: cacheRoot, cacheTtlMs: 0 });
    let firstCall: { count: number; requests: number } | undefined;
    const listing = await second.catalog.list({ onModels: (models) => (firstCall ??= { count: models.length, requests: fake.requests.length - before }) });
    assert.deepEqual(firstCall, { count: COUNT, requests: 0 }, 'the cached listing came before any request');
    const sent = fake.requests.slice(before);
    assert.deepEqual(versionReads(sent).map((r) => r.path.split('/').slice(-3).join('/')), [`${changed.name}/versions/99`], 'only the changed model was read');
    assert.equal(listing.models.length, COUNT - 1, 'a model gone from the registry is gone from the listing');
    assert.deepEqual([listing.models.find((m) => m.name === changed.name)?.version, listing.models.find((m) => m.name === changed.name)?.task], ['99', 'summarization']);

    const third = await fixture.backend({ cacheFolder: cacheRoot, cacheTtlMs: 60_000 });
    const cachedSent = fake.requests.length;
    assert.equal((await third.catalog.list()).models.length, COUNT - 1, 'the refreshed listing was written back');
    assert.equal(fake.requests.length, cachedSent, 'a fresh cache costs no request');
  });

  it('reads every version again on Refresh, and ignores a corrupt cache with a log line', async () => {
    const lines: string[] = [];
    const backend = await fixture.backend({ cacheFolder: cacheRoot, cacheTtlMs: 60_000, log: (line) => lines.push(line) });
    await backend.catalog.list();
    const before = fake.requests.length;
    backend.catalog.refresh();
    await backend.catalog.list();
    assert.equal(versionReads(fake.requests.slice(before)).length, COUNT, 'Refresh re-reads each model');

    const [file] = readdirSync(cacheRoot);
    assert.ok(file);
    writeFileSync(path.join(cacheRoot, file), '{ not json');
    const after = await fixture.backend({ cacheFolder: cacheRoot, cacheTtlMs: 60_000, log: (line) => lines.push(line) });
    assert.equal((await after.catalog.list()).models.length, COUNT, 'listed from the network instead');
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /Catalog cache .* is not valid JSON; ignored/);
  });

  it('stops reading when cancelled part way', async () => {
    const backend = await fixture.backend();
    const abort = new AbortController();
    const listing = backend.catalog.list({ signal: abort.signal, onModels: () => abort.abort() });
    await assert.rejects(listing, (error: Error) => error.name === 'AbortError');
    // Requests sent before the cancel may reach the fake a moment after it; none is sent later.
    const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
    await settle();
    const sent = fake.requests.length;
    await settle();
    assert.equal(fake.requests.length, sent, 'no request after the cancel');
    assert.ok(versionReads(fake.requests).length < COUNT);
  });
});
