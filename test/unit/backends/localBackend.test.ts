import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeHub } from '../../fakes/fakeHub';
import { createBackend } from '../../../src/backends/registry';
import { isBackendUnavailable, remedyOf } from '../../../src/backends/backend';
import { isTaskId } from '../../../src/core/tasks';

describe('local backend catalog', () => {
  it('lists the curated models, each with a known task, a license and a description', async () => {
    const backend = await createBackend('local');
    const { models } = await backend.catalog.list();
    assert.ok(models.length >= 30, `expected at least 30 curated models, got ${models.length}`);
    for (const model of models) {
      assert.equal(model.collection, 'curated');
      assert.ok(isTaskId(model.task), `${model.name}: unknown task ${model.task}`);
      assert.ok(model.license && model.description.length > 40, `${model.name}: license and description`);
      assert.ok(model.sampleInput?.trim() && model.source, `${model.name}: a sample input and a source`);
    }
    assert.equal(new Set(models.map((m) => m.id)).size, models.length, 'ids are unique');
    const tasks = new Set(models.flatMap((m) => m.fineTuningTasks));
    for (const task of ['text-classification', 'token-classification', 'question-answering', 'summarization', 'translation']) {
      assert.ok(tasks.has(task as never), `some model fine-tunes for ${task}`);
    }
  });

  it('gets one model by id and nothing for an unknown id', async () => {
    const backend = await createBackend('local');
    assert.equal((await backend.catalog.get('curated/t5-small'))?.task, 'translation');
    assert.equal(await backend.catalog.get('curated/no-such-model'), undefined);
  });
});

describe('azure backend without a sign-in', () => {
  it('says how to sign in, rather than returning an empty catalog, and names signing in as the remedy', async () => {
    const backend = await createBackend('azure');
    await assert.rejects(backend.catalog.list(), (error) => isBackendUnavailable(error) && /^Not signed in to Azure/.test(error.message) && remedyOf(error) === 'signIn');
    assert.equal(backend.jobs, undefined);
    assert.deepEqual(backend.absent?.jobs?.remedy, 'signIn', 'the views offer Sign in for jobs too');
  });
});

describe('local backend: a curated model downloaded from the Hub runs here', function () {
  this.timeout(60_000);

  it('asks before the first byte, then lists the model on this machine, where jobs, endpoints and the playground take it', async () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'fm-curated-download-'));
    const hub = await startFakeHub([{ id: 'Xenova/opus-mt-en-ro', folder: path.resolve(__dirname, '../../fixtures/models/tiny-translator-en-ro'), pipelineTag: 'translation' }]);
    const hubEnvironment = { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache };
    const backend = await createBackend('local', { hubEnvironment, localJobsFolder: path.join(cache, 'jobs') });
    try {
      const id = 'curated/helsinki-nlp-opus-mt-en-ro';
      const before = await backend.catalog.get(id);
      assert.ok(before && !before.path);
      const downloads = backend.modelDownloads!;
      const request = downloads.sourceOf(before);
      assert.deepEqual(request, { repo: 'Xenova/opus-mt-en-ro', task: 'translation' });
      for (const capability of [backend.jobs!.supports('evaluate', 'translation', before), backend.endpoints!.deployable(before), backend.inference!.supports(before)]) {
        assert.ok(!capability.ok && capability.remedy === 'downloadModel', JSON.stringify(capability));
      }

      // Declined at the consent: nothing is fetched.
      const asked: number[] = [];
      await assert.rejects(downloads.pull(request!, { confirm: async (plan) => (asked.push(plan.bytesToFetch), false) }), { name: 'HubError', kind: 'canceled' });
      assert.ok((asked[0] ?? 0) > 1_000_000, `the size is known first: ${asked[0]}`);
      assert.deepEqual(hub.fileRequests(), []);
      const pulled = await downloads.pull(request!, { confirm: async () => true });
      await hub.stop();

      backend.catalog.refresh();
      const after = await backend.catalog.get(id);
      assert.equal(after?.path, pulled.folder);
      assert.deepEqual(after?.weights, ['onnx']);
      assert.equal(downloads.sourceOf(after!), undefined, 'nothing more to download');
      assert.deepEqual(backend.jobs!.supports('evaluate', 'translation', after), { ok: true });
      assert.deepEqual(backend.endpoints!.deployable(after!), { ok: true });
      const result = await backend.inference!.run(after!, { text: "The train leaves at eight o'clock." });
      assert.deepEqual(result.output, { kind: 'text', text: 'Trenul pleacă la ora opt.' });

      // Import from Hugging Face… finds a cached model, and offers to download one that is not.
      assert.deepEqual(await backend.modelImport!.import({ modelId: 'Xenova/opus-mt-en-ro' }), { kind: 'folder', folder: pulled.folder });
      const missing = await backend.modelImport!.import({ modelId: 'Xenova/not-here' });
      assert.equal(missing.kind, 'notFound');
      assert.deepEqual(missing.kind === 'notFound' && missing.download, { repo: 'Xenova/not-here' });
    } finally {
      backend.dispose();
      await hub.stop();
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
