import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { CatalogModelSchema, type CatalogModel } from '../core/catalog/catalogModel';

const CacheFileSchema = z.object({
  format: z.literal(1),
  key: z.string(),
  savedAt: z.number(),
  models: z.array(CatalogModelSchema),
});

/**
 * Catalog listings kept on disk for a time-to-live, one file per source (a registry, a workspace), so that a
 * registry of thousands of models is read from the network once a day rather than on every start. A file that
 * is stale, unreadable or of another shape is simply a miss.
 */
export class CatalogDiskCache {
  constructor(
    private readonly folder: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private file(key: string): string {
    return path.join(this.folder, `catalog-${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`);
  }

  async read(key: string): Promise<CatalogModel[] | undefined> {
    try {
      const parsed = CacheFileSchema.safeParse(JSON.parse(await readFile(this.file(key), 'utf8')));
      if (!parsed.success || parsed.data.key !== key) return undefined;
      const age = this.now() - parsed.data.savedAt;
      return age >= 0 && age < this.ttlMs ? parsed.data.models : undefined;
    } catch {
      return undefined;
    }
  }

  /** Writes to a temporary file and renames it, so a reader never sees half a file. */
  async write(key: string, models: CatalogModel[]): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const target = this.file(key);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ format: 1, key, savedAt: this.now(), models }));
    await rename(temporary, target);
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}
