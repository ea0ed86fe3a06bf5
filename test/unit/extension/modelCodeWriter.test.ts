import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Backend, ComputeChoice, InstanceTypeChoice } from '../../../src/backends/backend';
import { BACKENDS, type BackendId, type BackendOptions } from '../../../src/backends/registry';
import { actionLabel, ownChoices, writeModelCode, type CodeContext } from '../../../src/extension/showCode/modelCodeWriter';
import { catalogModel } from '../../support/catalogModels';

/** Show Code for Model… without VS Code: what it asks the backend in use, and the document and files it writes. */

const T5 = catalogModel({
  id: 'curated/t5-small',
  name: 't5-small',
  collection: 'curated',
  task: 'translation',
  fineTuningTasks: ['summarization', 'translation'],
  source: 'google-t5/t5-small',
  onnxSource: { repo: 'Xenova/t5-small', verified: 'transformers.js' },
  azureCompute: { inference: ['Standard_DS3_v2'], fineTuning: ['Standard_NC4as_T4_v3'] },
});

const WORKSPACE = { subscriptionId: '00000000-1111', resourceGroup: 'rg-ml', workspace: 'ws-dev' };
const OPTIONS: Readonly<Record<BackendId, BackendOptions>> = {
  local: { pythonPath: '/opt/py/bin/python3' },
  azure: { azure: { cloud: { resourceManager: 'https://management.azure.com', registryDiscovery: 'https://eastus.api.azureml.ms', authorityHost: 'https://login.microsoftonline.com' }, registries: ['azureml', 'HuggingFace'], workspace: WORKSPACE } },
};

function context(current: BackendId): CodeContext {
  return { current: { id: current, displayName: current === 'local' ? 'Local' : 'Azure Machine Learning' }, options: (id) => OPTIONS[id], code: (id) => BACKENDS[id].code() };
}

/** A backend that answers only what Show Code asks of it. */
function backend(parts: { computes?: ComputeChoice[] | Error; wantsGpu?: boolean; instanceTypes?: InstanceTypeChoice[] }): Backend {
  return {
    jobs: {
      fineTuningWantsGpu: parts.wantsGpu ?? false,
      computes: async () => {
        if (parts.computes instanceof Error) throw parts.computes;
        return parts.computes ?? [];
      },
    },
    endpoints: parts.instanceTypes ? { kinds: ['online', 'batch'], choosesInstances: true, instanceTypes: async () => parts.instanceTypes ?? [] } : undefined,
  } as unknown as Backend;
}

const CPU = { name: 'cpu-cluster', gpu: false, description: '' };
const GPU = { name: 'a100-cluster', gpu: true, description: '' };

