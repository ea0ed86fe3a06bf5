import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SPEC_TAG } from '../../../../src/backends/azure/azureJobs';
import type { Backend, JobService } from '../../../../src/backends/backend';
import type { DataJobSpec, JobLogEvent } from '../../../../src/core/jobs/jobModel';
import { SAMPLE_IDS, type FakeAzureMl, type FakeJob, type FakeWorkspace } from '../../../fakes/azureMl';
import { startAzureFixture, startBlobStorage, type AzureFixture, type BlobStorage, jobsSeed } from '../../../support/azureBackendFixture';
import { SAMPLES } from '../../../support/tempFiles';
import { captureIo } from '../../../support/captureIo';
import { fakeAzureCli, withEnv } from '../../../support/env';
import { runCli } from '../../../../src/cli/main';

/**
 * Contract tests of Azure ML jobs: the real SDK and `@azure/storage-blob` against the fake Azure ML REST API and
 * Azurite (both started here). What is asserted is what the service would receive (job bodies, blobs, data assets)
 * and what the user sees (records, log lines, metrics, errors).
 */

const CONTAINER = 'azureml-blobstore-fm';

const fineTuneSpec = (overrides: Partial<DataJobSpec> = {}): DataJobSpec => ({
  kind: 'fineTune',
  task: 'text-classification',
  modelId: 'azureml/bert-base-uncased',
  data: { file: path.join(SAMPLES, 'reviews.csv'), mapping: { sentence: 'review_text', label: 'sentiment' } },
  settings: { epochs: 2, learningRate: 0.00002, batchSize: 8, maxSequenceLength: 128, seed: 42 },
  compute: 'gpu-cluster',
  ...overrides,
});

