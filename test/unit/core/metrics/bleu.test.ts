import assert from 'node:assert/strict';
import { azureBleuNgrams, googleBleu, sacreBleu, sacreBleuFromStatistics, sacreBleuTokens } from '../../../../src/core/metrics/bleu';

const close = (actual: number, expected: number, what: string, tolerance = 1e-4) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} ≠ ${expected}`);

/** sacrebleu's reference streams (one list per reference set) as references per hypothesis. */
const perHypothesis = (streams: string[][]) => (streams[0] ?? []).map((_, i) => streams.map((stream) => stream[i] as string));

// mjpost/sacrebleu README.md ("Python API") and test/test_bleu.py (_refs, _hyps):
const REFS = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const SYS = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];

describe('sacrebleu corpus BLEU', () => {
  it('matches the README example: BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)', () => {
    const bleu = sacreBleu(SYS, perHypothesis(REFS));
    close(bleu.score, 48.530827, 'score', 1e-6); // test_bleu.py test_corpus_bleu: 48.530827 (EPSILON 1e-8 on the unrounded score)
    assert.deepEqual(bleu.precisions.map((p) => p.toFixed(1)), ['82.4', '50.0', '45.5', '37.5']);
    assert.equal(bleu.bp.toFixed(3), '0.943');
    assert.deepEqual([bleu.sysLen, bleu.refLen], [17, 18]);
    assert.equal((bleu.sysLen / bleu.refLen).toFixed(3), '0.944');
  });

  it('matches test_bleu.py test_corpus_bleu cases (tokenize none, 13a, smooth none, empty hypotheses)', () => {
    const refs = perHypothesis(REFS);
    close(sacreBleu(SYS, refs, { tokenize: 'none' }).score, 49.1919566, 'tokenize none', 1e-6);
    close(sacreBleu(SYS, refs, { tokenize: '13a' }).score, 48.530827, '13a', 1e-6);
    close(sacreBleu(SYS, refs, { smoothMethod: 'none' }).score, 48.530827, 'smooth none', 1e-6);
    assert.equal(sacreBleu(['', '', ''], refs).score, 0); // "ensure that empty hypotheses are not removed"
  });

  it('matches test_bleu.py test_max_ngram_order (orders 1 to 6)', () => {
    const expected = ['77.65', '60.50', '53.93', '48.53', '46.14', '43.28'];
    expected.forEach((score, i) => assert.equal(sacreBleu(SYS, perHypothesis(REFS), { maxNgramOrder: i + 1 }).score.toFixed(2), score, `order ${i + 1}`));
  });

  it('matches the README example with a variable number of references (an empty reference counts)', () => {
    // README "Variable Number of References": first reference set ['', 'It was not unexpected.', 'The man bit him first.']
    //   → BLEU = 29.44 82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17 ref_len = 19)
    const bleu = sacreBleu(SYS, perHypothesis([['', 'It was not unexpected.', 'The man bit him first.'], REFS[1] as string[]]));
    assert.equal(bleu.score.toFixed(2), '29.44');
    assert.deepEqual(bleu.precisions.map((p) => p.toFixed(1)), ['82.4', '42.9', '27.3', '12.5']);
    assert.equal(bleu.bp.toFixed(3), '0.889');
    assert.deepEqual([bleu.sysLen, bleu.refLen], [17, 19]);
  });

  it('matches test_bleu.py raw_corpus_bleu cases (tokenize none, floor smoothing, effective order)', () => {
    // sacrebleu/compat.py raw_corpus_bleu = BLEU(smooth_method='floor', smooth_value, tokenize='none', effective_order=True)
    const raw = (hyps: string[], streams: string[][], smoothValue = 0.1) =>
      sacreBleu(hyps, perHypothesis(streams), { tokenize: 'none', smoothMethod: 'floor', smoothValue, effectiveOrder: true }).score / 100;
    // test_raw_bleu_cases (smooth_value .01)
    close(raw(['this is a test', 'another test'], [['ref1', 'ref2']], 0.01), 0, 'no match', 1e-8);
    close(raw(['this is a test'], [['this is a test']], 0.01), 1, 'identical', 1e-8);
    close(raw(['this is a fest'], [['this is a test']], 0.01), 0.223606797749979, 'one word off', 1e-8);
    // test_case_effective_order
    close(raw(['test'], [['a test']], 0.01), 0.3678794411714425, 'test', 1e-8);
    close(raw(['a test'], [['a test']], 0.01), 1, 'a test', 1e-8);
    close(raw(['a little test'], [['a test']], 0.01), 0.03218297948685433, 'a little test', 1e-8);
    // test_case_offset: 0.1555722182 with the default floor 0.1, 0 with 0.0
    close(raw(['am I am a character sequence'], [['I am a symbol string sequence a a']]), 0.1555722182, 'offset 0.1', 1e-8);
    close(raw(['am I am a character sequence'], [['I am a symbol string sequence a a']], 0), 0, 'offset 0', 1e-8);
    // test_case_statistics: counts [4, 2, 1, 0], totals [6, 5, 4, 3]
    const stats = sacreBleu(['am I am a character sequence'], [['I am a symbol string sequence a a']], { tokenize: 'none' });
    assert.deepEqual([stats.counts, stats.totals], [[4, 2, 1, 0], [6, 5, 4, 3]]);
  });

  it('matches test_bleu.py test_scoring and test_degenerate_statistics (compute_bleu from statistics)', () => {
    // test_case_scoring: Statistics([9, 7, 5, 3], [10, 8, 6, 4]), sys_len 11, ref_len 11 → 0.8375922397 (score / 100)
    close(sacreBleuFromStatistics([9, 7, 5, 3], [10, 8, 6, 4], 11, 11, { smoothMethod: 'none' }).score / 100, 0.8375922397, 'scoring', 1e-8);
    // test_case_degenerate_stats (floor smoothing): every case scores exactly 0.0
    const degenerate: [number[], number[], number, number, number][] = [
      [[0, 0, 0, 0], [4, 4, 2, 1], 0, 1, 0.0],
      [[0, 0, 0, 0], [10, 11, 12, 0], 14, 10, 0.0],
      [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.0],
      [[6, 5, 4, 0], [6, 5, 4, 3], 6, 6, 0.0],
      [[0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 0.1],
      [[0, 0, 0, 0], [0, 0, 0, 0], 1, 5, 0.01],
    ];
    for (const [correct, total, sysLen, refLen, smoothValue] of degenerate) {
      assert.equal(sacreBleuFromStatistics(correct, total, sysLen, refLen, { smoothMethod: 'floor', smoothValue }).score, 0, JSON.stringify([correct, total]));
    }
  });

  it('matches the Hugging Face evaluate sacrebleu README examples', () => {
    // huggingface/evaluate metrics/sacrebleu/README.md: round(score, 1) → 100.0 and 39.8
    assert.equal(sacreBleu(['hello there general kenobi', 'foo bar foobar'], [['hello there general kenobi', 'hello there !'], ['foo bar foobar', 'foo bar foobar']]).score.toFixed(1), '100.0');
    assert.equal(sacreBleu(['hello there general kenobi', 'on our way to ankh morpork'], [['hello there general kenobi', 'hello there !'], ['goodbye ankh morpork', 'ankh morpork']]).score.toFixed(1), '39.8');
  });

  it('tokenizes as mteval-v13a', () => {
    // By hand from the 13a rules: symbols split off (the apostrophe, U+0027, is not among them), a period or comma
    // too unless between digits, a dash after a digit; &amp; unescaped first; a trailing newline stripped (sacrebleu
    // rstrips the segment).
    assert.deepEqual(sacreBleuTokens("It wasn't surprising."), ['It', "wasn't", 'surprising', '.']);
    assert.deepEqual(sacreBleuTokens('Pay $1,000.50 by 12-3, A&amp;B\n'), ['Pay', '$', '1,000.50', 'by', '12', '-', '3', ',', 'A', '&', 'B']);
  });
});

describe('Hugging Face evaluate bleu (Google NMT compute_bleu) and Azure ML bleu_1..bleu_4', () => {
  it('matches the Hugging Face evaluate bleu README examples (shortest reference length)', () => {
    // huggingface/evaluate metrics/bleu/README.md:
    //   ["hello there general kenobi", "foo bar foobar"] vs [["hello there general kenobi", "hello there !"], ["foo bar foobar"]]
    //   → {'bleu': 1.0, 'precisions': [1.0, 1.0, 1.0, 1.0], 'brevity_penalty': 1.0, 'length_ratio': 1.1666666666666667,
    //      'translation_length': 7, 'reference_length': 6}; the same with "hello there!"; with one reference each,
    //   length_ratio 1.0 and reference_length 7.
    for (const short of ['hello there !', 'hello there!']) {
      const bleu = googleBleu(['hello there general kenobi', 'foo bar foobar'], [['hello there general kenobi', short], ['foo bar foobar']]);
      assert.deepEqual(bleu, { bleu: 1, precisions: [1, 1, 1, 1], brevityPenalty: 1, lengthRatio: 1.1666666666666667, translationLength: 7, referenceLength: 6 });
    }
    const single = googleBleu(['hello there general kenobi', 'foo bar foobar'], [['hello there general kenobi'], ['foo bar foobar']]);
    assert.deepEqual([single.bleu, single.lengthRatio, single.referenceLength], [1, 1, 7]);
  });

  it('gives 0.5147 where sacrebleu gives 48.53 (the input of shared/azureml README and API.md §4)', () => {
    // The project's /work/shared/azureml/README.md: "one input gives 0.5147 and 48.53". That input is sacrebleu's README
    // example. By hand: the matches are sacrebleu's (14/17, 7/14, 5/11, 3/8, the README's 82.4/50.0/45.5/37.5); the
    // shortest references are 6 + 5 + 6 = 17 tokens = the 17 hypothesis tokens, so BP = exp(1 − 1/1) = 1 and
    // BLEU = (14/17 · 7/14 · 5/11 · 3/8)^(1/4) = 0.070187^(1/4) = 0.5147; sacrebleu's closest lengths sum to 18,
    // BP = exp(1 − 18/17) = 0.9429, 100 · 0.9429 · 0.5147 = 48.53.
    const refs = perHypothesis(REFS);
    const hf = googleBleu(SYS, refs);
    close(hf.bleu, 0.5147, 'HF bleu');
    assert.deepEqual([hf.translationLength, hf.referenceLength, hf.brevityPenalty], [17, 17, 1]);
    close(sacreBleu(SYS, refs).score, 48.53, 'sacrebleu', 5e-3);
    // bleu_n by hand from the same precisions: bleu_1 = 14/17 = 0.8235; bleu_2 = sqrt(14/17 · 1/2) = 0.6417
    const azure = azureBleuNgrams(SYS, refs);
    close(azure.bleu_1, 14 / 17, 'bleu_1');
    close(azure.bleu_2, Math.sqrt((14 / 17) * 0.5), 'bleu_2');
    close(azure.bleu_3, Math.cbrt((14 / 17) * 0.5 * (5 / 11)), 'bleu_3');
    close(azure.bleu_4, hf.bleu, 'bleu_4', 1e-12);
  });

  it('is 0 when an order has no match, without smoothing (compute_bleu: min(precisions) > 0 else 0)', () => {
    // By hand: 'a b' vs 'a c' has no bigram match, so BLEU-4 is 0; with smooth=True every order is (m + 1) / (n + 1):
    // (2/3 · 1/2 · 1/1 · 1/1)^(1/4) = (1/3)^(1/4) = 0.7598, BP 1 (equal lengths).
    assert.equal(googleBleu(['a b'], ['a c']).bleu, 0);
    close(googleBleu(['a b'], ['a c'], { smooth: true }).bleu, (1 / 3) ** 0.25, 'smoothed');
  });
});
