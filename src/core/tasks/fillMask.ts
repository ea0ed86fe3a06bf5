import { TextSchema } from '../metrics/recordSchemas';
import { unmask } from './taskInference';
import { roles, type TaskDefinition } from './taskDefinition';

export const fillMask: TaskDefinition = {
  id: 'fill-mask',
  displayName: 'Fill mask',
  family: 'encoder',
  fineTunable: false,
  roles: [
    roles.text('text', 'Text with a masked token ([MASK] or <mask>)', ['sentence', 'prompt', 'input', 'content', 'masked_text']),
    // Optional: without it the job writes the predictions but has nothing to score them against.
    roles.text('answer', 'The token the mask stands for, to score the top prediction against', ['masked_token', 'masked_word', 'missing_word', 'expected_token', 'ground_truth', 'expected', 'token'], false),
  ],
  training: { learningRate: 5e-5, epochs: 1, batchSize: 8, maxSequenceLength: 512, seed: 42 },
  inputRoles: ['text'],
  referenceRole: 'answer',
  metrics: { family: 'exact-match', prediction: TextSchema, reference: TextSchema, predictionShape: 'top predicted token', referenceShape: 'expected token' },
  localPipeline: 'fill-mask',
  inference: unmask('text'),
  azure: { evaluation: { task: 'fill-mask' } },
  sample: { text: 'Paris is the [MASK] of France.' },
  sourceNames: [],
  architectures: ['*ForMaskedLM'],
};
