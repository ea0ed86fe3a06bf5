import assert from 'node:assert/strict';
import { loadCuratedCatalog } from '../../../src/backends/local/curatedCatalog';
import { MAX_LISTED_LANGUAGES } from '../../../src/core/catalog/modelLanguages';
import { sourceUrl } from '../../../src/core/catalog/modelLinks';
import { vmSizeRetirement } from '../../../src/core/catalog/retiredVmSizes';
import registryModels from '../../fixtures/azureml/registryModels.json';

/** What the model card's facts table and its Intended use and Limitations sections show for each curated model. */
describe('curated catalog: card facts', () => {
  const models = loadCuratedCatalog();
  const registry = new Map(registryModels.models.map((m) => [m.name, m.systemMetadata]));

  it('still validates, all 42 models', () => {
    assert.equal(models.length, 42);
  });

  it('says what each model is for and what it does badly, in a few sentences each, different for every model', () => {
    for (const model of models) {
      for (const [field, text] of [['intendedUse', model.intendedUse], ['limitations', model.limitations]] as const) {
        assert.ok(text && text.trim().length >= 40, `${model.name} has its ${field}`);
        assert.ok(text.length <= 400, `${model.name} ${field} is ${text.length} characters, more than 400`);
        assert.match(text, /\.$/, `${model.name} ${field} ends a sentence`);
      }
      assert.notEqual(model.intendedUse, model.limitations, model.name);
    }
    const uses = models.map((m) => m.intendedUse);
    assert.equal(new Set(uses).size, uses.length, 'no two models share an intended use');
  });

  it('names the languages of each model: up to twelve tags, or a count for more', () => {
    for (const model of models) {
      assert.ok(model.languages !== undefined || model.languageCount !== undefined, `${model.name} has languages or a count`);
      if (model.languages) assert.ok(model.languages.length <= MAX_LISTED_LANGUAGES, `${model.name} lists ${model.languages.length} languages`);
      if (model.languages && model.languageCount) assert.ok(model.languages.length < model.languageCount, model.name);
    }
    const byName = new Map(models.map((m) => [m.name, m]));
    assert.equal(byName.get('xlm-roberta-base')?.languageCount, 100);
    assert.equal(byName.get('facebook-m2m100_418m')?.languageCount, 100);
    assert.deepEqual(byName.get('helsinki-nlp-opus-mt-de-en')?.languages, ['de', 'en']);
  });

  it('links each model to its Hub page first, and every link is https', () => {
    for (const model of models) {
      const hub = sourceUrl(model);
      assert.ok(hub?.startsWith('https://huggingface.co/'), `${model.name} has a Hub source`);
      assert.equal(model.links?.[0]?.url, hub, `${model.name} links its Hub page first`);
      for (const link of model.links ?? []) {
        assert.ok(link.url.startsWith('https://'), `${model.name}: ${link.url}`);
        assert.ok(link.label.trim().length > 0, `${model.name}: ${link.url} has a label`);
      }
      const urls = (model.links ?? []).map((link) => link.url);
      assert.equal(new Set(urls).size, urls.length, `${model.name} links each page once`);
    }
  });

  it('agrees with the azureml registry on the languages of the models both list', () => {
    let compared = 0;
    for (const model of models) {
      const languages = registry.get(model.name)?.languages;
      if (!languages) continue;
      compared++;
      assert.deepEqual([...(model.languages ?? [])].sort(), [...languages].sort(), model.name);
    }
    assert.equal(compared, 11);
  });

  it('counts the parameters the published checkpoint has, not the size a model is named after', () => {
    const byName = new Map(models.map((m) => [m.name, m.parameters]));
    // 1024-wide, 12 + 12 layers, 4096-wide feed-forward, a shared 128,112-token vocabulary: 483.9M, despite the name.
    assert.equal(byName.get('facebook-m2m100_418m'), 484_000_000);
    // BERT's "110M" is the uncased model; the cased vocabulary has 28,996 tokens, not 30,522 (dslim-bert-base-ner, built on it: 108M).
    assert.equal(byName.get('bert-base-cased'), 108_000_000);
    assert.equal(byName.get('bert-base-uncased'), 110_000_000);
  });

  it('recommends Azure VM sizes only as the azureml registry does, in its order, never a retired size', () => {
    for (const model of models) {
      const compute = model.azureCompute;
      if (!compute) continue;
      const skus = registry.get(model.name)?.SKU as { inferenceRecommendedSkus?: string[]; finetuneRecommendedSkus?: string[] } | undefined;
      assert.ok(skus, `${model.name} recommends sizes that the registry fixture does not back`);
      for (const [ours, theirs] of [[compute.inference, skus.inferenceRecommendedSkus], [compute.fineTuning, skus.finetuneRecommendedSkus]] as const) {
        if (!ours) continue;
        const kept = (theirs ?? []).filter((size) => vmSizeRetirement(size) === undefined);
        assert.deepEqual(ours, kept, `${model.name}: the registry's sizes, less the retired ones`);
      }
      for (const size of [...(compute.inference ?? []), ...(compute.fineTuning ?? [])]) {
        assert.equal(vmSizeRetirement(size), undefined, `${model.name} recommends ${size}, which Azure retires on ${vmSizeRetirement(size)}`);
      }
    }
    const withCompute = models.filter((m) => m.azureCompute).map((m) => m.name);
    assert.equal(withCompute.length, 11);
    assert.ok(!withCompute.includes('microsoft-phi-2'), 'no recommendation where no public source gives one');
    const gpt2 = models.find((m) => m.name === 'gpt2')?.azureCompute;
    assert.ok(gpt2?.fineTuning?.includes('Standard_NC24ads_A100_v4'));
    assert.ok(!gpt2?.fineTuning?.some((size) => /^Standard_NC\d+r?s_v3$/.test(size)), 'no NCv3 size');
  });
});
