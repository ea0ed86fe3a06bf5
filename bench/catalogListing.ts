import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AzureBackendOptions } from '../src/backends/registry';
import { azuremlRegistry, bulkRegistryModels, sampleSeed } from '../test/fakes/azureMl';
import { startAzureFixture, type AzureFixture } from '../test/support/azureBackendFixture';

/**
 * The Azure catalog's listing of a registry of `count` models on the fake Azure ML, every answer `latencyMs` late and
 * containers in pages of `pageSize` (the real data plane's page size is not in public sources; 100 is ARM's usual).
 * Times run from `catalog.list()` to the first `onModels` (what the view shows first) and to the whole listing. The
 * fake runs in this process, so its own CPU is in the figures.
 */

export interface ListingRun {
  /** What was measured, e.g. `first start (no cache)`. */
  readonly label: string;
  readonly firstModelsMs: number | undefined;
  readonly fullMs: number;
  readonly requests: number;
  readonly models: number;
}

export interface ListingBench {
  readonly count: number;
  readonly latencyMs: number;
  readonly pageSize: number;
  readonly runs: ListingRun[];
}

async function timeListing(fixture: AzureFixture, label: string, options: Partial<AzureBackendOptions>, streaming = true): Promise<ListingRun> {
  const backend = await fixture.backend(options);
  const sent = fixture.fake.requests.length;
  const start = performance.now();
  let firstModelsMs: number | undefined;
  const onModels = (models: readonly unknown[]) => (firstModelsMs ??= models.length > 0 ? performance.now() - start : undefined);
  const listing = await backend.catalog.list(streaming ? { onModels } : {});
  const fullMs = performance.now() - start;
  // The former listing showed nothing before it ended.
  return { label, firstModelsMs: streaming ? firstModelsMs : fullMs, fullMs, requests: fixture.fake.requests.length - sent, models: listing.models.length };
}

/**
 * Four listings: a first start (no cache), a second start (fresh disk cache; the median of five), a start with a cache past its TTL after
 * 1% of the models got a new version (shown at once, read again behind it), and, unless `withOld` is false, the former
 * way (8 version reads at a time, nothing shown before the end) as the yardstick measured in the same run.
 */
export async function measureCatalogListing(count = 10_000, latencyMs = 50, pageSize = 100, withOld = true): Promise<ListingBench> {
  const seed = sampleSeed();
  seed.registries = [azuremlRegistry({ models: bulkRegistryModels(count) })];
  const fixture = await startAzureFixture({ seed, backend: { registries: ['azureml'], workspace: undefined } });
  const cacheFolder = mkdtempSync(path.join(os.tmpdir(), 'fm-bench-catalog-'));
  try {
    fixture.fake.pageSize = pageSize;
    fixture.fake.latencyMs = latencyMs;
    const runs: ListingRun[] = [];
    runs.push(await timeListing(fixture, 'first start (no cache)', { cacheFolder }));
    const starts: ListingRun[] = [];
    for (let i = 0; i < 5; i++) starts.push(await timeListing(fixture, 'second start (fresh disk cache, median of 5)', { cacheFolder }));
    starts.sort((a, b) => a.fullMs - b.fullMs);
    runs.push(starts[2] ?? starts[0]!);
    const models = fixture.fake.seed.registries[0]?.models ?? [];
    for (let i = 0; i < models.length; i += 100) models[i]?.versions.push({ version: '100', systemMetadata: { tasks: { inferenceTasks: ['fill-mask'] }, license: 'mit' } });
    runs.push(await timeListing(fixture, 'start, cache past its TTL, 1% new versions', { cacheFolder, cacheTtlMs: 0 }));
    if (withOld) runs.push(await timeListing(fixture, 'former: 8 reads at a time, shown at the end', { catalogReadsInParallel: 8 }, false));
    return { count, latencyMs, pageSize, runs };
  } finally {
    await fixture.close();
    rmSync(cacheFolder, { recursive: true, force: true });
  }
}
