import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pullHubModel, type PullOptions, type PullProgress } from '../../../src/backends/local/hub';
import { listCachedHubModels } from '../../../src/backends/local/hub/cachedHubModels';
import { createBackend } from '../../../src/backends/registry';
import { modelActions } from '../../../src/backends/modelActions';
import { hubRejection, startFakeHub, TINY_SENTIMENT, type FakeHub } from '../../fakes/fakeHub';
import { PYTORCH_FILES, writePytorchRepo } from '../../fakes/pytorchRepo';
import { SAMPLES, tempFolder } from '../../support/tempFiles';

/** A curated text-classification model whose Hub source the fake Hub serves with PyTorch weights. */
const SOURCE = 'distilbert/distilbert-base-uncased-finetuned-sst-2-english';
const MODEL_ID = 'curated/distilbert-base-uncased-finetuned-sst-2-english';


describe('Hub pull for fine-tuning: PyTorch weights from a model\'s source (against a fake Hub)', function () {
  this.timeout(30_000);
  const tmp = tempFolder();
  let hub: FakeHub;
  let cache: string;
  let repoFolder = '';
  let run = 0;
  const fileBytes = (file: string) => readFileSync(path.join(repoFolder, file));
  const options = (extra: Partial<PullOptions> = {}): PullOptions => ({ env: { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache }, retry: { wait: async () => undefined }, ...extra });

  before(() => {
    repoFolder = writePytorchRepo(path.join(tmp.dir(), 'source-repo'));
  });
  beforeEach(async () => {
    hub = await startFakeHub([
      { id: SOURCE, folder: repoFolder, pipelineTag: 'text-classification' },
      { id: 'fm-test/tiny-sentiment', folder: TINY_SENTIMENT },
    ]);
    cache = path.join(tmp.dir(), `cache-${run++}`);
  });
  afterEach(() => hub.stop());

  it('says the size of the chosen files first, then fetches config, tokenizer and safetensors only', async () => {
    const events: PullProgress[] = [];
    const asked: number[] = [];
    const pulled = await pullHubModel({ repo: SOURCE, weights: 'pytorch' }, options({ onProgress: (e) => events.push(e), confirm: async (plan) => (asked.push(plan.totalBytes), true) }));
    const expectedTotal = PYTORCH_FILES.reduce((sum, file) => sum + fileBytes(file).length, 0);
    assert.deepEqual(asked, [expectedTotal], 'the consent is asked with the sum of the chosen files, before any file request');
    const plan = events.find((e) => e.type === 'plan');
    assert.deepEqual(plan?.type === 'plan' && plan.files.map((f) => f.path), [...PYTORCH_FILES]);
    assert.deepEqual(pulled.pytorch, { files: [...PYTORCH_FILES], format: 'safetensors', shards: 1 });
    assert.equal(pulled.onnx, undefined);
    assert.equal(pulled.fetchedBytes, expectedTotal);
    for (const file of PYTORCH_FILES) assert.deepEqual(readFileSync(path.join(pulled.folder, file)), fileBytes(file), file);
    // Neither the .bin twin nor TensorFlow, Flax or the onnx/ folder was asked for.
    const fetched = hub.fileRequests().map((r) => r.path).filter((p) => p.includes('/resolve/')).map((p) => p.split('/').slice(5).join('/')).sort();
    assert.deepEqual(fetched, [...PYTORCH_FILES].sort());
    assert.deepEqual(readdirSync(pulled.folder).sort(), [...PYTORCH_FILES].sort());

    // The cache scan sees the weights; a second pull fetches nothing.
    const [cached] = await listCachedHubModels({ env: { HF_HUB_CACHE: cache } });
    assert.deepEqual([cached?.repo, cached?.pytorch?.format, cached?.onnx], [SOURCE, 'safetensors', undefined]);
    const again = await pullHubModel({ repo: SOURCE, weights: 'pytorch' }, options());
    assert.equal(again.fetchedBytes, 0);
    // Offline, the weights come from the cache; the repository's ONNX form was never pulled, and offline says so.
    const offline = { ...options(), env: { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1' } };
    const cachedPull = await pullHubModel({ repo: SOURCE, weights: 'pytorch' }, offline);
    assert.deepEqual([cachedPull.source, cachedPull.folder, cachedPull.pytorch?.format], ['cache', pulled.folder, 'safetensors']);
    assert.match((await hubRejection(pullHubModel({ repo: SOURCE }, offline))).message, /is not in the Hugging Face cache at .* with an ONNX export/);
  });

  it('resumes the weights after a dropped connection, and after a canceled pull, from the bytes it kept', async () => {
    hub.stallOnce('model.safetensors', 3000);
    const retries: string[] = [];
    const onProgress = (e: PullProgress) => {
      if (e.type === 'bytes' && e.path === 'model.safetensors' && e.fileDone === 3000) hub.cutStalled();
      if (e.type === 'retry') retries.push(e.path ?? '');
    };
    const pulled = await pullHubModel({ repo: SOURCE, weights: 'pytorch' }, options({ onProgress }));
    assert.deepEqual(retries, ['model.safetensors']);
    assert.deepEqual(readFileSync(path.join(pulled.folder, 'model.safetensors')), fileBytes('model.safetensors'));
    assert.deepEqual(hub.fileRequests().filter((r) => r.range).map((r) => `${r.server} ${r.range}`), ['hub bytes=3000-', 'cdn bytes=3000-']);

    // Canceled part-way: the next pull says what came before and fetches only the rest.
    cache = path.join(tmp.dir(), `cache-${run++}`);
    hub.stallOnce('model.safetensors', 5000);
    const abort = new AbortController();
    const stopAt = (e: PullProgress) => e.type === 'bytes' && e.path === 'model.safetensors' && e.fileDone === 5000 && abort.abort();
    assert.equal((await hubRejection(pullHubModel({ repo: SOURCE, weights: 'pytorch' }, options({ signal: abort.signal, onProgress: stopAt })))).kind, 'canceled');
    hub.cutStalled();
    const resumedPlans: number[] = [];
    const resumed = await pullHubModel({ repo: SOURCE, weights: 'pytorch' }, options({ confirm: async (plan) => (resumedPlans.push(plan.files.find((f) => f.path === 'model.safetensors')?.partialBytes ?? -1), true) }));
    assert.deepEqual(resumedPlans, [5000]);
    assert.deepEqual(readFileSync(path.join(resumed.folder, 'model.safetensors')), fileBytes('model.safetensors'));
    assert.equal(resumed.fetchedBytes, fileBytes('model.safetensors').length - 5000);
  });

  it('refuses a repository with no PyTorch weights (an ONNX export) with a sentence, fetching nothing', async () => {
    const error = await hubRejection(pullHubModel({ repo: 'fm-test/tiny-sentiment', weights: 'pytorch' }, options()));
    assert.equal(error.kind, 'no-pytorch');
    assert.match(error.message, /^fm-test\/tiny-sentiment has no PyTorch weights to fine-tune \(it has ONNX weights only\): fine-tuning needs config\.json with model\.safetensors or pytorch_model\.bin/);
    assert.deepEqual(hub.fileRequests(), []);
  });

  it('makes a curated model fine-tunable here: refused with Download for Fine-tuning, then trained from the pulled snapshot', async () => {
    const hubEnvironment = { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache };
    // A stand-in Python with the Trainer's packages (no machine here has torch): it saves a model and reports.
    const python = path.join(tmp.dir(), 'python-trains');
    const modules = JSON.stringify({ python: '3.11.2', modules: { torch: true, transformers: true, datasets: true, accelerate: true } });
    const train = `out=$(sed -n 's/.*"output": "\\(.*\\)",/\\1/p' "$2"); mkdir -p "$out/model"; echo 'FM_METRICS {}'`;
    writeFileSync(python, `#!/bin/sh\nif [ "$1" = "-c" ]; then echo '${modules}'; exit 0; fi\n${train}\n`);
    chmodSync(python, 0o755);
    const backend = await createBackend('local', { hubEnvironment, localJobsFolder: path.join(cache, 'jobs'), pythonPath: python });
    try {
      const before = await backend.catalog.get(MODEL_ID);
      assert.ok(before);
      const refused = backend.jobs!.supports('fineTune', 'text-classification', before);
      assert.ok(!refused.ok && refused.remedy === 'downloadForFineTuning', JSON.stringify(refused));
      assert.match(refused.reason, new RegExp(`download them from its Hugging Face source \\(${SOURCE}\\) first, with Download for Fine-tuning or \`fm model pull ${SOURCE} --for fine-tuning\``));
      assert.doesNotMatch(refused.reason, /huggingface-cli/);
      const actionsBefore = modelActions(backend, before);
      assert.equal(actionsBefore.capabilities.downloadForFineTuning.ok, true);
      assert.deepEqual(actionsBefore.order.slice(-3), ['downloadForFineTuning', 'fineTune', 'deploy']);

      const downloads = backend.modelDownloads!;
      const request = downloads.sourceOf(before, 'pytorch');
      assert.deepEqual(request, { repo: SOURCE, weights: 'pytorch' });
      const pulled = await downloads.pull(request!, { confirm: async () => true });

      backend.catalog.refresh();
      const after = await backend.catalog.get(MODEL_ID);
      assert.equal(after?.trainingPath, pulled.folder);
      assert.deepEqual(after?.weights, ['pytorch']);
      assert.equal(after?.path, undefined, 'its ONNX export is not here: it still does not run here');
      assert.deepEqual(backend.jobs!.supports('fineTune', 'text-classification', after), { ok: true });
      assert.equal(downloads.sourceOf(after!, 'pytorch'), undefined, 'nothing more to download for fine-tuning');
      const actionsAfter = modelActions(backend, after!);
      assert.equal(actionsAfter.capabilities.fineTune.ok, true);
      assert.equal(actionsAfter.capabilities.downloadForFineTuning.ok, false);
      assert.ok(!actionsAfter.order.includes('downloadForFineTuning'));

      // The job trains the pulled weights.
      const job = await backend.jobs!.submit({
        kind: 'fineTune',
        task: 'text-classification',
        modelId: MODEL_ID,
        data: { file: path.join(SAMPLES, 'reviews.csv'), mapping: { sentence: 'review_text', label: 'sentiment' } },
        settings: { learningRate: 2e-5, epochs: 1, batchSize: 8, maxSequenceLength: 128, seed: 7 },
      });
      for await (const event of backend.jobs!.follow(job.id)) if (event.type === 'end') assert.equal(event.status, 'completed', event.error);
      const config = JSON.parse(readFileSync(path.join(cache, 'jobs', job.id, 'train-config.json'), 'utf8')) as { model?: string };
      assert.equal(config.model, pulled.folder);
    } finally {
      backend.dispose();
    }
  });
});
