import { LanguageTagSchema, type CatalogModel } from './catalogModel';

/** A model with more languages than this gives their count instead of the list (a card is not the place for 100 codes). */
export const MAX_LISTED_LANGUAGES = 12;

/**
 * A language tag in the catalog's form (`en`, `zh-Hans`, `pt-BR`), or undefined when the value is not one: a
 * language's name (`English`), `multilingual`, `code`. Case and `_` are forgiven (`EN`, `pt_br`).
 */
export function languageTag(value: string): string | undefined {
  const [language, ...rest] = value.trim().replace(/_/g, '-').split('-');
  if (!language || rest.length > 2) return undefined;
  const subtags = rest.map((part) => (part.length === 4 ? `${part[0]?.toUpperCase()}${part.slice(1).toLowerCase()}` : part.toUpperCase()));
  const tag = [language.toLowerCase(), ...subtags].join('-');
  return LanguageTagSchema.safeParse(tag).success ? tag : undefined;
}

/**
 * The languages a Hugging Face card's front matter names (`language: en` or a list): each tag once, in the card's
 * order; their count instead when there are more than `MAX_LISTED_LANGUAGES`; nothing when none is a language tag.
 * Whatever else YAML gives (a number, a map) is skipped, so a slip there costs the languages, not the card.
 */
export function languagesFromFrontMatter(value: unknown): Pick<CatalogModel, 'languages' | 'languageCount'> {
  const values = (Array.isArray(value) ? (value as unknown[]) : [value]).filter((item): item is string => typeof item === 'string');
  const tags = [...new Set(values.map(languageTag).filter((tag): tag is string => tag !== undefined))];
  if (tags.length === 0) return {};
  return tags.length > MAX_LISTED_LANGUAGES ? { languageCount: tags.length } : { languages: tags };
}
