import assert from 'node:assert/strict';
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
