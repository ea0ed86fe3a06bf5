/**
 * The Porter stemmer as NLTK runs it by default (`nltk.stem.porter.PorterStemmer()`, mode `NLTK_EXTENSIONS`),
 * which is the stemmer Google's `rouge-score` uses for `use_stemmer=True`. NLTK's mode departs from Porter's 1980
 * paper and from Martin Porter's own later versions in a few places (a table of irregular forms, `-ies`/`-ied` on
 * four-letter words, `y` → `i` only after a consonant, `-alli`, `-fulli`, `-logi`, words of one or two letters left
 * alone), so the npm Porter stemmers, which follow Martin Porter, give other stems for some words; this is a
 * rule-for-rule reimplementation of NLTK's algorithm instead.
 *
 * Input is expected in lower case (`rouge-score` lower-cases before it stems); it is lower-cased again as NLTK does.
 */

const IRREGULAR_FORMS: Readonly<Record<string, readonly string[]>> = {
  sky: ['sky', 'skies'],
  die: ['dying'],
  lie: ['lying'],
  tie: ['tying'],
  news: ['news'],
  inning: ['innings', 'inning'],
  outing: ['outings', 'outing'],
  canning: ['cannings', 'canning'],
  howe: ['howe'],
  proceed: ['proceed'],
  exceed: ['exceed'],
  succeed: ['succeed'],
};

const POOL = new Map<string, string>(Object.entries(IRREGULAR_FORMS).flatMap(([stem, forms]) => forms.map((form) => [form, stem] as const)));

const isVowelLetter = (ch: string | undefined) => ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u';

/** Whether each letter is a consonant in Porter's sense: not a vowel, and `y` only when it follows a vowel (or starts the word). */
function consonants(word: string): boolean[] {
  const result: boolean[] = [];
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    result.push(isVowelLetter(ch) ? false : ch === 'y' ? (i === 0 ? true : !result[i - 1]) : true);
  }
  return result;
}

const isConsonant = (word: string, i: number) => consonants(word.slice(0, i + 1))[i] === true;

/** Porter's m: the number of vowel-consonant sequences, `[C](VC){m}[V]`. */
function measure(stem: string): number {
  const c = consonants(stem);
  let m = 0;
  for (let i = 0; i + 1 < c.length; i++) if (!c[i] && c[i + 1]) m++;
  return m;
}

const hasPositiveMeasure = (stem: string) => measure(stem) > 0;

function containsVowel(stem: string): boolean {
  return consonants(stem).some((c) => !c);
}

/** Condition *d: ends with a double consonant. */
function endsDoubleConsonant(word: string): boolean {
  return word.length >= 2 && word[word.length - 1] === word[word.length - 2] && isConsonant(word, word.length - 1);
}

/** Condition *o: ends consonant-vowel-consonant with the last not w, x or y; NLTK also counts a two-letter vowel-consonant word. */
function endsCvc(word: string): boolean {
  const n = word.length;
  if (n >= 3) {
    const c = consonants(word);
    if (c[n - 3] && !c[n - 2] && c[n - 1] && !'wxy'.includes(word[n - 1] as string)) return true;
  }
  if (n === 2) {
    const c = consonants(word);
    return !c[0] && c[1] === true;
  }
  return false;
}

type Rule = readonly [suffix: string, replacement: string, condition: ((stem: string) => boolean) | null];

/** The first rule whose suffix the word ends with decides: applied if its condition holds, otherwise the word stays. */
function applyRuleList(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === '*d' && endsDoubleConsonant(word)) {
      const stem = word.slice(0, -2);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

function step1a(word: string): string {
  if (word.endsWith('ies') && word.length === 4) return `${word.slice(0, -3)}ie`;
  return applyRuleList(word, [
    ['sses', 'ss', null],
    ['ies', 'i', null],
    ['ss', 'ss', null],
    ['s', '', null],
  ]);
}

function step1b(word: string): string {
  if (word.endsWith('ied')) return word.length === 4 ? `${word.slice(0, -3)}ie` : `${word.slice(0, -3)}i`;
  if (word.endsWith('eed')) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? `${stem}ee` : word;
  }
  let intermediate: string | undefined;
  for (const suffix of ['ed', 'ing']) {
    if (word.endsWith(suffix)) {
      const candidate = word.slice(0, word.length - suffix.length);
      if (containsVowel(candidate)) {
        intermediate = candidate;
        break;
      }
    }
  }
  if (intermediate === undefined) return word;
  const last = intermediate[intermediate.length - 1] as string;
  return applyRuleList(intermediate, [
    ['at', 'ate', null],
    ['bl', 'ble', null],
    ['iz', 'ize', null],
    ['*d', last, () => !'lsz'.includes(last)],
    ['', 'e', (stem) => measure(stem) === 1 && endsCvc(stem)],
  ]);
}

