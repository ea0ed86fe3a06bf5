import registryModels from '../../fixtures/azureml/registryModels.json';
import type { FakeModel, FakeModelVersion } from './types';

/**
 * The `azureml` registry's models as Azure/azureml-assets publishes them today (test/fixtures/azureml/registryModels.json,
 * read at assets 4b41f8cc): 15 models of our seven tasks, each at its current version with a `system_metadata` block
 * (`tasks.inferenceTasks`, `tasks.fineTuningTasks`, `license`, `supportedComputes.*`, `SKU.*`) and no legacy tags
 * (migration 0419839803, 2026-06-16; publishing replaces tags wholesale). Four of them also have an older version
 * carrying the legacy tags and properties (`task`, `license`, `inference_compute_allow_list`, `finetuning-tasks`,
 * `inference-recommended-sku`…): older versions were never re-published, so they keep what they had.
 *
 * Which field and form the registry data plane returns system metadata in is not in public sources (SETTLED.md #3):
 * the fake answers `properties.systemMetadata` (the camelCase the closed spec PR #30937 proposed), each top-level value
 * stringified as the publisher's metadata update sends it (`publish_utils.stringify_dictionary`: a dict → JSON text,
 * anything else → Python `str()`) for most models, and as the nested YAML (the create path) for `NESTED_FORM`.
 *
 * Model cards: the fixture's one-line descriptions, with a sample request in the shape the current cards show
 * (audit F9: `{"input_data": ["…"]}` for text tasks, `{"input_data": {"question": "…", "context": "…"}}` for question
 * answering).
 */

/** Models whose system metadata the fake serves nested, not stringified. */
const NESTED_FORM = new Set(['bert-base-uncased', 'deepset-roberta-base-squad2', 'facebook-bart-large-cnn']);

const SAMPLE_INPUTS: Readonly<Record<string, unknown>> = {
  'text-classification': { input_data: ['I loved every minute of this film.', 'The plot made no sense at all.'] },
  'token-classification': { input_data: ['Marie Dupont travaille chez Airbus à Toulouse.'] },
  'question-answering': { input_data: { question: 'Where do I live?', context: 'My name is Wolfgang and I live in Berlin.' } },
  summarization: { input_data: ['The tower is 324 metres tall, about the same height as an 81-storey building, and the tallest structure in Paris.'] },
  translation: { input_data: ['translate English to German: The house is wonderful.'] },
  'fill-mask': { input_data: ['Paris is the [MASK] of France.'] },
  'text-generation': { input_data: ['My name is Julien and I like to'] },
};

function mlflowFlavors(task: string): Record<string, { data?: Record<string, string> }> {
  return {
    python_function: { data: { loader_module: 'mlflow.transformers', python_version: '3.10.14', env: 'conda.yaml' } },
    transformers: { data: { task, transformers_version: '4.44.2', pipeline_model_type: 'AutoModel' } },
  };
}

function card(name: string, description: string, task: string): string {
  const sample = JSON.stringify(SAMPLE_INPUTS[task] ?? { input_data: ['Hello'] }, null, 2);
  return [`# ${name}`, '', description, '', '## Inference samples', '', '#### Sample input', '', '```json', sample, '```', ''].join('\n');
}

/** A Python `str()` of a JSON value, as the publisher writes non-dict values (`['en', 'fr']`, `True`). */
function pythonStr(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null) return 'None';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map((item) => (typeof item === 'string' ? `'${item}'` : pythonStr(item))).join(', ')}]`;
  return String(value);
}

/** Python's `json.dumps(value)` (default separators `', '` and `': '`). */
function jsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonDumps).join(', ')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${jsonDumps(item)}`).join(', ')}}`;
  return JSON.stringify(value);
}

/** `stringify_dictionary`: each top-level value as text (a dict as `json.dumps`, anything else as `str()`). */
function stringified(metadata: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, value && typeof value === 'object' && !Array.isArray(value) ? jsonDumps(value) : pythonStr(value)]));
}

/** A legacy tag value as the publisher sent it: a list as Python `str()`, a dict as JSON. */
function legacyTags(tags: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([, value]) => value !== undefined).map(([key, value]) => [key, Array.isArray(value) ? pythonStr(value) : typeof value === 'object' && value ? jsonDumps(value) : String(value)]));
}

/** The `azureml` registry's models: current versions with system metadata, and the legacy versions before them. */
export function azuremlRegistryModels(): FakeModel[] {
  return registryModels.models.map((model) => {
    const description = card(model.name, model.description, model.ourTask);
    const current: FakeModelVersion = {
      version: model.version,
      description,
      tags: legacyTags(model.tags ?? {}),
      properties: legacyTags(model.properties),
      systemMetadata: NESTED_FORM.has(model.name) ? model.systemMetadata : stringified(model.systemMetadata),
      modelType: 'mlflow_model',
      flavors: mlflowFlavors(model.ourTask),
    };
    const legacy = registryModels.legacy.find((entry) => entry.name === model.name);
    const older: FakeModelVersion[] = legacy
      ? [{ version: String(Number(model.version) - 1), description, tags: legacyTags(legacy.tags), properties: legacyTags(legacy.properties), modelType: 'mlflow_model', flavors: mlflowFlavors(model.ourTask) }]
      : [];
    return { name: model.name, description, versions: [...older, current] };
  });
}
