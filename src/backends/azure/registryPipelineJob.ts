/**
 * The `JobBase` body for `PUT {workspace}/jobs/{name}` (`PipelineJob`) whose nodes run components of a registry, as
 * azure-ai-ml submits it (shared/azureml/API.md §1.4.4; test/fixtures/azureml/rest/job.put.json
 * `nodeShapeAsSentByAzureAiMl`): the nodes' inputs in the snake_case form the service reads inside `properties.jobs`
 * (which also sidesteps the 2.1.1 SDK's loss of asset inputs' `uri`, §0.3), `_source: REMOTE.REGISTRY`, a node's
 * outputs bound to outputs of the job, and a node's input bound to another node's output by a data-binding
 * expression (`${{parent.jobs.<node>.outputs.<name>}}`).
 *
 * Asset inputs carry no `mode`: the component declares its own (`ro_mount`, `rw_mount`), which applies when the job
 * names none, as when azure-ai-ml submits a component's input without one (audit F15).
 */

export type AssetKind = 'uri_file' | 'uri_folder' | 'mlflow_model';
export type NodeInput = { job_input_type: 'literal'; value: string } | { job_input_type: AssetKind; uri: string };

export const literalInput = (value: string | number): NodeInput => ({ job_input_type: 'literal', value: String(value) });
export const assetInput = (type: AssetKind, uri: string): NodeInput => ({ job_input_type: type, uri });
/** An input that reads another node's output. */
export const nodeOutputInput = (node: string, output: string): NodeInput => literalInput(`\${{parent.jobs.${node}.outputs.${output}}}`);

export interface PipelineNode {
  readonly type: 'pipeline' | 'command';
  /** `azureml://registries/<registry>/components/<name>/versions/<version>`. */
  readonly componentId: string;
  readonly inputs: Record<string, NodeInput>;
  /** The node's outputs bound to outputs of the job: node output → job output. */
  readonly outputs?: Record<string, string>;
}

/** An output of the job; `uri` pins where it is written (a datastore path), else Azure ML picks. */
export interface PipelineJobOutput {
  readonly type: AssetKind;
  readonly uri?: string | undefined;
}

export interface RegistryPipelineJob {
  readonly displayName: string;
  readonly experimentName: string;
  readonly tags: Record<string, string>;
  /** Every step runs here unless it says otherwise: a compute's ARM id (`computeArmId`), or `serverless`. */
  readonly compute: string;
  readonly nodes: Record<string, PipelineNode>;
  readonly outputs: Record<string, PipelineJobOutput>;
  /** Runs as the submitting user (the import pipeline needs it). */
  readonly userIdentity?: boolean | undefined;
}

/** A pipeline job's body for `PUT {W}/jobs/{name}` (`WorkspaceRest.putJob`). */
export interface PipelineJobBody {
  readonly properties: { readonly jobType: 'Pipeline'; readonly identity?: { readonly identityType: 'UserIdentity' }; readonly [key: string]: unknown };
}

/** A node of the body as sent: its inputs, and its outputs bound to the job's (`${{parent.outputs.<name>}}`). */
export type PipelineNodeBody = {
  readonly type: PipelineNode['type'];
  readonly componentId: string;
  readonly _source: 'REMOTE.REGISTRY';
  readonly inputs: Readonly<Record<string, NodeInput>>;
  readonly outputs: Readonly<Record<string, { readonly type: 'literal'; readonly value: string }>>;
};

/** The body `registryPipelineJobBody` builds, every part typed (Show Code reads it back as YAML). */
export type RegistryPipelineJobBody = PipelineJobBody & {
  readonly properties: {
    readonly displayName: string;
    readonly experimentName: string;
    readonly tags: Readonly<Record<string, string>>;
    readonly inputs: Readonly<Record<string, never>>;
    readonly outputs: Readonly<Record<string, { readonly jobOutputType: AssetKind; readonly uri?: string; readonly mode?: 'Upload' }>>;
    readonly settings: { readonly default_compute: string; readonly force_rerun: boolean; readonly continue_on_step_failure: boolean };
    readonly jobs: Readonly<Record<string, PipelineNodeBody>>;
  };
};

export function registryPipelineJobBody(job: RegistryPipelineJob): RegistryPipelineJobBody {
  const outputs = Object.fromEntries(
    Object.entries(job.outputs).map(([name, output]) => [name, { jobOutputType: output.type, ...(output.uri ? { uri: output.uri, mode: 'Upload' as const } : {}) }]),
  );
  const nodes = Object.fromEntries(
    Object.entries(job.nodes).map(([name, node]): [string, PipelineNodeBody] => [
      name,
      {
        type: node.type,
        componentId: node.componentId,
        _source: 'REMOTE.REGISTRY',
        inputs: node.inputs,
        outputs: Object.fromEntries(Object.entries(node.outputs ?? {}).map(([output, bound]) => [output, { type: 'literal' as const, value: `\${{parent.outputs.${bound}}}` }])),
      },
    ]),
  );
  return {
    properties: {
      jobType: 'Pipeline',
      displayName: job.displayName,
      experimentName: job.experimentName,
      tags: job.tags,
      ...(job.userIdentity ? { identity: { identityType: 'UserIdentity' as const } } : {}),
      inputs: {},
      outputs,
      settings: { default_compute: job.compute, force_rerun: true, continue_on_step_failure: false },
      jobs: nodes,
    },
  };
}
