import { TextSchema } from '../metrics/recordSchemas';
import { roles, type TaskDefinition } from './taskDefinition';

export const fillMask: TaskDefinition = {
  id: 'fill-mask',
  displayName: 'Fill mask',
  family: 'encoder',
  fineTunable: false,
  roles: [roles.text('text', 'Text with a masked token', ['sentence', 'prompt', 'input', 'content', 'masked_text'])],
  training: { learningRate: 5e-5, epochs: 1, batchSize: 8, maxSequenceLength: 512, seed: 42 },
  inputRoles: ['text'],
  metrics: { family: 'exact-match', prediction: TextSchema, reference: TextSchema, predictionShape: 'top predicted token', referenceShape: 'expected token' },
  localPipeline: 'fill-mask',
  azure: { evaluation: { task: 'fill-mask' } },
  sample: { text: 'Paris is the [MASK] of France.' },
  sourceNames: [],
  architectures: ['*ForMaskedLM'],
};
