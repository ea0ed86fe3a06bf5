import assert from 'node:assert/strict';
import { languagesFromFrontMatter, languageTag } from '../../../src/core/catalog/modelLanguages';
import { vmSizeRetirement } from '../../../src/core/catalog/retiredVmSizes';

describe('model languages', () => {
  it('reads language tags as cards write them, forgiving case and underscores', () => {
    assert.equal(languageTag('en'), 'en');
    assert.equal(languageTag(' EN '), 'en');
    assert.equal(languageTag('zh-hans'), 'zh-Hans');
    assert.equal(languageTag('pt_br'), 'pt-BR');
    assert.equal(languageTag('zh-Hant-TW'), 'zh-Hant-TW');
    assert.equal(languageTag('yue'), 'yue');
  });

  it('is no tag for a language name, "multilingual", "code" or anything longer', () => {
    for (const value of ['English', 'multilingual', 'code', '', 'e', 'en-US-x-private', 'en-Latn-US-extra', 'en--US', '<script>']) {
      assert.equal(languageTag(value), undefined, value);
    }
  });

  it('lists up to twelve languages from front matter, each once, in the card order', () => {
    assert.deepEqual(languagesFromFrontMatter('en'), { languages: ['en'] });
    assert.deepEqual(languagesFromFrontMatter(['en', 'nl', 'de', 'fr', 'it', 'es']), { languages: ['en', 'nl', 'de', 'fr', 'it', 'es'] });
    assert.deepEqual(languagesFromFrontMatter(['en', 'EN', 'fr', 'multilingual']), { languages: ['en', 'fr'] });
    const twelve = ['ar', 'de', 'en', 'es', 'fr', 'it', 'lv', 'nl', 'pt', 'zh', 'ja', 'ko'];
    assert.deepEqual(languagesFromFrontMatter(twelve), { languages: twelve });
  });

  it('gives the count instead of a list longer than twelve', () => {
    const many = ['af', 'am', 'ar', 'ast', 'az', 'ba', 'be', 'bg', 'bn', 'br', 'bs', 'ca', 'ceb', 'multilingual'];
    assert.deepEqual(languagesFromFrontMatter(many), { languageCount: 13 });
  });

  it('gives nothing when no value is a tag, and skips what YAML made of a slip', () => {
    assert.deepEqual(languagesFromFrontMatter(undefined), {});
    assert.deepEqual(languagesFromFrontMatter('multilingual'), {});
    assert.deepEqual(languagesFromFrontMatter(['English', 'French']), {});
    assert.deepEqual(languagesFromFrontMatter({ en: true }), {});
    assert.deepEqual(languagesFromFrontMatter([42, null, 'de', { fr: 1 }]), { languages: ['de'] });
  });
});

describe('retired Azure VM sizes', () => {
  it('knows the NCv3 sizes retired on 2025-09-30 and NVv3 retiring on 2026-09-30', () => {
    for (const size of ['Standard_NC6s_v3', 'Standard_NC12s_v3', 'Standard_NC24s_v3', 'Standard_NC24rs_v3', 'standard_nc6s_v3']) {
      assert.equal(vmSizeRetirement(size), '2025-09-30', size);
    }
    assert.equal(vmSizeRetirement('Standard_NV12s_v3'), '2026-09-30');
  });

  it('has no retirement for the sizes that replace them', () => {
    for (const size of ['Standard_NC24ads_A100_v4', 'Standard_NC4as_T4_v3', 'Standard_ND96asr_v4', 'Standard_DS4_v2', 'Standard_NC6s_v3_x']) {
      assert.equal(vmSizeRetirement(size), undefined, size);
    }
  });
});
