import { TextSchema, TextsSchema } from '../metrics/recordSchemas';
import { textToText } from './taskInference';
import { roles, type TaskDefinition } from './taskDefinition';

export const textGeneration: TaskDefinition = {
  id: 'text-generation',
  displayName: 'Text generation',
  family: 'decoder',
  fineTunable: false,
  roles: [
    roles.text('text', 'The prompt', ['sentence', 'prompt', 'input', 'content', 'masked_text']),
    roles.text('ground_truth', 'The expected continuation', ['completion', 'output', 'reference', 'answer', 'expected', 'target'], false),
  ],
  training: { learningRate: 5e-5, epochs: 1, batchSize: 4, maxSequenceLength: 512, seed: 42 },
  inputRoles: ['text'],
  referenceRole: 'ground_truth',
  metrics: {
    family: 'rouge-and-bleu',
    prediction: TextSchema,
    reference: TextsSchema,
    predictionShape: 'generated text',
    referenceShape: 'expected text (string, or list of strings)',
  },
  localPipeline: 'text-generation',
  inference: textToText('text'),
  azure: { evaluation: { task: 'text-generation' } },
  sample: { text: 'Once upon a time,' },
  sourceNames: ['chat-completion'],
  architectures: ['*ForCausalLM', '*LMHeadModel'],
};
