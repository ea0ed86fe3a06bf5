import assert from 'node:assert/strict';
import { modelCardChannel } from '../../../src/protocol/modelCardMessages';

const model = {
  id: 'curated/t5-small',
  name: 't5-small',
  collection: 'curated',
  task: 'translation',
  fineTuningTasks: ['translation', 'summarization'],
  license: 'apache-2.0',
  description: '# T5',
};

describe('model card protocol', () => {
  it('accepts the messages each side sends', () => {
    assert.deepEqual(modelCardChannel.parseToExtension({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
    const action = modelCardChannel.parseToExtension({ type: 'action', action: 'fineTune', modelId: model.id });
    assert.equal(action.ok, true);
    const show = modelCardChannel.parseToWebview({ type: 'showModel', model });
    assert.ok(show.ok && show.message.model.fineTuningTasks.includes('summarization'));
  });

  it('fills defaults the sender may leave out', () => {
    const { fineTuningTasks: _omitted, ...withoutTasks } = model;
    const show = modelCardChannel.parseToWebview({ type: 'showModel', model: withoutTasks });
    assert.ok(show.ok);
    assert.deepEqual(show.message.model.fineTuningTasks, []);
  });

  it('rejects unknown types, unknown actions and wrong shapes, saying where', () => {
    const unknownType = modelCardChannel.parseToExtension({ type: 'runScript', code: 'alert(1)' });
    assert.equal(unknownType.ok, false);
    const unknownAction = modelCardChannel.parseToExtension({ type: 'action', action: 'delete', modelId: 'x' });
    assert.ok(!unknownAction.ok && unknownAction.error.includes('action'));
    const badTask = modelCardChannel.parseToWebview({ type: 'showModel', model: { ...model, fineTuningTasks: ['world-domination'] } });
    assert.ok(!badTask.ok && badTask.error.includes('model.fineTuningTasks.0'));
    assert.equal(modelCardChannel.parseToExtension('ready').ok, false);
    assert.equal(modelCardChannel.parseToExtension(null).ok, false);
  });
});
