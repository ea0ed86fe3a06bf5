import assert from 'node:assert/strict';
import { outputFromEndpoint } from '../../../../src/core/inference/endpointAnswers';
import { maskTokenOf, playgroundSample } from '../../../../src/core/inference/playgroundSample';

const text = { text: 'My name is Wolfgang and I live in Berlin.' };
const question = { question: 'Who wrote it?', context: 'Pride and Prejudice is a novel by Jane Austen.' };

describe("an endpoint's answer, read as the playground draws it", () => {
  it('labels: a pipeline list, a top-k list, our scoring server, a bare label; best first', () => {
    assert.deepEqual(outputFromEndpoint('labels', [{ label: 'POSITIVE', score: 0.9 }], text), { kind: 'labels', labels: [{ label: 'POSITIVE', score: 0.9 }] });
    assert.deepEqual(outputFromEndpoint('labels', [[{ label: 'a', score: 0.2 }, { label: 'b', score: 0.8 }]], text), { kind: 'labels', labels: [{ label: 'b', score: 0.8 }, { label: 'a', score: 0.2 }] });
    assert.deepEqual(outputFromEndpoint('labels', { predictions: [{ label: 'neg', score: 0.7, labels: [{ label: 'neg', score: 0.7 }, { label: 'pos', score: 0.3 }] }] }, text)?.kind, 'labels');
    assert.deepEqual(outputFromEndpoint('labels', ['POSITIVE'], text), { kind: 'labels', labels: [{ label: 'POSITIVE', score: 1 }] });
  });

  it('entities: grouped or per token (B-/I- dropped), each with its text cut from the input by its offsets', () => {
    const grouped = outputFromEndpoint('entities', [[{ entity_group: 'PER', score: 0.99, word: 'Wolfgang', start: 11, end: 19 }, { entity_group: 'LOC', score: 0.98, word: 'Berlin', start: 34, end: 40 }]], text);
    assert.deepEqual(grouped, { kind: 'entities', entities: [{ type: 'PER', score: 0.99, start: 11, end: 19, text: 'Wolfgang' }, { type: 'LOC', score: 0.98, start: 34, end: 40, text: 'Berlin' }] });
    assert.equal(outputFromEndpoint('entities', [{ entity: 'B-PER', score: 0.9, start: 11, end: 19 }], text)?.kind, 'entities');
    // Offsets past the text are not drawn as if they were right.
    assert.equal(outputFromEndpoint('entities', [{ entity_group: 'PER', score: 0.9, start: 11, end: 400 }], text), undefined);
  });

  it('an answer with its offsets, or found in the context when the endpoint gives none', () => {
    assert.deepEqual(outputFromEndpoint('answer', { answer: 'Jane Austen', score: 0.8, start: 34, end: 45 }, question), { kind: 'answer', answer: 'Jane Austen', score: 0.8, start: 34, end: 45 });
    assert.deepEqual(outputFromEndpoint('answer', ['Jane Austen'].map((answer) => ({ answer })), question), { kind: 'answer', answer: 'Jane Austen', score: 1, start: 34, end: 45 });
    assert.equal(outputFromEndpoint('answer', { answer: 'Charlotte Bronte' }, question), undefined);
  });

  it('mask tokens and written text in their usual keys; a generation without its prompt', () => {
    assert.deepEqual(outputFromEndpoint('tokens', [[{ token_str: 'paris', score: 0.5, sequence: 'the capital is paris.' }]], { text: 'the capital is [MASK].' }), {
      kind: 'tokens',
      tokens: [{ token: 'paris', score: 0.5, sequence: 'the capital is paris.' }],
    });
    assert.deepEqual(outputFromEndpoint('text', [{ translation_text: 'Bonjour' }], { text: 'Hello' }), { kind: 'text', text: 'Bonjour' });
    assert.deepEqual(outputFromEndpoint('text', ['Once upon a time there was'], { text: 'Once upon a time' }), { kind: 'text', text: ' there was' });
    assert.deepEqual(outputFromEndpoint('text', { predictions: [{ text: 'A summary.' }] }, { text: 'A long text.' }), { kind: 'text', text: 'A summary.' });
  });

  it('anything else is left to be shown as it came', () => {
    for (const body of [null, 'Internal error', { error: 'boom' }, [], [1, 2], { predictions: 'x' }]) assert.equal(outputFromEndpoint('labels', body, text), undefined, JSON.stringify(body));
    assert.equal(outputFromEndpoint('labels', [{ label: 'x', score: 7 }], text), undefined, 'a score above 1 is no score');
  });
});

describe("the playground's first input", () => {
  it("a model's own sample, a question answering model's as {question, context}, else the task's", () => {
    assert.deepEqual(playgroundSample({ sampleInput: 'The capital of France is [MASK].' }, 'fill-mask'), { text: 'The capital of France is [MASK].' });
    assert.deepEqual(playgroundSample({ sampleInput: JSON.stringify(question) }, 'question-answering'), question);
    const fallback = playgroundSample({ sampleInput: 'not json' }, 'question-answering');
    assert.ok('question' in fallback && fallback.question.length > 0 && fallback.context.length > 0);
    assert.ok('text' in playgroundSample({}, 'summarization'));
    assert.equal(maskTokenOf('Paris est la <mask> de la France.'), '<mask>');
    assert.equal(maskTokenOf('no mask here'), undefined);
  });
});
