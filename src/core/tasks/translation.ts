import { TextSchema, TextsSchema } from '../metrics/recordSchemas';
import { textToText } from './taskInference';
import { roles, type ComponentContext, type TaskDefinition } from './taskDefinition';

function languagesOf(context: ComponentContext): { source: string; target: string } {
  const { languages } = context;
  if (!languages) throw new Error('Translation needs the source and target language codes.');
  if (languages.source === languages.target) throw new Error(`The source and target languages are both "${languages.source}".`);
  return languages;
}

export const translation: TaskDefinition = {
  id: 'translation',
  displayName: 'Translation',
  family: 'encoder-decoder',
  fineTunable: true,
  roles: [
    roles.text('source', 'Text in the source language', ['src', 'source_text', 'input', 'original']),
    roles.text('target', 'Its translation', ['tgt', 'target_text', 'translation', 'reference', 'output']),
  ],
  languagePair: true,
  training: { learningRate: 5e-5, epochs: 3, batchSize: 8, maxSequenceLength: 256, seed: 42 },
  inputRoles: ['source'],
  referenceRole: 'target',
  metrics: {
    family: 'bleu',
    prediction: TextSchema,
    reference: TextsSchema,
    predictionShape: 'translation text',
    referenceShape: 'reference translation (string, or list of strings)',
  },
  localPipeline: 'translation',
  inference: textToText('source'),
  azure: {
    // model_prediction sets `task_type = translation_<src>_to_<tgt>` from these (azureml-assets model_evaluation
    // src/model_prediction.py reads `source_lang` / `target_lang` of the config); else the MLmodel's own pair applies.
    evaluation: {
      task: 'text-translation',
      configParams: (context) => {
        const { source, target } = languagesOf(context);
        return { source_lang: source, target_lang: target };
      },
    },
    finetune: {
      component: 'translation_pipeline',
      inputs: (context) => {
        const { source, target } = languagesOf(context);
        return { source_lang: source, target_lang: target };
      },
      // The component reads the columns named by their language codes (`source_lang: en` reads `en`).
      shapeRecord: ({ source, target }, context) => {
        const languages = languagesOf(context);
        return { [languages.source]: source, [languages.target]: target };
      },
    },
  },
  sample: { text: 'The weather is lovely today.' },
  sourceNames: ['text-translation'],
  architectures: ['MarianMTModel', 'M2M100ForConditionalGeneration', 'MBartForConditionalGeneration', 'NllbForConditionalGeneration'],
};
