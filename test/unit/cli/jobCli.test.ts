import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../support/captureIo';
import { withEnv } from '../../support/env';
import { SAMPLES, tempFolder } from '../../support/tempFiles';

const TINY_SENTIMENT = path.resolve(__dirname, '../../fixtures/models/tiny-sentiment');

describe('fm job', function () {
  this.timeout(60_000);
  const tmp = tempFolder();
  const inJobsDir = <T>(work: () => Promise<T>) => withEnv({ FM_JOBS_DIR: path.join(tmp.dir(), 'jobs') }, work);

  it('submits a local evaluation in the foreground, streams its log, and lists it with its metrics', async () => {
    const submit = captureIo();
    const code = await inJobsDir(() =>
      runCli(['job', 'submit', '--task', 'text-classification', '--model', TINY_SENTIMENT, '--test', path.join(SAMPLES, 'reviews.csv'), '--json'], submit),
    );
    assert.equal(code, 0, submit.stderr);
    assert.match(submit.stderr, /scored 60\/60 records/);
    const job = JSON.parse(submit.stdout) as { id: string; status: string; metrics: Record<string, number> };
    assert.equal(job.status, 'completed');
    assert.ok(job.metrics.accuracy !== undefined && job.metrics.accuracy > 0.5);

    const list = captureIo();
    assert.equal(await inJobsDir(() => runCli(['job', 'list'], list)), 0);
    assert.match(list.stdout, new RegExp(`^${job.id}\\tcompleted\\ttext-classification\\tEvaluate tiny-sentiment on reviews\\.csv\\taccuracy=0\\.\\d{4}`, 'm'));

    const logs = captureIo();
    assert.equal(await inJobsDir(() => runCli(['job', 'logs', job.id], logs)), 0);
    assert.match(logs.stdout, /^Evaluating .*tiny-sentiment on .*reviews\.csv[\s\S]*Completed\n$/);
  });

  it('exits 1 with the reason when the model cannot run here, and 2 for usage errors', async () => {
    const curated = captureIo();
    const noCache = { HF_HUB_CACHE: path.join(tmp.dir(), 'no-hub-cache') };
    assert.equal(await withEnv(noCache, () => inJobsDir(() => runCli(['job', 'submit', '--task', 'text-classification', '--model', 'curated/roberta-base', '--test', path.join(SAMPLES, 'reviews.csv')], curated))), 1);
    assert.match(curated.stderr, /roberta-base is a fill-mask model; choose a text classification model\./);
    const notDownloaded = captureIo();
    const sst2 = 'curated/distilbert-base-uncased-finetuned-sst-2-english';
    assert.equal(await withEnv(noCache, () => inJobsDir(() => runCli(['job', 'submit', '--task', 'text-classification', '--model', sst2, '--test', path.join(SAMPLES, 'reviews.csv')], notDownloaded))), 1);
    assert.match(notDownloaded.stderr, /is not on this machine yet: download its ONNX export \(Xenova\/distilbert-base-uncased-finetuned-sst-2-english\) from the Hugging Face Hub first/);
    for (const argv of [['job', 'submit', '--task', 'text-classification', '--model', 'x'], ['job', 'logs'], ['job', 'frob']]) {
      const io = captureIo();
      assert.equal(await inJobsDir(() => runCli(argv, io)), 2, argv.join(' '));
    }
  });
});