describe('Show Code for Model…: the writer', () => {
  it('names each action for the pick and the document', () => {
    assert.deepEqual(actionLabel({ kind: 'fineTune', task: 'translation' }), { label: 'Fine-tune for translation', slug: 'fine-tune-translation' });
    assert.deepEqual(actionLabel({ kind: 'evaluate', task: 'fill-mask' }), { label: 'Evaluate (fill mask)', slug: 'evaluate' });
    assert.deepEqual(actionLabel({ kind: 'deploy', endpoint: 'batch' }), { label: 'Deploy to a batch endpoint', slug: 'deploy-batch' });
  });

  it("takes the backend's own choices: a GPU compute for a fine-tune that wants one, the recommended size, nothing when it cannot say", async () => {
    assert.deepEqual(await ownChoices(backend({ computes: [CPU, GPU], wantsGpu: true }), T5, { kind: 'fineTune', task: 'translation' }), { compute: 'a100-cluster' });
    assert.deepEqual(await ownChoices(backend({ computes: [CPU, GPU] }), T5, { kind: 'evaluate', task: 'translation' }), { compute: 'cpu-cluster' });
    assert.deepEqual(await ownChoices(backend({ computes: new Error('Sign in to Azure') }), T5, { kind: 'evaluate', task: 'translation' }), {});
    const sizes = [{ name: 'Standard_F4s_v2', recommended: false }, { name: 'Standard_DS4_v2', recommended: true }];
    assert.deepEqual(await ownChoices(backend({ instanceTypes: sizes }), T5, { kind: 'deploy', endpoint: 'online' }), { instanceType: 'Standard_DS4_v2' });
    assert.deepEqual(await ownChoices(backend({ instanceTypes: [{ name: 'cpu-cluster', recommended: false }] }), T5, { kind: 'deploy', endpoint: 'batch' }), { compute: 'cpu-cluster' });
    assert.deepEqual(await ownChoices(backend({}), T5, { kind: 'deploy', endpoint: 'online' }), {}, 'a backend that deploys on no instance type the user picks');
  });

  it('writes a fine-tune on the local backend: fm with its Python and compute; Azure YAML with a placeholder cluster, not the local compute', async () => {
    const written = await writeModelCode(T5, { kind: 'fineTune', task: 'translation' }, context('local'), { compute: 'local' });
    assert.equal(written.name, 't5-small-fine-tune-translation.md', 'named after the model and the action');
    assert.equal(written.title, 'Fine-tune t5-small for translation');
    assert.match(written.fmLine ?? '', /^fm job submit --backend local --python \/opt\/py\/bin\/python3 --task translation --model curated\/t5-small --train \.\/YOUR-TRAIN-DATA\.jsonl --validation \.\/YOUR-VALIDATION-DATA\.jsonl --map 'source=<source-lang>,target=<target-lang>' --compute local /);
    assert.deepEqual(written.files.map((f) => f.file), ['finetune-job.yml']);
    const yaml = parse(written.files[0]?.text ?? '') as { settings: { default_compute: string }; jobs: { finetune: { component: string; inputs: Record<string, unknown> } } };
    assert.equal(yaml.settings.default_compute, 'azureml:gpu-cluster');
    assert.equal(yaml.jobs.finetune.component, 'azureml://registries/azureml/components/translation_pipeline/labels/latest');
    assert.deepEqual(yaml.jobs.finetune.inputs.mlflow_model_path, { type: 'mlflow_model', path: 'azureml://registries/azureml/models/t5-small/labels/latest' });
    assert.match(written.text, /az ml job create --file finetune-job\.yml --query name --output tsv --resource-group rg-ml --workspace-name ws-dev --subscription 00000000-1111/);
  });

  it("writes an evaluation on Azure: fm reaches the workspace, and the YAML runs on the backend's cluster", async () => {
    const model = catalogModel({ task: 'text-classification', source: 'azureml://registries/azureml/models/bert-base-uncased/versions/19' });
    const written = await writeModelCode(model, { kind: 'evaluate', task: 'text-classification' }, context('azure'), { compute: 'cpu-small' });
    assert.equal(written.fmLine, 'fm job submit --backend azure --subscription 00000000-1111 --resource-group rg-ml --workspace ws-dev --task text-classification --model azureml/bert-base-uncased --test ./YOUR-TEST-DATA.jsonl --map sentence=sentence,label=label --compute cpu-small');
    assert.equal((parse(written.files[0]?.text ?? '') as { settings: { default_compute: string } }).settings.default_compute, 'azureml:cpu-small');
  });

  it('writes a deployment: fm serve of the pulled ONNX export, and the endpoint and deployment YAML', async () => {
    const written = await writeModelCode(T5, { kind: 'deploy', endpoint: 'online' }, context('local'), {});
    assert.equal(written.fmLine, 'fm serve "$(fm model pull Xenova/t5-small --task translation)" --task translation');
    assert.deepEqual(written.files.map((f) => f.file), ['endpoint.yml', 'deployment.yml']);
    assert.match(written.text, /^# Deploy t5-small to a real-time endpoint\n/);
    assert.equal((parse(written.files[1]?.text ?? '') as { endpoint_name: string }).endpoint_name, 't5-small-ep');
  });
});
