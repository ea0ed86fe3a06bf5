import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pullHubModel, type PullOptions, type PullProgress } from '../../../src/backends/local/hub';
import { hubRejection, startFakeHub, TINY_SENTIMENT, type FakeHub } from '../../fakes/fakeHub';
import { gitBlobId } from '../../fakes/fakeHubRepos';

const REPO = 'fm-test/tiny-sentiment';
const EXPECTED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'README.md', 'onnx/model.onnx'];

function fixtureBytes(file: string): Buffer {
  return readFileSync(path.join(TINY_SENTIMENT, file));
}


describe('Hub pull (against a fake Hub on 127.0.0.1)', function () {
  this.timeout(20_000);
  let hub: FakeHub;
  let cache: string;
  let waits: number[];

  const options = (extra: Partial<PullOptions> = {}, env: NodeJS.ProcessEnv = {}): PullOptions => ({
    env: { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache, ...env },
    retry: { wait: async (ms) => void waits.push(ms) },
    ...extra,
  });
  const repoFolder = () => path.join(cache, 'models--fm-test--tiny-sentiment');

  beforeEach(async () => {
    hub = await startFakeHub([
      { id: 'fm-test/gated-sentiment', folder: TINY_SENTIMENT, gatedToken: 'hf_goodtoken' },
      { id: 'fm-test/no-onnx', folder: path.resolve(__dirname, '../../fixtures/models/hostile-card-model') },
    ]);
    cache = mkdtempSync(path.join(os.tmpdir(), 'fm-hub-cache-'));
    waits = [];
  });
  afterEach(async () => {
    await hub.stop();
    rmSync(cache, { recursive: true, force: true });
  });

  it('says the size before the first byte, then lays the files out as huggingface_hub does, byte for byte', async () => {
    const events: PullProgress[] = [];
    const pulled = await pullHubModel({ repo: REPO }, options({ token: 'hf_sometoken', onProgress: (e) => events.push(e) }));
    const commit = hub.commit(REPO);
    assert.equal(pulled.commit, commit);
    assert.equal(pulled.folder, path.join(repoFolder(), 'snapshots', commit));
    assert.deepEqual(pulled.onnx, { files: EXPECTED_FILES, layout: 'single', dtype: 'fp32' });

    const plan = events[0];
    assert.equal(plan?.type, 'plan');
    const expectedTotal = EXPECTED_FILES.reduce((sum, file) => sum + fixtureBytes(file).length, 0);
    assert.equal(plan.type === 'plan' && plan.totalBytes, expectedTotal);
    assert.equal(plan.type === 'plan' && plan.bytesToFetch, expectedTotal);
    assert.equal(pulled.fetchedBytes, expectedTotal);
    const lastBytes = events.filter((e) => e.type === 'bytes').at(-1);
    assert.deepEqual(lastBytes && lastBytes.type === 'bytes' && [lastBytes.done, lastBytes.total], [expectedTotal, expectedTotal]);

    for (const file of EXPECTED_FILES) {
      const entry = path.join(pulled.folder, ...file.split('/'));
      assert.ok(lstatSync(entry).isSymbolicLink(), `${file} is a link into blobs/`);
      assert.ok(!path.isAbsolute(readlinkSync(entry)), 'a relative link, so the cache can move');
      assert.deepEqual(readFileSync(entry), fixtureBytes(file), file);
    }
    // Blobs are named by the Hub's ETag: the git blob id, or the sha256 of an LFS file.
    assert.ok(existsSync(path.join(repoFolder(), 'blobs', gitBlobId(fixtureBytes('config.json')))));
    assert.equal(readlinkSync(path.join(pulled.folder, 'onnx', 'model.onnx')).split('/').slice(0, 4).join('/'), '../../../blobs');
    assert.equal(readFileSync(path.join(repoFolder(), 'refs', 'main'), 'utf8'), commit);
    assert.ok(!existsSync(path.join(pulled.folder, 'tokenizer.json.incomplete')));

    // The listing asks for sizes; the LFS file came from the CDN host, which never saw the token.
    assert.equal(hub.requests[0]?.path, `/api/models/${REPO}/revision/main?blobs=true`);
    assert.equal(hub.requests[0]?.authorization, 'Bearer hf_sometoken');
    const cdn = hub.requests.filter((r) => r.server === 'cdn');
    assert.equal(cdn.length, 1);
    assert.equal(cdn[0]?.authorization, undefined);
    assert.ok(hub.requests.some((r) => r.path === `/${REPO}/resolve/${commit}/config.json`), 'files are fetched by commit, not by branch');
  });

  it('makes no file request for a model already pulled, and none at all for a cached commit hash', async () => {
    await pullHubModel({ repo: REPO }, options());
    const before = hub.requests.length;
    const again = await pullHubModel({ repo: REPO }, options());
    assert.deepEqual(
      hub.requests.slice(before).map((r) => r.path),
      [`/api/models/${REPO}/revision/main?blobs=true`],
    );
    assert.equal(again.fetchedBytes, 0);
    const byHash = await pullHubModel({ repo: REPO, revision: hub.commit(REPO) }, options());
    assert.equal(hub.requests.length, before + 1);
    assert.equal(byHash.source, 'cache');
  });

  it('resumes a file whose connection broke part-way from the bytes it kept (Range), byte-identical', async () => {
    hub.stallOnce('onnx/model.onnx', 1000);
    hub.stallOnce('tokenizer.json', 2500);
    const cutAt: Record<string, number> = { 'onnx/model.onnx': 1000, 'tokenizer.json': 2500 };
    const retries: string[] = [];
    const onProgress = (e: PullProgress) => {
      if (e.type === 'bytes' && e.fileDone === cutAt[e.path]) hub.cutStalled();
      if (e.type === 'retry') retries.push(e.path ?? '');
    };
    const pulled = await pullHubModel({ repo: REPO }, options({ onProgress }));
    assert.deepEqual(readFileSync(path.join(pulled.folder, 'onnx', 'model.onnx')), fixtureBytes('onnx/model.onnx'));
    assert.deepEqual(readFileSync(path.join(pulled.folder, 'tokenizer.json')), fixtureBytes('tokenizer.json'));
    assert.deepEqual(retries, ['tokenizer.json', 'onnx/model.onnx']);
    const resumed = hub.fileRequests().filter((r) => r.range !== undefined).map((r) => `${r.server} ${r.range}`);
    assert.deepEqual(resumed, ['hub bytes=2500-', 'hub bytes=1000-', 'cdn bytes=1000-']);
    assert.equal(pulled.fetchedBytes, EXPECTED_FILES.reduce((sum, file) => sum + fixtureBytes(file).length, 0), 'no byte fetched twice');
  });

  it('retries a file whose connection the server dropped after N bytes, and the file is whole', async () => {
    hub.dropOnce('onnx/model.onnx', 1000);
    hub.dropOnce('tokenizer.json', 2500);
    const retries: string[] = [];
    const pulled = await pullHubModel({ repo: REPO }, options({ onProgress: (e) => e.type === 'retry' && retries.push(e.path ?? '') }));
    assert.deepEqual(retries, ['tokenizer.json', 'onnx/model.onnx']);
    for (const file of EXPECTED_FILES) assert.deepEqual(readFileSync(path.join(pulled.folder, ...file.split('/'))), fixtureBytes(file), file);
  });

  it('lets one writer fetch a file when two pulls share the cache, and takes over a lock whose owner is gone', async () => {
    const [a, b] = await Promise.all([pullHubModel({ repo: REPO }, options()), pullHubModel({ repo: REPO }, options())]);
    assert.equal(a.folder, b.folder);
    const gets = hub.fileRequests().map((r) => `${r.server} ${r.path.split('?')[0]?.split('/').slice(-1)[0]}`);
    const onnxSha = createHash('sha256').update(fixtureBytes('onnx/model.onnx')).digest('hex');
    assert.deepEqual(gets.sort(), [`cdn ${onnxSha}`, 'hub README.md', 'hub config.json', 'hub model.onnx', 'hub tokenizer.json', 'hub tokenizer_config.json'].sort());
    for (const file of EXPECTED_FILES) assert.deepEqual(readFileSync(path.join(a.folder, ...file.split('/'))), fixtureBytes(file), file);
    const locks = path.join(cache, '.locks', 'models--fm-test--tiny-sentiment');
    assert.deepEqual(readdirSync(locks), [], 'no lock left behind');

    // A lock from a process that has exited (same host) does not block the next writer.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    rmSync(repoFolder(), { recursive: true, force: true });
    writeFileSync(path.join(locks, `${gitBlobId(fixtureBytes('config.json'))}.fm.lock`), JSON.stringify({ pid: gone, host: os.hostname() }));
    const again = await pullHubModel({ repo: REPO }, options());
    assert.deepEqual(readFileSync(path.join(again.folder, 'config.json')), fixtureBytes('config.json'));
    assert.deepEqual(readdirSync(locks), []);
  });

  it('fetches a file again when it arrives damaged (its hash does not match the listing)', async () => {
    hub.corruptOnce('onnx/model.onnx');
    hub.corruptOnce('tokenizer.json');
    const retries: string[] = [];
    const pulled = await pullHubModel({ repo: REPO }, options({ onProgress: (e) => e.type === 'retry' && retries.push(e.reason) }));
    assert.deepEqual(retries, ['tokenizer.json arrived damaged (its git blob id does not match), so it is fetched again', 'onnx/model.onnx arrived damaged (its sha256 does not match), so it is fetched again']);
    for (const file of EXPECTED_FILES) assert.deepEqual(readFileSync(path.join(pulled.folder, ...file.split('/'))), fixtureBytes(file), file);
  });

  it('asks each file for its ETag with a HEAD when a mirror lists names only', async () => {
    await hub.stop();
    hub = await startFakeHub([{ id: 'fm-test/mirrored', folder: TINY_SENTIMENT, namesOnly: true }]);
    const events: PullProgress[] = [];
    const pulled = await pullHubModel({ repo: 'fm-test/mirrored' }, options({ onProgress: (e) => events.push(e) }));
    const plan = events.find((e) => e.type === 'plan');
    assert.equal(plan?.type === 'plan' && plan.totalBytes, 0, 'no sizes to add up');
    assert.equal(hub.requests.filter((r) => r.method === 'HEAD').length, EXPECTED_FILES.length);
    assert.ok(existsSync(path.join(cache, 'models--fm-test--mirrored', 'blobs', gitBlobId(fixtureBytes('config.json')))));
    for (const file of EXPECTED_FILES) assert.deepEqual(readFileSync(path.join(pulled.folder, ...file.split('/'))), fixtureBytes(file), file);
  });

  it('waits as Retry-After says on a 503, and backs off on a 429 without one', async () => {
    hub.failOnce('/api/models/', 503, { 'retry-after': '2' });
    hub.failOnce('/resolve/', 429);
    const pulled = await pullHubModel({ repo: REPO }, options());
    assert.deepEqual(waits, [2000, 500]);
    assert.ok(existsSync(path.join(pulled.folder, 'config.json')));
  });

  it('gives up after the bounded retries with a sentence', async () => {
    for (let i = 0; i < 3; i++) hub.failOnce('/api/models/', 502);
    const error = await hubRejection(pullHubModel({ repo: REPO }, options({ retry: { attempts: 3, wait: async (ms) => void waits.push(ms) } })));
    assert.equal(error.kind, 'unreachable');
    assert.match(error.message, /answered HTTP 502, still after 3 tries; try again later\.$/);
    assert.deepEqual(waits, [500, 1000]);
  });

  it('cancels mid-file leaving a resumable .incomplete, and the next pull finishes from there', async () => {
    hub.stallOnce('onnx/model.onnx', 1200);
    const abort = new AbortController();
    const onProgress = (e: PullProgress) => {
      if (e.type === 'bytes' && e.path === 'onnx/model.onnx' && e.fileDone >= 1200) abort.abort();
    };
    const error = await hubRejection(pullHubModel({ repo: REPO }, options({ signal: abort.signal, onProgress })));
    assert.equal(error.kind, 'canceled');
    assert.match(error.message, /canceled; the part of onnx\/model\.onnx already fetched is kept, and pulling it again resumes from there\./);
    const sha = createHash('sha256').update(fixtureBytes('onnx/model.onnx')).digest('hex');
    const partial = path.join(repoFolder(), 'blobs', `${sha}.incomplete`);
    assert.equal(statSync(partial).size, 1200);
    assert.ok(!existsSync(path.join(repoFolder(), 'refs', 'main')), 'no ref for a model not all there');

    const events: PullProgress[] = [];
    const pulled = await pullHubModel({ repo: REPO }, options({ onProgress: (e) => events.push(e) }));
    const plan = events.find((e) => e.type === 'plan');
    assert.equal(plan?.type === 'plan' && plan.files.find((f) => f.path === 'onnx/model.onnx')?.partialBytes, 1200);
    assert.equal(hub.fileRequests().at(-1)?.range, 'bytes=1200-');
    assert.deepEqual(readFileSync(path.join(pulled.folder, 'onnx', 'model.onnx')), fixtureBytes('onnx/model.onnx'));
    assert.ok(!existsSync(partial));
  });

  it('drops a silent connection after the idle time and resumes it', async () => {
    hub.stallOnce('tokenizer.json', 100);
    const pulled = await pullHubModel({ repo: REPO }, options({ idleTimeoutMs: 300 }));
    assert.deepEqual(readFileSync(path.join(pulled.folder, 'tokenizer.json')), fixtureBytes('tokenizer.json'));
    assert.ok(hub.fileRequests().some((r) => r.range === 'bytes=100-'));
  });

  it('with HF_HUB_OFFLINE=1 uses the cache with the Hub stopped, and says so when the model is not there', async () => {
    const online = await pullHubModel({ repo: REPO }, options());
    await hub.stop();
    const offline = await pullHubModel({ repo: REPO }, options({}, { HF_HUB_OFFLINE: '1' }));
    assert.deepEqual({ ...offline, source: offline.source }, { ...online, source: 'cache', fetchedBytes: 0, notice: undefined });
    const error = await hubRejection(pullHubModel({ repo: 'fm-test/other-model' }, options({}, { HF_HUB_OFFLINE: 'true' })));
    assert.equal(error.kind, 'offline');
    assert.equal(error.message, `HF_HUB_OFFLINE is set and fm-test/other-model (revision main) is not in the Hugging Face cache at ${cache} with an ONNX export: unset HF_HUB_OFFLINE to download it, or point HF_HUB_CACHE at a cache that has it.`);
    hub = await startFakeHub();
  });

  it('falls back to the cache when the Hub cannot be reached, and says why', async () => {
    await pullHubModel({ repo: REPO }, options());
    await hub.stop();
    const pulled = await pullHubModel({ repo: REPO }, options({ retry: { attempts: 1 } }));
    assert.equal(pulled.source, 'cache');
    assert.match(pulled.notice ?? '', /^Cannot reach 127\.0\.0\.1:\d+ \([^)]+\), still after 1 tries; try again later\. Using the copy in the cache\.$/);
    hub = await startFakeHub();
  });

  it('asks for the terms and HF_TOKEN on a gated model, and pulls it with the token', async () => {
    const gated = 'fm-test/gated-sentiment';
    const anonymous = await hubRejection(pullHubModel({ repo: gated }, options()));
    assert.equal(anonymous.kind, 'unauthorized');
    assert.equal(
      anonymous.message,
      `${gated} is gated or private (HTTP 401): accept the model's terms on its Hub page ${hub.url}/${gated}, then set HF_TOKEN to a Hugging Face access token (in the editor: Foundation Models: Set Hugging Face Token…) and try again.`,
    );
    const wrong = await hubRejection(pullHubModel({ repo: gated }, options({ token: 'hf_wrong' })));
    assert.equal(wrong.kind, 'unauthorized');
    assert.match(wrong.message, /^The Hugging Face token in use cannot read fm-test\/gated-sentiment \(HTTP 403\): accept the model's terms/);
    const fromEnv = await pullHubModel({ repo: gated }, options({}, { HF_TOKEN: 'hf_goodtoken' }));
    assert.deepEqual(readFileSync(path.join(fromEnv.folder, 'onnx', 'model.onnx')), fixtureBytes('onnx/model.onnx'));
    const optionWins = await pullHubModel({ repo: gated }, options({ token: 'hf_goodtoken' }, { HF_TOKEN: 'hf_wrong' }));
    assert.equal(optionWins.commit, fromEnv.commit);
  });

  it('says "no such" for an unknown model, revision or a model with no ONNX export', async () => {
    const missing = await hubRejection(pullHubModel({ repo: 'fm-test/nothing' }, options()));
    assert.equal(missing.kind, 'not-found');
    assert.match(missing.message, /^There is no model fm-test\/nothing on http:\/\/127\.0\.0\.1:\d+ that can be read without a token: check the id/);
    const withToken = await hubRejection(pullHubModel({ repo: 'fm-test/nothing' }, options({ token: 'hf_x' })));
    assert.equal(withToken.message, `There is no model fm-test/nothing on ${hub.url}.`);
    const revision = await hubRejection(pullHubModel({ repo: REPO, revision: 'v9' }, options()));
    assert.equal(revision.message, `${REPO} has no revision "v9" on ${hub.url}.`);
    const noOnnx = await hubRejection(pullHubModel({ repo: 'fm-test/no-onnx' }, options()));
    assert.equal(noOnnx.kind, 'no-onnx');
    assert.match(noOnnx.message, /^fm-test\/no-onnx: this repository has no ONNX export; look for one made for transformers\.js on the Hub/);
    const badId = await hubRejection(pullHubModel({ repo: '../etc' }, options()));
    assert.equal(badId.kind, 'config');
    assert.equal(hub.fileRequests().length, 0);
  });

  it('pulls another revision into its own snapshot and ref, and honours HF_ENDPOINT with a trailing slash', async () => {
    const v2 = mkdtempSync(path.join(os.tmpdir(), 'fm-hub-v2-'));
    try {
      cpSync(TINY_SENTIMENT, v2, { recursive: true });
      writeFileSync(path.join(v2, 'README.md'), '# tiny sentiment, v2\n');
      await hub.stop();
      hub = await startFakeHub([{ id: 'fm-test/versions', folder: TINY_SENTIMENT, revisions: { v2 } }]);
      await pullHubModel({ repo: 'fm-test/versions' }, options());
      const events: PullProgress[] = [];
      const pulled = await pullHubModel({ repo: 'fm-test/versions', revision: 'v2' }, options({ onProgress: (e) => events.push(e) }, { HF_ENDPOINT: `${hub.url}/` }));
      const plan = events.find((e) => e.type === 'plan');
      assert.equal(plan?.type === 'plan' && plan.bytesToFetch, Buffer.byteLength('# tiny sentiment, v2\n'), 'only the changed README comes; the rest are blobs main already has');
      assert.equal(pulled.commit, hub.commit('fm-test/versions', 'v2'));
      assert.notEqual(pulled.commit, hub.commit('fm-test/versions'));
      assert.equal(readFileSync(path.join(pulled.folder, 'README.md'), 'utf8'), '# tiny sentiment, v2\n');
      assert.equal(readFileSync(path.join(cache, 'models--fm-test--versions', 'refs', 'v2'), 'utf8'), pulled.commit);
      assert.equal(readFileSync(path.join(cache, 'models--fm-test--versions', 'refs', 'main'), 'utf8'), hub.commit('fm-test/versions'));
      assert.deepEqual(readFileSync(path.join(pulled.folder, 'onnx', 'model.onnx')), fixtureBytes('onnx/model.onnx'));
    } finally {
      rmSync(v2, { recursive: true, force: true });
    }
  });
});
