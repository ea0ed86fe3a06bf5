import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createBackend } from '../../../src/backends/registry';
import { scanModelFolders } from '../../../src/backends/local/localModelFolders';
import { tempFolder } from '../../support/tempFiles';

/** A safetensors file: an 8-byte little-endian header length, the JSON header, then (here, no) tensor data. */
function safetensors(shapes: Record<string, number[]>): Buffer {
  const header = Buffer.from(
    JSON.stringify({ __metadata__: { format: 'pt' }, ...Object.fromEntries(Object.entries(shapes).map(([k, shape]) => [k, { dtype: 'F32', shape, data_offsets: [0, 0] }])) }),
  );
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header]);
}

describe('local model folders', () => {
  const tmp = tempFolder();
  const folder = (...parts: string[]) => {
    const dir = path.join(tmp.dir(), ...parts);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  it('reads a Hugging Face folder: task from architectures, license and card from the README, size from safetensors', async () => {
    const dir = folder('hf', 'tiny-sentiment');
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ architectures: ['DistilBertForSequenceClassification'], model_type: 'distilbert' }));
    writeFileSync(path.join(dir, 'README.md'), '---\nlicense: apache-2.0\n---\n# Tiny sentiment\n\nA test model.');
    writeFileSync(path.join(dir, 'model.safetensors'), safetensors({ 'embeddings.weight': [1000, 64], 'classifier.weight': [2, 64], 'classifier.bias': [2] }));
    const { models, problems } = await scanModelFolders([dir]);
    assert.deepEqual(problems, []);
    assert.equal(models.length, 1);
    const [model] = models;
    assert.equal(model?.name, 'tiny-sentiment');
    assert.equal(model?.collection, 'local-folder');
    assert.equal(model?.task, 'text-classification');
    assert.deepEqual(model?.fineTuningTasks, ['text-classification', 'token-classification', 'question-answering']);
    assert.equal(model?.license, 'apache-2.0');
    assert.equal(model?.description, '# Tiny sentiment\n\nA test model.');
    assert.equal(model?.parameters, 1000 * 64 + 2 * 64 + 2);
    assert.equal(model?.path, dir);
  });

  it('prefers the README pipeline_tag, and reads MLflow folders from MLmodel', async () => {
    const root = folder('mixed');
    const t5 = folder('mixed', 'org', 't5-translate');
    writeFileSync(path.join(t5, 'config.json'), JSON.stringify({ architectures: ['T5ForConditionalGeneration'] }));
    writeFileSync(path.join(t5, 'README.md'), '---\npipeline_tag: translation\nlicense: mit\n---\nTranslates.');
    const mlflow = folder('mixed', 'ner-mlflow');
    writeFileSync(
      path.join(mlflow, 'MLmodel'),
      'flavors:\n  python_function:\n    loader_module: mlflow.transformers\n  transformers:\n    task: token-classification\n    source_model_name: dslim/bert-base-NER\nmetadata:\n  license: mit\nmlflow_version: 2.9.2\n',
    );
    const { models, problems } = await scanModelFolders([root]);
    assert.deepEqual(problems, []);
    const byName = new Map(models.map((m) => [m.name, m]));
    assert.equal(byName.get('t5-translate')?.task, 'translation');
    assert.deepEqual(byName.get('t5-translate')?.fineTuningTasks, ['summarization', 'translation']);
    assert.equal(byName.get('ner-mlflow')?.task, 'token-classification');
    assert.equal(byName.get('ner-mlflow')?.license, 'mit');
    assert.match(byName.get('ner-mlflow')?.description ?? '', /Model folder on this machine, MLflow layout \(python_function, transformers\)/);
  });

  it('says which path is missing, which file is broken, and still lists the rest', async () => {
    const good = folder('partly', 'good');
    writeFileSync(path.join(good, 'config.json'), JSON.stringify({ architectures: ['GPT2LMHeadModel'] }));
    const broken = folder('partly', 'broken');
    writeFileSync(path.join(broken, 'config.json'), '{ "architectures": [');
    const badYaml = folder('partly', 'bad-mlmodel');
    writeFileSync(path.join(badYaml, 'MLmodel'), 'flavors: [unclosed');
    const missing = path.join(tmp.dir(), 'no-such-folder');
    const empty = folder('empty');
    const { models, problems } = await scanModelFolders([path.join(tmp.dir(), 'partly'), missing, empty]);
    assert.deepEqual(models.map((m) => [m.name, m.task]), [['good', 'text-generation']]);
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith(broken) && /config\.json is not valid JSON/.test(p)));
    assert.ok(problems.some((p) => p.startsWith(badYaml) && /MLmodel is not valid YAML/.test(p)));
    assert.ok(problems.some((p) => p === `${missing}: does not exist. Check foundationModels.localModelPaths.`));
    assert.ok(problems.some((p) => p.startsWith(empty) && /no model folder found/.test(p)));
  });

  it('reads the languages a README front matter names: a few listed, many counted, none when none is a tag', async () => {
    const card = (name: string, language: string, files: Record<string, string> = { 'config.json': JSON.stringify({ architectures: ['BertForMaskedLM'] }) }) => {
      const dir = folder('languages', name);
      for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
      writeFileSync(path.join(dir, 'README.md'), `---\nlicense: mit\n${language}\n---\n# ${name}\n`);
      return dir;
    };
    card('one', 'language: en');
    card('six', 'language:\n- en\n- nl\n- DE\n- fr\n- it\n- es\n- multilingual');
    const seventeen = ['af', 'am', 'ar', 'ast', 'az', 'ba', 'be', 'bg', 'bn', 'br', 'bs', 'ca', 'ceb', 'cs', 'cy', 'da', 'de'];
    card('many', `language:\n${seventeen.map((code) => `- ${code}`).join('\n')}\n- multilingual`);
    card('none', 'language: multilingual');
    card('slip', 'language: [en, 42]');
    card('mlflow', 'language: [fr, de]', { MLmodel: 'flavors:\n  transformers:\n    task: translation\n' });
    const { models, problems } = await scanModelFolders([path.join(tmp.dir(), 'languages')]);
    assert.deepEqual(problems, []);
    const byName = new Map(models.map((m) => [m.name, m]));
    const facts = (name: string) => ({ languages: byName.get(name)?.languages, languageCount: byName.get(name)?.languageCount, license: byName.get(name)?.license });
    assert.deepEqual(facts('one'), { languages: ['en'], languageCount: undefined, license: 'mit' });
    assert.deepEqual(facts('six'), { languages: ['en', 'nl', 'de', 'fr', 'it', 'es'], languageCount: undefined, license: 'mit' });
    assert.deepEqual(facts('many'), { languages: undefined, languageCount: seventeen.length, license: 'mit' });
    assert.deepEqual(facts('none'), { languages: undefined, languageCount: undefined, license: 'mit' });
    assert.deepEqual(facts('slip'), { languages: ['en'], languageCount: undefined, license: 'mit' }, 'a number in the list costs neither the languages nor the license');
    assert.deepEqual(byName.get('mlflow')?.languages, ['fr', 'de']);
  });

  it('joins the curated models in the local backend, with warnings for what it could not read', async () => {
    const dir = folder('backend', 'my-qa');
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ architectures: ['BertForQuestionAnswering'] }));
    const backend = await createBackend('local', { localModelPaths: [path.join(tmp.dir(), 'backend'), path.join(tmp.dir(), 'gone')] });
    const listing = await backend.catalog.list();
    assert.ok(listing.models.some((m) => m.collection === 'curated'));
    const mine = await backend.catalog.get(`local-folder/${dir}`);
    assert.equal(mine?.task, 'question-answering');
    assert.equal(listing.warnings.length, 1);
    assert.ok(listing.facets.tasks.some((facet) => facet.value === 'question-answering' && facet.count >= 2));
  });
});
