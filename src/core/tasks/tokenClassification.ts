import { TagsSchema } from '../metrics/recordSchemas';
import { tagWords } from './taskInference';
import { roles, type TaskDefinition } from './taskDefinition';

export const tokenClassification: TaskDefinition = {
  id: 'token-classification',
  displayName: 'Token classification',
  family: 'encoder',
  fineTunable: true,
  roles: [
    roles.list('tokens', 'The words of the sentence', ['words', 'token', 'word_list', 'tokenized']),
    roles.list('tags', 'One tag per token (for example IOB2 entity tags)', ['ner_tags', 'ner', 'labels', 'tag', 'pos_tags', 'entity_tags', 'iob']),
  ],
  recordRules: (record) => {
    const tokens = record.tokens as string[];
    const tags = record.tags as string[];
    if (tokens.length === tags.length) return [];
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    return [{ role: 'tags', rule: 'tags-per-token', message: `has ${plural(tags.length, 'tag')} for ${plural(tokens.length, 'token')}; each token needs exactly one tag` }];
  },
  training: { learningRate: 2e-5, epochs: 3, batchSize: 16, maxSequenceLength: 256, seed: 42 },
  inputRoles: ['tokens'],
  referenceRole: 'tags',
  metrics: {
    family: 'sequence-labelling',
    prediction: TagsSchema,
    reference: TagsSchema,
    predictionShape: 'tags (list of strings, one per token)',
    referenceShape: 'tags (list of strings, same length)',
  },
  localPipeline: 'token-classification',
  inference: tagWords('tokens'),
  azure: {
    evaluation: { task: 'text-named-entity-recognition' },
    finetune: { component: 'token_classification_pipeline', inputs: () => ({ token_key: 'tokens', tag_key: 'tags' }) },
  },
  sample: { text: 'My name is Clara and I live in Berkeley, California.' },
  sourceNames: ['ner', 'text-named-entity-recognition', 'named-entity-recognition'],
  architectures: ['*ForTokenClassification'],
};
