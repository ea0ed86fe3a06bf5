import { parse } from 'yaml';
import type { CodeSection } from '../../src/core/code/codeDocument';

/**
 * Azure ML CLI v2 YAML read back the way `az ml job create` sends it: the REST `PipelineJob` properties, for the
 * strict fake's pipeline validation (test/fakes/azureMl/pipelineValidation.ts). What `az` resolves at submission is
 * resolved here from the test's workspace: `azureml:<cluster>` to the cluster's ARM id, `azureml:<name>:<v>` to the
 * workspace model's, a component's `labels/latest` to the version the test names.
 */

type Json = Record<string, unknown>;

export interface Resolution {
  /** `/subscriptions/…/workspaces/{ws}`. */
  readonly workspaceId: string;
  /** A component's latest version, by name. */
  readonly latest: (component: string) => string;
}

function resolveAsset(path: string, resolution: Resolution): string {
  const model = /^azureml:([^:/]+):([^:/]+)$/.exec(path);
  return model ? `${resolution.workspaceId}/models/${model[1]}/versions/${model[2]}` : path;
}

function restInput(value: unknown, resolution: Resolution): Json {
  if (value && typeof value === 'object') {
    const { type, path } = value as { type: string; path: string };
    return { job_input_type: type, uri: resolveAsset(path, resolution) };
  }
  return { job_input_type: 'literal', value: String(value) };
}

const CLI_MODES: Readonly<Record<string, string>> = { upload: 'Upload', ro_mount: 'ReadOnlyMount', rw_mount: 'ReadWriteMount', download: 'Download', direct: 'Direct' };

/** The `properties` of the PipelineJob that `az ml job create` would PUT for `text`. */
export function restFromCliYaml(text: string, resolution: Resolution): Json {
  const job = parse(text) as Json & { jobs: Record<string, Json>; settings: Json; outputs: Record<string, Json> };
  const compute = String(job.settings.default_compute).replace(/^azureml:/, '');
  return {
    jobType: 'Pipeline',
    displayName: job.display_name,
    experimentName: job.experiment_name,
    tags: job.tags,
    inputs: job.inputs ?? {},
    outputs: Object.fromEntries(
      Object.entries(job.outputs).map(([name, output]) => [
        name,
        { jobOutputType: output.type, ...(output.path ? { uri: output.path } : {}), ...(output.mode ? { mode: CLI_MODES[String(output.mode)] } : {}) },
      ]),
    ),
    settings: { ...job.settings, default_compute: compute === 'serverless' ? compute : `${resolution.workspaceId}/computes/${compute}` },
    jobs: Object.fromEntries(
      Object.entries(job.jobs).map(([name, node]) => [
        name,
        {
          type: node.type,
          componentId: String(node.component).replace(/\/components\/([^/]+)\/labels\/latest$/, (_, component: string) => `/components/${component}/versions/${resolution.latest(component)}`),
          _source: 'REMOTE.REGISTRY',
          inputs: Object.fromEntries(Object.entries(node.inputs as Json).map(([input, value]) => [input, restInput(value, resolution)])),
          outputs: Object.fromEntries(Object.entries((node.outputs ?? {}) as Json).map(([output, value]) => [output, { type: 'literal', value }])),
        },
      ]),
    ),
  };
}

/** The text of the block saved as `file` in `sections`. */
export function blockText(sections: readonly CodeSection[], file: string): string {
  const block = sections.flatMap((section) => section.blocks).find((b) => b.file === file);
  if (!block) throw new Error(`No block for ${file}.`);
  return block.text;
}
