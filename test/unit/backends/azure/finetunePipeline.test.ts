import assert from 'node:assert/strict';
import { FINETUNE_COMPONENTS, finetunePipelineJobBody, type FinetuneJobRequest } from '../../../../src/backends/azure/finetunePipeline';
import { defaultTrainingSettings } from '../../../../src/core/tasks';

const base: FinetuneJobRequest = {
  task: 'text-classification',
  componentId: 'azureml://registries/azureml/components/text_classification_pipeline/versions/0.0.80',
  model: { kind: 'mlflow', assetId: 'azureml://registries/azureml/models/bert-base-uncased/versions/14' },
  data: { train: 'azureml://datastores/workspaceblobstore/paths/fm/train.jsonl', validation: 'azureml://datastores/workspaceblobstore/paths/fm/validation.jsonl' },
  settings: defaultTrainingSettings('text-classification'),
  context: { mappedRoles: new Set(['sentence', 'label']) },
  compute: 'gpu-cluster',
  computeId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/computes/gpu-cluster',
  displayName: 'Fine-tune bert-base-uncased on reviews.csv',
  experimentName: 'foundation-models',
};

type Body = { properties: { jobType: string; outputs: Record<string, unknown>; settings: Record<string, unknown>; jobs: { finetune: { componentId: string; inputs: Record<string, { job_input_type: string; value?: string; uri?: string }>; outputs: Record<string, unknown> } } } };

describe('Azure fine-tune pipeline job body', () => {
  it('names a component for every fine-tunable task', () => {
    assert.deepEqual(Object.keys(FINETUNE_COMPONENTS).sort(), ['question-answering', 'summarization', 'text-classification', 'token-classification', 'translation']);
  });

  it('binds the model, the data files, the key columns, compute and settings with the component input names', () => {
    const body = finetunePipelineJobBody(base) as unknown as Body;
    assert.equal(body.properties.jobType, 'Pipeline');
    const node = body.properties.jobs.finetune;
    assert.equal(node.componentId, base.componentId);
    const inputs = node.inputs;
    assert.deepEqual(inputs.mlflow_model_path, { job_input_type: 'mlflow_model', uri: 'azureml://registries/azureml/models/bert-base-uncased/versions/14' });
    assert.equal(inputs.train_file_path?.uri, base.data.train);
    assert.equal(inputs.validation_file_path?.job_input_type, 'uri_file');
    assert.equal(inputs.test_file_path, undefined, 'the body binds what it is given (the backend always gives a test file)');
    assert.equal(inputs.sentence1_key?.value, 'sentence');
    assert.equal(inputs.label_key?.value, 'label');
    assert.equal(inputs.sentence2_key, undefined);
    assert.equal(inputs.compute_finetune?.value, 'gpu-cluster');
    assert.equal(inputs.num_train_epochs?.value, '3');
    assert.equal(inputs.learning_rate?.value, '0.00002');
    assert.equal(inputs.per_device_train_batch_size?.value, '16');
    for (const [name, input] of Object.entries(inputs)) if (input.job_input_type === 'literal') assert.equal(typeof input.value, 'string', `${name} is a string literal`);
    assert.deepEqual(node.outputs, { mlflow_model_folder: { type: 'literal', value: '${{parent.outputs.trained_model}}' } });
    assert.deepEqual(body.properties.outputs, { trained_model: { jobOutputType: 'mlflow_model' } });
    assert.equal(body.properties.settings.force_rerun, true);
    assert.equal(body.properties.settings.default_compute, base.computeId);
  });

  it('uses each task\'s own keys, a Hub id when the model is one, and language codes for translation', () => {
    const qa = (finetunePipelineJobBody({ ...base, task: 'question-answering', model: { kind: 'huggingface', id: 'deepset/roberta-base-squad2' } }) as unknown as Body).properties.jobs.finetune.inputs;
    assert.deepEqual(Object.keys(qa).filter((k) => k.endsWith('_key')).sort(), ['answer_start_key', 'answer_text_key', 'answers_key', 'context_key', 'question_key']);
    assert.equal(qa.huggingface_id?.value, 'deepset/roberta-base-squad2');
    assert.equal(qa.mlflow_model_path, undefined);
    const translation = (finetunePipelineJobBody({ ...base, task: 'translation', context: { mappedRoles: new Set(['source', 'target']), languages: { source: 'en', target: 'ro' } } }) as unknown as Body).properties.jobs.finetune.inputs;
    assert.equal(translation.source_lang?.value, 'en');
    assert.equal(translation.target_lang?.value, 'ro');
    assert.throws(() => finetunePipelineJobBody({ ...base, task: 'translation' }), /language codes/);
  });
});
