import { TASK_IDS, TASKS, type TaskId } from '../../core/tasks';
import { assetInput, literalInput, registryPipelineJobBody, type NodeInput, type PipelineJobBody } from './registryPipelineJob';

/**
 * The REST body of an evaluation job on the `azureml` registry's `model_evaluation_pipeline` component (last
 * source v0.0.36, Azure/azureml-assets `assets/training/model_evaluation/components/pipeline_component/spec.yaml`;
 * used by Azure/azureml-examples `sdk/python/foundation-models/system/evaluation/*`; shared/azureml/API.md §3.3):
 *
 * | input | what we send |
 * | --- | --- |
 * | `task` | the component's task name for ours (table below) |
 * | `test_data` | the uploaded canonical JSONL (`uri_file`, as the samples pass it) |
 * | `mlflow_model` | the model's asset id (`mlflow_model`) |
 * | `input_column_names` | comma-separated canonical columns (`sentence`, `context,question`…) |
 * | `label_column_name` | the canonical reference column (`label`, `answer_text`, `summary`…) |
 * | `device` | `auto` |
 * | `compute_name` | the chosen cluster |
 *
 * The metrics it computes are logged to its `compute_metrics` step's run, where `readJobMetrics` finds them.
 */

export const EVALUATION_COMPONENT = 'model_evaluation_pipeline';

/** Our task → the component's `task` enum value (the task table's `azure.evaluationTask`). */
export const EVALUATION_TASK_NAMES = Object.fromEntries(TASK_IDS.map((id) => [id, TASKS[id].azure.evaluationTask])) as Readonly<Record<TaskId, string>>;

export interface EvaluationJobRequest {
  readonly task: TaskId;
  /** `azureml://registries/azureml/components/model_evaluation_pipeline/versions/<v>`, resolved beforehand. */
  readonly componentId: string;
  /** The model's MLflow asset id (`azureml://…/models/<name>/versions/<v>`). */
  readonly modelAssetId: string;
  /** Datastore URI of the uploaded test data. */
  readonly testData: string;
  /** The roles the user mapped: the model reads those of the task's input roles (a second sentence only if mapped). */
  readonly mappedRoles: ReadonlySet<string>;
  readonly compute: string;
  readonly displayName: string;
  readonly experimentName: string;
  readonly tags: Record<string, string>;
}

/** The `JobBase` body for `PUT {workspace}/jobs/{name}` (api-version 2022-10-01, `PipelineJob`). */
export function evaluationPipelineJobBody(request: EvaluationJobRequest): PipelineJobBody {
  const { inputRoles, referenceRole } = TASKS[request.task];
  const inputs = inputRoles.filter((role) => request.mappedRoles.has(role)).join(',');
  const literal = literalInput;
  const nodeInputs: Record<string, NodeInput> = {
    task: literal(EVALUATION_TASK_NAMES[request.task]),
    test_data: assetInput('uri_file', request.testData),
    mlflow_model: assetInput('mlflow_model', request.modelAssetId),
    input_column_names: literal(inputs),
    ...(referenceRole ? { label_column_name: literal(referenceRole) } : {}),
    device: literal('auto'),
    compute_name: literal(request.compute),
  };
  return registryPipelineJobBody({
    displayName: request.displayName,
    experimentName: request.experimentName,
    tags: request.tags,
    compute: request.compute,
    node: 'evaluate',
    componentId: request.componentId,
    inputs: nodeInputs,
    output: { node: 'evaluation_result', job: 'evaluation_result', type: 'uri_folder' },
  });
}
