import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { runServeCommand } from '../../../src/cli/serveCommands';
import { pullProgressLines } from '../../../src/cli/pullProgressLines';
import type { PullProgress } from '../../../src/backends/local/hub';
import { captureIo } from '../../support/captureIo';
import { withEnv } from '../../support/env';
import { SAMPLES } from '../../support/tempFiles';
import { startFakeHub, TINY_SENTIMENT, type FakeHub } from '../../fakes/fakeHub';
import { PYTORCH_FILES, writePytorchRepo } from '../../fakes/pytorchRepo';

const REPO = 'fm-test/tiny-sentiment';
const MODELS = path.resolve(__dirname, '../../fixtures/models');

describe('fm model', function () {
  this.timeout(20_000);
  let hub: FakeHub;
  let cache: string;
  const env = (extra: Record<string, string | undefined> = {}) => ({ HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache, HF_TOKEN: undefined, HF_HUB_OFFLINE: undefined, ...extra });
  const fm = async (argv: string[], extra: Record<string, string | undefined> = {}) => {
    const io = captureIo();
    const code = await withEnv(env(extra), () => runCli(argv, io));
    return { code, ...io };
  };

  beforeEach(async () => {
    hub = await startFakeHub([{ id: 'fm-test/gated', folder: TINY_SENTIMENT, gatedToken: 'hf_ok' }]);
    cache = mkdtempSync(path.join(os.tmpdir(), 'fm-model-cli-'));
  });
  afterEach(async () => {
    await hub.stop();
    rmSync(cache, { recursive: true, force: true });
  });

  it('pull prints the size first, a line per file, and the snapshot folder on stdout; list shows it', async () => {
    const pull = await fm(['model', 'pull', REPO]);
    assert.equal(pull.code, 0, pull.stderr);
    const folder = path.join(cache, 'models--fm-test--tiny-sentiment', 'snapshots', hub.commit(REPO));
    assert.equal(pull.stdout, `${folder}\n`);
    const lines = pull.stderr.trim().split('\n');
    assert.match(lines[0] ?? '', new RegExp(`^${REPO} at main \\(commit ${hub.commit(REPO).slice(0, 7)}\\): 5 files, 11\\.\\d kB; 11\\.\\d kB to download\\.$`));
    assert.deepEqual(lines.slice(1, 6), ['[1/5] config.json (246 B)', '[2/5] tokenizer.json (6.5 kB)', '[3/5] tokenizer_config.json (207 B)', '[4/5] README.md (428 B)', '[5/5] onnx/model.onnx (3.7 kB)']);
    assert.match(lines[6] ?? '', /^Pulled fm-test\/tiny-sentiment: 11\.\d kB fetched\.$/);

    const again = await fm(['model', 'pull', REPO]);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /5 files, 11\.\d kB, all in the cache already\./);

    const list = await fm(['model', 'list']);
    assert.equal(list.code, 0);
    assert.equal(list.stdout, `${REPO}\tmain\t11.0 kB\tonnx fp32\tno pytorch\ttext-classification\t${folder}\n`);
    assert.match(list.stderr, new RegExp(`^1 model in ${cache.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n$`));
    const json = await fm(['model', 'list', '--json']);
    const [model] = JSON.parse(json.stdout) as { repo: string; revisions: string[]; onnx: { files: string[] }; task: string }[];
    assert.deepEqual([model?.repo, model?.revisions, model?.task, model?.onnx.files.at(-1)], [REPO, ['main'], 'text-classification', 'onnx/model.onnx']);
  });

  it('exits 1 with the sentence for a gated model without a token, and pulls it with HF_TOKEN', async () => {
    const refused = await fm(['model', 'pull', 'fm-test/gated']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /fm-test\/gated is gated or private \(HTTP 401\): accept the model's terms on its Hub page .*, then set HF_TOKEN/);
    assert.equal(refused.stdout, '');
    const allowed = await fm(['model', 'pull', 'fm-test/gated'], { HF_TOKEN: 'hf_ok' });
    assert.equal(allowed.code, 0, allowed.stderr);
  });

  it('SIGTERM stops a pull with 143, keeping the partial file; list says so and the next pull resumes it', async () => {
    hub.stallOnce('onnx/model.onnx', 1500);
    const sha256 = createHash('sha256').update(readFileSync(path.join(TINY_SENTIMENT, 'onnx', 'model.onnx'))).digest('hex');
    const partial = path.join(cache, 'models--fm-test--tiny-sentiment', 'blobs', `${sha256}.incomplete`);
    const io = captureIo();
    const running = withEnv(env(), () => runCli(['model', 'pull', REPO], io));
    // Stopped once bytes have come (the file can exist empty for a moment): those are what the next pull resumes from.
    const arrived = () => existsSync(partial) && statSync(partial).size > 0;
    for (let i = 0; i < 1500 && !arrived(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(arrived(), 'the first bytes of onnx/model.onnx reached the partial file');
    process.emit('SIGTERM');
    assert.equal(await running, 143, io.stderr);
    assert.match(io.stderr, /Download of fm-test\/tiny-sentiment canceled; the part of onnx\/model\.onnx already fetched is kept/);

    const list = await fm(['model', 'list']);
    assert.match(list.stderr, /fm-test\/tiny-sentiment: a download stopped part-way; "fm model pull fm-test\/tiny-sentiment" resumes it\./);
    const resumed = await fm(['model', 'pull', REPO]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /\[1\/1\] onnx\/model\.onnx \(3\.7 kB, resuming at [\d.]+ (B|kB)\)/);
    assert.deepEqual(readFileSync(path.join(resumed.stdout.trim(), 'onnx', 'model.onnx')), readFileSync(path.join(TINY_SENTIMENT, 'onnx', 'model.onnx')));
  });

  it('with HF_HUB_OFFLINE=1 answers from the cache with the Hub stopped, and exits 1 for a model not there', async () => {
    assert.equal((await fm(['model', 'pull', REPO])).code, 0);
    await hub.stop();
    const offline = await fm(['model', 'pull', REPO], { HF_HUB_OFFLINE: '1' });
    assert.equal(offline.code, 0, offline.stderr);
    assert.match(offline.stderr, /is in the cache \(commit [0-9a-f]{7}\)\./);
    const missing = await fm(['model', 'pull', 'fm-test/absent'], { HF_HUB_OFFLINE: '1' });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^HF_HUB_OFFLINE is set and fm-test\/absent \(revision main\) is not in the Hugging Face cache/);
    hub = await startFakeHub();
  });

  it('pulls a token-classification model through a dropped connection, then evaluates and serves it with the network off', async () => {
    const repo = 'fm-test/tiny-ner';
    hub.dropOnce('onnx/model.onnx', 100_000);
    const pull = await fm(['model', 'pull', repo, '--task', 'token-classification']);
    assert.equal(pull.code, 0, pull.stderr);
    assert.match(pull.stderr, /trying again in [\d.]+ s: onnx\/model\.onnx: the connection dropped after \d+ bytes/);
    const folder = pull.stdout.trim();
    const ranges = hub.fileRequests().filter((r) => r.range !== undefined).map((r) => r.range);
    assert.ok(ranges.some((range) => /^bytes=\d+-$/.test(range ?? '') && range !== 'bytes=0-'), `the second try resumed where the first stopped: ${ranges.join(', ')}`);
    assert.deepEqual(readFileSync(path.join(folder, 'onnx', 'model.onnx')), readFileSync(path.join(MODELS, 'tiny-ner', 'onnx', 'model.onnx')));
    await hub.stop();

    const jobs = mkdtempSync(path.join(os.tmpdir(), 'fm-model-cli-jobs-'));
    try {
      const offline = { HF_HUB_OFFLINE: '1', HF_ENDPOINT: 'http://127.0.0.1:9', FM_JOBS_DIR: jobs };
      const evaluate = await fm(['job', 'submit', '--task', 'token-classification', '--model', folder, '--test', path.join(SAMPLES, 'ner.jsonl'), '--map', 'tokens=words,tags=ner_tags'], offline);
      assert.equal(evaluate.code, 0, evaluate.stderr);
      assert.match(evaluate.stderr, /scored 40\/40 records \(100%\)[\s\S]*f1_score_micro: 0\.\d{4}[\s\S]*Completed/);

      const abort = new AbortController();
      const io = captureIo();
      const serving = withEnv(env(offline), () => runServeCommand([folder], io, { signal: abort.signal }));
      let url: string | undefined;
      for (let i = 0; i < 300 && !url; i++) {
        url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(io.stdout)?.[1];
        if (!url) await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(url, io.stderr);
      const response = await fetch(`${url}/score`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ inputs: ['Maria Lopez joined Northwind Traders in Lisbon last spring.'] }) });
      const body = (await response.json()) as { predictions: { entities: { type: string; text: string }[] }[] };
      assert.deepEqual(body.predictions[0]?.entities.map((e) => `${e.type} ${e.text}`), ['PER Maria Lopez', 'ORG Northwind Traders', 'LOC Lisbon']);
      assert.match(io.stderr, /Task: token-classification\. Each input is a text\./);
      abort.abort();
      assert.equal(await serving, 0);
    } finally {
      rmSync(jobs, { recursive: true, force: true });
      hub = await startFakeHub();
    }
  });

  it('pull --for fine-tuning fetches the PyTorch weights of an original repository, and refuses an export with the sentence', async () => {
    const source = 'distilbert/distilbert-base-uncased';
    const exportRepo = 'Xenova/distilbert-base-uncased-finetuned-sst-2-english';
    const pytorchHub = await startFakeHub([
      { id: source, folder: writePytorchRepo(path.join(cache, 'source-repo')) },
      { id: exportRepo, folder: TINY_SENTIMENT },
    ]);
    try {
      const pull = await fm(['model', 'pull', source, '--for', 'fine-tuning'], { HF_ENDPOINT: pytorchHub.url });
      assert.equal(pull.code, 0, pull.stderr);
      const folder = path.join(cache, 'models--distilbert--distilbert-base-uncased', 'snapshots', pytorchHub.commit(source));
      assert.equal(pull.stdout, `${folder}\n`);
      const lines = pull.stderr.trim().split('\n');
      assert.match(lines[0] ?? '', /: 6 files, ([\d.]+ kB); \1 to download\.$/);
      assert.deepEqual(lines.slice(1, 7).map((line) => line.replace(/ \(.*\)$/, '')), PYTORCH_FILES.map((file, i) => `[${i + 1}/6] ${file}`));
      const list = await fm(['model', 'list'], { HF_ENDPOINT: pytorchHub.url });
      assert.match(list.stdout, new RegExp(`^${source}\tmain\t[\\d.]+ kB\tno onnx\tpytorch safetensors\ttext-classification\t`, 'm'));
      // A curated model's ONNX export: the sentence names the repository with its weights.
      const curatedExport = await fm(['model', 'pull', exportRepo, '--for', 'fine-tuning'], { HF_ENDPOINT: pytorchHub.url });
      assert.equal(curatedExport.code, 1);
      assert.match(curatedExport.stderr, /Xenova\/distilbert-base-uncased-finetuned-sst-2-english is the ONNX export of distilbert-base-uncased-finetuned-sst-2-english, whose PyTorch weights are in distilbert\/distilbert-base-uncased-finetuned-sst-2-english: fm model pull distilbert\/distilbert-base-uncased-finetuned-sst-2-english --for fine-tuning\.$/m);
    } finally {
      await pytorchHub.stop();
    }
    const exported = await fm(['model', 'pull', REPO, '--for', 'fine-tuning']);
    assert.equal(exported.code, 1);
    assert.match(exported.stderr, /^fm-test\/tiny-sentiment has no PyTorch weights to fine-tune \(it has ONNX weights only\)/);
  });

  it('exits 2 with the usage for a missing or extra id, an unknown task or a malformed id', async () => {
    for (const argv of [['model'], ['model', 'fetch'], ['model', 'pull'], ['model', 'pull', 'a/b', 'c/d'], ['model', 'pull', REPO, '--task', 'poetry'], ['model', 'list', 'x'], ['model', 'pull', REPO, '--for', 'fun'], ['model', 'pull', REPO, '--for', 'fine-tuning', '--task', 'text-classification']]) {
      const run = await fm(argv);
      assert.equal(run.code, 2, argv.join(' '));
      assert.match(run.stderr, /fm model pull OWNER\/NAME \[--revision R\] \[--task T\] \[--for running\|fine-tuning\]/, argv.join(' '));
    }
    const malformed = await fm(['model', 'pull', 'not a model']);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /"not a model" is not a Hugging Face model id: give it as OWNER\/NAME/);
    assert.equal(hub.requests.length, 0);
  });

  it('prints a percentage every tenth of a large file, not a line per chunk', () => {
    const lines: string[] = [];
    const print = pullProgressLines((line) => lines.push(line));
    const size = 10_000_000;
    print({ type: 'file', path: 'onnx/model.onnx', index: 1, count: 1, size, resumeFrom: 0 });
    for (let done = 65_536; done <= size; done += 65_536) {
      print({ type: 'bytes', path: 'onnx/model.onnx', fileDone: done, fileTotal: size, done, total: size } satisfies PullProgress);
    }
    assert.equal(lines[0], '[1/1] onnx/model.onnx (10.0 MB)');
    const percents = lines.slice(1).map((line) => /^ {4}(\d+)% of onnx\/model\.onnx \([\d.]+ MB; all files (\d+)%\)$/.exec(line)?.slice(1, 3).join('/'));
    assert.deepEqual(percents, ['10/10', '20/20', '30/30', '40/40', '50/50', '60/60', '70/70', '80/80', '90/90']);
  });
});
