import { FAKE_TENANT_ID } from './armConventions';
import { azuremlRegistryModels } from './registryModels';
import type { FakeAzureMlSeed, FakeCompute, FakeModel, FakeModelVersion, FakeRegistry, FakeSubscription, FakeWorkspace } from './types';

/**
 * The sample seed, and builders for its parts (each takes overrides), so that a test states only what it changes.
 * The `azureml` registry's models are those Azure/azureml-assets publishes today (`registryModels.ts`).
 */

export const SAMPLE_IDS = {
  tenantId: FAKE_TENANT_ID,
  devSubscription: '3f2a9c41-7b1d-4e8a-9c5f-1d2e3f4a5b6c',
  prodSubscription: 'b7e4d2a0-5c3f-4a1b-8e9d-0f1a2b3c4d5e',
  /** The system registries live in a Microsoft-owned subscription the user does not list. */
  registrySubscription: 'e1d2c3b4-a5f6-4789-8abc-def012345678',
} as const;

function mlflowFlavors(task: string): Record<string, { data?: Record<string, string> }> {
  return {
    python_function: { data: { loader_module: 'mlflow.transformers', python_version: '3.10.14', env: 'conda.yaml' } },
    transformers: { data: { task, transformers_version: '4.44.2', pipeline_model_type: 'AutoModel' } },
  };
}

/**
 * A small, realistic seed: 2 subscriptions, 2 workspaces (one with 3 models), registries `azureml` (15 models) and
 * `HuggingFace` (3 models). `overrides` change the dev workspace `fm-dev` and the `azureml` registry.
 */
export function sampleSeed(overrides: { readonly workspace?: Partial<FakeWorkspace>; readonly azureml?: Partial<FakeRegistry> } = {}): FakeAzureMlSeed {
  return {
    subscriptions: [
      fakeSubscription({ subscriptionId: SAMPLE_IDS.devSubscription, displayName: 'Contoso ML Dev' }),
      fakeSubscription({ subscriptionId: SAMPLE_IDS.prodSubscription, displayName: 'Contoso ML Prod' }),
    ],
    workspaces: [devWorkspace(overrides.workspace), prodWorkspace()],
    registries: [azuremlRegistry(overrides.azureml), huggingFaceRegistry()],
  };
}

export function fakeSubscription(overrides: Partial<FakeSubscription> = {}): FakeSubscription {
  return { subscriptionId: 'sub', displayName: 'Test', tenantId: FAKE_TENANT_ID, ...overrides };
}

/** A workspace with no models, jobs or endpoints (`ws` in `rg` of subscription `sub`, East US) unless overridden. */
export function fakeWorkspace(overrides: Partial<FakeWorkspace> = {}): FakeWorkspace {
  return { subscriptionId: 'sub', resourceGroup: 'rg', name: 'ws', location: 'eastus', models: [], ...overrides };
}

/** `fm-dev` in East US: the workspace the Azure tests use, with three fine-tuned models. */
export function devWorkspace(overrides: Partial<FakeWorkspace> = {}): FakeWorkspace {
  const bert = 'azureml://registries/azureml/models/bert-base-uncased/versions/19';
  const distilroberta = 'azureml://registries/azureml/models/distilroberta-base/versions/17';
  return fakeWorkspace({
    subscriptionId: SAMPLE_IDS.devSubscription,
    resourceGroup: 'rg-foundation-models',
    name: 'fm-dev',
    location: 'eastus',
    friendlyName: 'Foundation models (dev)',
    models: [
      {
        name: 'emotion-detection-bert',
        description: 'bert-base-uncased fine-tuned on an emotion dataset.',
        tags: { task: 'text-classification' },
        versions: [
          workspaceVersion('1', 'First fine-tune, 1 epoch.', 'text-classification', bert),
          workspaceVersion('2', 'Second fine-tune, 3 epochs with LoRA.', 'text-classification', bert),
        ],
      },
      {
        name: 'news-summarizer-t5',
        description: 't5-small fine-tuned on CNN/Daily Mail.',
        versions: [workspaceVersion('1', 'Summarizer for news articles.', 'summarization', 'azureml://registries/azureml/models/t5-small/versions/17', 'custom_model')],
      },
      {
        name: 'ner-distilroberta',
        versions: [
          workspaceVersion('1', 'NER tagger, CoNLL-2003.', 'token-classification', distilroberta),
          workspaceVersion('2', 'NER tagger, more epochs.', 'token-classification', distilroberta),
          workspaceVersion('3', 'NER tagger, merged LoRA weights.', 'token-classification', distilroberta),
        ],
      },
    ],
    ...overrides,
  });
}

/** `ml-prod-westeurope`: a second workspace, in another subscription and region, with no models. */
export function prodWorkspace(overrides: Partial<FakeWorkspace> = {}): FakeWorkspace {
  return fakeWorkspace({
    subscriptionId: SAMPLE_IDS.prodSubscription,
    resourceGroup: 'rg-ml-prod',
    name: 'ml-prod-westeurope',
    location: 'westeurope',
    friendlyName: 'ML production',
    ...overrides,
  });
}

/** The clusters the Azure tests give `fm-dev`: a CPU and a GPU cluster, and attached Kubernetes (not a cluster for jobs). */
export function sampleClusters(): FakeCompute[] {
  return [
    { name: 'cpu-cluster', vmSize: 'Standard_DS3_v2' },
    { name: 'gpu-cluster', vmSize: 'Standard_NC4as_T4_v3', maxNodeCount: 2 },
    { name: 'attached-aks', vmSize: 'Standard_NC4as_T4_v3', computeType: 'Kubernetes' },
  ];
}

