import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { AZURE_CODE, azureModelOf } from '../../../../src/backends/azure/azureCode';
import { cliCompute, cliDurationMs, cliEnum, cliLiteral, cliMode, cliModel, yamlText } from '../../../../src/backends/azure/azureCliYaml';
import { FALLBACK_INSTANCE_TYPE } from '../../../../src/backends/azure/endpoints/deploymentBodies';
import type { BackendOptions } from '../../../../src/backends/registry';
import { placeholderJob } from '../../../../src/core/code/jobCode';
import { TASK_IDS, TASKS, type TaskId } from '../../../../src/core/tasks';
import { SAMPLE_IDS } from '../../../fakes/azureMl';
import { validatePipelineJob } from '../../../fakes/azureMl/pipelineValidation';
import { jobsSeed } from '../../../support/azureBackendFixture';
import { catalogModel } from '../../../support/catalogModels';
import { blockText, restFromCliYaml } from '../../../support/cliYaml';

/**
 * Show Code's Azure ML CLI v2 YAML: each rule that turns a REST body's names into the CLI's, and every task's
 * evaluation and fine-tune read back as `az ml job create` would send it, checked by the strict fake against the
 * `azureml` registry's component interfaces (test/fixtures/azureml/components).
 */

const WS = `/subscriptions/${SAMPLE_IDS.devSubscription}/resourceGroups/rg-foundation-models/providers/Microsoft.MachineLearningServices/workspaces/fm-dev`;
const DEV: BackendOptions = {
  azure: { cloud: { resourceManager: 'https://management.azure.com', registryDiscovery: 'https://eastus.api.azureml.ms', authorityHost: 'https://login.microsoftonline.com' }, registries: ['azureml'], workspace: { subscriptionId: SAMPLE_IDS.devSubscription, resourceGroup: 'rg-foundation-models', workspace: 'fm-dev' } },
};
/** A registry model version the fake's seed has (azureml's bert-base-uncased). */
const BERT = 'azureml://registries/azureml/models/bert-base-uncased/versions/19';
const bert = (task: string) => catalogModel({ task, fineTuningTasks: TASK_IDS.filter((id) => TASKS[id].fineTunable), source: BERT });

