/**
 * The `JobBase` body for `PUT {workspace}/jobs/{name}` (api-version 2022-10-01, `PipelineJob`) that runs one
 * pipeline component of a registry, as azure-ai-ml submits it (shared/azureml/API.md §1.4.4): the node's inputs in
 * the snake_case form the service reads inside `properties.jobs` (which also sidesteps the 2.1.1 SDK's loss of asset
 * inputs' `uri`, §0.3), `_source: REMOTE.REGISTRY`, and the node's output bound to an output of the job.
 */
export type NodeInput = { job_input_type: 'literal'; value: string } | { job_input_type: 'uri_file' | 'mlflow_model'; uri: string; mode: 'ReadOnlyMount' };

export const literalInput = (value: string | number): NodeInput => ({ job_input_type: 'literal', value: String(value) });
export const assetInput = (type: 'uri_file' | 'mlflow_model', uri: string): NodeInput => ({ job_input_type: type, uri, mode: 'ReadOnlyMount' });

export interface RegistryPipelineJob {
  readonly displayName: string;
  readonly experimentName: string;
  readonly tags: Record<string, string>;
  /** Every step runs here by default (a cluster name, or `serverless`). */
  readonly compute: string;
  /** The node's name in `properties.jobs`, e.g. `finetune`. */
  readonly node: string;
  /** `azureml://registries/<registry>/components/<name>/versions/<version>`. */
  readonly componentId: string;
  readonly inputs: Record<string, NodeInput>;
  /** The node's output (`mlflow_model_folder`) and the job output it is bound to (`trained_model`), of that type. */
  readonly output: { readonly node: string; readonly job: string; readonly type: 'mlflow_model' | 'uri_folder' };
  /** Runs as the submitting user (the import pipeline needs it). */
  readonly userIdentity?: boolean | undefined;
}

/** A pipeline job's body for `PUT {W}/jobs/{name}` (`WorkspaceRest.putJob`). */
export interface PipelineJobBody {
  readonly properties: { readonly jobType: 'Pipeline'; readonly identity?: { readonly identityType: 'UserIdentity' }; readonly [key: string]: unknown };
}

export function registryPipelineJobBody(job: RegistryPipelineJob): PipelineJobBody {
  return {
    properties: {
      jobType: 'Pipeline',
      displayName: job.displayName,
      experimentName: job.experimentName,
      tags: job.tags,
      ...(job.userIdentity ? { identity: { identityType: 'UserIdentity' as const } } : {}),
      inputs: {},
      outputs: { [job.output.job]: { jobOutputType: job.output.type } },
      settings: { default_compute: job.compute, force_rerun: true, continue_on_step_failure: false },
      jobs: {
        [job.node]: {
          type: 'pipeline',
          componentId: job.componentId,
          _source: 'REMOTE.REGISTRY',
          inputs: job.inputs,
          outputs: { [job.output.node]: { type: 'literal', value: `\${{parent.outputs.${job.output.job}}}` } },
        },
      },
    },
  };
}
