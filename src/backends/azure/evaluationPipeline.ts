import { TASK_IDS, TASKS, type ComponentContext, type TaskId } from '../../core/tasks';
import { assetInput, literalInput, nodeOutputInput, registryPipelineJobBody, type NodeInput, type RegistryPipelineJobBody } from './registryPipelineJob';

/**
 * The REST body of an evaluation job: two command nodes of the `azureml` registry, `model_prediction` then
 * `compute_metrics` (the two steps the deleted `model_evaluation_pipeline` ran, audit F2; interfaces in
 * test/fixtures/azureml/components/, Azure/azureml-assets `assets/training/model_evaluation/components/*`):
 *
 * | node | input | what we send |
 * | --- | --- | --- |
 * | `predict` (model_prediction) | `task` | the task table's `azure.evaluation.task` (named always: it defaults to `tabular-classification`) |
 * | | `test_data` | the uploaded canonical JSONL (`uri_file` into the `uri_folder` input, as the samples pass it) |
 * | | `mlflow_model` | the model: a registry asset id, or a workspace model's ARM id |
 * | | `input_column_names`, `label_column_name` | the canonical columns the model reads, the reference column |
 * | | `evaluation_config_params` | the task's config (a translation's languages, a summarization's truncation; audit F10) |
 * | | `device` | `auto` |
 * | `score` (compute_metrics) | `task`, `ground_truth_column_name`, `prediction_column_name` | the same task, the reference column, `predictions` |
 * | | `prediction`, `ground_truth`, `prediction_probabilities` | bound to `predict`'s outputs |
 *
 * `predict`'s `predictions` and `ground_truth` (JSON Lines: `{"predictions": …}` per row, `{<label column>: …}` per row;
 * model_prediction.py writes them with pandas `to_json(orient="records", lines=True)`) are also outputs of the job at
 * datastore paths the caller chooses, so that the extension reads them back when the job completes and scores them with
 * its own metrics (`evaluationResults.ts`); compute_metrics' own figures go to its `evaluation_result` and to MLflow.
 */

export const PREDICTION_COMPONENT = 'model_prediction';
export const METRICS_COMPONENT = 'compute_metrics';

/** Our task → the components' `task` enum value (the task table's `azure.evaluation.task`). */
export const EVALUATION_TASK_NAMES = Object.fromEntries(TASK_IDS.map((id) => [id, TASKS[id].azure.evaluation.task])) as Readonly<Record<TaskId, string>>;

/** The column model_prediction writes its predictions under. */
export const PREDICTION_COLUMN = 'predictions';

/** Where a job's files go: a datastore's `azureml://datastores/{name}/paths/{path}` (`DefaultDatastore.uri`). */
export interface DatastorePaths {
  uri(blobPath: string): string;
}

/** Where an evaluation job writes its predictions and ground truth: a folder of its own on the datastore. */
export function evaluationOutputs(datastore: DatastorePaths, jobName: string): { predictions: string; groundTruth: string } {
  const folder = `foundation-models/evaluations/${jobName}`;
  return { predictions: datastore.uri(`${folder}/predictions.jsonl`), groundTruth: datastore.uri(`${folder}/ground_truth.jsonl`) };
}

export interface EvaluationJobRequest {
  readonly task: TaskId;
  /** `azureml://registries/azureml/components/{model_prediction|compute_metrics}/versions/<v>`, resolved beforehand. */
  readonly components: { readonly prediction: string; readonly metrics: string };
  /** The model: `azureml://registries/…/versions/<v>`, or a workspace model's ARM id. */
  readonly model: string;
  /** Datastore URI of the uploaded test data. */
  readonly testData: string;
  /** The roles the user mapped (the model reads those of the task's input roles) and a translation's languages. */
  readonly context: ComponentContext;
  /** Where the predictions and the ground truth are written (datastore URIs of `.jsonl` files). */
  readonly outputs: { readonly predictions: string; readonly groundTruth: string };
  /** A compute's ARM id (`computeArmId`). */
  readonly computeId: string;
  readonly displayName: string;
  readonly experimentName: string;
  readonly tags: Record<string, string>;
}

/** The `JobBase` body for `PUT {workspace}/jobs/{name}` (`PipelineJob`). */
export function evaluationPipelineJobBody(request: EvaluationJobRequest): RegistryPipelineJobBody {
  const { inputRoles, referenceRole, azure } = TASKS[request.task];
  const { task, configParams, probabilities } = azure.evaluation;
  const literal = literalInput;
  const config = configParams?.(request.context);
  const predict: Record<string, NodeInput> = {
    task: literal(task),
    test_data: assetInput('uri_file', request.testData),
    mlflow_model: assetInput('mlflow_model', request.model),
    input_column_names: literal(inputRoles.filter((role) => request.context.mappedRoles.has(role)).join(',')),
    ...(referenceRole ? { label_column_name: literal(referenceRole) } : {}),
    ...(config ? { evaluation_config_params: literal(JSON.stringify(config)) } : {}),
    device: literal('auto'),
  };
  const score: Record<string, NodeInput> = {
    task: literal(task),
    prediction: nodeOutputInput('predict', 'predictions'),
    prediction_column_name: literal(PREDICTION_COLUMN),
    ...(referenceRole ? { ground_truth: nodeOutputInput('predict', 'ground_truth'), ground_truth_column_name: literal(referenceRole) } : {}),
    ...(probabilities ? { prediction_probabilities: nodeOutputInput('predict', 'prediction_probabilities') } : {}),
  };
  return registryPipelineJobBody({
    displayName: request.displayName,
    experimentName: request.experimentName,
    tags: request.tags,
    compute: request.computeId,
    nodes: {
      predict: { type: 'command', componentId: request.components.prediction, inputs: predict, outputs: { predictions: 'predictions', ...(referenceRole ? { ground_truth: 'ground_truth' } : {}) } },
      score: { type: 'command', componentId: request.components.metrics, inputs: score, outputs: { evaluation_result: 'evaluation_result' } },
    },
    outputs: {
      predictions: { type: 'uri_file', uri: request.outputs.predictions },
      ...(referenceRole ? { ground_truth: { type: 'uri_file' as const, uri: request.outputs.groundTruth } } : {}),
      evaluation_result: { type: 'uri_folder' },
    },
  });
}