describe('Show Code: REST bodies as Azure ML CLI v2 YAML', () => {
  it('names a cluster azureml:<name> (its ARM id in REST), serverless azureml:serverless', () => {
    assert.equal(cliCompute(`${WS}/computes/gpu-cluster`), 'azureml:gpu-cluster');
    assert.equal(cliCompute(`${WS}/computes/gpu%20a100`), 'azureml:gpu a100');
    assert.equal(cliCompute('serverless'), 'azureml:serverless');
  });

  it('names a workspace model azureml:<name>:<version> (its ARM id in REST); a registry asset stays as it is', () => {
    assert.equal(cliModel(`${WS}/models/emotion-detection-bert/versions/2`), 'azureml:emotion-detection-bert:2');
    assert.equal(cliModel(BERT), BERT);
    assert.equal(cliModel('azureml://registries/azureml/models/t5-small/labels/latest'), 'azureml://registries/azureml/models/t5-small/labels/latest');
  });

  it("writes REST's PascalCase modes and enums in the CLI's snake case", () => {
    assert.equal(cliMode('Upload'), 'upload');
    assert.equal(cliMode('ReadOnlyMount'), 'ro_mount');
    assert.equal(cliEnum('SystemAssigned'), 'system_assigned');
    assert.equal(cliEnum('UserIdentity'), 'user_identity');
    assert.equal(cliEnum('Key'), 'key');
    assert.equal(cliEnum('AADToken'), 'aad_token');
  });

  it('writes a literal that reads back as the same number as a number, and any other as the string it was', () => {
    assert.equal(cliLiteral('3'), 3);
    assert.equal(cliLiteral('0.00002'), 0.00002);
    assert.equal(cliLiteral('-1'), -1);
    for (const text of ['true', '007', '1e3', ' 3', '', 'sentence', '{"source_lang":"en"}', '1.50']) assert.equal(cliLiteral(text), text);
    assert.equal(parse(yamlText({ a: cliLiteral('true'), b: cliLiteral('007'), c: cliLiteral('0.00002') }, [])).a, 'true', 'YAML quotes a string that would read as another type');
  });

  it('gives a request timeout in milliseconds (ISO 8601 in REST)', () => {
    assert.equal(cliDurationMs('PT60S'), 60_000);
    assert.equal(cliDurationMs('PT1M30.5S'), 90_500);
    assert.throws(() => cliDurationMs('P1D'), /not a duration/);
  });

  it('keeps comments over the keys they are for, and refuses a key that is not there', () => {
    const text = yamlText({ jobs: { a: { inputs: { train_file_path: { type: 'uri_file', path: './my "train".jsonl' } } } } }, ['header'], [{ path: ['jobs', 'a', 'inputs', 'train_file_path'], lines: ['your file'] }]);
    assert.match(text, /^# header\n\njobs:\n {2}a:\n {4}inputs:\n {6}# your file\n {6}train_file_path:\n/);
    assert.equal((parse(text) as { jobs: { a: { inputs: { train_file_path: { path: string } } } } }).jobs.a.inputs.train_file_path.path, './my "train".jsonl');
    assert.throws(() => yamlText({ a: 1 }, [], [{ path: ['b'], lines: ['x'] }]), /No key b/);
  });

  for (const task of TASK_IDS) {
    const kinds = TASKS[task].fineTunable ? (['evaluate', 'fineTune'] as const) : (['evaluate'] as const);
    for (const kind of kinds) {
      it(`${kind === 'fineTune' ? 'fine-tunes' : 'evaluates'} ${task}: a pipeline job the components' interfaces take, reading the user's files`, () => {
        const job = placeholderJob(bert(task), kind, task as TaskId);
        const sections = AZURE_CODE.job?.(job, DEV) ?? [];
        const text = blockText(sections, kind === 'fineTune' ? 'finetune-job.yml' : 'evaluate-job.yml');
        const seed = jobsSeed();
        const workspace = seed.workspaces.find((ws) => ws.name === 'fm-dev');
        assert.ok(workspace);
        const latest = (name: string) => seed.registries[0]?.components?.find((c) => c.name === name)?.versions.at(-1) ?? 'none';
        const rest = restFromCliYaml(text, { workspaceId: WS, latest });
        assert.equal(validatePipelineJob(rest, workspace, seed), undefined, JSON.stringify(validatePipelineJob(rest, workspace, seed)?.body));
        const paths = JSON.stringify(rest.jobs).match(/"uri":"\.\/[A-Za-z-]+\.jsonl"/g) ?? [];
        assert.deepEqual([...new Set(paths)].sort(), job.files.map((f) => `"uri":"${f.path}"`).sort(), 'the data inputs read the placeholder files');
      });
    }
  }

  it('names the models Azure ML runs: a catalog asset, a registry model at labels/latest, a curated model by its registry name', () => {
    assert.deepEqual(azureModelOf(bert('fill-mask')), { assetId: BERT, catalogId: 'azureml/bert-base-uncased', byName: false });
    assert.equal(azureModelOf(catalogModel({ source: 'azureml://registries/azureml/models/gpt2' }))?.assetId, 'azureml://registries/azureml/models/gpt2/labels/latest');
    const curated = catalogModel({ id: 'curated/t5-small', name: 't5-small', collection: 'curated', source: 'google-t5/t5-small', azureCompute: { inference: ['Standard_DS3_v2'] } });
    assert.deepEqual(azureModelOf(curated), { assetId: 'azureml://registries/azureml/models/t5-small/labels/latest', catalogId: 'azureml/t5-small', byName: true });
    assert.equal(azureModelOf({ ...curated, azureCompute: undefined }), undefined, 'no registry entry is known for it');
    assert.equal(azureModelOf(catalogModel({ collection: 'local-folder', source: undefined, path: '/models/x' })), undefined);
  });

  it("says plainly when the model is not Azure's, instead of writing YAML for it", () => {
    const local = catalogModel({ id: 'local-folder//m', collection: 'local-folder', source: undefined, path: '/models/m', task: 'text-classification' });
    const sections = AZURE_CODE.job?.(placeholderJob(local, 'evaluate', 'text-classification'), DEV) ?? [];
    assert.equal(sections.length, 1);
    assert.match(sections[0]?.paragraphs[0] ?? '', /is not an Azure ML model asset .*\/models\/m/);
    assert.deepEqual(sections[0]?.blocks, []);
  });

  it('deploys a curated model on its first recommended size; a model that names none on the general-purpose fallback', () => {
    const curated = catalogModel({ id: 'curated/gpt2', name: 'gpt2', collection: 'curated', task: 'text-generation', source: 'openai-community/gpt2', azureCompute: { inference: ['Standard_DS4_v2', 'Standard_F8s_v2'] } });
    const deploy = (model = curated) => parse(blockText(AZURE_CODE.deployment?.({ model, kind: 'online', endpointName: 'gpt2-ep', instanceCount: 1 }, DEV) ?? [], 'deployment.yml')) as Record<string, unknown>;
    assert.deepEqual(deploy(), {
      $schema: 'https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json',
      name: 'default',
      endpoint_name: 'gpt2-ep',
      model: 'azureml://registries/azureml/models/gpt2/labels/latest',
      instance_type: 'Standard_DS4_v2',
      instance_count: 1,
      request_settings: { request_timeout_ms: 60000 },
    });
    assert.equal(deploy(bert('fill-mask')).instance_type, FALLBACK_INSTANCE_TYPE);
  });
});
