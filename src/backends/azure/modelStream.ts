import pLimit from 'p-limit';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import type { CatalogEntry } from '../catalogCache';
import type { ModelContainer, ModelVersion } from './azureModels';

export type { CatalogEntry } from '../catalogCache';

/**
 * The catalog model of each container of a registry or workspace, read as the containers' pages arrive.
 *
 * The REST API has no list of versions across models (registries.json and mfe.json: `…/models` lists containers,
 * `…/models/{name}/versions` one model's versions), and a container carries neither the task, the license nor the
 * fine-tuning tasks: the latest version (its `systemMetadata`, or the legacy tags) does. So each model costs one version
 * read, unless its latest version is the one a previous listing read (`known`, from the disk cache): a version's
 * metadata is fixed when it is published (a new one comes as a new version), so a background refresh reuses the model
 * read then without a request; Refresh passes no `known` and reads every version again.
 */

/**
 * Version reads in flight at once. At 50 ms a request, 10,000 models take 10,000 × 50 / 48 ≈ 10 s of waiting (the bench
 * measured 12.4 s with the client's CPU; 32 in flight took 18 s, the former 8 over a minute). A throttled service
 * answers 429 and the client waits out its Retry-After.
 */
export const VERSION_READS_IN_PARALLEL = 48;

export interface ModelStreamOptions {
  readonly signal?: AbortSignal | undefined;
  /** Models read by an earlier listing, by container name: reused when the container's latest version is theirs. */
  readonly known?: ReadonlyMap<string, CatalogEntry> | undefined;
  readonly concurrency?: number | undefined;
  /** Called with each model as soon as it is read or reused, before the listing ends. */
  readonly onEntry?: ((entry: CatalogEntry) => void) | undefined;
  /** Called now and then with how many models are read of how many listed. */
  readonly onCount?: ((read: number, listed: number) => void) | undefined;
}

export interface ModelStreamSource {
  readonly containers: AsyncIterable<ModelContainer>;
  /** The container's latest version (by `latestVersion`, else the newest created). */
  readLatest(container: ModelContainer): Promise<ModelVersion | undefined>;
  toModel(container: ModelContainer, version: ModelVersion | undefined): CatalogModel;
}

/** Every active container's model, in the order the containers were listed; the first failure ends the listing. */
export async function streamModels(source: ModelStreamSource, options: ModelStreamOptions = {}): Promise<CatalogEntry[]> {
  const limit = pLimit(options.concurrency ?? VERSION_READS_IN_PARALLEL);
  const entries: Array<CatalogEntry | undefined> = [];
  const reads: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  let read = 0;
  const settle = (index: number, entry: CatalogEntry): void => {
    entries[index] = entry;
    read += 1;
    options.onEntry?.(entry);
    if (read % 100 === 0) options.onCount?.(read, entries.length);
  };
  try {
    for await (const container of source.containers) {
      if (failure) break;
      if (container.properties.isArchived) continue;
      const index = entries.push(undefined) - 1;
      const latestVersion = container.properties.latestVersion ?? undefined;
      const known = latestVersion ? options.known?.get(container.name) : undefined;
      if (known && known.latestVersion === latestVersion) {
        settle(index, known);
        continue;
      }
      const work = limit(async () => {
        if (failure) return;
        options.signal?.throwIfAborted();
        const model = source.toModel(container, await source.readLatest(container));
        settle(index, { name: container.name, latestVersion, model });
      });
      // Handled at once, so that a failure while pages are still being read is never an unhandled rejection.
      reads.push(work.catch((error: unknown) => void (failure ??= { error })));
    }
  } catch (error) {
    // A page failed (or the listing was cancelled): what is queued is dropped, what is in flight settles first.
    failure ??= { error };
  }
  await Promise.all(reads);
  if (failure) throw failure.error;
  options.onCount?.(read, entries.length);
  return entries.filter((entry): entry is CatalogEntry => entry !== undefined);
}
