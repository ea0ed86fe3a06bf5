import assert from 'node:assert/strict';
import { CatalogModelSchema } from '../../../src/core/catalog/catalogModel';
import { sourceUrl } from '../../../src/core/catalog/modelLinks';

describe('model source links', () => {
  const curated = (source: string | undefined) => sourceUrl({ collection: 'curated', source });

  it('links a Hugging Face id to its Hub page', () => {
    assert.equal(curated('google-bert/bert-base-uncased'), 'https://huggingface.co/google-bert/bert-base-uncased');
    assert.equal(curated('facebook/m2m100_418M'), 'https://huggingface.co/facebook/m2m100_418M');
    assert.equal(curated('Qwen/Qwen2.5-0.5B-Instruct'), 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct');
  });

  it('links a registry asset to its Azure ML studio page, whatever collection lists it', () => {
    assert.equal(
      sourceUrl({ collection: 'azureml', source: 'azureml://registries/azureml/models/bert-base-uncased/versions/19' }),
      'https://ml.azure.com/registries/azureml/models/bert-base-uncased/version/19',
    );
    assert.equal(
      sourceUrl({ collection: 'huggingface', source: 'azureml://registries/HuggingFace/models/gpt2/versions/3' }),
      'https://ml.azure.com/registries/HuggingFace/models/gpt2/version/3',
    );
  });

  it('gives no link for a folder, a workspace asset, a versionless asset or no source', () => {
    assert.equal(sourceUrl({ collection: 'local-folder', source: '/home/me/models/bert' }), undefined);
    assert.equal(sourceUrl({ collection: 'local-folder', source: 'models/bert' }), undefined, 'a relative folder looks like a Hub id but is not one');
    assert.equal(sourceUrl({ collection: 'workspace', source: 'azureml://subscriptions/s/resourcegroups/g/workspaces/w/models/m/versions/1' }), undefined);
    assert.equal(sourceUrl({ collection: 'azureml', source: 'azureml://registries/azureml/models/gpt2' }), undefined);
    assert.equal(curated(undefined), undefined);
    assert.equal(curated(''), undefined);
  });

  it('gives no link for a hostile id', () => {
    const hostile = [
      'javascript:alert(1)',
      'javascript:alert(1)//x/y',
      'data:text/html,<script>alert(1)</script>',
      'https://evil.example/x',
      'owner/name with spaces',
      'owner/name\n',
      '../etc/passwd',
      'owner/..',
      '../..',
      'owner/name/../../x',
      'owner/name?x=1',
      'owner/name#x',
      'owner//name',
      '/absolute/path',
      'owner/na%2fme',
    ];
    for (const source of hostile) assert.equal(curated(source), undefined, JSON.stringify(source));
    const hostileAssets = [
      'azureml://registries/azureml/models/../versions/1',
      'azureml://registries/../models/x/versions/1',
      'azureml://registries/azureml/models/x/versions/1?next=https://evil.example',
      'azureml://registries/azure ml/models/x/versions/1',
      'azureml://registries/azureml/models/x/versions/1/../../2',
      'azureml://registries/azureml/models/x..y/versions/1',
    ];
    for (const source of hostileAssets) assert.equal(sourceUrl({ collection: 'azureml', source }), undefined, source);
  });
});

describe('model links in the catalog schema', () => {
  const base = { id: 'curated/x', name: 'x', collection: 'curated', task: 'fill-mask', license: 'mit', description: '' };
  const withLink = (url: string) => CatalogModelSchema.safeParse({ ...base, links: [{ label: 'Page', url }] }).success;

  it('takes https links to a named host', () => {
    assert.ok(withLink('https://huggingface.co/google-bert/bert-base-uncased'));
    assert.ok(withLink('https://arxiv.org/abs/1810.04805'));
  });

  it('refuses http, script, data, local hosts, credentials and spaces', () => {
    for (const url of [
      'http://huggingface.co/x',
      'javascript:alert(1)',
      'data:text/html,hi',
      'file:///etc/passwd',
      'https://localhost/x',
      'https://127.0.0.1/x',
      'https://user:secret@huggingface.co/x',
      'https://huggingface.co/a b',
      'huggingface.co/x',
    ]) {
      assert.equal(withLink(url), false, url);
    }
  });

  it('takes language tags and counts, and refuses names and "multilingual"', () => {
    const languages = (value: unknown) => CatalogModelSchema.safeParse({ ...base, languages: value }).success;
    assert.ok(languages(['en', 'zh-Hans', 'pt-BR', 'yue', 'es-419']));
    for (const bad of [['English'], ['multilingual'], ['EN'], ['en_US'], [], ['zh-hans']]) assert.equal(languages(bad), false, JSON.stringify(bad));
    assert.ok(CatalogModelSchema.safeParse({ ...base, languageCount: 100 }).success);
    assert.equal(CatalogModelSchema.safeParse({ ...base, languageCount: 0 }).success, false);
  });

  it('takes Azure VM size names only', () => {
    const compute = (value: unknown) => CatalogModelSchema.safeParse({ ...base, azureCompute: value }).success;
    assert.ok(compute({ inference: ['Standard_DS4_v2'], fineTuning: ['Standard_NC24ads_A100_v4'] }));
    assert.ok(compute({ inference: ['Standard_F8s_v2'] }));
    for (const bad of [{ inference: ['DS4_v2'] }, { inference: [] }, { fineTuning: ['Standard_NC24 ads'] }]) assert.equal(compute(bad), false, JSON.stringify(bad));
  });
});
