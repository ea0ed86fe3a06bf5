import assert from 'node:assert/strict';
import { INPUT_CHARS, isCorrectPrediction, parsePredictions, predictionInput, predictionText } from '../../../../src/core/metrics/predictions';

describe('predictions: the rows of predictions.jsonl, and which are mistakes', () => {
  it('reads each line with its source line and input; a damaged line is skipped and counted', () => {
    const text = [
      '{"prediction":"positive","reference":"positive","line":2,"input":"Great"}',
      '{"prediction":"negative","reference":"neutral","line":3,"input":"Meh"}',
      'not json',
      '',
      '{"prediction":"neutral","reference":"neutral"}',
      '{"prediction":"x","reference":"y","line":0}',
    ].join('\n');
    const { rows, skipped } = parsePredictions('text-classification', text);
    assert.equal(skipped, 2, 'the line that is not JSON and the one with line 0');
    assert.deepEqual(rows, [
      { index: 0, line: 2, input: 'Great', prediction: 'positive', reference: 'positive', correct: true },
      { index: 1, line: 3, input: 'Meh', prediction: 'negative', reference: 'neutral', correct: false },
      { index: 2, line: undefined, input: undefined, prediction: 'neutral', reference: 'neutral', correct: true },
    ]);
  });

  it('judges right and wrong by the task: labels, tag lists, SQuAD-normalized answers, trimmed tokens; none for overlap scores', () => {
    assert.equal(isCorrectPrediction('text-classification', 1, '1'), true, 'an integer label is its decimal string');
    assert.equal(isCorrectPrediction('token-classification', ['B-PER', 'O'], ['B-PER', 'O']), true);
    assert.equal(isCorrectPrediction('token-classification', ['B-PER', 'O'], ['B-LOC', 'O']), false);
    assert.equal(isCorrectPrediction('question-answering', 'The Eiffel Tower!', ['eiffel tower', 'Paris']), true);
    assert.equal(isCorrectPrediction('fill-mask', ' Paris', 'Paris'), true);
    assert.equal(isCorrectPrediction('summarization', 'a', 'a'), undefined);
    assert.equal(isCorrectPrediction('translation', 'a', 'b'), undefined);
    assert.equal(isCorrectPrediction('text-classification', { not: 'a label' }, 'x'), undefined, 'a value of the wrong shape is not judged');
  });

  it('keeps inputs short, and shows lists as one line', () => {
    assert.equal(predictionInput('premise', 'hypothesis'), 'premise\n\nhypothesis');
    const long = predictionInput('x'.repeat(2000));
    assert.equal(long.length, INPUT_CHARS);
    assert.ok(long.endsWith('…'));
    assert.equal(predictionText(['B-PER', 'O']), 'B-PER O');
    assert.equal(predictionText(['Paris', 'the city'], ' | '), 'Paris | the city');
    assert.equal(predictionText(3), '3');
    assert.equal(predictionText(undefined), '');
  });
});
