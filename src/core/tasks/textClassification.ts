import { LabelSchema } from '../metrics/recordSchemas';
import { classifyText } from './taskInference';
import { roles, type TaskDefinition } from './taskDefinition';

export const textClassification: TaskDefinition = {
  id: 'text-classification',
  displayName: 'Text classification',
  family: 'encoder',
  fineTunable: true,
  roles: [
    roles.prose('sentence', 'The text to classify', ['sentence1', 'text', 'review', 'review_text', 'content', 'comment', 'utterance', 'input', 'tweet', 'body', 'message']),
    roles.prose('sentence2', 'A second text, for sentence-pair tasks', ['second_sentence', 'text2', 'hypothesis', 'text_b', 'premise2'], false),
    roles.label('label', 'The class, as an integer or a string', ['labels', 'class', 'category', 'sentiment', 'target', 'y', 'intent', 'gold_label']),
  ],
  training: { learningRate: 2e-5, epochs: 3, batchSize: 16, maxSequenceLength: 256, seed: 42 },
  inputRoles: ['sentence', 'sentence2'],
  referenceRole: 'label',
  metrics: { family: 'classification', prediction: LabelSchema, reference: LabelSchema, predictionShape: 'label (string or integer)', referenceShape: 'label (string or integer)' },
  localPipeline: 'text-classification',
  inference: classifyText('sentence', 'sentence2'),
  azure: {
    evaluation: { task: 'text-classification', probabilities: true },
    finetune: {
      component: 'text_classification_pipeline',
      inputs: ({ mappedRoles }) => ({ sentence1_key: 'sentence', ...(mappedRoles.has('sentence2') ? { sentence2_key: 'sentence2' } : {}), label_key: 'label' }),
    },
  },
  sample: { text: 'The battery lasts two full days and charging is quick.' },
  sourceNames: ['sentiment-analysis', 'text-classification-multilabel', 'zero-shot-classification'],
  architectures: ['*ForSequenceClassification'],
};
