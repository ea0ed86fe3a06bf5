import path from 'node:path';
import { jobDisplayName, jobLanguages } from '../../core/jobs/jobData';
import type { DataJobSpec } from '../../core/jobs/jobModel';
import { defaultTrainingSettings } from '../../core/tasks';
import { evaluationOutputs, evaluationPipelineJobBody, METRICS_COMPONENT, PREDICTION_COMPONENT, type DatastorePaths } from './evaluationPipeline';
import { finetuneComponentOf, finetunePipelineJobBody } from './finetunePipeline';
import type { RegistryPipelineJobBody } from './registryPipelineJob';

/**
 * The pipeline job of a fine-tune or an evaluation, from what the user asked (`DataJobSpec`) and the few things
 * Azure decides: where the data went, which component versions run, the compute's id, where an evaluation writes its
 * predictions. `AzureJobs` submits it with the uploaded data and the resolved versions; Show Code writes the same body
 * as Azure ML CLI v2 YAML with the user's local files and `labels/latest` (`azureCode.ts`), so the two cannot drift.
 */

/** The tag that carries what the user asked for (JSON, the data files by name only): the Jobs view lists these jobs. */
export const SPEC_TAG = 'foundation-models.spec';
/** The experiment every job of this extension is filed under. */
export const EXPERIMENT_NAME = 'foundation-models';

/** The data parts as the components read them (datastore URIs of the uploaded files, or the user's own paths). */
export type DataParts = Partial<Record<'train' | 'validation' | 'test', string>>;

export interface DataJobBodyRequest {
  readonly spec: DataJobSpec;
  /** The model's name, for the job's display name. */
  readonly modelName: string;
  /** The model as a job input names it: a registry asset id, or a workspace model's ARM id (`armModelId`). */
  readonly model: string;
  readonly parts: DataParts;
  /** A component of the `azureml` registry by name → its id (`…/versions/<v>`, or `…/labels/latest`). */
  readonly component: (name: string) => string;
  /** The compute every step runs on: its ARM id (`computeArmId`), or `serverless`. */
  readonly computeId: string;
  /** The job's name (where an evaluation writes its predictions) and the datastore those go to. */
  readonly jobName: string;
  readonly datastore: DatastorePaths;
}

/** The registry components a job of `spec` runs, by name: resolve these, then pass them as `component`. */
export function dataJobComponents(spec: DataJobSpec): string[] {
  return spec.kind === 'fineTune' ? [finetuneComponentOf(spec.task).component] : [PREDICTION_COMPONENT, METRICS_COMPONENT];
}

/** The tags of the job: its task, and the spec as the user gave it, files by name only (it shows from any machine). */
export function dataJobTags(spec: DataJobSpec): Record<string, string> {
  const name = (file: string | undefined) => file && path.basename(file);
  const files = { file: path.basename(spec.data.file), validationFile: name(spec.data.validationFile), testFile: name(spec.data.testFile) };
  return { 'foundation-models.task': spec.task, [SPEC_TAG]: JSON.stringify({ ...spec, data: { ...spec.data, ...files } }) };
}

/**
 * Without a test file the fine-tune components carve 20% off the training data for one (audit F5): the validation
 * file serves as the test file too, so every training record is trained on.
 */
export function withTestPart(spec: DataJobSpec, parts: DataParts): DataParts {
  return spec.kind === 'fineTune' && !parts.test && parts.validation ? { ...parts, test: parts.validation } : parts;
}

/** The `JobBase` body for `PUT {workspace}/jobs/{name}`: the task's fine-tune component, or the evaluation components. */
export function dataJobBody(request: DataJobBodyRequest): RegistryPipelineJobBody {
  const { spec } = request;
  const parts = withTestPart(spec, request.parts);
  const context = { mappedRoles: new Set(Object.keys(spec.data.mapping)), languages: jobLanguages(spec) };
  const common = { computeId: request.computeId, displayName: jobDisplayName(spec, request.modelName), experimentName: EXPERIMENT_NAME, tags: dataJobTags(spec) };
  if (spec.kind === 'fineTune') {
    if (!parts.train) throw new Error('No training data after the split; give the training part a share.');
    const settings = spec.settings ?? defaultTrainingSettings(spec.task);
    const componentId = request.component(finetuneComponentOf(spec.task).component);
    const data = { train: parts.train, validation: parts.validation, test: parts.test };
    return finetunePipelineJobBody({ ...common, compute: spec.compute ?? '', task: spec.task, componentId, model: { kind: 'mlflow', assetId: request.model }, data, context, settings });
  }
  if (!parts.test) throw new Error('No test data to evaluate on.');
  const components = { prediction: request.component(PREDICTION_COMPONENT), metrics: request.component(METRICS_COMPONENT) };
  const outputs = evaluationOutputs(request.datastore, request.jobName);
  return evaluationPipelineJobBody({ ...common, task: spec.task, components, model: request.model, testData: parts.test, context, outputs });
}