async function collect(events: AsyncIterable<JobLogEvent>): Promise<JobLogEvent[]> {
  const all: JobLogEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** A job's life as a test scripts it: steps, logs and metrics, reached one `details` poll at a time. */
function scriptCompletedPipeline(job: FakeJob): void {
  job.status = ['NotStarted', 'Running', 'Running', 'Completed'];
  job.logs = { 'logs/azureml/executionlogs.txt': '[2026-11-29 10:00:00Z] Submitting step finetune\n[2026-11-29 10:09:00Z] Completed\n' };
  job.children = [
    {
      name: `${job.name}-finetune`,
      jobType: 'Command',
      displayName: 'finetune',
      status: ['Running', 'Completed'],
      logs: { 'user_logs/std_log.txt': 'epoch 1 loss 0.61\nepoch 2 loss 0.32\n' },
      metrics: { eval_accuracy: 0.91, train_loss: 0.32 },
    },
  ];
}

describe('Azure ML jobs against the fake Azure ML REST API and Azurite', function () {
  this.timeout(60_000);
  let storage: BlobStorage;
  let fixture: AzureFixture;
  let fake: FakeAzureMl;
  let backend: Backend;
  let jobs: JobService;
  let workspace: FakeWorkspace;

  before(async () => {
    storage = await startBlobStorage(CONTAINER);
  });
  after(async () => storage?.stop());

  beforeEach(async () => {
    const seed = jobsSeed();
    fixture = await startAzureFixture({ seed, storage, backend: { logPollMinMs: 10, logPollMaxMs: 30 } });
    ({ fake, workspace } = fixture);
    backend = await fixture.backend();
    assert.ok(backend.jobs, 'a workspace is chosen, so the backend runs jobs');
    jobs = backend.jobs;
  });
  afterEach(async () => fixture.close());

  const submittedProperties = (name: string): Record<string, unknown> => {
    const job = workspace.jobs?.find((j) => j.name === name);
    assert.ok(job?.spec, `the fake received job ${name}`);
    return job.spec;
  };

  /** The canonical records of a file the job uploaded to the datastore (Azurite), by its `azureml://` URI. */
  const readUploaded = async (uri: string | undefined): Promise<Record<string, unknown>[]> => {
    assert.ok(uri?.startsWith('azureml://datastores/workspaceblobstore/paths/LocalUpload/'), uri);
    const blob = (uri ?? '').slice('azureml://datastores/workspaceblobstore/paths/'.length);
    const text = (await storage.containerClient().getBlockBlobClient(blob).downloadToBuffer()).toString('utf8');
    return text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  };

  it('lists the workspace clusters, GPU ones first, and leaves out attached Kubernetes', async () => {
    const computes = await jobs.computes();
    assert.deepEqual(computes.map((c) => [c.name, c.gpu]), [['gpu-cluster', true], ['cpu-cluster', false]]);
    assert.equal(computes[0]?.description, 'Standard_NC4as_T4_v3 · GPU · 0–2 nodes');
  });

  it('submits a fine-tune: data converted, split and uploaded, the latest registry component, the component input names', async () => {
    const progress: string[] = [];
    const job = await jobs.submit(fineTuneSpec(), { progress: (line) => progress.push(line) });
    assert.equal(job.status, 'queued');
    assert.equal(job.backend, 'azure');
    assert.match(job.displayName, /^Fine-tune bert-base-uncased on reviews\.csv$/);

    const properties = submittedProperties(job.id) as {
      jobType: string;
      experimentName: string;
      tags: Record<string, string>;
      settings: Record<string, unknown>;
      jobs: { finetune: { componentId: string; inputs: Record<string, { job_input_type: string; value?: string; uri?: string }> } };
    };
    assert.equal(properties.jobType, 'Pipeline');
    const node = properties.jobs.finetune;
    assert.equal(node.componentId, 'azureml://registries/azureml/components/text_classification_pipeline/versions/0.0.80');
    assert.deepEqual(node.inputs.mlflow_model_path, { job_input_type: 'mlflow_model', uri: 'azureml://registries/azureml/models/bert-base-uncased/versions/19' });
    for (const [input, value] of Object.entries({ sentence1_key: 'sentence', label_key: 'label', num_train_epochs: '2', learning_rate: '0.00002', per_device_train_batch_size: '8', compute_finetune: 'gpu-cluster' })) {
      assert.deepEqual(node.inputs[input], { job_input_type: 'literal', value }, input);
    }
    assert.match(String(properties.settings.default_compute), /\/workspaces\/fm-dev\/computes\/gpu-cluster$/);
    assert.equal(JSON.parse(properties.tags[SPEC_TAG] ?? '{}').data.file, 'reviews.csv', 'the tag names the file, not the path on this machine');

    // The uploaded training and validation files hold every valid record, canonical, 80/20.
    const read = async (uri: string | undefined) => {
      assert.ok(uri?.startsWith('azureml://datastores/workspaceblobstore/paths/LocalUpload/'), uri);
      const blob = (uri ?? '').slice('azureml://datastores/workspaceblobstore/paths/'.length);
      const text = (await storage.containerClient().getBlockBlobClient(blob).downloadToBuffer()).toString('utf8');
      return text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    };
    const train = await read(node.inputs.train_file_path?.uri);
    const validation = await read(node.inputs.validation_file_path?.uri);
    const total = readFileSync(path.join(SAMPLES, 'reviews.csv'), 'utf8').trim().split('\n').length - 1;
    assert.equal(train.length + validation.length, total);
    assert.ok(Math.abs(train.length / total - 0.8) < 0.1, `${train.length} of ${total} for training`);
    assert.deepEqual(Object.keys(train[0] ?? {}).sort(), ['label', 'sentence']);
    assert.ok(workspace.dataAssets?.some((asset) => asset.name === 'fm-text-classification-train' && asset.versions.length === 1));
    assert.ok(progress.some((line) => line.startsWith('Uploading')), progress.join('\n'));

    const listed = await jobs.list();
    assert.deepEqual(listed.map((j) => j.id), [job.id], 'the list holds the jobs this extension submitted');
  });

  it('nests question-answering answers as SQuAD does for the component', async () => {
    const job = await jobs.submit(
      fineTuneSpec({
        task: 'question-answering',
        modelId: 'azureml/deepset-roberta-base-squad2',
        data: { file: path.join(SAMPLES, 'qa.jsonl'), mapping: { question: 'query', context: 'passage', answer_text: 'answers.text', answer_start: 'answers.answer_start' } },
        settings: undefined,
      }),
    );
    const node = (submittedProperties(job.id) as { jobs: { finetune: { inputs: Record<string, { uri?: string; value?: string }> } } }).jobs.finetune;
    assert.equal(node.inputs.answers_key?.value, 'answers');
    const blob = (node.inputs.train_file_path?.uri ?? '').slice('azureml://datastores/workspaceblobstore/paths/'.length);
    const first = JSON.parse((await storage.containerClient().getBlockBlobClient(blob).downloadToBuffer()).toString('utf8').split('\n')[0] ?? '{}') as {
      answers: { answer_start: number[]; text: string[] };
      context: string;
    };
    const start = first.answers.answer_start[0] ?? -1;
    const text = first.answers.text[0] ?? '';
    assert.equal(first.context.slice(start, start + text.length), text, 'the answer sits at answer_start in the context');
  });

  it('follows a pipeline to its end: step logs with their source, status, metrics from MLflow, then registers the model once', async () => {
    fake.onJobCreated = scriptCompletedPipeline;
    const job = await jobs.submit(fineTuneSpec());
    const changes: string[] = [];
    const subscription = jobs.onDidChange((record) => changes.push(record.status));
    const events = await collect(jobs.follow(job.id));
    subscription.dispose();

    const lines = events.filter((e) => e.type === 'line');
    assert.deepEqual(lines.filter((l) => l.source === undefined).map((l) => l.text), ['[2026-11-29 10:00:00Z] Submitting step finetune', '[2026-11-29 10:09:00Z] Completed']);
    assert.deepEqual(lines.filter((l) => l.source === `${job.id}-finetune`).map((l) => l.text), ['epoch 1 loss 0.61', 'epoch 2 loss 0.32']);
    assert.deepEqual(events.filter((e) => e.type === 'status').map((e) => e.status), ['queued', 'running', 'completed']);
    assert.deepEqual(events.at(-1), { type: 'end', status: 'completed', error: undefined });
    assert.ok(changes.includes('completed'), 'the Jobs view hears of the end');

    const done = await jobs.get(job.id);
    assert.equal(done?.status, 'completed');
    assert.deepEqual(done?.metrics, { eval_accuracy: 0.91, train_loss: 0.32 });
    assert.equal(done?.outputs?.model, `azureml://jobs/${job.id}/outputs/trained_model`);
    assert.ok(done?.startedAt && done.endedAt && done.endedAt > done.startedAt);

    assert.equal(await jobs.registerModel(job.id, 'reviews-sentiment'), 'workspace/fm-dev/reviews-sentiment');
    const registered = workspace.models.find((m) => m.name === 'reviews-sentiment');
    assert.deepEqual(registered?.versions.map((v) => [v.version, v.modelType, v.modelUri]), [['1', 'mlflow_model', `azureml://jobs/${job.id}/outputs/trained_model`]]);
    await assert.rejects(jobs.registerModel(job.id, 'reviews-sentiment'), /already registered in fm-dev; choose another name/);
    await assert.rejects(jobs.registerModel(job.id, 'bad name!'), /not a valid model name/);
    assert.equal(workspace.models.find((m) => m.name === 'reviews-sentiment')?.versions.length, 1, 'nothing was replaced');
  });

  it('shows a failed job its error lines and the run error', async () => {
    fake.onJobCreated = (job) => {
      job.status = ['Running', 'Failed'];
      job.error = 'Execution failed. User process exited with status 1: CUDA out of memory.';
      job.logs = { 'user_logs/std_log.txt': 'Loading model\nTraceback (most recent call last):\ntorch.OutOfMemoryError: CUDA out of memory.\n' };
    };
    const job = await jobs.submit(fineTuneSpec());
    const events = await collect(jobs.follow(job.id));
    const lines = events.filter((e) => e.type === 'line').map((e) => e.text);
    assert.ok(lines.includes('torch.OutOfMemoryError: CUDA out of memory.'));
    assert.deepEqual(events.at(-1), { type: 'end', status: 'failed', error: 'Execution failed. User process exited with status 1: CUDA out of memory.' });
    assert.equal((await jobs.get(job.id))?.error, 'Execution failed. User process exited with status 1: CUDA out of memory.');
  });

  it('resumes a stopped stream from its saved position with no line lost or repeated', async () => {
    fake.onJobCreated = (job) => {
      job.status = 'Running';
      job.logs = { 'user_logs/std_log.txt': 'line 1\nline 2\n' };
    };
    const job = await jobs.submit(fineTuneSpec());
    let position: unknown;
    const stop = new AbortController();
    const first: string[] = [];
    for await (const event of jobs.follow(job.id, { signal: stop.signal, onPosition: (p) => (position = p) })) {
      if (event.type === 'line') first.push(event.text);
      if (first.length === 2) stop.abort();
    }
    fake.appendLog(job.id, 'user_logs/std_log.txt', 'line 3\nline 4\n');
    fake.setJobStatus(job.id, 'Completed');
    const rest = (await collect(jobs.follow(job.id, { position }))).filter((e) => e.type === 'line').map((e) => e.text);
    assert.deepEqual([...first, ...rest], ['line 1', 'line 2', 'line 3', 'line 4']);
  });

  it('carries the user\'s own validation and test files into the pipeline; the training file is then all training data', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'fm-azure-own-files-'));
    try {
      const validationFile = path.join(folder, 'held-out.csv');
      const testFile = path.join(folder, 'final-test.csv');
      writeFileSync(validationFile, 'review_text,sentiment\nGreat value,positive\nBroke in a week,negative\nIt is fine,neutral\n');
      writeFileSync(testFile, 'review_text,sentiment\nLove it,positive\nNever again,negative\n');
      const job = await jobs.submit(fineTuneSpec({ data: { ...fineTuneSpec().data, validationFile, testFile } }));
      const inputs = (submittedProperties(job.id) as { jobs: { finetune: { inputs: Record<string, { uri?: string }> } } }).jobs.finetune.inputs;
      const total = readFileSync(path.join(SAMPLES, 'reviews.csv'), 'utf8').trim().split('\n').length - 1;
      assert.equal((await readUploaded(inputs.train_file_path?.uri)).length, total);
      assert.deepEqual((await readUploaded(inputs.validation_file_path?.uri)).map((r) => r.sentence), ['Great value', 'Broke in a week', 'It is fine']);
      assert.deepEqual(await readUploaded(inputs.test_file_path?.uri), [{ sentence: 'Love it', label: 'positive' }, { sentence: 'Never again', label: 'negative' }]);
      const tag = JSON.parse((submittedProperties(job.id) as { tags: Record<string, string> }).tags[SPEC_TAG] ?? '{}') as { data: Record<string, string> };
      assert.deepEqual([tag.data.validationFile, tag.data.testFile], ['held-out.csv', 'final-test.csv'], 'the tag names the files, not their paths');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('cancels a running job', async () => {
    fake.onJobCreated = (job) => {
      job.status = 'Running';
    };
    const job = await jobs.submit(fineTuneSpec());
    await jobs.cancel(job.id);
    assert.equal(fake.jobStatus(job.id), 'Canceled');
    assert.equal((await jobs.get(job.id))?.status, 'canceled');
  });

  it('submits an evaluation as model_prediction then compute_metrics with every valid record as test data', async () => {
    // A text classifier of the workspace: evaluation scores a model on its own task.
    const job = await jobs.submit({ ...fineTuneSpec(), kind: 'evaluate', modelId: 'workspace/fm-dev/emotion-detection-bert', settings: undefined, compute: 'cpu-cluster' });
    const nodes = (submittedProperties(job.id) as { jobs: Record<string, { componentId: string; inputs: Record<string, { value?: string; uri?: string }> }> }).jobs;
    const predict = nodes.predict;
    assert.equal(predict?.componentId, 'azureml://registries/azureml/components/model_prediction/versions/0.0.37');
    assert.equal(predict?.inputs.task?.value, 'text-classification');
    assert.equal(predict?.inputs.input_column_names?.value, 'sentence');
    assert.equal(predict?.inputs.label_column_name?.value, 'label');
    assert.match(predict?.inputs.test_data?.uri ?? '', /^azureml:\/\/datastores\/workspaceblobstore\/paths\/LocalUpload\/[0-9a-f]{32}\/test\.jsonl$/);
    const test = await readUploaded(predict?.inputs.test_data?.uri);
    assert.equal(test.length, readFileSync(path.join(SAMPLES, 'reviews.csv'), 'utf8').trim().split('\n').length - 1);
  });

  it('refuses data with problems, saying where, and submits nothing', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'fm-azure-bad-'));
    try {
      const file = path.join(folder, 'bad.csv');
      writeFileSync(file, 'text,label\ngood one,positive\n,negative\n');
      await assert.rejects(
        jobs.submit(fineTuneSpec({ data: { file, mapping: { sentence: 'text', label: 'label' } } })),
        /problems? in bad\.csv, first: .*bad\.csv:3: sentence: is empty/,
      );
      assert.equal(workspace.jobs?.length ?? 0, 0);
      assert.ok(!fake.requests.some((r) => r.method === 'PUT' && r.path.includes('/jobs/')));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('imports a Hugging Face model with the registry import pipeline, and refuses a malformed id before any request', async () => {
    await assert.rejects(jobs.submit({ kind: 'import', modelId: 'not a model id', importTask: 'fill-mask' }), /owner\/name with exactly one "\/"/);
    assert.ok(!fake.requests.some((r) => r.method === 'PUT'));
    const job = await jobs.submit({ kind: 'import', modelId: 'dslim/bert-base-NER', importTask: 'token-classification', compute: 'cpu-cluster' });
    assert.equal(job.displayName, 'Import dslim/bert-base-NER');
    assert.match(job.id, /^import-\d{8}-\d{6}-[0-9a-z]{4}$/);
    const properties = submittedProperties(job.id) as { identity: { identityType: string }; jobs: { import_model: { componentId: string; inputs: Record<string, { value?: string }> } } };
    assert.deepEqual(properties.identity, { identityType: 'UserIdentity' });
    const node = properties.jobs.import_model;
    assert.equal(node.componentId, 'azureml://registries/azureml/components/import_model/versions/0.0.42');
    assert.deepEqual(Object.fromEntries(Object.entries(node.inputs).map(([key, input]) => [key, input.value])), {
      model_id: 'dslim/bert-base-NER',
      model_source: 'Huggingface',
      task_name: 'token-classification',
      compute: 'cpu-cluster',
      custom_model_name: 'dslim-bert-base-NER',
    });
    assert.deepEqual((await jobs.list()).map((j) => [j.id, j.spec.kind]), [[job.id, 'import']]);
  });

  it('scores a file with a batch endpoint: the file uploaded, the endpoint invoked, the batch job listed and followed to its end', async () => {
    const endpoints = backend.endpoints;
    assert.ok(endpoints?.invokeBatch);
    workspace.batchEndpoints = [{ name: 'nightly', defaultDeployment: 'v1', deployments: [{ name: 'v1', model: 'azureml://registries/azureml/models/bert-base-uncased/versions/19', compute: 'cpu-cluster', instanceCount: 1 }] }];
    const progress: string[] = [];
    const { jobName } = await endpoints.invokeBatch('nightly', path.join(SAMPLES, 'reviews.csv'), { progress: (line) => progress.push(line) });
    assert.ok(progress.includes('Invoking nightly'), progress.join('\n'));
    const invocation = fake.requests.find((r) => r.method === 'POST' && r.path === '/batchEndpoints/nightly/jobs');
    assert.ok(invocation, 'the endpoint was invoked at its scoring URI');
    assert.equal(invocation.authorization, `Bearer ${fake.tokenFor('https://ml.azure.com/.default')}`, 'a token for the Azure ML resource');
    const listed = await jobs.list();
    const job = listed.find((j) => j.id === jobName);
    assert.deepEqual(job?.spec, { kind: 'batchScore', endpoint: 'nightly', dataFile: 'reviews.csv' });
    const events = await collect(jobs.follow(jobName));
    assert.match(events.filter((e) => e.type === 'line').map((e) => e.text).join('\n'), /^Scoring azureml:\/\/datastores\/workspaceblobstore\/paths\/LocalUpload\/[0-9a-f]{32}\/reviews\.csv with deployment v1/);
    assert.deepEqual(events.at(-1), { type: 'end', status: 'completed', error: undefined });
    await assert.rejects(endpoints.invokeBatch('no-such-endpoint', path.join(SAMPLES, 'reviews.csv')), /No batch endpoint no-such-endpoint in workspace fm-dev/);
  });

  it('needs a compute and an Azure model asset before it uploads anything', async () => {
    await assert.rejects(jobs.submit(fineTuneSpec({ compute: undefined })), /Choose a compute cluster/);
    await assert.rejects(jobs.submit(fineTuneSpec({ modelId: 'azureml/no-such-model' })), /not in the Azure catalog/);
    assert.ok(!fake.requests.some((r) => r.path.endsWith('/listSecrets')));
  });

  it('fm job submit --backend azure --wait streams the log and exits 0; list, logs and cancel work by id', async () => {
    fake.onJobCreated = scriptCompletedPipeline;
    const customCloud = fixture.customCloud(); // before the stand-in az takes the fake's tokens
    const az = fakeAzureCli(fake.cliTokens());
    const cacheRoot = mkdtempSync(path.join(os.tmpdir(), 'fm-azure-cli-'));
    const workspaceFlags = ['--backend', 'azure', '--cloud', 'Custom', '--registry', 'azureml', '--subscription', SAMPLE_IDS.devSubscription, '--resource-group', 'rg-foundation-models', '--workspace', 'fm-dev'];
    const env = { AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential', PATH: `${az.bin}:${process.env.PATH ?? ''}`, FM_AZURE_CUSTOM_CLOUD: JSON.stringify(customCloud), FM_CACHE_DIR: cacheRoot };
    try {
      await withEnv(env, async () => {
        const submit = captureIo();
        const code = await runCli(
          ['job', 'submit', ...workspaceFlags, '--task', 'text-classification', '--model', 'azureml/bert-base-uncased', '--train', path.join(SAMPLES, 'reviews.csv'), '--map', 'sentence=review_text,label=sentiment', '--compute', 'gpu-cluster', '--epochs', '1', '--wait', '--json'],
          submit,
        );
        assert.equal(code, 0, submit.stderr);
        const job = JSON.parse(submit.stdout) as { id: string; status: string; metrics: Record<string, number> };
        assert.equal(job.status, 'completed');
        assert.deepEqual(job.metrics, { eval_accuracy: 0.91, train_loss: 0.32 });
        assert.match(submit.stderr, new RegExp(`\\[${job.id}-finetune\\] epoch 2 loss 0\\.32`));
        const properties = submittedProperties(job.id) as { jobs: { finetune: { inputs: Record<string, { value?: string }> } } };
        assert.equal(properties.jobs.finetune.inputs.num_train_epochs?.value, '1');

        const list = captureIo();
        assert.equal(await runCli(['job', 'list', ...workspaceFlags], list), 0, list.stderr);
        assert.match(list.stdout, new RegExp(`^${job.id}\\tcompleted\\ttext-classification\\t`));

        const logs = captureIo();
        assert.equal(await runCli(['job', 'logs', job.id, ...workspaceFlags], logs), 0, logs.stderr);
        assert.match(logs.stdout, /Submitting step finetune/);

        fake.onJobCreated = (next) => {
          next.status = 'Running';
        };
        const second = captureIo();
        assert.equal(await runCli(['job', 'submit', ...workspaceFlags, '--task', 'text-classification', '--model', 'azureml/bert-base-uncased', '--train', path.join(SAMPLES, 'reviews.csv'), '--map', 'sentence=review_text,label=sentiment', '--compute', 'gpu-cluster'], second), 0, second.stderr);
        const id = second.stdout.split('\t')[0] ?? '';
        const cancel = captureIo();
        assert.equal(await runCli(['job', 'cancel', id, ...workspaceFlags], cancel), 0, cancel.stderr);
        assert.match(cancel.stdout, new RegExp(`^${id}\\tcanceled`));
      });
    } finally {
      az.dispose();
      rmSync(cacheRoot, { recursive: true, force: true });
    }
  });
});
