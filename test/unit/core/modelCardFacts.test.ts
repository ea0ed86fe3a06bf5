import assert from 'node:assert/strict';
import { loadCuratedCatalog } from '../../../src/backends/local/curatedCatalog';
import type { CatalogModel } from '../../../src/core/catalog/catalogModel';
import { describeLanguages, modelCardFacts } from '../../../src/core/catalog/modelCardFacts';

const curated = (name: string): CatalogModel => {
  const model = loadCuratedCatalog().find((m) => m.name === name);
  assert.ok(model, name);
  return model;
};
const table = (model: CatalogModel) => Object.fromEntries(modelCardFacts(model).map((f) => [f.label, f.href ? `${f.value} <${f.href}>` : f.value]));

describe('the facts a model card shows', () => {
  it('a curated model: task, size, license, languages, and its Hub page as the source link', () => {
    const facts = table(curated('bert-base-uncased'));
    assert.equal(facts.Task, 'Fill mask');
    assert.equal(facts.Parameters, '110M');
    assert.equal(facts.License, 'apache-2.0');
    assert.equal(facts.Languages, 'English');
    assert.equal(facts.Source, 'google-bert/bert-base-uncased <https://huggingface.co/google-bert/bert-base-uncased>');
    assert.equal(facts['On this machine'], undefined);
  });

  it('a model of many languages says how many, with the ones it names', () => {
    assert.equal(describeLanguages({ languageCount: 100 }), '100 languages');
    assert.equal(describeLanguages({ languages: ['en', 'fr'], languageCount: 4 }), '4 languages (English, French…)');
    assert.equal(describeLanguages({ languages: ['de', 'en'] }), 'German, English');
    assert.equal(describeLanguages({ languages: ['zz'] }), 'zz', 'an unknown tag is shown as it is');
  });

  it('Azure ML sizes: the first three and how many more; a local folder: its path and what its weights allow', () => {
    const model: CatalogModel = {
      ...curated('bert-base-uncased'),
      azureCompute: { inference: ['Standard_DS3_v2', 'Standard_DS4_v2', 'Standard_F8s_v2', 'Standard_E4s_v3', 'Standard_E8s_v3'] },
      collection: 'local-folder',
      path: '/models/bert',
      weights: ['onnx', 'pytorch'],
    };
    const facts = table(model);
    assert.equal(facts['Azure ML inference sizes'], 'Standard_DS3_v2, Standard_DS4_v2, Standard_F8s_v2 and 2 more');
    assert.equal(facts['On this machine'], '/models/bert · ONNX export (runs here), PyTorch weights (trains here)');
    assert.equal(facts.Source, 'google-bert/bert-base-uncased', 'a folder is no link');
  });

  it("a curated model pulled for fine-tuning: its PyTorch weights' snapshot, after its ONNX export's when that is here too", () => {
    const trains: Pick<CatalogModel, 'trainingPath' | 'weights'> = { trainingPath: '/hub/models--google-bert--bert-base-uncased/snapshots/abc', weights: ['pytorch'] };
    assert.equal(table({ ...curated('bert-base-uncased'), ...trains })['On this machine'], '/hub/models--google-bert--bert-base-uncased/snapshots/abc · PyTorch weights (trains here)');
    const both: CatalogModel = { ...curated('bert-base-uncased'), path: '/hub/onnx', trainingPath: trains.trainingPath, weights: ['onnx', 'pytorch'] };
    assert.equal(table(both)['On this machine'], `/hub/onnx · ONNX export (runs here); ${trains.trainingPath ?? ''} · PyTorch weights (trains here)`);
  });

  it('leaves out what it does not know instead of showing empty rows', () => {
    const bare: CatalogModel = { id: 'x/m', name: 'm', collection: 'workspace', task: 'image-classification', fineTuningTasks: [], license: 'unknown', description: '' };
    assert.deepEqual(modelCardFacts(bare), [
      { label: 'Task', value: 'image-classification' },
      { label: 'License', value: 'unknown' },
    ]);
  });
});
