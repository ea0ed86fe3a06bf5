import assert from 'node:assert/strict';
import path from 'node:path';
import { parse } from 'yaml';
import { AZURE_CODE } from '../../../../src/backends/azure/azureCode';
import { cliCompute, cliLiteral, cliModel, pipelineJobYaml } from '../../../../src/backends/azure/azureCliYaml';
import type { RegistryPipelineJobBody } from '../../../../src/backends/azure/registryPipelineJob';
import type { Backend, DeployRequest } from '../../../../src/backends/backend';
import type { BackendOptions } from '../../../../src/backends/registry';
import type { DataFile, JobCode } from '../../../../src/core/code/jobCode';
import type { DataJobSpec } from '../../../../src/core/jobs/jobModel';
import type { FakeAzureMl, FakeWorkspace } from '../../../fakes/azureMl';
import { jobsSeed, startAzureFixture, type AzureFixture } from '../../../support/azureBackendFixture';
import { blockText } from '../../../support/cliYaml';
import { SAMPLES, tempFolder } from '../../../support/tempFiles';

/**
 * Show Code cannot drift from what the Azure backend does: the same job is submitted to the strict fake and written as
 * YAML, and the two agree in everything but what Azure decides at submission (the uploaded data's URIs, the components'
 * resolved versions, the job's name and default datastore), which the YAML leaves to `az ml` (local paths, `labels/latest`,
 * `${{name}}`, `${{default_datastore}}`). Likewise a deployment's endpoint and deployment bodies.
 */

type Json = Record<string, unknown>;