/** The system registry `azureml`: its models as published today (`registryModels.ts`), no components unless given. */
export function azuremlRegistry(overrides: Partial<FakeRegistry> = {}): FakeRegistry {
  return {
    name: 'azureml',
    subscriptionId: SAMPLE_IDS.registrySubscription,
    resourceGroup: 'registry-azureml',
    region: 'eastus',
    models: azuremlRegistryModels(),
    ...overrides,
  };
}

/**
 * The components of the `azureml` registry that the jobs use, with their versions (the last is the latest): those whose
 * interfaces test/fixtures/azureml/components/ records, at the versions Azure/azureml-assets 4b41f8cc publishes.
 * `model_evaluation_pipeline` is not among them: its source was deleted in 6ef72a00cb (2025-04-23; audit F2).
 */
export function sampleComponents(): Array<{ name: string; versions: string[] }> {
  return [
    { name: 'text_classification_pipeline', versions: ['0.0.79', '0.0.80'] },
    { name: 'token_classification_pipeline', versions: ['0.0.80'] },
    { name: 'question_answering_pipeline', versions: ['0.0.80'] },
    { name: 'summarization_pipeline', versions: ['0.0.80'] },
    { name: 'translation_pipeline', versions: ['0.0.80'] },
    { name: 'model_prediction', versions: ['0.0.36', '0.0.37'] },
    { name: 'compute_metrics', versions: ['0.0.35', '0.0.36'] },
    { name: 'import_model', versions: ['0.0.41', '0.0.42'] },
  ];
}

/** The registry `HuggingFace`: three models imported from the Hub. */
export function huggingFaceRegistry(overrides: Partial<FakeRegistry> = {}): FakeRegistry {
  return {
    name: 'HuggingFace',
    subscriptionId: SAMPLE_IDS.registrySubscription,
    resourceGroup: 'registry-huggingface',
    region: 'eastus',
    models: [
      huggingFaceModel('distilbert-distilbert-base-uncased-finetuned-sst-2-english', 'distilbert/distilbert-base-uncased-finetuned-sst-2-english', 'text-classification', 'apache-2.0'),
      huggingFaceModel('dslim-bert-base-ner', 'dslim/bert-base-NER', 'token-classification', 'mit'),
      huggingFaceModel('helsinki-nlp-opus-mt-en-de', 'Helsinki-NLP/opus-mt-en-de', 'translation', 'cc-by-4.0'),
    ],
    ...overrides,
  };
}

function huggingFaceModel(name: string, modelId: string, task: string, license: string): FakeModel {
  return {
    name,
    versions: [
      {
        version: '1',
        description: `Model [${modelId}](https://huggingface.co/${modelId}) imported from the Hugging Face Hub.`,
        tags: { modelId, task, license },
        properties: {},
        modelType: 'mlflow_model',
        flavors: mlflowFlavors(task),
      },
    ],
  };
}

/** The canonical columns a model fine-tuned here was trained on, by task: its MLflow signature's inputs. */
const TRAINING_COLUMNS: Readonly<Record<string, string[]>> = { 'text-classification': ['sentence'], 'token-classification': ['tokens'], summarization: ['document'] };

/**
 * A fine-tuned model version of a workspace, registered by this extension: its training columns in the tag
 * `foundation-models.inputColumns` (what `registerModel` writes) and as its signature.
 */
function workspaceVersion(version: string, description: string, task: string, base: string, modelType = 'mlflow_model'): FakeModelVersion {
  const columns = TRAINING_COLUMNS[task] ?? ['text'];
  return {
    version,
    description,
    tags: { task, base_model: base, 'foundation-models.inputColumns': JSON.stringify(columns) },
    properties: { 'azureml.finetuned': 'true' },
    modelType,
    signature: { kind: 'columns', columns },
    ...(modelType === 'mlflow_model' ? { flavors: mlflowFlavors(task) } : {}),
  };
}


const BULK_TASKS = ['text-classification', 'token-classification', 'question-answering', 'summarization', 'translation', 'fill-mask', 'text-generation'];
const BULK_LICENSES = ['apache-2.0', 'mit', 'cc-by-4.0', 'llama3.1'];

/**
 * `count` registry models (`bulk-model-00001`…) at one version each, described the way the `azureml` registry publishes
 * today (nested `systemMetadata`: tasks, license), for a registry the size of `HuggingFace`: `azuremlRegistry({ models:
 * bulkRegistryModels(10_000) })`.
 */
export function bulkRegistryModels(count: number): FakeModel[] {
  return Array.from({ length: count }, (_, i) => {
    const task = BULK_TASKS[i % BULK_TASKS.length] ?? 'fill-mask';
    return {
      name: `bulk-model-${String(i + 1).padStart(5, '0')}`,
      description: `Bulk model ${i + 1}.`,
      versions: [
        {
          version: String(1 + (i % 5)),
          description: `Bulk model ${i + 1}, a ${task} model.`,
          systemMetadata: { tasks: { inferenceTasks: [task], fineTuningTasks: i % 3 === 0 ? [task] : [] }, license: BULK_LICENSES[i % BULK_LICENSES.length] },
          modelType: 'mlflow_model',
          flavors: mlflowFlavors(task),
        },
      ],
    };
  });
}
