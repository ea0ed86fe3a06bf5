import { TASKS, type RoleSpec, type TaskId } from '../tasks';
import type { ColumnProfile } from './columnProfile';
import type { ColumnMapping } from './recordMapping';

export interface RoleSuggestion {
  readonly role: string;
  readonly column: string | undefined;
  /** 0–1: 1 for the role's own name, less for a synonym, a part of the name, or values alone. */
  readonly confidence: number;
  /** Why this column, in a few words the panel can show. */
  readonly reason: string;
}

const normalize = (name: string) => name.toLowerCase().replace(/[\s\-]+/g, '_');

function nameScore({ name: role, synonyms }: RoleSpec, column: string): { score: number; reason: string } {
  const name = normalize(column);
  if (name === role) return { score: 1, reason: 'same name' };
  const index = synonyms.indexOf(name);
  if (index !== -1) return { score: 0.9 - index * 0.01, reason: `"${column}" is a usual name for ${role}` };
  const tail = name.split(/[._]/).pop() ?? name;
  if (tail === role || synonyms.includes(tail)) return { score: 0.75, reason: `"${column}" ends like ${role}` };
  if (name.includes(role) || synonyms.some((s) => s.length > 3 && name.includes(s))) return { score: 0.6, reason: `"${column}" contains a usual name for ${role}` };
  return { score: 0, reason: '' };
}

/** What the values say: lists for token roles, few distinct values for labels, long text for documents. */
function valueScore(role: RoleSpec, column: ColumnProfile, rows: number): { score: number; reason: string } {
  switch (role.kind) {
    case 'string-list':
      return column.type === 'string-list' ? { score: 0.5, reason: 'holds lists of strings' } : { score: -1, reason: '' };
    case 'label': {
      if (column.type === 'string-list' || column.type === 'list' || column.type === 'object') return { score: -1, reason: '' };
      const few = column.distinct > 1 && column.distinct <= Math.max(20, rows * 0.05);
      if (!few) return { score: column.averageLength > 40 ? -1 : -0.3, reason: '' };
      return { score: column.type === 'integer' ? 0.45 : 0.4, reason: `${column.distinct} distinct values` };
    }
    case 'integer':
      if (column.type === 'integer') return { score: 0.3, reason: 'whole numbers' };
      return column.type === 'list' && column.name.includes('.') ? { score: 0, reason: '' } : { score: -1, reason: '' }; // SQuAD's [177]
    case 'string':
      if (column.type !== 'string') return { score: column.type === 'string-list' && column.name.includes('.') ? 0 : -0.5, reason: '' };
      return { score: Math.min(0.35, 0.1 + column.averageLength / 400), reason: `text, ${Math.round(column.averageLength)} characters on average` };
  }
}

/**
 * Two text columns named after two languages (`english`/`romanian`, `text_en`/`text_de`, `en`/`ro`): a translation
 * pair, the first column the source as people write them. Undefined when the file has no such pair.
 */
export function languagePairColumns(columns: readonly ColumnProfile[]): { source: ColumnProfile; target: ColumnProfile; languages: { source: string; target: string } } | undefined {
  const named = columns.filter((c) => c.type === 'string').flatMap((column) => {
    const language = languageFromColumnName(column.name);
    return language ? [{ column, language }] : [];
  });
  const [first, second] = named;
  if (!first || !second || first.language === second.language) return undefined;
  return { source: first.column, target: second.column, languages: { source: first.language, target: second.language } };
}

/**
 * Suggests a column for each role of the task from names and values. Each column serves one role; the most
 * confident pairs are taken first.
 */
export function suggestMapping(task: TaskId, columns: readonly ColumnProfile[], rows: number): RoleSuggestion[] {
  const roles = TASKS[task].roles;
  const pair = TASKS[task].languagePair ? languagePairColumns(columns) : undefined;
  if (pair) {
    // Columns named after two languages say what they hold better than any synonym: source, then target.
    const [sourceRole, targetRole] = roles;
    const named = (role: RoleSpec | undefined, column: ColumnProfile, language: string): RoleSuggestion[] =>
      role ? [{ role: role.name, column: column.name, confidence: 0.9, reason: `"${column.name}" is named after a language (${language})` }] : [];
    return [...named(sourceRole, pair.source, pair.languages.source), ...named(targetRole, pair.target, pair.languages.target)];
  }
  const candidates: { role: RoleSpec; column: ColumnProfile; score: number; reason: string }[] = [];
  for (const role of roles) {
    for (const column of columns) {
      const byName = nameScore(role, column.name);
      const byValue = valueScore(role, column, rows);
      if (byValue.score < 0 && byName.score < 1) continue;
      const score = byName.score > 0 ? byName.score + Math.max(0, byValue.score) * 0.1 : byValue.score;
      if (score <= 0) continue;
      candidates.push({ role, column, score: Math.min(1, score), reason: byName.score > 0 ? byName.reason : byValue.reason });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  const taken = new Map<string, RoleSuggestion>();
  const usedColumns = new Set<string>();
  for (const candidate of candidates) {
    if (taken.has(candidate.role.name) || usedColumns.has(candidate.column.name)) continue;
    // A value-only guess for an optional role is more likely wrong than helpful.
    if (!candidate.role.required && candidate.score < 0.6) continue;
    taken.set(candidate.role.name, {
      role: candidate.role.name,
      column: candidate.column.name,
      confidence: Math.round(candidate.score * 100) / 100,
      reason: candidate.reason,
    });
    usedColumns.add(candidate.column.name);
  }
  if (TASKS[task].languagePair) orderTranslationGuesses(taken, columns);
  return roles.map((role) => taken.get(role.name) ?? { role: role.name, column: undefined, confidence: 0, reason: 'no column fits' });
}

/** Two text columns and no telling names (`english,romanian`): the first is the source, as people write them. */
function orderTranslationGuesses(taken: Map<string, RoleSuggestion>, columns: readonly ColumnProfile[]): void {
  const source = taken.get('source');
  const target = taken.get('target');
  if (!source?.column || !target?.column || source.confidence >= 0.6 || target.confidence >= 0.6) return;
  const index = (name: string) => columns.findIndex((c) => c.name === name);
  if (index(source.column) > index(target.column)) {
    taken.set('source', { ...source, column: target.column, reason: 'the first text column' });
    taken.set('target', { ...target, column: source.column, reason: 'the second text column' });
  }
}

export function mappingFromSuggestions(suggestions: readonly RoleSuggestion[]): ColumnMapping {
  return Object.fromEntries(suggestions.filter((s) => s.column !== undefined).map((s) => [s.role, s.column as string]));
}

const LANGUAGE_CODES: Readonly<Record<string, string>> = {
  english: 'en', german: 'de', deutsch: 'de', french: 'fr', spanish: 'es', romanian: 'ro', italian: 'it',
  portuguese: 'pt', dutch: 'nl', russian: 'ru', chinese: 'zh', japanese: 'ja', korean: 'ko', arabic: 'ar',
  hindi: 'hi', turkish: 'tr', polish: 'pl', swedish: 'sv', czech: 'cs', ukrainian: 'uk', finnish: 'fi',
};

/** `english` → `en`, `text_de` → `de`: the language code a translation column's name implies, if any. */
export function languageFromColumnName(column: string): string | undefined {
  const name = normalize(column);
  for (const part of name.split(/[._]/)) {
    if (LANGUAGE_CODES[part]) return LANGUAGE_CODES[part];
    if (Object.values(LANGUAGE_CODES).includes(part)) return part;
  }
  return undefined;
}
