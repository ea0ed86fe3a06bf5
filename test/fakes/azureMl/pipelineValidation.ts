import { ASSET_IO_TYPES, COMPONENT_NAMES, isRequired, loadComponentInterface, type ComponentInput, type ComponentInterface, type ComponentName } from '../../fixtures/azureml/componentInterface';
import { PROVIDER, type Reply, same } from './armConventions';
import { modelAssetExists } from './endpointOperations';
import { isRetiredVmSize, retiredSizeMessage } from './retiredSizes';
import type { FakeAzureMlSeed, FakeWorkspace } from './types';
import { workspaceId } from './workspaces';

/**
 * A pipeline job's nodes checked against the interfaces of the `azureml` registry components they run
 * (test/fixtures/azureml/components/*.json, each read from its `spec.yaml` at Azure/azureml-assets 4b41f8cc): the
 * component exists in the registry at that version; every bound input is declared, of the declared kind, with a value
 * the declared type, enum and bounds take; every required input without a default is bound; every bound output is
 * declared; the computes named exist; no step runs serverless on a retired VM size.
 *
 * The spec declares `PipelineJob.jobs` and `settings` untyped (rest/job.put.json), so no public schema says how the
 * service words these refusals. Status and codes are the fake's choice, listed in rest/errors.json
 * (`pipelineJobValidation`): 400 `UserError` with the ARM error shape, each problem a detail with its own code
 * (`JobInputUnknown`, `JobInputMissing`, `JobInputTypeMismatch`, `JobInputInvalidValue`) and target; 404 `UserError`
 * `ComponentNotFound` for a component or version the registry does not have. Only the empty literal's words are the
 * service's own ("Request is invalid and/or missing fields. The Value field is required.", Azure/azure-sdk-for-python#41834).
 *
 * What the fake accepts where public sources leave it open, choosing what azure-ai-ml sends:
 * - node shape: `{type, componentId, _source, inputs: {name: {job_input_type, value | uri, mode?}}, outputs: {name:
 *   {type: 'literal', value: '${{parent.outputs.x}}'}}, compute?}` (rest_non_string_input_pipeline.json 4e7525437e);
 *   a node input bound to another node's output is a literal `${{parent.jobs.<node>.outputs.<name>}}`
 *   (azure-ai-ml `tests/pipeline_job/e2etests/test_pipeline_job.py`);
 * - a `uri_file` may feed a `uri_folder` input (what the evaluation samples and the deleted model_evaluation_pipeline
 *   did: test data, and model_prediction's `predictions` into compute_metrics' `prediction`);
 * - model inputs name a registry asset (`azureml://registries/…/versions/v`) or a workspace model by ARM id
 *   (`/subscriptions/…/workspaces/{ws}/models/{name}/versions/{v}`), which is what azure-ai-ml resolves them to
 *   (`_operation_orchestrator.get_asset_arm_id`); `azureml://subscriptions/…` is refused (audit F12);
 * - computes (`settings.default_compute`, a node's `compute`) are ARM ids of the workspace's computes, or `serverless`,
 *   as azure-ai-ml resolves them (`_resolve_arm_id_for_pipeline_job`); a bare name is refused (audit F14).
 */

export interface ValidationProblem {
  readonly code: 'JobInputUnknown' | 'JobInputMissing' | 'JobInputTypeMismatch' | 'JobInputInvalidValue' | 'ComputeNotFound' | 'RetiredVmSize' | 'JobOutputUnknown' | 'NodeTypeMismatch';
  readonly message: string;
  readonly target: string;
}

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

const COMPONENT_ID = /^azureml:\/\/registries\/([^/]+)\/components\/([^/]+)\/versions\/([^/]+)$/;
const PARENT_INPUT = /^\$\{\{parent\.inputs\.([^}]+)\}\}$/;
const NODE_OUTPUT = /^\$\{\{parent\.jobs\.([^.}]+)\.outputs\.([^}]+)\}\}$/;
const PARENT_OUTPUT = /^\$\{\{parent\.outputs\.([^}]+)\}\}$/;
const EMPTY_VALUE = 'Request is invalid and/or missing fields. The Value field is required.';

