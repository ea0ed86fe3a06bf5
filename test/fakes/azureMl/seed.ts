import { FAKE_TENANT_ID } from './armConventions';
import type { FakeAzureMlSeed, FakeCompute, FakeModel, FakeModelVersion, FakeRegistry, FakeSubscription, FakeWorkspace } from './types';

/**
 * The sample seed, and builders for its parts (each takes overrides), so that a test states only what it changes.
 *
 * - Seed tags/properties of catalog models: Azure/azureml-assets `assets/models/system/bert-base-uncased/spec.yaml`
 *   (077563f19b46eef37cc9f474a94789b29ec733b7) and the `MLFlowModelTags` / `MLFlowModelProperties` constants of
 *   `scripts/azureml-assets/azureml/assets/validate_assets.py` (tags `task`, `license`, `*_compute_allow_list`;
 *   property `finetuning-tasks`, `*-recommended-sku`, `*-min-sku-spec`).
 */

export const SAMPLE_IDS = {
  tenantId: FAKE_TENANT_ID,
  devSubscription: '3f2a9c41-7b1d-4e8a-9c5f-1d2e3f4a5b6c',
  prodSubscription: 'b7e4d2a0-5c3f-4a1b-8e9d-0f1a2b3c4d5e',
  /** The system registries live in a Microsoft-owned subscription the user does not list. */
  registrySubscription: 'e1d2c3b4-a5f6-4789-8abc-def012345678',
} as const;

const CPU_SKUS = "['Standard_DS3_v2', 'Standard_D4a_v4', 'Standard_D8a_v4', 'Standard_E4s_v3']";
const GPU_SKUS = "['Standard_NC6s_v3', 'Standard_NC24s_v3', 'Standard_NC24rs_v3', 'Standard_NC24ads_A100_v4']";

function mlflowFlavors(task: string): Record<string, { data?: Record<string, string> }> {
  return {
    python_function: { data: { loader_module: 'mlflow.transformers', python_version: '3.10.14', env: 'conda.yaml' } },
    transformers: { data: { task, transformers_version: '4.44.2', pipeline_model_type: 'AutoModel' } },
  };
}

interface CatalogEntry {
  name: string;
  hfId: string;
  task: string;
  license: string;
  finetuningTasks?: string;
  versions: string[];
  /** Container-level tags (most registry containers carry none; the version has them). */
  containerTags?: Record<string, string>;
  card: string;
}

function azuremlModel(entry: CatalogEntry): FakeModel {
  const tags: Record<string, string> = {
    task: entry.task,
    license: entry.license,
    huggingface_model_id: entry.hfId,
    SharedComputeCapacityEnabled: '',
    inference_compute_allow_list: CPU_SKUS,
    evaluation_compute_allow_list: CPU_SKUS,
  };
  const properties: Record<string, string> = {
    SharedComputeCapacityEnabled: 'True',
    languages: 'en',
    'inference-recommended-sku': 'Standard_DS3_v2, Standard_D4a_v4, Standard_D8a_v4, Standard_E4s_v3',
    'inference-min-sku-spec': '4|0|14|28',
    'evaluation-min-sku-spec': '8|0|28|56',
  };
  if (entry.finetuningTasks) {
    tags.finetune_compute_allow_list = GPU_SKUS;
    tags.model_specific_defaults = "{'apply_deepspeed': 'true', 'apply_lora': 'true', 'apply_ort': 'true'}";
    properties['finetuning-tasks'] = entry.finetuningTasks;
    properties['finetune-recommended-sku'] = 'Standard_NC6s_v3, Standard_NC24s_v3, Standard_NC24rs_v3';
    properties['finetune-min-sku-spec'] = '6|1|112|736';
  }
  return {
    name: entry.name,
    description: entry.card,
    ...(entry.containerTags ? { tags: { ...entry.containerTags } } : {}),
    versions: entry.versions.map((version) => ({
      version,
      description: entry.card,
      tags: { ...tags },
      properties: { ...properties },
      modelType: 'mlflow_model',
      flavors: mlflowFlavors(entry.task),
    })),
  };
}

function card(title: string, summary: string, uses: string[], extra = ''): string {
  return [
    `# ${title}`,
    '',
    summary,
    '',
    '## Intended uses & limitations',
    '',
    ...uses.map((use) => `- ${use}`),
    '',
    '## Inference samples',
    '',
    '| Inference type | Python sample (Notebook) | CLI with YAML |',
    '| --- | --- | --- |',
    '| Real time | sdk-example.ipynb | cli-example.sh |',
    ...(extra ? ['', extra] : []),
    '',
  ].join('\n');
}

