import assert from 'node:assert/strict';
import type { CatalogModel } from '../../../src/core/catalog/catalogModel';
import { formatParameterCount } from '../../../src/core/catalog/catalogModel';
import { catalogFacets, filterCatalog, groupCatalog, isFilterActive } from '../../../src/core/catalog/catalogQuery';

const model = (name: string, task: string, license: string, extra: Partial<CatalogModel> = {}): CatalogModel => ({
  id: `curated/${name}`,
  name,
  collection: 'curated',
  task,
  fineTuningTasks: [],
  license,
  description: '',
  ...extra,
});

const models: CatalogModel[] = [
  model('roberta-base', 'fill-mask', 'mit', { description: 'Robustly optimized BERT' }),
  model('t5-small', 'translation', 'apache-2.0', { description: 'Text-to-text transformer' }),
  model('bert-base-uncased', 'fill-mask', 'apache-2.0', { description: 'Masked language model' }),
  model('my-ner', 'token-classification', 'mit', { collection: 'local-folder', id: 'local/my-ner' }),
];

describe('catalog query', () => {
  it('filters by task, by license (any case) and by both', () => {
    assert.deepEqual(filterCatalog(models, { task: 'fill-mask' }).map((m) => m.name), ['roberta-base', 'bert-base-uncased']);
    assert.deepEqual(filterCatalog(models, { license: 'MIT' }).map((m) => m.name), ['roberta-base', 'my-ner']);
    assert.deepEqual(filterCatalog(models, { task: 'fill-mask', license: 'apache-2.0' }).map((m) => m.name), ['bert-base-uncased']);
  });

  it('searches every word, case-insensitively, in name and description', () => {
    assert.deepEqual(filterCatalog(models, { search: 'BERT' }).map((m) => m.name), ['roberta-base', 'bert-base-uncased']);
    assert.deepEqual(filterCatalog(models, { search: 'masked  model' }).map((m) => m.name), ['bert-base-uncased']);
    assert.deepEqual(filterCatalog(models, { search: 'bert translation' }), []);
  });

  it('knows when a filter is active', () => {
    assert.equal(isFilterActive({}), false);
    assert.equal(isFilterActive({ search: '   ' }), false);
    assert.equal(isFilterActive({ license: 'mit' }), true);
  });

  it('counts facets per task and license', () => {
    const facets = catalogFacets(models);
    assert.deepEqual(facets.tasks, [
      { value: 'fill-mask', count: 2 },
      { value: 'token-classification', count: 1 },
      { value: 'translation', count: 1 },
    ]);
    assert.deepEqual(facets.licenses, [
      { value: 'apache-2.0', count: 2 },
      { value: 'mit', count: 2 },
    ]);
  });

  it('groups collections → tasks → models, sorted, collections in their fixed order', () => {
    const groups = groupCatalog(models);
    assert.deepEqual(
      groups.map((g) => [g.label, g.tasks.map((t) => [t.task, t.models.map((m) => m.name)])]),
      [
        ['Curated', [['fill-mask', ['bert-base-uncased', 'roberta-base']], ['translation', ['t5-small']]]],
        ['On This Machine', [['token-classification', ['my-ner']]]],
      ],
    );
  });

  it('formats parameter counts as a person reads them', () => {
    assert.equal(formatParameterCount(66_000_000), '66M params');
    assert.equal(formatParameterCount(7_000_000_000), '7B params');
    assert.equal(formatParameterCount(1_500_000_000), '1.5B params');
    assert.equal(formatParameterCount(4_400), '4K params');
    assert.equal(formatParameterCount(undefined), undefined);
  });
});
