import * as z from 'zod';
import { CatalogModelSchema, type CatalogModel } from '../../core/catalog/catalogModel';
import { displayNameFromCard } from '../../core/catalog/displayName';
import curatedCatalogJson from './curatedCatalog.json';

const CuratedEntrySchema = CatalogModelSchema.omit({ id: true, collection: true });

/** The curated list shipped with the extension, validated once on first use. */
export function loadCuratedCatalog(): CatalogModel[] {
  const entries = z.array(CuratedEntrySchema).parse(curatedCatalogJson);
  return entries.map((entry) => ({ ...entry, id: `curated/${entry.name}`, collection: 'curated' as const, displayName: entry.displayName ?? displayNameFromCard(entry.description) }));
}