const interfaces = new Map<ComponentName, ComponentInterface>();
function interfaceOf(name: string): ComponentInterface | undefined {
  if (!(COMPONENT_NAMES as readonly string[]).includes(name)) return undefined;
  const known = name as ComponentName;
  let loaded = interfaces.get(known);
  if (!loaded) interfaces.set(known, (loaded = loadComponentInterface(known)));
  return loaded;
}

interface NodeContext {
  readonly node: string;
  readonly component: ComponentInterface;
  readonly job: Json;
  readonly nodes: Record<string, ComponentInterface>;
  readonly ws: FakeWorkspace;
  readonly seed: FakeAzureMlSeed;
}

/** A 400 (or 404 for an unknown component) in the ARM error shape, or `undefined` when the pipeline checks out. */
export function validatePipelineJob(job: Json, ws: FakeWorkspace, seed: FakeAzureMlSeed): Reply | undefined {
  const jobs = isJson(job.jobs) ? job.jobs : {};
  const nodes: Record<string, ComponentInterface> = {};
  for (const [node, body] of Object.entries(jobs)) {
    const componentId = isJson(body) ? body.componentId : undefined;
    const component = typeof componentId === 'string' ? resolveComponent(componentId, seed) : undefined;
    if (!component) {
      const message = `Component '${String(componentId)}' was not found.`;
      return { status: 404, body: { error: { code: 'UserError', message, target: `jobs.${node}.componentId`, details: [{ code: 'ComponentNotFound', message, target: `jobs.${node}.componentId` }] } } };
    }
    nodes[node] = component;
  }
  const problems: ValidationProblem[] = [...settingsProblems(job, ws)];
  for (const [node, component] of Object.entries(nodes)) problems.push(...nodeProblems({ node, component, job, nodes, ws, seed }));
  const first = problems[0];
  if (!first) return undefined;
  return { status: 400, body: { error: { code: 'UserError', message: first.message, target: first.target, details: problems.map((p) => ({ ...p })) } } };
}

/** The interface of a registry component version the seed has (`components` of the registry, with an interface fixture). */
function resolveComponent(componentId: string, seed: FakeAzureMlSeed): ComponentInterface | undefined {
  const [, registry = '', name = '', version = ''] = COMPONENT_ID.exec(componentId) ?? [];
  const seeded = seed.registries.find((r) => same(r.name, registry))?.components?.find((c) => c.name === name);
  if (!seeded?.versions.includes(version)) return undefined;
  // Older seeded versions are taken to have the interface read at assets 4b41f8cc (the fake's simplification).
  return interfaceOf(name);
}

/** `settings.default_compute`: `serverless` or the ARM id of a compute of the workspace (audit F14). */
function settingsProblems(job: Json, ws: FakeWorkspace): ValidationProblem[] {
  const settings = isJson(job.settings) ? job.settings : {};
  const compute = settings.default_compute;
  if (compute === undefined) return [];
  const problem = computeProblem(compute, ws);
  return problem ? [{ code: 'ComputeNotFound', message: `settings.default_compute: ${problem}`, target: 'settings.default_compute' }] : [];
}

function computeProblem(compute: unknown, ws: FakeWorkspace): string | undefined {
  if (compute === 'serverless') return undefined;
  if (typeof compute !== 'string' || !compute) return 'a compute is an ARM id or serverless';
  const prefix = `${workspaceId(ws)}/computes/`;
  if (!compute.toLowerCase().startsWith(prefix.toLowerCase())) {
    return `'${compute}' is not the ARM id of a compute of workspace '${ws.name}' (${prefix}{name}); azure-ai-ml resolves compute names to ARM ids.`;
  }
  const name = compute.slice(prefix.length);
  return (ws.computes ?? []).some((c) => same(c.name, name)) ? undefined : `compute '${name}' does not exist in workspace '${ws.name}'.`;
}

