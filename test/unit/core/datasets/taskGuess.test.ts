import assert from 'node:assert/strict';
import path from 'node:path';
import { profileColumns } from '../../../../src/core/datasets/columnProfile';
import { previewDataset } from '../../../../src/core/datasets/previewDataset';
import { guessTask, modelForPair } from '../../../../src/core/datasets/taskGuess';
import { TASK_IDS, type TaskId } from '../../../../src/core/tasks';
import { SAMPLES } from '../../../support/tempFiles';

describe('guessing the task a file holds', () => {
  it('guesses the task of each sample file from its columns, and is sure of it', async () => {
    const expected: [string, TaskId][] = [
      ['reviews.csv', 'text-classification'],
      ['ner.jsonl', 'token-classification'],
      ['qa.jsonl', 'question-answering'],
      ['news-summaries.tsv', 'summarization'],
      ['en-ro.csv', 'translation'],
    ];
    for (const [file, task] of expected) {
      const guess = guessTask(TASK_IDS, await previewDataset(path.join(SAMPLES, file)));
      assert.equal(guess.task, task, file);
      assert.ok(guess.confidence >= 0.6, `${file}: ${guess.confidence}`);
    }
  });

  it('is unsure of a file whose column names say nothing', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ line: i + 2, values: { a: `some words number ${i} and more`, b: `other words ${i}` } }));
    const guess = guessTask(TASK_IDS, { columns: profileColumns(rows), estimatedRows: rows.length });
    assert.ok(guess.confidence < 0.6, String(guess.confidence));
  });

  it('picks the translation model of the language pair, and none for another pair', () => {
    const models = [{ name: 't5-small', source: 'azureml' }, { name: 'opus-mt-en-ro', source: 'Helsinki-NLP/opus-mt-en-ro' }];
    assert.equal(modelForPair(models, { source: 'en', target: 'ro' })?.name, 'opus-mt-en-ro');
    assert.equal(modelForPair(models, { source: 'en', target: 'de' }), undefined);
    assert.equal(modelForPair(models, { source: 'en' }), undefined);
  });
});
