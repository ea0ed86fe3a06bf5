import { TextSchema, TextsSchema } from '../metrics/recordSchemas';
import { textToText } from './taskInference';
import { roles, type TaskDefinition } from './taskDefinition';

export const summarization: TaskDefinition = {
  id: 'summarization',
  displayName: 'Summarization',
  family: 'encoder-decoder',
  fineTunable: true,
  roles: [
    roles.prose('document', 'The text to summarize', ['article', 'text', 'content', 'body', 'story', 'source_text', 'dialogue']),
    roles.text('summary', 'The reference summary', ['highlights', 'abstract', 'headline', 'tldr', 'summary_text', 'target']),
  ],
  training: { learningRate: 5e-5, epochs: 3, batchSize: 4, maxSequenceLength: 1024, seed: 42 },
  inputRoles: ['document'],
  referenceRole: 'summary',
  metrics: { family: 'rouge', prediction: TextSchema, reference: TextsSchema, predictionShape: 'summary text', referenceShape: 'reference summary (string, or list of strings)' },
  localPipeline: 'summarization',
  inference: textToText('document'),
  azure: {
    // Long documents are truncated to the model's length, as the evaluation samples ask (azureml-examples
    // cli/foundation-models/system/evaluation/summarization/abstractive-and-extractive-summarization-pipeline.yml).
    evaluation: { task: 'text-summarization', configParams: () => ({ tokenizer_config: { truncation: true } }) },
    finetune: { component: 'summarization_pipeline', inputs: () => ({ document_key: 'document', summary_key: 'summary' }) },
  },
  sample: {
    text: 'The Harbour Point lighthouse was built in 1872 from local granite. Its lamp was converted to electricity in 1931. Today the tower is a small museum run by volunteers, open on weekends from April to October.',
  },
  sourceNames: ['text-summarization', 'text2text-generation'],
  // Any other encoder-decoder head: translation's own classes are matched first, by exact name.
  architectures: ['*ForConditionalGeneration'],
};