function nodeProblems(context: NodeContext): ValidationProblem[] {
  const { node, component } = context;
  const body = (context.job.jobs as Json)[node] as Json;
  const problems: ValidationProblem[] = [];
  if (body.type !== component.type) {
    problems.push({ code: 'NodeTypeMismatch', message: `Node '${node}' has type '${String(body.type)}'; component '${component.name}' is a ${component.type} component.`, target: `jobs.${node}.type` });
  }
  if (body.compute !== undefined) {
    const problem = computeProblem(body.compute, context.ws);
    if (problem) problems.push({ code: 'ComputeNotFound', message: `jobs.${node}.compute: ${problem}`, target: `jobs.${node}.compute` });
  }
  const inputs = isJson(body.inputs) ? body.inputs : {};
  for (const [name, binding] of Object.entries(inputs)) {
    const declared = component.inputs[name];
    const target = `jobs.${node}.inputs.${name}`;
    if (!declared) problems.push({ code: 'JobInputUnknown', message: `Input '${name}' is not defined in component '${component.name}' version ${component.version}.`, target });
    else problems.push(...bindingProblems(context, name, declared, binding));
  }
  for (const [name, declared] of Object.entries(component.inputs)) {
    if (isRequired(declared) && declared.default === undefined && !(name in inputs)) {
      problems.push({ code: 'JobInputMissing', message: `Required input '${name}' of component '${component.name}' version ${component.version} was not provided.`, target: `jobs.${node}.inputs.${name}` });
    }
  }
  problems.push(...outputProblems(context, body), ...retiredSizeProblems(context, inputs));
  return problems;
}

function bindingProblems(context: NodeContext, name: string, declared: ComponentInput, binding: unknown): ValidationProblem[] {
  const { node, component } = context;
  const target = `jobs.${node}.inputs.${name}`;
  const mismatch = (given: string): ValidationProblem => ({ code: 'JobInputTypeMismatch', message: `Input '${name}' of component '${component.name}' expects type '${declared.type}' but got '${given}'.`, target });
  const invalid = (value: string, reason: string): ValidationProblem => ({ code: 'JobInputInvalidValue', message: `Value '${value}' is not valid for input '${name}' of component '${component.name}': ${reason}.`, target });
  if (!isJson(binding) || typeof binding.job_input_type !== 'string') return [mismatch(typeof binding)];
  const kind = binding.job_input_type;
  if (kind === 'literal') {
    const value = binding.value;
    if (typeof value !== 'string' || value.length === 0) return [{ code: 'JobInputInvalidValue', message: EMPTY_VALUE, target }];
    const expression = expressionProblem(context, value, declared, mismatch, target);
    if (expression !== undefined) return expression;
    if (ASSET_IO_TYPES.has(declared.type)) return [mismatch('literal')];
    const reason = literalProblem(declared, value);
    return reason ? [invalid(value, reason)] : [];
  }
  if (!compatible(kind, declared.type)) return [mismatch(kind)];
  if (typeof binding.uri !== 'string' || !binding.uri) return [{ code: 'JobInputInvalidValue', message: `Input '${name}' of type '${kind}' needs a uri.`, target }];
  const modes = ['ReadOnlyMount', 'ReadWriteMount', 'Download', 'Direct', 'EvalMount', 'EvalDownload'];
  if (binding.mode !== undefined && !modes.includes(String(binding.mode))) return [invalid(String(binding.mode), `mode is one of ${modes.join(', ')}`)];
  const reason = kind === 'mlflow_model' || kind === 'custom_model' ? modelUriProblem(binding.uri, context.seed) : undefined;
  return reason ? [invalid(binding.uri, reason)] : [];
}

/** A data-binding expression: `undefined` when `value` is none, else its problems (none when it binds what exists). */
function expressionProblem(context: NodeContext, value: string, declared: ComponentInput, mismatch: (given: string) => ValidationProblem, target: string): ValidationProblem[] | undefined {
  const parentInput = PARENT_INPUT.exec(value);
  if (parentInput) {
    const inputs = isJson(context.job.inputs) ? context.job.inputs : {};
    return parentInput[1] && parentInput[1] in inputs ? [] : [{ code: 'JobInputInvalidValue', message: `${value} names no input of the pipeline job.`, target }];
  }
  const nodeOutput = NODE_OUTPUT.exec(value);
  if (!nodeOutput) return value.startsWith('${{') ? [{ code: 'JobInputInvalidValue', message: `${value} is not a binding the fake knows.`, target }] : undefined;
  const [, node = '', output = ''] = nodeOutput;
  const produced = context.nodes[node]?.outputs[output];
  if (!produced) return [{ code: 'JobInputInvalidValue', message: `${value}: node '${node}' has no output '${output}'.`, target }];
  return compatible(produced.type, declared.type) ? [] : [mismatch(produced.type)];
}

