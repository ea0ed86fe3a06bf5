import assert from 'node:assert/strict';
import { SAMPLE_IDS, type FakeAzureMl } from '../../fakes/azureMl';
import { startAzureFixture, type AzureFixture, jobsSeed } from '../../support/azureBackendFixture';

/** The fake's check of pipeline job bodies against the components' interfaces (test/fixtures/azureml/components). */

const WS = `/subscriptions/${SAMPLE_IDS.devSubscription}/resourceGroups/rg-foundation-models/providers/Microsoft.MachineLearningServices/workspaces/fm-dev`;
const literal = (value: string) => ({ job_input_type: 'literal', value });

interface ErrorBody {
  error: { code: string; message: string; target?: string; details?: Array<{ code: string; message: string; target: string }> };
}

describe('fake Azure ML: pipeline jobs checked against their components', () => {
  let fixture: AzureFixture;
  let fake: FakeAzureMl;

  beforeEach(async () => {
    fixture = await startAzureFixture({ seed: jobsSeed() });
    fake = fixture.fake;
  });
  afterEach(async () => fixture.close());

  /** PUTs a one-node pipeline of `component` with `inputs`; the status and the error body. */
  async function put(component: string, inputs: Record<string, unknown>, extra: { type?: string; compute?: string } = {}): Promise<{ status: number; body: ErrorBody }> {
    const body = {
      properties: {
        jobType: 'Pipeline',
        settings: { default_compute: extra.compute ?? `${WS}/computes/gpu-cluster` },
        outputs: {},
        jobs: { node: { type: extra.type ?? 'pipeline', componentId: `azureml://registries/azureml/components/${component}`, _source: 'REMOTE.REGISTRY', inputs } },
      },
    };
    const response = await fetch(`${fake.url}${WS}/jobs/j${Math.random().toString(36).slice(2, 8)}?api-version=2026-07-01`, {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: { authorization: `Bearer ${fake.validToken}`, 'x-azureml-token': fake.tokenFor('https://ml.azure.com'), 'content-type': 'application/json' },
    });
    return { status: response.status, body: (await response.json()) as ErrorBody };
  }

  const tc = 'text_classification_pipeline/versions/0.0.80';
  const keys = { sentence1_key: literal('sentence'), label_key: literal('label') };

  it('takes a body that binds declared inputs of the declared kinds, and refuses serverless steps on a retired default size', async () => {
    const left = await put(tc, keys);
    assert.equal(left.status, 400, 'compute_finetune defaults to serverless, instance_type_finetune to Standard_nc24rs_v3');
    assert.deepEqual(left.body.error.details?.map((d) => d.target), ['jobs.node.inputs.instance_type_finetune', 'jobs.node.inputs.instance_type_model_evaluation']);
    const computes = Object.fromEntries(['compute_model_import', 'compute_preprocess', 'compute_finetune', 'compute_model_evaluation'].map((name) => [name, literal('gpu-cluster')]));
    assert.equal((await put(tc, { ...keys, ...computes })).status, 201);
  });

  it('refuses an unknown input, a missing required one, a wrong kind, a value outside the enum and an empty literal, each a detail', async () => {
    const { status, body } = await put(tc, {
      sentence1_key: literal('sentence'),
      sentence_key: literal('sentence'),
      train_file_path: literal('train.jsonl'),
      apply_lora: literal('yes'),
      num_train_epochs: literal('two'),
      seed: { job_input_type: 'literal', value: '' },
    });
    assert.equal(status, 400);
    assert.equal(body.error.code, 'UserError');
    const details = Object.fromEntries((body.error.details ?? []).map((d) => [d.target.replace('jobs.node.inputs.', ''), [d.code, d.message]]));
    assert.deepEqual(details.sentence_key, ['JobInputUnknown', "Input 'sentence_key' is not defined in component 'text_classification_pipeline' version 0.0.80."]);
    assert.deepEqual(details.label_key, ['JobInputMissing', "Required input 'label_key' of component 'text_classification_pipeline' version 0.0.80 was not provided."]);
    assert.deepEqual(details.train_file_path, ['JobInputTypeMismatch', "Input 'train_file_path' of component 'text_classification_pipeline' expects type 'uri_file' but got 'literal'."]);
    assert.match(details.apply_lora?.[1] ?? '', /^Value 'yes' is not valid for input 'apply_lora' .*: it is not one of true, false\.$/);
    assert.match(details.num_train_epochs?.[1] ?? '', /it is not an integer/);
    assert.deepEqual(details.seed, ['JobInputInvalidValue', 'Request is invalid and/or missing fields. The Value field is required.']);
  });

  it('refuses a component the registry does not serve (model_evaluation_pipeline is gone) with 404', async () => {
    const { status, body } = await put('model_evaluation_pipeline/versions/0.0.36', {});
    assert.equal(status, 404);
    assert.equal(body.error.details?.[0]?.code, 'ComponentNotFound');
  });

  it('refuses a bare compute name, an azureml://subscriptions model id, and a serverless import on the retired default size', async () => {
    const bare = await put(tc, keys, { compute: 'gpu-cluster' });
    assert.equal(bare.status, 400);
    assert.match(bare.body.error.message, /settings\.default_compute: 'gpu-cluster' is not the ARM id of a compute/);
    const model = await put(tc, { ...keys, mlflow_model_path: { job_input_type: 'mlflow_model', uri: 'azureml://subscriptions/s/resourcegroups/r/workspaces/w/models/m/versions/1' } });
    assert.match(model.body.error.message, /names a registry model .* or a workspace model by its ARM id/);
    const serverless = await put('import_model/versions/0.0.42', { model_id: literal('dslim/bert-base-NER'), compute: literal('serverless') }, { compute: 'serverless' });
    assert.equal(serverless.status, 400);
    assert.match(serverless.body.error.message, /^instance_type: The VM size 'STANDARD_NC6s_v3' is retired/);
    const named = await put('import_model/versions/0.0.42', { model_id: literal('dslim/bert-base-NER'), compute: literal('serverless'), instance_type: literal('Standard_E4s_v3') }, { compute: 'serverless' });
    assert.equal(named.status, 201);
  });
});
