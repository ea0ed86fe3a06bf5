import assert from 'node:assert/strict';
import { entitiesFromTokens, joinWords, tagsFromEntities, type TaggedToken } from '../../../src/core/inference/entities';
import { emptyOutput, InferenceOutputSchema, inputKindProblem, type InferenceInput, type InferenceOutput } from '../../../src/core/inference/inferenceTypes';
import { computeTaskMetrics } from '../../../src/core/metrics';
import { TASK_IDS, TASKS, type CanonicalRecord } from '../../../src/core/tasks';

const token = (tag: string, start: number, end: number, continues = false, score = 0.9): TaggedToken => ({ tag, score, start, end, continues });

describe('inference: entities, word tags and the task table', () => {
  it('groups tagged tokens into entities with their text and offsets; a ##piece follows its word', () => {
    const text = 'Maria Lopez joined Northwind in Lisbon.';
    const entities = entitiesFromTokens(text, [
      token('B-PER', 0, 5),
      token('I-PER', 6, 11, false, 0.7),
      token('O', 12, 18),
      token('B-ORG', 19, 23),
      token('B-LOC', 23, 28, true), // a subword piece whose own tag disagrees: the word's first piece decides
      token('O', 29, 31),
      token('B-LOC', 32, 38),
      token('O', 38, 39),
    ]);
    assert.deepEqual(
      entities.map(({ type, start, end, text: t }) => ({ type, start, end, text: t })),
      [
        { type: 'PER', start: 0, end: 11, text: 'Maria Lopez' },
        { type: 'ORG', start: 19, end: 28, text: 'Northwind' },
        { type: 'LOC', start: 32, end: 38, text: 'Lisbon' },
      ],
    );
    assert.ok(Math.abs((entities[0]?.score ?? 0) - 0.8) < 1e-9, 'the mean of its words');
    for (const entity of entities) assert.equal(text.slice(entity.start, entity.end), entity.text);
  });

  it('starts a new entity on B-, S-, E- endings and a change of type; bare labels are inside tags', () => {
    const text = 'a b c d e';
    const tags = (list: string[]) => entitiesFromTokens(text, list.map((tag, i) => token(tag, i * 2, i * 2 + 1))).map((e) => `${e.type}:${e.text}`);
    assert.deepEqual(tags(['B-X', 'B-X', 'I-X', 'I-Y', 'O']), ['X:a', 'X:b c', 'Y:d']);
    assert.deepEqual(tags(['S-X', 'I-X', 'B-X', 'E-X', 'I-X']), ['X:a', 'X:b', 'X:c d', 'X:e']);
    assert.deepEqual(tags(['PER', 'PER', 'O', 'LOC', 'O']), ['PER:a b', 'LOC:d']);
  });

  it('tags each word of a token list from the entities of the joined text (IOB2, as seqeval scores)', () => {
    const words = ['Maria', 'Lopez', 'joined', 'Northwind', 'Traders', 'in', 'Lisbon', '.'];
    const { text, spans } = joinWords(words);
    assert.equal(text, 'Maria Lopez joined Northwind Traders in Lisbon .');
    assert.deepEqual(spans[3], { start: 19, end: 28 });
    const entities = [
      { type: 'PER', score: 1, start: 0, end: 11, text: 'Maria Lopez' },
      { type: 'ORG', score: 1, start: 19, end: 36, text: 'Northwind Traders' },
      { type: 'LOC', score: 1, start: 40, end: 46, text: 'Lisbon' },
    ];
    assert.deepEqual(tagsFromEntities(words, entities), ['B-PER', 'I-PER', 'O', 'B-ORG', 'I-ORG', 'O', 'B-LOC', 'O']);
    // Two entities side by side stay two; an entity covering part of a word tags the word.
    assert.deepEqual(tagsFromEntities(['Paris', 'London'], [{ type: 'LOC', score: 1, start: 0, end: 5, text: 'Paris' }, { type: 'LOC', score: 1, start: 6, end: 9, text: 'Lon' }]), ['B-LOC', 'B-LOC']);
    assert.deepEqual(tagsFromEntities([], entities), []);
  });

  it('every task reads a record as its input kind and makes a prediction its metric family scores', () => {
    const records: Record<(typeof TASK_IDS)[number], [CanonicalRecord, InferenceOutput, unknown]> = {
      'text-classification': [{ sentence: 'great', label: 'positive' }, { kind: 'labels', labels: [{ label: 'positive', score: 0.9 }, { label: 'negative', score: 0.1 }] }, { text: 'great' }],
      'token-classification': [{ tokens: ['Maria', 'sings'], tags: ['B-PER', 'O'] }, { kind: 'entities', entities: [{ type: 'PER', score: 1, start: 0, end: 5, text: 'Maria' }] }, { text: 'Maria sings' }],
      'question-answering': [{ question: 'When?', context: 'In 1872.', answer_text: '1872', answer_start: 3 }, { kind: 'answer', answer: '1872', score: 0.9, start: 3, end: 7 }, { question: 'When?', context: 'In 1872.' }],
      summarization: [{ document: 'Long text.', summary: 'Short.' }, { kind: 'text', text: 'Short.' }, { text: 'Long text.' }],
      translation: [{ source: 'Hello', target: 'Salut' }, { kind: 'text', text: 'Salut' }, { text: 'Hello' }],
      'fill-mask': [{ text: 'Paris is the [MASK] of France.', answer: 'capital' }, { kind: 'tokens', tokens: [{ token: ' capital', score: 0.9, sequence: 'Paris is the capital of France.' }] }, { text: 'Paris is the [MASK] of France.' }],
      'text-generation': [{ text: 'Once', ground_truth: ' upon a time' }, { kind: 'text', text: ' upon a time' }, { text: 'Once' }],
    };
    for (const id of TASK_IDS) {
      const [record, output, input] = records[id];
      const { inference, referenceRole, metrics } = TASKS[id];
      assert.deepEqual(inference.fromRecord(record), input, id);
      assert.equal(output.kind, inference.output, id);
      assert.equal(inputKindProblem(inference.input, input as InferenceInput), undefined, id);
      assert.ok(InferenceOutputSchema.safeParse(output).success, id);
      const prediction = inference.prediction(output, record);
      assert.ok(metrics.prediction.safeParse(prediction).success, `${id}: ${JSON.stringify(prediction)}`);
      const reference = record[referenceRole ?? ''];
      const report = computeTaskMetrics(id, [prediction], [reference]);
      const best = Math.max(...Object.values(report.metrics));
      assert.ok(best > 0, `${id}: a right prediction scores (${JSON.stringify(report.metrics)})`);
      // An empty output is a prediction of the same shape, scored as wrong.
      assert.ok(metrics.prediction.safeParse(inference.prediction(emptyOutput(inference.output), record)).success, id);
    }
  });

  it('says when an input is not what the model reads', () => {
    assert.match(inputKindProblem('question', { text: 'x' }) ?? '', /question about a context/);
    assert.match(inputKindProblem('text', { question: 'q', context: 'c' }) ?? '', /reads a text/);
    assert.match(inputKindProblem('text', { text: 'a', textPair: 'b' }) ?? '', /one text/);
    assert.equal(inputKindProblem('text-pair', { text: 'a', textPair: 'b' }), undefined);
  });
});
