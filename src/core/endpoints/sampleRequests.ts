/**
 * A request body to try an endpoint with, for the model's task, opened in an editor for the user to change.
 *
 * - The local scoring server reads `{"inputs": [...]}` (`src/backends/local/scoringServer.ts`).
 * - Azure ML's MLflow "no-code" deployments of foundation models read `{"input_data": {...}}`; the shapes below
 *   are the ones the foundation-model inference samples of Azure/azureml-examples build
 *   (`sdk/python/foundation-models/system/inference/<task>/`): `input_string` lists for text tasks, `question` and
 *   `context` for question answering. A model's own card may document another schema; the editor is there to
 *   change it.
 */
const SAMPLE_TEXT: Readonly<Record<string, string>> = {
  'text-classification': 'The battery lasts two full days and charging is quick.',
  'token-classification': 'My name is Clara and I live in Berkeley, California.',
  'fill-mask': 'Paris is the [MASK] of France.',
  summarization:
    'The Harbour Point lighthouse was built in 1872 from local granite. Its lamp was converted to electricity in 1931. Today the tower is a small museum run by volunteers, open on weekends from April to October.',
  translation: 'The weather is lovely today.',
  'text-generation': 'Once upon a time,',
};

export function sampleRequestBody(backend: string, task: string | undefined, sampleInput?: string): unknown {
  if (task === 'question-answering') {
    const question = 'When was the lighthouse built?';
    const context = 'The Harbour Point lighthouse was built in 1872 from local granite.';
    return backend === 'local' ? { inputs: [{ text: question, text_pair: context }] } : { input_data: { question: [question], context: [context] } };
  }
  const text = sampleInput ?? SAMPLE_TEXT[task ?? ''] ?? SAMPLE_TEXT['text-classification'] ?? '';
  return backend === 'local' ? { inputs: [text] } : { input_data: { input_string: [text] } };
}
