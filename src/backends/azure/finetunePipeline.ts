import { TASK_IDS, TASKS, type ComponentContext, type TaskId } from '../../core/tasks';
import type { TrainingSettings } from '../../core/trainingSettings';
import { assetInput, literalInput, registryPipelineJobBody, type NodeInput, type RegistryPipelineJobBody } from './registryPipelineJob';

/**
 * The REST body of an Azure ML fine-tuning pipeline job built on the `azureml` registry's fine-tune pipeline
 * components. Input names are the components' own (Azure/azureml-assets
 * `assets/training/finetune_acft_hf_nlp/components/pipeline_components/<task>/spec.yaml`, v0.0.80, as used by
 * Azure/azureml-examples `cli/foundation-models/system/finetune/*` and `sdk/python/foundation-models/system/finetune/*`;
 * shared/azureml/API.md §3.1):
 *
 * | our task | component | key inputs (our canonical JSONL columns) |
 * | --- | --- | --- |
 * | text-classification | `text_classification_pipeline` | `sentence1_key`=sentence, `sentence2_key`=sentence2 (pairs), `label_key`=label |
 * | token-classification | `token_classification_pipeline` | `token_key`=tokens, `tag_key`=tags |
 * | question-answering | `question_answering_pipeline` | `question_key`=question, `context_key`=context, `answers_key`=answers, `answer_start_key`=answer_start, `answer_text_key`=text (SQuAD nesting, written by `componentRecordShaper`) |
 * | summarization | `summarization_pipeline` | `document_key`=document, `summary_key`=summary |
 * | translation | `translation_pipeline` | `source_lang`, `target_lang` (language codes; the columns are named by them) |
 *
 * Every component also takes: the model (`mlflow_model_path` for a registry model, `huggingface_id` for a Hub
 * id), `train_file_path` / `validation_file_path` / `test_file_path` (`uri_file`; when validation is given without
 * test, the preprocess step keeps only 80% of the training file and makes the rest its test data — assets
 * `finetune_acft_hf_nlp/src/preprocess/preprocess.py` — so the caller always gives a test file, audit F5), the computes (`compute_model_import`, `compute_preprocess`, `compute_finetune`,
 * `compute_model_evaluation`), and the training settings `num_train_epochs`, `learning_rate`,
 * `per_device_train_batch_size`, `per_device_eval_batch_size`, `max_seq_length`, `seed`. Booleans are the strings
 * "true"/"false". The pipelines output `pytorch_model_folder` and `mlflow_model_folder` (no evaluation step since
 * v0.0.79); the job binds the latter to its own output `trained_model`, which is what gets registered.
 *
 * Node inputs inside `properties.jobs` are written in the snake_case form the service reads there
 * (`job_input_type`), which also sidesteps the 2.1.1 SDK's loss of asset inputs' `uri` (API.md §0.3).
 */

/** Our fine-tunable tasks → their `azureml` registry pipeline components (from the task table). */
export const FINETUNE_COMPONENTS: Readonly<Partial<Record<TaskId, string>>> = Object.fromEntries(
  TASK_IDS.flatMap((id) => {
    const finetune = TASKS[id].azure.finetune;
    return finetune ? [[id, finetune.component]] : [];
  }),
);

/** The fine-tune pipeline component of a task, from the task table; a task without one cannot be fine-tuned on Azure. */
export function finetuneComponentOf(task: TaskId): NonNullable<(typeof TASKS)[TaskId]['azure']['finetune']> {
  const component = TASKS[task].azure.finetune;
  if (!component) throw new Error(`${TASKS[task].displayName} cannot be fine-tuned; evaluate it instead.`);
  return component;
}

/**
 * The columns a model fine-tuned by the task's component was trained on: the task's input roles the user mapped, as
 * the component read them (after the task's `shapeRecord`, e.g. a translation's source column named by its language
 * code). A fine-tuned model's MLflow signature takes these as named inputs (audit F9).
 */
export function trainedInputColumns(task: TaskId, context: ComponentContext): string[] {
  const { roles, inputRoles, azure } = TASKS[task];
  const mapped = inputRoles.filter((role) => context.mappedRoles.has(role));
  const shape = azure.finetune?.shapeRecord;
  if (!shape) return mapped;
  const probe = Object.fromEntries(roles.map((role) => [role.name, `\u0000${role.name}`]));
  const shaped = shape(probe, context);
  return mapped.map((role) => Object.entries(shaped).find(([, value]) => value === `\u0000${role}`)?.[0] ?? role);
}

export interface FinetuneJobRequest {
  readonly task: TaskId;
  /** `azureml://registries/<registry>/components/<name>/versions/<version>`, resolved beforehand. */
  readonly componentId: string;
  /** A registry or workspace model asset id (`azureml://…`), or a Hugging Face id. */
  readonly model: { readonly kind: 'mlflow'; readonly assetId: string } | { readonly kind: 'huggingface'; readonly id: string };
  /** Data asset or datastore URIs of the uploaded canonical JSONL files. */
  readonly data: { readonly train: string; readonly validation?: string | undefined; readonly test?: string | undefined };
  /** The roles the user mapped (optional ones add inputs, e.g. `sentence2_key`) and a translation's languages. */
  readonly context: ComponentContext;
  readonly settings: TrainingSettings;
  /** A compute cluster of the workspace, by name: every step runs on it (the `compute_*` inputs name it so). */
  readonly compute: string;
  /** The same cluster's ARM id, for the job's `settings.default_compute` (`computeArmId`). */
  readonly computeId: string;
  readonly displayName: string;
  readonly experimentName: string;
  /** More tags for the job (the extension records what the user asked for in one). */
  readonly tags?: Record<string, string> | undefined;
}

const literal = literalInput;
const file = (uri: string): NodeInput => assetInput('uri_file', uri);

/** The `JobBase` body for `PUT {workspace}/jobs/{name}` (`PipelineJob`). */
export function finetunePipelineJobBody(request: FinetuneJobRequest): RegistryPipelineJobBody {
  const { settings } = request;
  const inputs: Record<string, NodeInput> = {
    ...(request.model.kind === 'mlflow'
      ? { mlflow_model_path: assetInput('mlflow_model', request.model.assetId) }
      : { huggingface_id: literal(request.model.id) }),
    train_file_path: file(request.data.train),
    ...(request.data.validation ? { validation_file_path: file(request.data.validation) } : {}),
    ...(request.data.test ? { test_file_path: file(request.data.test) } : {}),
    ...Object.fromEntries(Object.entries(finetuneComponentOf(request.task).inputs(request.context)).map(([name, value]) => [name, literal(value)])),
    compute_model_import: literal(request.compute),
    compute_preprocess: literal(request.compute),
    compute_finetune: literal(request.compute),
    compute_model_evaluation: literal(request.compute),
    num_train_epochs: literal(settings.epochs),
    learning_rate: literal(settings.learningRate),
    per_device_train_batch_size: literal(settings.batchSize),
    per_device_eval_batch_size: literal(settings.batchSize),
    max_seq_length: literal(settings.maxSequenceLength),
    seed: literal(settings.seed),
  };
  return registryPipelineJobBody({
    displayName: request.displayName,
    experimentName: request.experimentName,
    tags: { 'foundation-models.task': request.task, ...request.tags },
    compute: request.computeId,
    nodes: { finetune: { type: 'pipeline', componentId: request.componentId, inputs, outputs: { mlflow_model_folder: 'trained_model' } } },
    outputs: { trained_model: { type: 'mlflow_model' } },
  });
}