/** The submitted body with what only a submission knows put as the YAML puts it: data paths, labels, expressions. */
function asShownBeforeSubmission(body: RegistryPipelineJobBody, jobName: string, files: Readonly<Record<string, string>>): Json {
  const properties = JSON.parse(JSON.stringify(body.properties).replaceAll(`/evaluations/${jobName}/`, '/evaluations/${{name}}/').replace(/azureml:\/\/datastores\/workspaceblobstore\//g, 'azureml://datastores/${{default_datastore}}/')) as RegistryPipelineJobBody['properties'];
  const jobs = Object.fromEntries(
    Object.entries(properties.jobs).map(([name, node]) => [
      name,
      {
        ...node,
        componentId: node.componentId.replace(/\/versions\/[^/]+$/, '/labels/latest'),
        inputs: Object.fromEntries(Object.entries(node.inputs).map(([input, value]) => [input, value.job_input_type === 'uri_file' ? { ...value, uri: files[input] ?? value.uri } : value])),
      },
    ]),
  );
  return pipelineJobYaml({ properties: { ...properties, jobs } });
}

const sample = (name: string) => path.join(SAMPLES, name);

interface Case {
  readonly spec: DataJobSpec;
  /** The component input that reads each file of the spec. */
  readonly inputs: Readonly<Record<string, string>>;
}

const CASES: readonly Case[] = [
  {
    spec: { kind: 'fineTune', task: 'text-classification', modelId: 'azureml/bert-base-uncased', data: { file: sample('reviews.csv'), validationFile: sample('reviews.csv'), mapping: { sentence: 'review_text', label: 'sentiment' } }, compute: 'gpu-cluster', settings: { learningRate: 3e-5, epochs: 2, batchSize: 8, maxSequenceLength: 128, seed: 7 } },
    inputs: { train_file_path: sample('reviews.csv'), validation_file_path: sample('reviews.csv'), test_file_path: sample('reviews.csv') },
  },
  {
    spec: { kind: 'fineTune', task: 'translation', modelId: 'azureml/t5-small', data: { file: sample('en-ro.csv'), validationFile: sample('en-ro.csv'), mapping: { source: 'english', target: 'romanian' } }, languages: { source: 'en', target: 'ro' }, compute: 'gpu-cluster' },
    inputs: { train_file_path: sample('en-ro.csv'), validation_file_path: sample('en-ro.csv'), test_file_path: sample('en-ro.csv') },
  },
  {
    spec: { kind: 'evaluate', task: 'text-classification', modelId: 'workspace/fm-dev/emotion-detection-bert', data: { file: sample('reviews.csv'), mapping: { sentence: 'review_text', label: 'sentiment' } }, compute: 'cpu-cluster' },
    inputs: { test_data: sample('reviews.csv') },
  },
  {
    spec: { kind: 'evaluate', task: 'question-answering', modelId: 'azureml/deepset-roberta-base-squad2', data: { file: sample('qa.jsonl'), mapping: { question: 'query', context: 'passage', answer_text: 'answers.text', answer_start: 'answers.answer_start' } }, compute: 'cpu-cluster' },
    inputs: { test_data: sample('qa.jsonl') },
  },
];

describe('Show Code against the Azure backend: the YAML is the body it submits', function () {
  this.timeout(60_000);
  let fixture: AzureFixture;
  let fake: FakeAzureMl;
  let workspace: FakeWorkspace;
  let backend: Backend;
  let options: BackendOptions;
  const tmp = tempFolder();

  beforeEach(async () => {
    fixture = await startAzureFixture({ seed: jobsSeed(), storage: 'identity' });
    ({ fake, workspace } = fixture);
    backend = await fixture.backend();
    options = { azure: fixture.options() };
  });
  afterEach(async () => fixture.close());

  for (const { spec, inputs } of CASES) {
    it(`${spec.kind === 'fineTune' ? 'fine-tunes' : 'evaluates'} ${spec.task} on ${spec.modelId} as the backend submits it`, async () => {
      const model = await backend.catalog.get(spec.modelId);
      assert.ok(model && backend.jobs);
      const submitted = await backend.jobs.submit(spec);
      const body = { properties: workspace.jobs?.find((j) => j.name === submitted.id)?.spec } as unknown as RegistryPipelineJobBody;
      assert.ok(body.properties, 'the fake accepted the job');
      const files: DataFile[] = [...new Set(Object.values(inputs))].map((file) => ({ part: 'train', path: file, record: {} }));
      const request: JobCode = { spec, model, files };
      const yaml = parse(blockText(AZURE_CODE.job?.(request, options) ?? [], spec.kind === 'fineTune' ? 'finetune-job.yml' : 'evaluate-job.yml')) as Json;
      assert.deepEqual(yaml, asShownBeforeSubmission(body, submitted.id, inputs));
    });
  }

  it('puts the ARM ids the backend sends in the forms the CLI reads', async () => {
    const spec = CASES[2]?.spec;
    assert.ok(spec && backend.jobs);
    const submitted = await backend.jobs.submit(spec);
    const sent = workspace.jobs?.find((j) => j.name === submitted.id)?.spec as unknown as RegistryPipelineJobBody['properties'];
    assert.match(sent.settings.default_compute, /^\/subscriptions\/.*\/computes\/cpu-cluster$/);
    assert.equal(cliCompute(sent.settings.default_compute), 'azureml:cpu-cluster');
    const model = sent.jobs.predict?.inputs.mlflow_model;
    assert.ok(model && model.job_input_type === 'mlflow_model');
    assert.equal(cliModel(model.uri), 'azureml:emotion-detection-bert:2');
    assert.equal(cliLiteral(sent.jobs.predict?.inputs.device?.job_input_type === 'literal' ? sent.jobs.predict.inputs.device.value : ''), 'auto');
  });

  it('deploys online and to batch with the bodies Deploy sends, on the size the backend recommends', async () => {
    const endpoints = backend.endpoints;
    assert.ok(endpoints);
    const model = await backend.catalog.get('azureml/bert-base-uncased');
    assert.ok(model);
    const recommended = (await endpoints.instanceTypes(model.id, 'online')).find((choice) => choice.recommended)?.name;
    const cases: Array<{ request: DeployRequest; instanceType?: string | undefined }> = [
      { request: { modelId: model.id, kind: 'online', endpointName: 'bert-online', instanceCount: 2 }, instanceType: recommended },
      { request: { modelId: model.id, kind: 'batch', endpointName: 'bert-batch', instanceCount: 3, compute: 'cpu-cluster' } },
    ];
    for (const { request, instanceType } of cases) {
      await endpoints.deploy(request);
      const sections = AZURE_CODE.deployment?.({ model, kind: request.kind, endpointName: request.endpointName, instanceCount: request.instanceCount, instanceType, compute: request.compute }, options) ?? [];
      const collection = request.kind === 'online' ? 'onlineEndpoints' : 'batchEndpoints';
      const sent = (tail: string) => fake.requests.find((r) => r.method === 'PUT' && r.path.endsWith(`/${collection}/${request.endpointName}${tail}`))?.body as Json;
      const endpoint = parse(blockText(sections, 'endpoint.yml')) as Json;
      const deployment = parse(blockText(sections, 'deployment.yml')) as Json;
      const sentEndpoint = sent('') as { tags: Json; properties: Json };
      assert.deepEqual(endpoint.tags, sentEndpoint.tags);
      assert.equal(endpoint.description, sentEndpoint.properties.description);
      const sentDeployment = sent('/deployments/default') as { sku?: { capacity: number }; properties: Json & { model?: string; instanceType?: string; compute?: string; resources?: { instanceCount: number } } };
      if (request.kind === 'online') {
        assert.ok(recommended, 'the model recommends a size');
        assert.deepEqual([deployment.model, deployment.instance_type, deployment.instance_count], [cliModel(sentDeployment.properties.model ?? ''), sentDeployment.properties.instanceType, sentDeployment.sku?.capacity]);
      } else {
        assert.deepEqual([deployment.compute, (deployment.resources as Json).instance_count], [cliCompute(sentDeployment.properties.compute ?? ''), sentDeployment.properties.resources?.instanceCount]);
      }
    }
  });

  it('writes a file the user names with quotes and spaces as the path az ml uploads', () => {
    const file = tmp.write("my 'reviews' \"2026\".jsonl", '{"sentence":"Great","label":"positive"}\n');
    const spec: DataJobSpec = { kind: 'evaluate', task: 'text-classification', modelId: 'azureml/bert-base-uncased', data: { file, mapping: { sentence: 'sentence', label: 'label' } } };
    const model = { id: 'azureml/bert-base-uncased', name: 'bert-base-uncased', collection: 'azureml' as const, task: 'text-classification', fineTuningTasks: [], license: 'mit', description: '', source: 'azureml://registries/azureml/models/bert-base-uncased/versions/19' };
    const yaml = parse(blockText(AZURE_CODE.job?.({ spec, model, files: [{ part: 'test', path: file, record: {} }] }, options) ?? [], 'evaluate-job.yml')) as { jobs: { predict: { inputs: { test_data: { path: string } } } } };
    assert.equal(yaml.jobs.predict.inputs.test_data.path, file);
  });
});