function step1c(word: string): string {
  return applyRuleList(word, [['y', 'i', (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]]);
}

function step2(word: string): string {
  if (word.endsWith('alli') && hasPositiveMeasure(word.slice(0, -4))) return step2(`${word.slice(0, -4)}al`);
  return applyRuleList(word, [
    ['ational', 'ate', hasPositiveMeasure],
    ['tional', 'tion', hasPositiveMeasure],
    ['enci', 'ence', hasPositiveMeasure],
    ['anci', 'ance', hasPositiveMeasure],
    ['izer', 'ize', hasPositiveMeasure],
    ['bli', 'ble', hasPositiveMeasure],
    ['alli', 'al', hasPositiveMeasure],
    ['entli', 'ent', hasPositiveMeasure],
    ['eli', 'e', hasPositiveMeasure],
    ['ousli', 'ous', hasPositiveMeasure],
    ['ization', 'ize', hasPositiveMeasure],
    ['ation', 'ate', hasPositiveMeasure],
    ['ator', 'ate', hasPositiveMeasure],
    ['alism', 'al', hasPositiveMeasure],
    ['iveness', 'ive', hasPositiveMeasure],
    ['fulness', 'ful', hasPositiveMeasure],
    ['ousness', 'ous', hasPositiveMeasure],
    ['aliti', 'al', hasPositiveMeasure],
    ['iviti', 'ive', hasPositiveMeasure],
    ['biliti', 'ble', hasPositiveMeasure],
    ['fulli', 'ful', hasPositiveMeasure],
    // The 'l' of 'logi' stays with the stem for the measure, so that short stems such as 'geo' work.
    ['logi', 'log', () => hasPositiveMeasure(word.slice(0, -3))],
  ]);
}

function step3(word: string): string {
  return applyRuleList(word, [
    ['icate', 'ic', hasPositiveMeasure],
    ['ative', '', hasPositiveMeasure],
    ['alize', 'al', hasPositiveMeasure],
    ['iciti', 'ic', hasPositiveMeasure],
    ['ical', 'ic', hasPositiveMeasure],
    ['ful', '', hasPositiveMeasure],
    ['ness', '', hasPositiveMeasure],
  ]);
}

function step4(word: string): string {
  const measureAbove1 = (stem: string) => measure(stem) > 1;
  return applyRuleList(word, [
    ['al', '', measureAbove1],
    ['ance', '', measureAbove1],
    ['ence', '', measureAbove1],
    ['er', '', measureAbove1],
    ['ic', '', measureAbove1],
    ['able', '', measureAbove1],
    ['ible', '', measureAbove1],
    ['ant', '', measureAbove1],
    ['ement', '', measureAbove1],
    ['ment', '', measureAbove1],
    ['ent', '', measureAbove1],
    ['ion', '', (stem) => measure(stem) > 1 && (stem.endsWith('s') || stem.endsWith('t'))],
    ['ou', '', measureAbove1],
    ['ism', '', measureAbove1],
    ['ate', '', measureAbove1],
    ['iti', '', measureAbove1],
    ['ous', '', measureAbove1],
    ['ive', '', measureAbove1],
    ['ize', '', measureAbove1],
  ]);
}

function step5a(word: string): string {
  if (word.endsWith('e')) {
    const stem = word.slice(0, -1);
    const m = measure(stem);
    if (m > 1) return stem;
    if (m === 1 && !endsCvc(stem)) return stem;
  }
  return word;
}

function step5b(word: string): string {
  return applyRuleList(word, [['ll', 'l', () => measure(word.slice(0, -1)) > 1]]);
}

/** `PorterStemmer().stem(word)` of NLTK. */
export function porterStem(word: string): string {
  const lower = word.toLowerCase();
  const irregular = POOL.get(word);
  if (irregular !== undefined) return irregular;
  if (word.length <= 2) return lower;
  return step5b(step5a(step4(step3(step2(step1c(step1b(step1a(lower))))))));
}
