import assert from 'node:assert/strict';
import { azureSampleRequest } from '../../../src/backends/azure/endpoints/endpointCapabilities';
import { createBackend } from '../../../src/backends/registry';

describe('sample requests: each backend builds its own scoring schema from the task table', () => {
  it('the local scoring server reads {"inputs": [...]}, preferring the model’s own sample input', async () => {
    const backend = await createBackend('local');
    try {
      const endpoints = backend.endpoints!;
      assert.deepEqual(endpoints.sampleRequest({ task: 'text-classification', sampleInput: 'Great product!' }), { inputs: ['Great product!'] });
      assert.deepEqual(endpoints.sampleRequest({ task: 'question-answering' }), {
        inputs: [{ question: 'When was the lighthouse built?', context: 'The Harbour Point lighthouse was built in 1872 from local granite.' }],
      });
      assert.deepEqual(endpoints.sampleRequest({ task: 'translation' }), { inputs: ['The weather is lovely today.'], parameters: { max_new_tokens: 64 } }, 'text a model writes has a length limit to edit');
      assert.deepEqual(endpoints.sampleRequest({ task: 'token-classification' }), { inputs: ['My name is Clara and I live in Berkeley, California.'] });
      assert.deepEqual(endpoints.sampleRequest({ task: 'not-a-task' }), { inputs: ['The battery lasts two full days and charging is quick.'] }, 'an unknown task gets a text');
    } finally {
      backend.dispose();
    }
  });

  it('Azure ML MLflow deployments read {"input_data": ...}: a list of texts, a question and its context, named columns, or the card\'s sample', () => {
    assert.deepEqual(azureSampleRequest({ task: 'text-classification', sampleInput: 'Great product!' }), { input_data: ['Great product!'] });
    assert.deepEqual(azureSampleRequest({ task: 'question-answering' }), {
      input_data: { question: 'When was the lighthouse built?', context: 'The Harbour Point lighthouse was built in 1872 from local granite.' },
    });
    assert.deepEqual(azureSampleRequest({ task: 'token-classification', sampleInput: 'Ada lives in Paris', inputColumns: ['tokens'] }), {
      input_data: { columns: ['tokens'], index: [0], data: [[['Ada', 'lives', 'in', 'Paris']]] },
    });
    assert.deepEqual(azureSampleRequest({ task: 'question-answering', inputColumns: ['question', 'context'] }), {
      input_data: { columns: ['question', 'context'], index: [0], data: [['When was the lighthouse built?', 'The Harbour Point lighthouse was built in 1872 from local granite.']] },
    });
    const card = '# t5\n\n#### Sample input\n\n```json\n{"input_data": ["translate English to German: Hello"]}\n```\n';
    assert.deepEqual(azureSampleRequest({ task: 'translation', description: card }), { input_data: ['translate English to German: Hello'] });
  });
});
