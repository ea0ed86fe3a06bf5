import assert from 'node:assert/strict';
import path from 'node:path';
import { languageFromColumnName, languagePairColumns, mappingFromSuggestions, suggestMapping } from '../../../../src/core/datasets/autoMapping';
import { profileColumns } from '../../../../src/core/datasets/columnProfile';
import type { DatasetRecord } from '../../../../src/core/datasets/datasetReader';
import { previewDataset } from '../../../../src/core/datasets/previewDataset';
import type { TaskId } from '../../../../src/core/tasks';
import { SAMPLES } from '../../../support/tempFiles';

const records = (rows: Record<string, unknown>[]): DatasetRecord[] => rows.map((values, i) => ({ line: i + 2, values }));

describe('auto-mapping', () => {
  it('maps every sample file to its task roles', async () => {
    const expected: [string, TaskId, Record<string, string>][] = [
      ['reviews.csv', 'text-classification', { sentence: 'review_text', label: 'sentiment' }],
      ['ner.jsonl', 'token-classification', { tokens: 'words', tags: 'ner_tags' }],
      ['qa.jsonl', 'question-answering', { question: 'query', context: 'passage', answer_text: 'answers.text', answer_start: 'answers.answer_start' }],
      ['news-summaries.tsv', 'summarization', { document: 'article', summary: 'highlights' }],
      ['en-ro.csv', 'translation', { source: 'english', target: 'romanian' }],
    ];
    for (const [file, task, mapping] of expected) {
      const preview = await previewDataset(path.join(SAMPLES, file));
      assert.deepEqual(mappingFromSuggestions(suggestMapping(task, preview.columns, preview.estimatedRows)), mapping, file);
    }
  });

  it('finds a label from values alone: a low-cardinality integer column', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ id: String(1000 + i), body_of_post: `post number ${i} says something long enough`, y2: String(i % 3) }));
    const suggestions = suggestMapping('text-classification', profileColumns(records(rows)), rows.length);
    const label = suggestions.find((s) => s.role === 'label');
    assert.equal(label?.column, 'y2');
    assert.ok((label?.confidence ?? 0) < 0.6, 'a value-only guess is shown as less confident');
    assert.equal(suggestions.find((s) => s.role === 'sentence')?.column, 'body_of_post');
  });

  it('finds list-valued columns for tokens and tags, and never maps one column twice', () => {
    const rows = [
      { a: ['The', 'cat'], b: ['O', 'O'], c: 'The cat' },
      { a: ['A', 'dog'], b: ['O', 'B-ANIMAL'], c: 'A dog' },
    ];
    const mapping = mappingFromSuggestions(suggestMapping('token-classification', profileColumns(records(rows)), 2));
    assert.deepEqual(Object.keys(mapping).sort(), ['tags', 'tokens']);
    assert.notEqual(mapping.tokens, mapping.tags);
    assert.ok(['a', 'b'].includes(mapping.tokens ?? '') && ['a', 'b'].includes(mapping.tags ?? ''));
  });

  it('leaves a role unmapped rather than guess an optional one from values', () => {
    const rows = [{ text: 'good film', label: 'pos', notes: 'seen twice' }, { text: 'bad film', label: 'neg', notes: 'walked out' }];
    const suggestions = suggestMapping('text-classification', profileColumns(records(rows)), 2);
    assert.deepEqual(suggestions.find((s) => s.role === 'sentence2'), { role: 'sentence2', column: undefined, confidence: 0, reason: 'no column fits' });
    assert.ok((suggestions.find((s) => s.role === 'sentence')?.confidence ?? 0) >= 0.85, 'a column named text is a confident sentence');
  });

  it('reads language codes from column names', () => {
    assert.equal(languageFromColumnName('english'), 'en');
    assert.equal(languageFromColumnName('Romanian'), 'ro');
    assert.equal(languageFromColumnName('text_de'), 'de');
    assert.equal(languageFromColumnName('comment'), undefined);
  });

  it('takes two columns named after languages as a translation pair, whatever their other names suggest', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ id: String(i), text_de: `Satz Nummer ${i}`, text_en: `sentence number ${i}` }));
    const columns = profileColumns(records(rows));
    assert.deepEqual(languagePairColumns(columns)?.languages, { source: 'de', target: 'en' });
    assert.deepEqual(mappingFromSuggestions(suggestMapping('translation', columns, rows.length)), { source: 'text_de', target: 'text_en' });
    // One language column is no pair.
    assert.equal(languagePairColumns(profileColumns(records(rows.map(({ id, text_en }) => ({ id, text_en }))))), undefined);
  });
});
