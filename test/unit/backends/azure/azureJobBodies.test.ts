import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JobService } from '../../../../src/backends/backend';
import type { DataJobSpec } from '../../../../src/core/jobs/jobModel';
import { SAMPLE_IDS, type FakeAzureMl, type FakeWorkspace } from '../../../fakes/azureMl';
import { startAzureFixture, type AzureFixture, jobsSeed } from '../../../support/azureBackendFixture';
import { reviewsFineTune } from '../../../support/azureJobSpecs';
import { SAMPLES } from '../../../support/tempFiles';

/**
 * The job bodies the Azure backend PUTs, as the strict fake checks them against the `azureml` registry's component
 * interfaces (test/fixtures/azureml/components): audit F2, F5, F6, F10, F12, F14 and F15 (input modes).
 */

const WS = `/subscriptions/${SAMPLE_IDS.devSubscription}/resourceGroups/rg-foundation-models/providers/Microsoft.MachineLearningServices/workspaces/fm-dev`;

type NodeInputs = Record<string, { job_input_type: string; value?: string; uri?: string; mode?: string }>;
interface Node {
  type: string;
  componentId: string;
  inputs: NodeInputs;
  outputs: Record<string, { type: string; value: string }>;
}
interface Properties {
  jobType: string;
  settings: Record<string, unknown>;
  outputs: Record<string, { jobOutputType: string; uri?: string }>;
  jobs: Record<string, Node>;
}

const fineTune = reviewsFineTune;

