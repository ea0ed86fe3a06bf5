import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findCachedModel, huggingFaceHubCache } from '../../../src/backends/local/huggingFaceCache';
import { IMPORT_TASKS, registeredNameFor } from '../../../src/backends/azure/azureModelImport';
import { huggingFaceIdProblem } from '../../../src/core/catalog/huggingFaceImport';

describe('Import from Hugging Face: model ids and the local cache', () => {
  it('accepts Hub ids as owner/name', () => {
    for (const id of ['distilbert/distilbert-base-uncased', 'Helsinki-NLP/opus-mt-en-de', 'google/flan-t5-small', 'deepset/roberta-base-squad2', 'a/b', ' bert/bert-base-uncased ']) {
      assert.equal(huggingFaceIdProblem(id), undefined, id);
    }
  });

  it('says what is wrong with a malformed id, and where', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /Type a model id such as/],
      ['bert-base-uncased', /owner\/name with exactly one "\/"; "bert-base-uncased" has 0/],
      ['a/b/c', /has 2/],
      ['https://huggingface.co/google/flan-t5-small', /not its URL/],
      ['google/flan t5', /name "flan t5" has " " at position 5/],
      ['/flan-t5', /owner part of "\/flan-t5" is empty/],
      ['google/-flan', /starts or ends with "-" or "."/],
      ['google/flan--t5', /"--" or ".."/],
      [`google/${'x'.repeat(97)}`, /longer than 96 characters/],
    ];
    for (const [id, message] of cases) assert.match(huggingFaceIdProblem(id) ?? 'accepted', message, id);
  });

  it('offers the import component’s tasks and names the model as azureml-examples does', () => {
    assert.deepEqual([...IMPORT_TASKS].sort(), ['fill-mask', 'image-classification', 'question-answering', 'summarization', 'text-classification', 'text-generation', 'text-to-image', 'token-classification', 'translation']);
    assert.equal(registeredNameFor('Helsinki-NLP/opus-mt-en-de'), 'Helsinki-NLP-opus-mt-en-de');
  });

  it('finds a model in the Hub cache by its refs/main snapshot, and says where it looked when it is not there', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'fm-hf-home-'));
    try {
      const env = { HF_HOME: home };
      assert.equal(huggingFaceHubCache(env), path.join(home, 'hub'));
      assert.equal(huggingFaceHubCache({ HF_HUB_CACHE: '/x/hub', HF_HOME: home }), '/x/hub');
      const repo = path.join(home, 'hub', 'models--dslim--bert-base-NER');
      const snapshot = path.join(repo, 'snapshots', '0123abcd');
      mkdirSync(snapshot, { recursive: true });
      mkdirSync(path.join(repo, 'refs'));
      writeFileSync(path.join(repo, 'refs', 'main'), '0123abcd\n');
      writeFileSync(path.join(snapshot, 'config.json'), '{"architectures":["BertForTokenClassification"]}');
      assert.deepEqual(await findCachedModel('dslim/bert-base-NER', env), { folder: snapshot });
      const missing = await findCachedModel('google/flan-t5-small', env);
      assert.ok('problem' in missing);
      assert.match(missing.problem, /google\/flan-t5-small is not in the Hugging Face cache \(.*models--google--flan-t5-small\)\. Download it first/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
