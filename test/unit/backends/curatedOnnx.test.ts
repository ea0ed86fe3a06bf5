import assert from 'node:assert/strict';
import { loadCuratedCatalog } from '../../../src/backends/local/curatedCatalog';
import { repoIdProblem } from '../../../src/core/catalog/hubRepoId';

describe('curated catalog: ONNX exports on the Hub', () => {
  const models = loadCuratedCatalog();

  it('names a well-formed repository and its evidence for each model that has one, and nothing for the rest', () => {
    const withOnnx = models.filter((m) => m.onnxSource);
    assert.equal(models.length, 42);
    assert.equal(withOnnx.length, 30);
    for (const model of withOnnx) {
      assert.equal(repoIdProblem(model.onnxSource?.repo ?? ''), undefined, model.name);
      assert.ok((model.onnxSource?.verified.length ?? 0) > 20, `${model.name} says where it was verified`);
    }
    const byName = new Map(models.map((m) => [m.name, m.onnxSource?.repo]));
    assert.equal(byName.get('distilbert-base-uncased-finetuned-sst-2-english'), 'Xenova/distilbert-base-uncased-finetuned-sst-2-english');
    assert.equal(byName.get('dslim-bert-base-ner'), 'Xenova/bert-base-NER');
    assert.equal(byName.get('t5-small'), 'Xenova/t5-small');
    assert.equal(byName.get('helsinki-nlp-opus-mt-en-ro'), 'Xenova/opus-mt-en-ro');
    for (const azureOnly of ['microsoft-phi-2', 'roberta-large', 'deepset-roberta-base-squad2']) assert.equal(byName.get(azureOnly), undefined, azureOnly);
  });
});
