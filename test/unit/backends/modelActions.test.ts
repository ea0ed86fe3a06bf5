import assert from 'node:assert/strict';
import path from 'node:path';
import { createBackend } from '../../../src/backends/registry';
import { modelActions } from '../../../src/backends/modelActions';
import { repoRoot } from '../../harness/codeServerInstall';
import { tempFolder } from '../../support/tempFiles';

const TINY_SENTIMENT = path.join(repoRoot, 'test/fixtures/models/tiny-sentiment');
const tmp = tempFolder();

describe("what a backend can do with a model (the card's buttons)", () => {
  it('a model with its ONNX export on this machine: Evaluate leads; Fine-tune is refused with the reason', async () => {
    const backend = await createBackend('local', { localModelPaths: [TINY_SENTIMENT], localJobsFolder: path.join(tmp.dir(), 'jobs') });
    const model = (await backend.catalog.list()).models.find((m) => m.path === TINY_SENTIMENT);
    assert.ok(model, 'the fixture model is listed');
    const actions = modelActions(backend, model);
    assert.equal(actions.primary, 'evaluate');
    assert.equal(actions.capabilities.download.ok, false, 'nothing to download: its weights are here');
    assert.equal(actions.capabilities.evaluate.ok, true);
    assert.equal(actions.capabilities.deploy.ok, true);
    assert.ok(model.fineTuningTasks.includes('text-classification'));
    const fineTune = actions.capabilities.fineTune;
    assert.ok(!fineTune.ok && /PyTorch weights/.test(fineTune.reason), JSON.stringify(fineTune));
  });

  it('a curated model not here yet leads with Download; a base model then with Download for Fine-tuning and Fine-tune; each action it cannot take says why', async () => {
    const backend = await createBackend('local', { localJobsFolder: path.join(tmp.dir(), 'jobs'), hubEnvironment: { HF_HUB_CACHE: path.join(tmp.dir(), 'empty-cache') } });
    const bert = await backend.catalog.get('curated/bert-base-uncased');
    assert.ok(bert);
    const actions = modelActions(backend, bert);
    assert.deepEqual(actions.order, ['download', 'downloadForFineTuning', 'fineTune', 'evaluate', 'deploy']);
    assert.equal(actions.primary, 'download');
    assert.deepEqual(actions.fineTuning.map((t) => t.task), ['text-classification', 'token-classification', 'question-answering']);
    for (const action of actions.order) {
      const capability = actions.capabilities[action];
      if (!capability.ok) assert.match(capability.reason, /\w{3,}.*\./, `${action} gives a sentence`);
    }
  });

  it('a backend without jobs (Azure, signed out) gives its own reason for Evaluate and Fine-tune', async () => {
    const backend = await createBackend('azure');
    const local = await createBackend('local');
    const model = await local.catalog.get('curated/distilbert-base-uncased-finetuned-sst-2-english');
    assert.ok(model);
    const actions = modelActions(backend, model);
    assert.equal(actions.primary, undefined);
    const evaluate = actions.capabilities.evaluate;
    assert.ok(!evaluate.ok && evaluate.reason === backend.absent?.jobs?.reason, JSON.stringify(evaluate));
  });
});
