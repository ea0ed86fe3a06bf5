import { assertPaired, f1Of, ratio, type Averages, type ClassFigures } from './classification';
import { compareCodePoints } from './pythonStrings';

/**
 * Entity-level scores of tag sequences as seqeval computes them in its default mode (`mode=None`, compatible with
 * CoNLL's `conlleval.pl`), which is what Hugging Face evaluate's `seqeval` metric runs by default:
 * `seqeval.metrics.sequence_labeling.get_entities`, `end_of_chunk`, `start_of_chunk` and
 * `precision_recall_fscore_support`, ported rule for rule.
 *
 * - A chunk starts at `B-`, `S-`, at an `I-`/`E-` after `O` (so IOB1, where `I-` opens an entity, works), and
 *   wherever the type changes; it ends at `E-`/`S-`, before `B-`/`S-`/`O`, and wherever the type changes. `E-`
 *   and `S-` (IOBES) are read by the same rules.
 * - The tag is the first character and the type what follows the first `-` (`B-PER` → `B`, `PER`); a tag
 *   without a type (`B`, `I`, or a stray `0`) has type `_`, as in seqeval.
 * - Sentences are joined with an `O` between them, so no entity runs from one sentence into the next.
 * - An entity is right only when type, start and end all match. Scores use `zero_division=0`.
 * - `accuracy` is seqeval's `accuracy_score`: the share of tokens whose tag is exactly right.
 *
 * With no entity at all in references and predictions, seqeval's macro average is NaN (NumPy's mean of nothing);
 * here it is 0, as JSON has no NaN.
 */

export interface Entity {
  readonly type: string;
  /** Index of the first token, counted over the sentences joined with one `O` after each. */
  readonly start: number;
  /** Index of the last token (inclusive), as seqeval reports it. */
  readonly end: number;
}

export interface SeqevalOptions {
  /** Tags written `PER-B` rather than `B-PER` (seqeval's `suffix=True`). */
  readonly suffix?: boolean;
}

export interface SeqevalReport {
  /** Token accuracy: tags exactly right over all tokens. */
  readonly accuracy: number;
  /** Per entity type, sorted by name; `support` is the number of reference entities of that type. */
  readonly perType: ClassFigures[];
  readonly micro: Averages;
  readonly macro: Averages;
  readonly weighted: Averages;
  /** Reference entities, all types. */
  readonly support: number;
}

function endOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (prevTag === 'E' || prevTag === 'S') return true;
  if ((prevTag === 'B' || prevTag === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  return prevTag !== 'O' && prevTag !== '.' && prevType !== type;
}

function startOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prevTag === 'E' || prevTag === 'S' || prevTag === 'O') && (tag === 'E' || tag === 'I')) return true;
  return tag !== 'O' && tag !== '.' && prevType !== type;
}

/** Python's `chunk[0]` / `chunk[-1]`: a whole code point, not half of a surrogate pair. */
const firstCodePoint = (text: string) => String.fromCodePoint(text.codePointAt(0) ?? 0);
const lastCodePoint = (text: string) => [...text.slice(-2)].pop() ?? '';

function splitTag(chunk: string, suffix: boolean): [tag: string, type: string] {
  if (suffix) {
    // Python: tag = chunk[-1]; type_ = chunk[:-1].rsplit('-', maxsplit=1)[0] or '_'
    const tag = lastCodePoint(chunk);
    const body = chunk.slice(0, chunk.length - tag.length);
    const dash = body.lastIndexOf('-');
    return [tag, (dash < 0 ? body : body.slice(0, dash)) || '_'];
  }
  // Python: tag = chunk[0]; type_ = chunk[1:].split('-', maxsplit=1)[-1] or '_'
  const tag = firstCodePoint(chunk);
  const body = chunk.slice(tag.length);
  const dash = body.indexOf('-');
  return [tag, (dash < 0 ? body : body.slice(dash + 1)) || '_'];
}

/** seqeval's `get_entities` over sentences (a list of lists is joined with an `O` after each sentence). */
export function getEntities(sentences: readonly (readonly string[])[], options: SeqevalOptions = {}): Entity[] {
  const suffix = options.suffix ?? false;
  const entities: Entity[] = [];
  let prevTag = 'O';
  let prevType = '';
  let begin = 0;
  let i = 0;
  const visit = (chunk: string) => {
    const [tag, type] = splitTag(chunk, suffix);
    if (endOfChunk(prevTag, tag, prevType, type)) entities.push({ type: prevType, start: begin, end: i - 1 });
    if (startOfChunk(prevTag, tag, prevType, type)) begin = i;
    prevTag = tag;
    prevType = type;
    i++;
  };
  for (const sentence of sentences) {
    for (const chunk of sentence) visit(chunk);
    visit('O');
  }
  visit('O');
  return entities;
}

function entitiesByType(entities: readonly Entity[]): Map<string, Set<string>> {
  const byType = new Map<string, Set<string>>();
  for (const e of entities) {
    let set = byType.get(e.type);
    if (!set) byType.set(e.type, (set = new Set()));
    set.add(`${e.start}:${e.end}`);
  }
  return byType;
}

export function seqevalReport(predictions: readonly (readonly string[])[], references: readonly (readonly string[])[], options: SeqevalOptions = {}): SeqevalReport {
  assertPaired(predictions, references);
  let tokens = 0;
  let rightTokens = 0;
  predictions.forEach((predicted, i) => {
    const truth = references[i] as readonly string[];
    if (predicted.length !== truth.length) {
      throw new Error(`Sentence ${i + 1}: ${predicted.length} predicted tags for ${truth.length} reference tags; there must be one tag per token.`);
    }
    tokens += truth.length;
    truth.forEach((tag, j) => {
      if (predicted[j] === tag) rightTokens++;
    });
  });
  const truthByType = entitiesByType(getEntities(references, options));
  const predictedByType = entitiesByType(getEntities(predictions, options));
  const types = [...new Set([...truthByType.keys(), ...predictedByType.keys()])].sort(compareCodePoints);
  let tpAll = 0;
  let predictedAll = 0;
  let trueAll = 0;
  const perType = types.map((type) => {
    const truth = truthByType.get(type) ?? new Set<string>();
    const predicted = predictedByType.get(type) ?? new Set<string>();
    let tp = 0;
    for (const span of predicted) if (truth.has(span)) tp++;
    tpAll += tp;
    predictedAll += predicted.size;
    trueAll += truth.size;
    const precision = ratio(tp, predicted.size);
    const recall = ratio(tp, truth.size);
    return { label: type, precision, recall, f1: f1Of(precision, recall), support: truth.size };
  });
  const mean = (key: keyof Averages) => ratio(perType.reduce((sum, c) => sum + c[key], 0), perType.length);
  const weightedMean = (key: keyof Averages) => ratio(perType.reduce((sum, c) => sum + c[key] * c.support, 0), trueAll);
  const microPrecision = ratio(tpAll, predictedAll);
  const microRecall = ratio(tpAll, trueAll);
  return {
    accuracy: ratio(rightTokens, tokens),
    perType,
    micro: { precision: microPrecision, recall: microRecall, f1: f1Of(microPrecision, microRecall) },
    macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') },
    weighted: { precision: weightedMean('precision'), recall: weightedMean('recall'), f1: weightedMean('f1') },
    support: trueAll,
  };
}