/** The kind bound against the kind declared; a file may stand for a folder (see the file comment). */
function compatible(given: string, declared: string): boolean {
  return given === declared || (given === 'uri_file' && declared === 'uri_folder');
}

function literalProblem(declared: ComponentInput, value: string): string | undefined {
  if (declared.enum && !declared.enum.map(String).includes(value)) return `it is not one of ${declared.enum.map(String).join(', ')}`;
  const number = Number(value);
  switch (declared.type) {
    case 'integer':
      if (!/^-?\d+$/.test(value.trim())) return 'it is not an integer';
      break;
    case 'number':
      if (value.trim() === '' || !Number.isFinite(number)) return 'it is not a number';
      break;
    case 'boolean':
      if (!/^(true|false)$/i.test(value.trim())) return 'it is not true or false';
      return undefined;
    default:
      return undefined;
  }
  if (declared.min !== undefined && number < declared.min) return `it is below the minimum ${declared.min}`;
  if (declared.max !== undefined && number > declared.max) return `it is above the maximum ${declared.max}`;
  return undefined;
}

/** A model input names a registry model version or a workspace model version by ARM id (audit F12), which exists. */
function modelUriProblem(uri: string, seed: FakeAzureMlSeed): string | undefined {
  const registry = uri.startsWith('azureml://registries/');
  const arm = new RegExp(`^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/${PROVIDER.replace('.', '\\.')}/workspaces/[^/]+/models/[^/]+/versions/[^/]+$`, 'i').test(uri);
  if (!registry && !arm) {
    return 'a model input names a registry model (azureml://registries/{registry}/models/{name}/versions/{version}) or a workspace model by its ARM id (/subscriptions/…/workspaces/{workspace}/models/{name}/versions/{version})';
  }
  return modelAssetExists(seed, uri) ? undefined : 'no such model version';
}

function outputProblems(context: NodeContext, body: Json): ValidationProblem[] {
  const { node, component } = context;
  const outputs = isJson(body.outputs) ? body.outputs : {};
  const jobOutputs = isJson(context.job.outputs) ? context.job.outputs : {};
  const problems: ValidationProblem[] = [];
  for (const [name, binding] of Object.entries(outputs)) {
    const target = `jobs.${node}.outputs.${name}`;
    if (!component.outputs[name]) {
      problems.push({ code: 'JobOutputUnknown', message: `Output '${name}' is not defined in component '${component.name}' version ${component.version}.`, target });
      continue;
    }
    const bound = isJson(binding) && typeof binding.value === 'string' ? PARENT_OUTPUT.exec(binding.value)?.[1] : undefined;
    if (!bound || !(bound in jobOutputs)) problems.push({ code: 'JobOutputUnknown', message: `Output '${name}' of node '${node}' is bound to no output of the pipeline job.`, target });
  }
  return problems;
}

/**
 * A step that runs serverless takes its VM size from an `instance_type…` input (bound, or its default): a retired size
 * cannot run. `instance_type` goes with `compute`, `instance_type_<step>` with `compute_<step>` (import_model 0.0.42 and
 * the fine-tune pipelines 0.0.80 name them so).
 */
function retiredSizeProblems(context: NodeContext, inputs: Json): ValidationProblem[] {
  const { node, component } = context;
  const value = (name: string): unknown => {
    const bound = inputs[name];
    return isJson(bound) && bound.job_input_type === 'literal' ? bound.value : component.inputs[name]?.default;
  };
  const problems: ValidationProblem[] = [];
  for (const name of Object.keys(component.inputs).filter((n) => n.startsWith('instance_type'))) {
    const compute = value(name.replace(/^instance_type/, 'compute'));
    const size = value(name);
    if (compute === 'serverless' && typeof size === 'string' && isRetiredVmSize(size)) {
      problems.push({ code: 'RetiredVmSize', message: `${name}: ${retiredSizeMessage(size)}`, target: `jobs.${node}.inputs.${name}` });
    }
  }
  return problems;
}
