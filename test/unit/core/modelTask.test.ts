import assert from 'node:assert/strict';
import { fineTuningTasksFor, normalizeTaskName, parseFineTuningTasks, taskFromArchitecture } from '../../../src/core/catalog/modelTask';

describe('model tasks from sources', () => {
  it('maps Hugging Face architectures to tasks', () => {
    const cases: [string, string | undefined][] = [
      ['BertForSequenceClassification', 'text-classification'],
      ['DebertaV2ForTokenClassification', 'token-classification'],
      ['RobertaForQuestionAnswering', 'question-answering'],
      ['DistilBertForMaskedLM', 'fill-mask'],
      ['GPT2LMHeadModel', 'text-generation'],
      ['LlamaForCausalLM', 'text-generation'],
      ['MarianMTModel', 'translation'],
      ['M2M100ForConditionalGeneration', 'translation'],
      ['BartForConditionalGeneration', 'summarization'],
      ['T5ForConditionalGeneration', 'summarization'],
      ['BertModel', undefined],
    ];
    for (const [architecture, task] of cases) assert.equal(taskFromArchitecture(architecture), task, architecture);
  });

  it('normalizes the spellings of pipelines, registries and MLmodel files', () => {
    const cases: [string, string][] = [
      ['sentiment-analysis', 'text-classification'],
      ['ner', 'token-classification'],
      ['text-named-entity-recognition', 'token-classification'],
      ['translation_en_to_fr', 'translation'],
      ['Text-Summarization', 'summarization'],
      ['question_answering', 'question-answering'],
      ['image-classification', 'image-classification'],
    ];
    for (const [name, task] of cases) assert.equal(normalizeTaskName(name), task, name);
  });

  it('says what a model can be fine-tuned for', () => {
    assert.deepEqual(fineTuningTasksFor('fill-mask'), ['text-classification', 'token-classification', 'question-answering']);
    assert.deepEqual(fineTuningTasksFor('translation'), ['summarization', 'translation']);
    assert.deepEqual(fineTuningTasksFor('text-generation'), []);
    assert.deepEqual(parseFineTuningTasks('text-classification, token-classification,ner,image-classification'), ['text-classification', 'token-classification']);
    assert.deepEqual(parseFineTuningTasks(undefined), []);
  });
});
