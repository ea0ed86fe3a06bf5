import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import type * as vscode from 'vscode';
import type { Backend } from '../../../src/backends/backend';
import { createBackend } from '../../../src/backends/registry';
import type { CatalogModel } from '../../../src/core/catalog/catalogModel';
import { playgroundFor, tryModel } from '../../../src/extension/modelCard/cardPlayground';
import { EndpointKeys } from '../../../src/extension/endpoints/endpointKeys';
import { jobsSeed, startAzureFixture } from '../../support/azureBackendFixture';

const FIXTURES = path.resolve(__dirname, '../../fixtures/models');
const folder = (name: string) => path.join(FIXTURES, name);
const label = (remedy: string) => ({ downloadModel: 'Download Model', useLocal: 'Use Local Models', signIn: 'Sign in to Azure' })[remedy];

/** Secret storage as VS Code keeps it, in memory. */
function secrets(): vscode.SecretStorage {
  const values = new Map<string, string>();
  return {
    get: async (key: string) => values.get(key),
    store: async (key: string, value: string) => void values.set(key, value),
    delete: async (key: string) => void values.delete(key),
    keys: async () => [...values.keys()],
    onDidChange: () => ({ dispose: () => undefined }),
  } as unknown as vscode.SecretStorage;
}

describe("the model card's playground", function () {
  this.timeout(60_000);
  let backend: Backend;
  const keys = new EndpointKeys(secrets());
  const model = async (name: string): Promise<CatalogModel> => {
    const found = (await backend.catalog.list()).models.find((m) => m.path === folder(name));
    assert.ok(found, name);
    return found;
  };

  before(async () => {
    backend = await createBackend('local', {
      localModelPaths: ['tiny-qa', 'tiny-generator', 'tiny-sentiment'].map(folder),
      hubEnvironment: { HF_HUB_CACHE: path.join(os.tmpdir(), 'fm-no-such-cache') },
    });
  });
  after(() => backend.dispose());

  it('a question answering model on this machine: a question and context form; the answer is a span of the context', async () => {
    const qa = await model('tiny-qa');
    const playground = await playgroundFor(backend, qa, label);
    assert.equal(playground?.input, 'question');
    assert.equal(playground?.output, 'answer');
    assert.deepEqual(playground?.runner, { kind: 'thisMachine' });
    const input = { question: 'When was the bridge finished?', context: 'The old stone bridge over the river was finished in 1872 after nine years of work.' };
    const result = await tryModel(backend, keys, qa, { input, options: {} }, new AbortController().signal, () => undefined);
    assert.equal(result.where, 'this machine');
    assert.equal(result.output?.kind, 'answer');
    if (result.output?.kind === 'answer') assert.equal(input.context.slice(result.output.start, result.output.end), result.output.answer);
  });

  it('a generation streams its text token by token, and the last text is the answer', async () => {
    const generator = await model('tiny-generator');
    const seen: string[] = [];
    const result = await tryModel(backend, keys, generator, { input: { text: 'The blender crushes' }, options: { maxNewTokens: 12 } }, new AbortController().signal, (text) => seen.push(text));
    assert.ok(seen.length > 1, `${seen.length} updates`);
    assert.ok(seen.every((text, i) => i === 0 || text.startsWith(seen[i - 1] ?? '')), 'each update extends the one before');
    assert.equal(result.output?.kind === 'text' ? result.output.text.trim() : undefined, seen.at(-1)?.trim());
  });

  it('Cancel stops a generation', async () => {
    const generator = await model('tiny-generator');
    const controller = new AbortController();
    const run = tryModel(backend, keys, generator, { input: { text: 'Battery life is' }, options: { maxNewTokens: 400 } }, controller.signal, () => controller.abort());
    await assert.rejects(run, { name: 'AbortError' });
  });

  it("on a chosen endpoint: the request in the endpoint's shape, its answer drawn as labels", async () => {
    const sentiment = await model('tiny-sentiment');
    const endpoints = backend.endpoints;
    assert.ok(endpoints);
    await endpoints.deploy({ modelId: sentiment.id, kind: 'online', endpointName: 'try-sentiment', instanceCount: 1 });
    try {
      const result = await tryModel(backend, keys, sentiment, { input: { text: 'The battery lasts two full days.' }, options: { topK: 3 }, endpoint: 'try-sentiment' }, new AbortController().signal, () => undefined);
      assert.equal(result.where, 'endpoint try-sentiment');
      assert.equal(result.output?.kind, 'labels');
      assert.ok(result.output?.kind === 'labels' && result.output.labels.length === 3);
    } finally {
      await endpoints.delete('try-sentiment', 'online');
    }
  });

  it('a curated model not on this machine yet: the playground says so and offers Download', async () => {
    const ner = await backend.catalog.get('curated/dslim-bert-base-ner');
    assert.ok(ner);
    const playground = await playgroundFor(backend, ner, label);
    assert.equal(playground?.runner.kind, 'unavailable');
    assert.deepEqual(playground?.runner.kind === 'unavailable' && playground.runner.remedies, [{ label: 'Download Model', remedy: 'downloadModel' }]);
  });

  it('Azure without a sign-in: nowhere to run it, with the reason and the way to the local backend', async () => {
    const azure = await createBackend('azure');
    const sst2 = await backend.catalog.get('curated/distilbert-base-uncased-finetuned-sst-2-english');
    assert.ok(sst2);
    const playground = await playgroundFor(azure, sst2, label);
    assert.equal(playground?.runner.kind, 'unavailable');
    assert.ok(playground?.runner.kind === 'unavailable');
    assert.match(playground.runner.reason, /^Not signed in to Azure/);
    assert.deepEqual(playground.runner.remedies.map((r) => r.remedy), ['signIn', 'useLocal']);
  });
});

describe("the model card's playground on Azure ML (strict fake)", function () {
  this.timeout(60_000);

  it('runs on the online endpoint that serves the model, in the request shape its signature takes', async () => {
    const fixture = await startAzureFixture({ seed: jobsSeed(), storage: 'identity' });
    try {
      const backend = await fixture.backend();
      const model = await backend.catalog.get('azureml/distilbert-base-uncased-finetuned-sst-2-english');
      assert.ok(model && backend.endpoints);
      const before = await playgroundFor(backend, model, label);
      assert.equal(before?.runner.kind, 'unavailable', 'no endpoint serves it yet');
      assert.match(before?.runner.kind === 'unavailable' ? before.runner.reason : '', /deploy it \(Deploy above\)/);
      await backend.endpoints.deploy({ modelId: model.id, kind: 'online', endpointName: 'sst2-try', instanceType: 'Standard_DS3_v2', instanceCount: 1 });
      const after = await playgroundFor(backend, model, label);
      assert.deepEqual(after?.runner, { kind: 'endpoints', endpoints: ['sst2-try'] });
      const result = await tryModel(backend, new EndpointKeys(secrets()), model, { input: { text: 'What a lovely day.' }, options: {}, endpoint: 'sst2-try' }, new AbortController().signal, () => undefined);
      assert.equal(result.where, 'endpoint sst2-try');
      assert.equal(result.output?.kind, 'labels', JSON.stringify(result));
    } finally {
      await fixture.close();
    }
  });
});
