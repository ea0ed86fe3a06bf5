import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { CatalogModelSchema, type CatalogModel } from '../core/catalog/catalogModel';

/** A model of a listing with the latest version of its source it was read at (reused while that stays the latest). */
export interface CatalogEntry {
  readonly name: string;
  readonly latestVersion?: string | undefined;
  readonly model: CatalogModel;
}

/** The file's format: 2 keeps each model's latest version beside it (format 1 kept the models alone). */
const FORMAT = 2;

const CacheFileSchema = z.object({
  format: z.literal(FORMAT),
  key: z.string(),
  savedAt: z.number(),
  entries: z.array(z.object({ name: z.string().min(1), latestVersion: z.string().optional(), model: CatalogModelSchema })),
});

export interface CachedListing {
  readonly entries: CatalogEntry[];
  readonly savedAt: number;
  /** Younger than the time-to-live: served as it is. An older one is shown while the source is read again. */
  readonly fresh: boolean;
}

/**
 * Catalog listings kept on disk, one file per source (a registry, a workspace), so that a registry of thousands of
 * models shows at once on the next start. A listing younger than the time-to-live is used as it is; an older one is
 * shown at once while the source is read again. A file that is unreadable, of another format or of another shape is
 * ignored, with a line to `log` saying which and why.
 */
export class CatalogDiskCache {
  constructor(
    private readonly folder: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  private file(key: string): string {
    return path.join(this.folder, `catalog-${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`);
  }

  async read(key: string): Promise<CachedListing | undefined> {
    const file = this.file(key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log(`Catalog cache ${file} could not be read (${String(error)}); reading ${key} from the network.`);
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.log(`Catalog cache ${file} is not valid JSON; ignored, ${key} is read from the network.`);
      return undefined;
    }
    const parsed = CacheFileSchema.safeParse(json);
    if (!parsed.success || parsed.data.key !== key) {
      const why = parsed.success ? 'it belongs to another source' : `${z.prettifyError(parsed.error).split('\n')[0] ?? 'wrong shape'}`;
      this.log(`Catalog cache ${file} ignored (${why}); ${key} is read from the network.`);
      return undefined;
    }
    const age = this.now() - parsed.data.savedAt;
    return { entries: parsed.data.entries, savedAt: parsed.data.savedAt, fresh: age >= 0 && age < this.ttlMs };
  }

  /** Writes to a temporary file and renames it, so a reader never sees half a file. */
  async write(key: string, entries: readonly CatalogEntry[]): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const target = this.file(key);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ format: FORMAT, key, savedAt: this.now(), entries }));
    await rename(temporary, target);
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}