describe('Azure ML job bodies against the components they run (strict fake)', function () {
  this.timeout(60_000);
  let fixture: AzureFixture;
  let fake: FakeAzureMl;
  let workspace: FakeWorkspace;
  let jobs: JobService;

  beforeEach(async () => {
    const seed = jobsSeed();
    fixture = await startAzureFixture({ seed, storage: 'identity' });
    ({ fake, workspace } = fixture);
    const backend = await fixture.backend();
    assert.ok(backend.jobs);
    jobs = backend.jobs;
  });
  afterEach(async () => fixture.close());

  const properties = (id: string): Properties => {
    const job = workspace.jobs?.find((j) => j.name === id);
    assert.ok(job?.spec, `the fake accepted job ${id}`);
    return job.spec as unknown as Properties;
  };

  it('F14: names the cluster by its ARM id in settings.default_compute', async () => {
    const job = await jobs.submit(fineTune());
    assert.equal(properties(job.id).settings.default_compute, `${WS}/computes/gpu-cluster`);
  });

  it('F15: leaves the input mode to the component (no ReadOnlyMount forced on rw_mount inputs)', async () => {
    const job = await jobs.submit(fineTune());
    const inputs = properties(job.id).jobs.finetune?.inputs ?? {};
    for (const name of ['mlflow_model_path', 'train_file_path', 'validation_file_path', 'test_file_path']) {
      assert.ok(inputs[name]?.uri, `${name} is bound`);
      assert.equal(inputs[name]?.mode, undefined, `${name} has no mode`);
    }
  });

  it('F5: sends a test file whenever there is a validation file, so the component carves nothing off the training data', async () => {
    const job = await jobs.submit(fineTune());
    const inputs = properties(job.id).jobs.finetune?.inputs ?? {};
    assert.ok(inputs.validation_file_path?.uri);
    assert.equal(inputs.test_file_path?.uri, inputs.validation_file_path?.uri, 'the validation file is the test file too');
  });

  it('F15: runs the most recently created version of a component, as label "latest" does', async () => {
    const components = fake.seed.registries[0]?.components ?? [];
    const textClassification = components.find((c) => c.name === 'text_classification_pipeline');
    assert.ok(textClassification);
    // The container still says 0.0.79 (as published); 0.0.80 was created after it.
    textClassification.latestVersion = '0.0.79';
    const job = await jobs.submit(fineTune());
    assert.match(properties(job.id).jobs.finetune?.componentId ?? '', /\/text_classification_pipeline\/versions\/0\.0\.80$/);
  });

  it('F15: follows a nextLink that lost its api-version by putting it back', async () => {
    fake.nextLinkApiVersion = false;
    const listed = await jobs.computes();
    assert.deepEqual(listed.map((c) => c.name).sort(), ['cpu-cluster', 'gpu-cluster']);
  });

  it('F6: imports serverless on a current VM size, named explicitly', async () => {
    const job = await jobs.submit({ kind: 'import', modelId: 'dslim/bert-base-NER', importTask: 'token-classification', compute: 'serverless' });
    const node = properties(job.id).jobs.import_model;
    assert.equal(node?.inputs.compute?.value, 'serverless');
    assert.equal(node?.inputs.instance_type?.value, 'Standard_E4s_v3');
    assert.equal(properties(job.id).settings.default_compute, 'serverless');
  });

  it('F2: evaluates with model_prediction then compute_metrics, binding predictions and ground truth, the task named', async () => {
    const job = await jobs.submit({ ...fineTune(), kind: 'evaluate', modelId: 'workspace/fm-dev/emotion-detection-bert', compute: 'cpu-cluster' });
    const { jobs: nodes, outputs } = properties(job.id);
    assert.deepEqual(Object.keys(nodes).sort(), ['predict', 'score']);
    assert.equal(nodes.predict?.type, 'command');
    assert.match(nodes.predict?.componentId ?? '', /\/components\/model_prediction\/versions\/0\.0\.37$/);
    assert.match(nodes.score?.componentId ?? '', /\/components\/compute_metrics\/versions\/0\.0\.36$/);
    assert.equal(nodes.predict?.inputs.task?.value, 'text-classification', 'task is named: it defaults to tabular-classification');
    assert.equal(nodes.score?.inputs.task?.value, 'text-classification');
    assert.equal(nodes.score?.inputs.prediction?.value, '${{parent.jobs.predict.outputs.predictions}}');
    assert.equal(nodes.score?.inputs.ground_truth?.value, '${{parent.jobs.predict.outputs.ground_truth}}');
    assert.equal(nodes.score?.inputs.prediction_probabilities?.value, '${{parent.jobs.predict.outputs.prediction_probabilities}}');
    assert.equal(nodes.predict?.inputs.label_column_name?.value, 'label');
    assert.equal(nodes.score?.inputs.ground_truth_column_name?.value, 'label');
    assert.match(outputs.predictions?.uri ?? '', new RegExp(`^azureml://datastores/workspaceblobstore/paths/foundation-models/evaluations/${job.id}/predictions\\.jsonl$`));
  });

  it('F2: scores a completed evaluation\'s predictions with our own metrics: the full report the metrics view reads', async () => {
    fake.onJobCreated = (job) => {
      job.status = ['Running', 'Completed'];
    };
    const job = await jobs.submit({ ...fineTune(), kind: 'evaluate', modelId: 'workspace/fm-dev/emotion-detection-bert', compute: 'cpu-cluster' });
    fake.setJobStatus(job.id, 'Completed');
    const done = await jobs.get(job.id);
    assert.equal(done?.status, 'completed');
    const accuracy = done?.metrics?.accuracy ?? 0;
    assert.ok(accuracy > 0.5 && accuracy < 1, `accuracy ${accuracy}: the fake's model errs on every fourth row`);
    assert.ok(done?.outputs?.metrics, 'the report is a file');
    const report = JSON.parse(readFileSync(done.outputs.metrics, 'utf8')) as { count: number; perClass: unknown[]; confusionMatrix: unknown };
    assert.equal(report.count, readFileSync(path.join(SAMPLES, 'reviews.csv'), 'utf8').trim().split('\n').length - 1);
    assert.ok(report.perClass.length >= 2 && report.confusionMatrix, 'per class and a confusion matrix, as for a local evaluation');
  });

  it('F10: tells model_prediction a translation\'s languages and a summarization\'s truncation (evaluation_config_params)', async () => {
    const translation = await jobs.submit({
      kind: 'evaluate',
      task: 'translation',
      modelId: 'azureml/t5-small',
      data: { file: path.join(SAMPLES, 'en-ro.csv'), mapping: { source: 'english', target: 'romanian' } },
      languages: { source: 'en', target: 'ro' },
      compute: 'cpu-cluster',
    });
    const params = (id: string) => JSON.parse(properties(id).jobs.predict?.inputs.evaluation_config_params?.value ?? '{}') as Record<string, unknown>;
    assert.deepEqual(params(translation.id), { source_lang: 'en', target_lang: 'ro' });
    const summarization = await jobs.submit({
      kind: 'evaluate',
      task: 'summarization',
      modelId: 'azureml/facebook-bart-large-cnn',
      data: { file: path.join(SAMPLES, 'news-summaries.tsv'), mapping: { document: 'article', summary: 'highlights' } },
      compute: 'cpu-cluster',
    });
    assert.deepEqual(params(summarization.id), { tokenizer_config: { truncation: true } });
  });

  it('F12: names a workspace model by its ARM id in a job input', async () => {
    const job = await jobs.submit({ ...fineTune(), kind: 'evaluate', modelId: 'workspace/fm-dev/emotion-detection-bert', compute: 'cpu-cluster' });
    assert.equal(properties(job.id).jobs.predict?.inputs.mlflow_model?.uri, `${WS}/models/emotion-detection-bert/versions/2`);
  });
});
