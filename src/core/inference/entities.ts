import type { Entity } from './inferenceTypes';

/**
 * Entities between token tags, text offsets and word tags, for token classification: a tagger labels subword tokens;
 * a person reads entities with where they are in the text; seqeval scores one IOB2 tag per word of the dataset.
 */

/** A tagged token of a text: its label (`B-PER`, `I-LOC`, `O`…), score and `[start, end)` in the text. */
export interface TaggedToken {
  readonly tag: string;
  readonly score: number;
  readonly start: number;
  readonly end: number;
  /** Continues the word of the token before it (a `##piece`): it takes that word's tag, as Hugging Face's `first` strategy. */
  readonly continues: boolean;
}

const OUTSIDE = 'O';

/** `B-PER` → `['B', 'PER']`; a bare label is an inside tag of its own type (as transformers.js reads it). */
function splitTag(tag: string): [prefix: string, type: string] {
  const prefix = tag[0] ?? '';
  return tag[1] === '-' && 'BIES'.includes(prefix) ? [prefix, tag.slice(2)] : ['I', tag];
}

/** The tag of each word's first token for the whole word: subword pieces follow the tag of the piece that starts the word. */
function wordLevelTags(tokens: readonly TaggedToken[]): { tag: string; score: number; start: number; end: number }[] {
  const words: { tag: string; score: number; start: number; end: number; scores: number[] }[] = [];
  for (const token of tokens) {
    const last = words.at(-1);
    if (token.continues && last) {
      last.end = Math.max(last.end, token.end);
      last.scores.push(token.score);
    } else words.push({ tag: token.tag, score: token.score, start: token.start, end: token.end, scores: [token.score] });
  }
  return words.map(({ tag, scores, start, end }) => ({ tag, start, end, score: scores.reduce((a, b) => a + b, 0) / scores.length }));
}

/**
 * The entities of `text` from its tagged tokens: a word starts an entity on `B-`/`S-` or a change of type, and
 * continues the open one on `I-`/`E-` of the same type; `O` closes it. An entity's score is its words' mean score.
 */
export function entitiesFromTokens(text: string, tokens: readonly TaggedToken[]): Entity[] {
  const entities: (Entity & { scores: number[] })[] = [];
  let open: (Entity & { scores: number[] }) | undefined;
  for (const word of wordLevelTags(tokens)) {
    if (word.tag === OUTSIDE) {
      open = undefined;
      continue;
    }
    const [prefix, type] = splitTag(word.tag);
    if (open && open.type === type && (prefix === 'I' || prefix === 'E')) {
      open.end = word.end;
      open.scores.push(word.score);
    } else {
      open = { type, score: 0, start: word.start, end: word.end, text: '', scores: [word.score] };
      entities.push(open);
    }
    if (prefix === 'E' || prefix === 'S') open = undefined;
  }
  return entities.map(({ scores, ...entity }) => ({ ...entity, text: text.slice(entity.start, entity.end), score: scores.reduce((a, b) => a + b, 0) / scores.length }));
}

/** Words joined by single spaces (how a dataset's token list is given to a tagger), with each word's place in the text. */
export function joinWords(words: readonly string[]): { text: string; spans: { start: number; end: number }[] } {
  const spans: { start: number; end: number }[] = [];
  let offset = 0;
  for (const word of words) {
    spans.push({ start: offset, end: offset + word.length });
    offset += word.length + 1;
  }
  return { text: words.join(' '), spans };
}

/**
 * One IOB2 tag per word of `words` (joined as `joinWords` joins them) from the entities found in that text: the
 * first word an entity covers gets `B-type`, the others `I-type`, every other word `O`; what seqeval scores.
 */
export function tagsFromEntities(words: readonly string[], entities: readonly Entity[]): string[] {
  const { spans } = joinWords(words);
  const ordered = [...entities].sort((a, b) => a.start - b.start);
  let previous: Entity | undefined;
  return spans.map(({ start, end }) => {
    const entity = ordered.find((e) => e.start < Math.max(end, start + 1) && e.end > start);
    const tag = entity ? `${entity === previous ? 'I' : 'B'}-${entity.type}` : OUTSIDE;
    previous = entity;
    return tag;
  });
}
