import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Backend, EndpointService } from '../../../src/backends/backend';
import { createBackend } from '../../../src/backends/registry';
import { endpointNameProblem, type EndpointRecord } from '../../../src/core/endpoints/endpointModel';

const TINY_SENTIMENT = path.resolve(__dirname, '../../fixtures/models/tiny-sentiment');
const HOSTILE = path.resolve(__dirname, '../../fixtures/models/hostile-card-model');
const TINY_ID = `local-folder/${TINY_SENTIMENT}`;
const LABELS = new Set(Object.values((JSON.parse(readFileSync(path.join(TINY_SENTIMENT, 'config.json'), 'utf8')) as { id2label: Record<string, string> }).id2label));

type Predictions = { predictions: { label: string; score: number }[] };

/** Resolves once nothing answers at `url` (a closed server), or fails after a few seconds. */
async function refused(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  for (let attempt = 0; attempt < 40; attempt++) {
    const code = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: hostname, port: Number(port) });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? ''));
    });
    if (code === 'ECONNREFUSED') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`${url} still answers`);
}

/** Listening TCP servers of this process. */
const listeningServers = () => process.getActiveResourcesInfo().filter((name) => name === 'TCPServerWrap').length;

describe('local endpoints: a scoring server per endpoint', function () {
  this.timeout(30_000);
  let backend: Backend;
  let endpoints: EndpointService;

  before(async () => {
    backend = await createBackend('local', { localModelPaths: [TINY_SENTIMENT, HOSTILE], hubEnvironment: { HF_HUB_CACHE: path.join(os.tmpdir(), 'fm-no-such-cache') } });
    assert.ok(backend.endpoints, 'the local backend has endpoints');
    endpoints = backend.endpoints;
  });
  after(() => backend.dispose());

  it('deploys, lists, invokes, shows the request in the logs, redeploys in place and deletes', async () => {
    const progress: string[] = [];
    const changes: EndpointRecord[] = [];
    const watching = endpoints.onDidChange((endpoint) => changes.push(endpoint));
    const record = await endpoints.deploy({ modelId: TINY_ID, kind: 'online', endpointName: 'reviews', instanceCount: 1 }, { progress: (line) => progress.push(line) });
    assert.match(record.scoringUri ?? '', /^http:\/\/127\.0\.0\.1:\d+\/score$/);
    assert.deepEqual(record, {
      name: 'reviews',
      kind: 'online',
      backend: 'local',
      state: 'ready',
      scoringUri: record.scoringUri,
      traffic: { 'tiny-sentiment': 100 },
      deployments: [{ name: 'tiny-sentiment', model: TINY_ID, instanceType: 'this machine', instanceCount: 1, state: 'ready' }],
      task: 'text-classification',
    });
    assert.match(progress[0] ?? '', /^Loading tiny-sentiment from /);
    assert.equal(progress.at(-1), `reviews is ready at ${record.scoringUri ?? ''}`);
    assert.deepEqual(changes, [record]);

    assert.deepEqual(await endpoints.list(), [record]);
    assert.deepEqual(await endpoints.get('reviews', 'online'), record);
    assert.equal(await endpoints.get('reviews', 'batch'), undefined);
    assert.equal(await endpoints.primaryKey('reviews'), undefined);

    const text = 'The blender crushes ice in seconds, and it is easy to clean.';
    const answer = await endpoints.invoke('reviews', { inputs: [text] });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.ok(answer.durationMs >= 0);
    const [prediction] = (answer.body as Predictions).predictions;
    assert.ok(prediction && LABELS.has(prediction.label) && prediction.score > 0 && prediction.score <= 1, JSON.stringify(prediction));
    const bad = await endpoints.invoke('reviews', { inputs: [3] });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body, { error: 'inputs[0] must be a string or {text, text_pair}, not the number 3.' });

    const logs = await endpoints.deploymentLogs('reviews', 'tiny-sentiment');
    assert.match(logs, /Serving tiny-sentiment \(text-classification\)/);
    assert.match(logs, /POST \/score 1 input 200 \d+ ms/);
    const last = await endpoints.deploymentLogs('reviews', 'tiny-sentiment', { lines: 1 });
    assert.equal(last.split('\n').length, 1);
    assert.match(last, /POST \/score 400 \d+ ms inputs\[0\] must be a string/);
    await assert.rejects(endpoints.deploymentLogs('reviews', 'blue'), /reviews has no deployment "blue"; its deployment is "tiny-sentiment"/);

    // The same name again: a new server, the old one stopped once the new one is up.
    progress.length = 0;
    const again = await endpoints.deploy(
      { modelId: TINY_ID, kind: 'online', endpointName: 'reviews', deploymentName: 'green', instanceCount: 1 },
      { progress: (line) => progress.push(line) },
    );
    assert.notEqual(again.scoringUri, record.scoringUri);
    assert.deepEqual(again.traffic, { green: 100 });
    assert.match(progress.join('\n'), /the running server keeps answering until the new one is up[\s\S]*Stopping the previous server of reviews/);
    assert.deepEqual(await endpoints.list(), [again]);
    await refused(record.scoringUri ?? '');
    const answerAgain = await endpoints.invoke('reviews', { inputs: [text] }, { deployment: 'green' });
    assert.deepEqual((answerAgain.body as Predictions).predictions.map((p) => p.label), [prediction.label]);

    await endpoints.delete('reviews', 'online', { progress: (line) => progress.push(line) });
    assert.equal(progress.at(-1), 'Stopping the scoring server of reviews');
    assert.equal(changes.at(-1)?.state, 'deleting');
    assert.deepEqual(await endpoints.list(), []);
    await refused(again.scoringUri ?? '');
    await assert.rejects(endpoints.invoke('reviews', { inputs: [text] }), /There is no local endpoint "reviews": it was deleted, or VS Code was closed .* Deploy the model again\./);
    watching.dispose();
  });

  it('refuses batch endpoints, invalid names with the reason, and models it cannot run', async () => {
    const request = { modelId: TINY_ID, kind: 'online' as const, endpointName: 'fine-name', instanceCount: 1 };
    await assert.rejects(endpoints.deploy({ ...request, kind: 'batch' }), /^Error: Batch endpoints run on Azure Machine Learning.*use Evaluate…/);
    await assert.rejects(endpoints.instanceTypes(TINY_ID, 'batch'), /Batch endpoints run on Azure Machine Learning/);
    for (const [name, reason] of [
      ['ab', /has 3 to 32 characters; "ab" has 2/],
      ['9lives', /starts with a letter/],
      ['my_endpoint', /"_" at position 3 is not allowed/],
      ['trailing-', /does not end with a hyphen/],
    ] as const) {
      await assert.rejects(endpoints.deploy({ ...request, endpointName: name }), (error: Error) => {
        assert.equal(error.message, endpointNameProblem(name));
        assert.match(error.message, reason);
        return true;
      });
    }
    await assert.rejects(endpoints.deploy({ ...request, modelId: 'curated/distilbert-base-uncased' }), /distilbert-base-uncased is not on this machine yet: download its ONNX export \(Xenova\/distilbert-base-uncased\) from the Hugging Face Hub first/);
    await assert.rejects(endpoints.deploy({ ...request, modelId: 'curated/microsoft-phi-2' }), /microsoft-phi-2 has no ONNX export that runs on this machine; use it on the Azure backend/);
    await assert.rejects(endpoints.deploy({ ...request, modelId: 'local-folder/nowhere' }), /Model "local-folder\/nowhere" is not in the local catalog/);
    await assert.rejects(endpoints.deploy({ ...request, modelId: `local-folder/${HOSTILE}` }), /cannot run on this machine: it has no ONNX export \(tokenizer\.json and onnx\/model\.onnx beside config\.json\)/);
    assert.deepEqual(await endpoints.list(), []);
  });

  it('offers this machine as the one instance type, and cannot resume a deployment', async () => {
    assert.deepEqual(
      (await endpoints.instanceTypes(TINY_ID, 'online')).map(({ name, recommended }) => ({ name, recommended })),
      [{ name: 'this machine', recommended: true }],
    );
    await assert.rejects(endpoints.resumeDeploy('{}'), /Local endpoints stop when VS Code closes.*deploy the model again/);
  });

  it('leaves nothing running when a deployment is canceled before the server is up', async () => {
    const servers = listeningServers();
    const abort = new AbortController();
    const deploying = endpoints.deploy({ modelId: TINY_ID, kind: 'online', endpointName: 'canceled', instanceCount: 1 }, { signal: abort.signal, progress: () => void setTimeout(() => abort.abort(), 0) });
    await assert.rejects(deploying, { name: 'AbortError' });
    assert.equal(await endpoints.get('canceled', 'online'), undefined);
    assert.equal(listeningServers(), servers);
  });

  it('stops every server when the backend is disposed', async () => {
    const other = await createBackend('local', { localModelPaths: [TINY_SENTIMENT] });
    const service = other.endpoints;
    assert.ok(service);
    const servers = listeningServers();
    const first = await service.deploy({ modelId: TINY_ID, kind: 'online', endpointName: 'first', instanceCount: 1 });
    const second = await service.deploy({ modelId: TINY_ID, kind: 'online', endpointName: 'second', instanceCount: 1 });
    assert.equal(listeningServers(), servers + 2);
    assert.equal((await service.invoke('second', { inputs: ['fine'] })).status, 200);
    other.dispose();
    await refused(first.scoringUri ?? '');
    await refused(second.scoringUri ?? '');
    assert.equal(listeningServers(), servers);
    assert.deepEqual(await service.list(), []);
    await assert.rejects(service.deploy({ modelId: TINY_ID, kind: 'online', endpointName: 'third', instanceCount: 1 }), /The local backend was closed/);
  });
});
