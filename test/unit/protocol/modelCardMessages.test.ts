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

/** What the card needs beside the model: its facts, buttons and badges on the current backend. */
const card = { facts: [{ label: 'Task', value: 'Translation' }], actions: [{ action: 'evaluate', enabled: false, primary: false, reason: 'No weights here.' }], fineTunableHere: [], backendName: 'Local' };

describe('model card protocol', () => {
  it('accepts the messages each side sends', () => {
    assert.deepEqual(modelCardChannel.parseToExtension({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
    const action = modelCardChannel.parseToExtension({ type: 'action', action: 'fineTune', modelId: model.id });
    assert.equal(action.ok, true);
    const show = modelCardChannel.parseToWebview({ type: 'showModel', model, descriptionHtml: '<h1>T5</h1>', ...card });
    assert.ok(show.ok && show.message.type === 'showModel' && show.message.model.fineTuningTasks.includes('summarization'));
    assert.equal(modelCardChannel.parseToExtension({ type: 'openLink', url: 'https://huggingface.co/t5-small' }).ok, true);
  });

  it('refuses a link to open unless it is http, https or mailto', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'command:workbench.action.terminal.new', 'file:///etc/passwd', 'vscode://x']) {
      assert.equal(modelCardChannel.parseToExtension({ type: 'openLink', url }).ok, false, url);
    }
    assert.equal(modelCardChannel.parseToExtension({ type: 'openLink', url: 'mailto:someone@example.com' }).ok, true);
  });

  it('fills defaults the sender may leave out', () => {
    const { fineTuningTasks: _omitted, ...withoutTasks } = model;
    const show = modelCardChannel.parseToWebview({ type: 'showModel', model: withoutTasks, descriptionHtml: '', ...card });
    assert.ok(show.ok && show.message.type === 'showModel');
    assert.deepEqual(show.message.model.fineTuningTasks, []);
  });

  it("the playground: its form, where it runs, a run's request and its streamed text", () => {
    const playground = { task: 'question-answering', taskName: 'Question answering', input: 'question', output: 'answer', sample: { question: 'Who?', context: 'Ada wrote it.' }, runner: { kind: 'thisMachine' } };
    assert.equal(modelCardChannel.parseToWebview({ type: 'showModel', model, descriptionHtml: '', ...card, playground }).ok, true);
    const unavailable = { ...playground, runner: { kind: 'unavailable', reason: 'Download it first.', remedies: [{ label: 'Download Model', remedy: 'downloadModel' }] } };
    assert.equal(modelCardChannel.parseToWebview({ type: 'showModel', model, descriptionHtml: '', ...card, playground: unavailable }).ok, true);
    // An endpoints runner names at least one endpoint; a remedy is one the card knows.
    assert.equal(modelCardChannel.parseToWebview({ type: 'showModel', model, descriptionHtml: '', ...card, playground: { ...playground, runner: { kind: 'endpoints', endpoints: [] } } }).ok, false);
    assert.equal(modelCardChannel.parseToExtension({ type: 'remedy', remedy: 'runAnything' }).ok, false);
    assert.equal(modelCardChannel.parseToWebview({ type: 'tryToken', requestId: 3, text: 'Bonjour' }).ok, true);
    const request = modelCardChannel.parseRequest({ type: 'request', id: 3, method: 'try', params: { input: { question: 'Who?', context: 'Ada.' }, options: { maxNewTokens: 5000 } } });
    assert.ok(request && !request.ok && request.error.includes('maxNewTokens'), 'limits are checked');
    const mixed = modelCardChannel.parseRequest({ type: 'request', id: 4, method: 'try', params: { input: { text: 'x', question: 'y' }, options: {} } });
    assert.ok(mixed && !mixed.ok, 'an input is a text or a question, not both');
  });

  it('rejects unknown types, unknown actions and wrong shapes, saying where', () => {
    const unknownType = modelCardChannel.parseToExtension({ type: 'runScript', code: 'alert(1)' });
    assert.equal(unknownType.ok, false);
    const unknownAction = modelCardChannel.parseToExtension({ type: 'action', action: 'delete', modelId: 'x' });
    assert.ok(!unknownAction.ok && unknownAction.error.includes('action'));
    const badTask = modelCardChannel.parseToWebview({ type: 'showModel', model: { ...model, fineTuningTasks: ['world-domination'] }, descriptionHtml: '', ...card });
    assert.ok(!badTask.ok && badTask.error.includes('model.fineTuningTasks.0'));
    assert.equal(modelCardChannel.parseToExtension('ready').ok, false);
    // A fact's link opens outside VS Code: https only.
    const plainLink = modelCardChannel.parseToWebview({ type: 'showModel', model, descriptionHtml: '', ...card, facts: [{ label: 'Source', value: 'x', href: 'javascript:alert(1)' }] });
    assert.ok(!plainLink.ok && plainLink.error.includes('facts.0.href'));
    assert.equal(modelCardChannel.parseToExtension(null).ok, false);
  });
});
