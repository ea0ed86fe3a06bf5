import assert from 'node:assert/strict';
import { porterStem } from '../../../../src/core/metrics/porterStemmer';
import { corpusRouge, lcsLength, rougeLsum, rougeScore, rougeScoreMulti, rougeTokenize } from '../../../../src/core/metrics/rouge';

const close = (actual: number, expected: number, what: string, tolerance = 1e-4) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);
const ids = (values: number[]) => Int32Array.from(values);

describe('ROUGE (rouge-score semantics)', () => {
  // google-research/google-research rouge/rouge_scorer_test.py (RougeScorerTest); scorer.score(target, prediction).
  it('scores ROUGE-1, ROUGE-2 and ROUGE-L as rouge_scorer_test.py does', () => {
    // testRouge1: ("testing one two", "testing") → P 1, R 1/3, F 1/2
    const r1 = rougeScore('testing one two', 'testing').rouge1;
    close(r1.precision, 1, 'P');
    close(r1.recall, 1 / 3, 'R');
    close(r1.fmeasure, 1 / 2, 'F');
    // testRouge2: ("testing one two", "testing one") → P 1, R 1/2, F 2/3
    const r2 = rougeScore('testing one two', 'testing one').rouge2;
    assert.deepEqual([r2.precision, r2.recall], [1, 1 / 2]);
    close(r2.fmeasure, 2 / 3, 'F');
    // testRougeLConsecutive / testRougeLNonConsecutive: "testing one" and "testing two" → P 1, R 2/3, F 4/5
    for (const prediction of ['testing one', 'testing two']) {
      const l = rougeScore('testing one two', prediction).rougeL;
      close(l.precision, 1, `${prediction} P`);
      close(l.recall, 2 / 3, `${prediction} R`);
      close(l.fmeasure, 4 / 5, `${prediction} F`);
    }
    // testMultipleRougeTypes: ("testing one two", "testing one") → rouge1 and rougeL both 1, 2/3, 4/5
    const both = rougeScore('testing one two', 'testing one');
    close(both.rouge1.fmeasure, 4 / 5, 'rouge1 F');
    close(both.rougeL.fmeasure, 4 / 5, 'rougeL F');
  });

  it('gives 0 for an empty prediction (testRougeEmpty) and an empty or all-punctuation side (testRougeLsum)', () => {
    const empty = rougeScore('testing one two', '');
    for (const type of ['rouge1', 'rouge2', 'rougeL', 'rougeLsum'] as const) assert.deepEqual(empty[type], { precision: 0, recall: 0, fmeasure: 0 }, type);
    assert.equal(rougeScore('', 'w1').rougeLsum.fmeasure, 0);
    assert.equal(rougeScore('w1 w2 w3 w4 w5', '/').rougeLsum.fmeasure, 0);
  });

  it('computes summary-level ROUGE-Lsum with the union LCS', () => {
    // testRougeLsum: ("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5") → R 0.8, P 0.4, F 0.5333 (places=3)
    const lsum = rougeScore('w1 w2 w3 w4 w5', 'w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5').rougeLsum;
    close(lsum.recall, 0.8, 'R');
    close(lsum.precision, 0.4, 'P');
    close(lsum.fmeasure, 0.5333, 'F', 5e-4);
    // testSummaryLevelLcs: refs [[1,2,3,4,5]], cans [[1,2,6,7,8],[1,3,8,9,5]] → recall 0.8, precision 0.4;
    // [["reference"]] vs [[]] → recall 0
    const s = rougeLsum([ids([1, 2, 3, 4, 5])], [ids([1, 2, 6, 7, 8]), ids([1, 3, 8, 9, 5])]);
    assert.deepEqual([s.recall, s.precision], [0.8, 0.4]);
    assert.equal(rougeLsum([ids([1])], [ids([])]).recall, 0);
    // testLcsTable: ref [1,2,3,4,5], c1 [2,5,3,4] → LCS 3; c2 [8,9] → 0
    assert.equal(lcsLength(ids([1, 2, 3, 4, 5]), ids([2, 5, 3, 4])), 3);
    assert.equal(lcsLength(ids([1, 2, 3, 4, 5]), ids([8, 9])), 0);
  });

  it('tokenizes as rouge-score: lower case, runs of a-z0-9, Porter stems for tokens longer than 3', () => {
    // rouge/tokenize_test.py: 'one Two three' and 'one\n Two \nthree' → ['one', 'two', 'three']
    assert.deepEqual(rougeTokenize('one Two three'), ['one', 'two', 'three']);
    assert.deepEqual(rougeTokenize('one\n Two \nthree'), ['one', 'two', 'three']);
    // rouge/tokenizers_test.py: DefaultTokenizer(use_stemmer=False) 'this is a test' → ['this', 'is', 'a', 'test'];
    // use_stemmer=True: 'the friends had a meeting' → ['the', 'friend', 'had', 'a', 'meet']
    assert.deepEqual(rougeTokenize('this is a test'), ['this', 'is', 'a', 'test']);
    assert.deepEqual(rougeTokenize('the friends had a meeting', true), ['the', 'friend', 'had', 'a', 'meet']);
    // By hand from the tokenizer's regex: non-ASCII letters and apostrophes separate tokens.
    assert.deepEqual(rougeTokenize("Don't café-au-lait 3.5"), ['don', 't', 'caf', 'au', 'lait', '3', '5']);
  });

  it('takes the best reference per type and averages F-measures over pairs (Hugging Face evaluate rouge README)', () => {
    // huggingface/evaluate metrics/rouge/README.md: predictions ["hello there", "general kenobi"],
    // references [["hello", "there"], ["general kenobi", "general yoda"]] → rouge1 0.8333, rouge2 0.5, rougeL 0.8333, rougeLsum 0.8333
    const multi = corpusRouge(['hello there', 'general kenobi'], [['hello', 'there'], ['general kenobi', 'general yoda']]);
    close(multi.rouge1, 0.8333, 'rouge1');
    close(multi.rouge2, 0.5, 'rouge2');
    close(multi.rougeL, 0.8333, 'rougeL');
    close(multi.rougeLsum, 0.8333, 'rougeLsum');
    // (The same README's use_aggregator example prints rouge1 [0.5, 0.0] for "hello goodbye" vs "goodbye"; rouge-score
    // itself gives P 1/2, R 1/1, F 2/3 for that pair, so that printed output is not what the code returns: not used here.)
    // Same README: identical predictions and references → 1.0 for every type
    assert.deepEqual(corpusRouge(['hello there', 'general kenobi'], ['hello there', 'general kenobi']), { rouge1: 1, rouge2: 1, rougeL: 1, rougeLsum: 1 });
    // rouge/scoring.py BootstrapAggregator docstring: scores of ("one two three", "one two") and ("one two five six",
    // "seven eight") aggregate to mid rougeL P 0.5, R 0.33, F 0.40 — the means of the two pairs.
    close(corpusRouge(['one two', 'seven eight'], ['one two three', 'one two five six'], { types: ['rougeL'] }).rougeL, 0.4, 'mean F');
    // score_multi with a single reference is score.
    assert.deepEqual(rougeScoreMulti(['testing one two'], 'testing'), rougeScore('testing one two', 'testing'));
  });

  it('stems with NLTK’s Porter stemmer (NLTK_EXTENSIONS mode)', () => {
    // nltk/test/stem.doctest ("Unit tests for the Porter stemmer"):
    const plurals = ['caresses', 'flies', 'dies', 'mules', 'denied', 'died', 'agreed', 'owned', 'humbled', 'sized', 'meeting', 'stating',
      'siezing', 'itemization', 'sensational', 'traditional', 'reference', 'colonizer', 'plotted'];
    assert.equal(plurals.map(porterStem).join(' '),
      'caress fli die mule deni die agre own humbl size meet state siez item sensat tradit refer colon plot');
    // nltk/test/unit/test_stem.py, PorterTest.test_oed_bug: 'oed' → 'o'; test_lowercase_option: 'On' → 'on', 'I' → 'i', 'Github' → 'github'
    assert.equal(porterStem('oed'), 'o');
    assert.deepEqual(['On', 'I', 'Github'].map(porterStem), ['on', 'i', 'github']);
    // nltk/test/stem.doctest, SnowballStemmer("porter").stem("generously") → 'gener' (the same algorithm, Martin's
    // version, agrees here); NLTK's irregular forms: 'skies' → 'sky', 'dying' → 'die'
    assert.equal(porterStem('generously'), 'gener');
    assert.deepEqual(['skies', 'dying'].map(porterStem), ['sky', 'die']);
  });

  it('uses stems when asked (use_stemmer=True)', () => {
    // By hand: with stemming 'cats' → 'cat', 'running' and 'runs' → 'run' ('the', 'a' and 'were' unchanged), so
    // "The cats were running" (4 tokens) and "A cat runs" (3 tokens) share 'cat' and 'run': P 2/3, R 2/4, F 4/7.
    // Without stemming they share nothing.
    const stemmed = rougeScore('The cats were running', 'A cat runs', { useStemmer: true }).rouge1;
    close(stemmed.precision, 2 / 3, 'P');
    close(stemmed.recall, 2 / 4, 'R');
    close(stemmed.fmeasure, 4 / 7, 'F');
    assert.equal(rougeScore('The cats were running', 'A cat runs').rouge1.fmeasure, 0);
  });
});