/**
 * A small, realistic seed: 2 subscriptions, 2 workspaces (one with 3 models), registries `azureml` (7 models) and
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
  const bert = 'azureml://registries/azureml/models/bert-base-uncased/versions/14';
  const distilroberta = 'azureml://registries/azureml/models/distilroberta-base/versions/9';
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

/** The system registry `azureml`: the sample catalog models (`AZUREML_MODELS`), no components unless given. */
export function azuremlRegistry(overrides: Partial<FakeRegistry> = {}): FakeRegistry {
  return {
    name: 'azureml',
    subscriptionId: SAMPLE_IDS.registrySubscription,
    resourceGroup: 'registry-azureml',
    region: 'eastus',
    models: AZUREML_MODELS.map(azuremlModel),
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

/** A fine-tuned model version of a workspace. */
function workspaceVersion(version: string, description: string, task: string, base: string, modelType = 'mlflow_model'): FakeModelVersion {
  return {
    version,
    description,
    tags: { task, base_model: base },
    properties: { 'azureml.finetuned': 'true' },
    modelType,
    ...(modelType === 'mlflow_model' ? { flavors: mlflowFlavors(task) } : {}),
  };
}

/** The `azureml` registry's sample models, as azureml-assets describes them. */
const AZUREML_MODELS: readonly CatalogEntry[] = [
  {
    name: 'bert-base-uncased',
    hfId: 'bert-base-uncased',
    task: 'fill-mask',
    license: 'apache-2.0',
    finetuningTasks: 'text-classification, token-classification, question-answering',
    versions: ['13', '14'],
    card: card(
      'BERT base model (uncased)',
      'A transformer encoder pretrained on English text with a **masked language modeling** (MLM) objective and ' +
        'next sentence prediction. It does not distinguish between `english` and `English`.',
      ['Fill in masked words', 'Fine-tune for sequence classification, token classification or question answering'],
      '> The raw model is mostly meant to be fine-tuned on a downstream task.',
    ),
  },
  {
    name: 'distilroberta-base',
    hfId: 'distilroberta-base',
    task: 'fill-mask',
    license: 'apache-2.0',
    finetuningTasks: 'text-classification, token-classification, question-answering',
    versions: ['9'],
    card: card(
      'DistilRoBERTa base',
      'A distilled version of RoBERTa-base: 6 layers, 768 hidden units, 82M parameters, about **twice as fast** as RoBERTa-base.',
      ['Fill in masked words', 'Fine-tune on classification and tagging tasks'],
    ),
  },
  {
    name: 't5-small',
    hfId: 't5-small',
    task: 'translation',
    license: 'apache-2.0',
    finetuningTasks: 'translation, summarization',
    versions: ['15', '16', '17'],
    containerTags: { task: 'translation', license: 'apache-2.0' },
    card: card(
      'T5 small',
      'Text-To-Text Transfer Transformer with 60 million parameters. Every task is cast as *text in, text out*, ' +
        'e.g. `translate English to German: ...`.',
      ['Translation (English to German, French, Romanian)', 'Summarization'],
    ),
  },
  {
    name: 'facebook-bart-large-cnn',
    hfId: 'facebook/bart-large-cnn',
    task: 'summarization',
    license: 'mit',
    finetuningTasks: 'summarization',
    versions: ['12'],
    card: card(
      'BART large CNN',
      'BART (large) fine-tuned on the **CNN/Daily Mail** news summarization dataset.',
      ['Summarize news articles and similar long-form text'],
    ),
  },
  {
    name: 'deepset-roberta-base-squad2',
    hfId: 'deepset/roberta-base-squad2',
    task: 'question-answering',
    license: 'cc-by-4.0',
    finetuningTasks: 'question-answering',
    versions: ['10', '11'],
    card: card(
      'RoBERTa base for extractive QA',
      'roberta-base fine-tuned on **SQuAD 2.0**, including unanswerable questions.',
      ['Extractive question answering over a given context'],
    ),
  },
  {
    name: 'microsoft-deberta-base',
    hfId: 'microsoft/deberta-base',
    task: 'fill-mask',
    license: 'mit',
    finetuningTasks: 'text-classification, question-answering',
    versions: ['8'],
    card: card(
      'DeBERTa base',
      'Decoding-enhanced BERT with **disentangled attention**; outperforms BERT and RoBERTa on most NLU tasks.',
      ['Fill in masked words', 'Fine-tune for NLU tasks'],
    ),
  },
  {
    name: 'gpt2',
    hfId: 'gpt2',
    task: 'text-generation',
    license: 'mit',
    versions: ['16'],
    containerTags: { task: 'text-generation', license: 'mit' },
    card: card(
      'GPT-2',
      'A causal language model pretrained on WebText. Generates English text from a prompt.',
      ['Text generation', 'Evaluation with perplexity and ROUGE'],
      '**Bias:** the training data contains unfiltered content from the internet.',
    ),
  },
];
