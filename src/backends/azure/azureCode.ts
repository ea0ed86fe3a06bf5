import type { CatalogModel } from '../../core/catalog/catalogModel';
import { inlineCode, type CodeBlock, type CodeSection } from '../../core/code/codeDocument';
import type { DataFile, DeploymentCode, JobCode } from '../../core/code/jobCode';
import { shellLine } from '../../core/code/shellQuote';
import { DataJobSpecSchema, type DataJobSpec } from '../../core/jobs/jobModel';
import type { BackendCode, BackendOptions } from '../registry';
import { armModelId, computeArmId } from './assetIds';
import { batchDeploymentYaml, batchEndpointYaml, onlineDeploymentYaml, onlineEndpointYaml, pipelineJobYaml, yamlText, type KeyComment } from './azureCliYaml';
import { AZURE_CLOUD_NAMES, AZURE_CLOUDS, type AzureCloudEndpoints } from './azureCloud';
import type { AzureWorkspaceTarget } from './azureTarget';
import { dataJobBody, type DataParts } from './dataJobBody';
import { batchDeploymentBody, batchEndpointBody, DEFAULT_DEPLOYMENT, endpointTags, instanceTypeFor, onlineDeploymentBody, onlineEndpointBody } from './endpoints/deploymentBodies';
import type { Plan } from './endpoints/resumeToken';
import type { RegistryPipelineJobBody } from './registryPipelineJob';

/**
 * The Azure backend in Show Code: the `fm` flags that reach the workspace the editor uses, and the evaluation,
 * fine-tune or deployment as Azure ML CLI v2 YAML with the `az ml` lines that run it. The YAML is the very body the
 * backend submits (`dataJobBody`, `deploymentBodies.ts`) written by `azureCliYaml.ts`; only what Azure decides at
 * submission differs: the user's local files stand for the uploaded data (`az ml` uploads a local `path:`), components
 * run at `labels/latest` (the backend resolves the latest version), the job's name and default datastore are the
 * CLI's `${{name}}` and `${{default_datastore}}`, and a cluster or workspace not chosen yet is a placeholder.
 */

const REGISTRY = 'azureml';
/** The registries `fm` and the settings list when none are named. */
const DEFAULT_REGISTRIES = ['azureml', 'HuggingFace'];
const PLACEHOLDER_TARGET: AzureWorkspaceTarget = { subscriptionId: '<subscription>', resourceGroup: '<resource-group>', workspace: '<workspace>' };
/** Clusters named as the azureml-examples name theirs, for the user to replace: fine-tuning wants a GPU. */
const PLACEHOLDER_CLUSTERS = { fineTune: 'gpu-cluster', evaluate: 'cpu-cluster', batch: 'cpu-cluster' } as const;

/** The model as Azure ML names it, and its id in the Azure catalog. */
export interface AzureModel {
  readonly assetId: string;
  readonly catalogId: string;
  /** Named after the catalog's curated model of that name rather than read from Azure. */
  readonly byName: boolean;
}

/**
 * A catalog model as Azure ML runs it: its own asset (the Azure catalog's models, a registry version without one at
 * `labels/latest`), or, for a curated model whose Azure sizes come from the `azureml` registry's entry of the same
 * name (test/unit/backends/curatedFacts.test.ts holds each to it), that entry's latest version. Undefined for any
 * other model (a folder, a Hub repository Azure has not imported).
 */
export function azureModelOf(model: Pick<CatalogModel, 'id' | 'name' | 'collection' | 'source' | 'azureCompute'>): AzureModel | undefined {
  const source = model.source ?? '';
  if (source.startsWith('azureml://')) {
    const unversioned = /^azureml:\/\/registries\/[^/]+\/models\/[^/]+$/.test(source);
    return { assetId: unversioned ? `${source}/labels/latest` : source, catalogId: model.id, byName: false };
  }
  if (model.collection === 'curated' && model.azureCompute) return { assetId: `azureml://registries/${REGISTRY}/models/${model.name}/labels/latest`, catalogId: `${REGISTRY}/${model.name}`, byName: true };
  return undefined;
}

function cloudName(cloud: AzureCloudEndpoints | undefined): string {
  if (!cloud) return 'AzureCloud';
  return AZURE_CLOUD_NAMES.find((name) => AZURE_CLOUDS[name].resourceManager === cloud.resourceManager) ?? 'Custom';
}

function fmFlags(options: BackendOptions): string[] {
  const azure = options.azure;
  const target = azure?.workspace ?? PLACEHOLDER_TARGET;
  const cloud = cloudName(azure?.cloud);
  const registries = azure?.registries ?? DEFAULT_REGISTRIES;
  const sameRegistries = registries.length === DEFAULT_REGISTRIES.length && registries.every((r, i) => r === DEFAULT_REGISTRIES[i]);
  return [
    '--backend',
    'azure',
    ...['--subscription', target.subscriptionId, '--resource-group', target.resourceGroup, '--workspace', target.workspace],
    ...(cloud === 'AzureCloud' ? [] : ['--cloud', cloud]),
    ...(sameRegistries ? [] : registries.flatMap((registry) => ['--registry', registry])),
  ];
}

/** How `az` reaches the workspace: `--resource-group … --workspace-name … --subscription …`. */
function workspaceFlags(options: BackendOptions): string[] {
  const target = options.azure?.workspace ?? PLACEHOLDER_TARGET;
  return ['--resource-group', target.resourceGroup, '--workspace-name', target.workspace, '--subscription', target.subscriptionId];
}

/** The `az` lines that run the YAML files (each given the workspace), after the cloud where it is not Azure's public one. */
function runSection(options: BackendOptions, lines: (az: (...args: string[]) => string, workspace: string) => string[]): CodeSection {
  const cloud = cloudName(options.azure?.cloud);
  const setCloud = cloud === 'AzureCloud' ? [] : cloud === 'Custom' ? ['# a custom cloud: az cloud register …, then az cloud set --name <its name>'] : [shellLine(['az', 'cloud', 'set', '--name', cloud])];
  const ws = workspaceFlags(options);
  const az = (...args: string[]) => shellLine(['az', 'ml', ...args, ...ws]);
  const placeholders = options.azure?.workspace ? [] : ['The workspace is a placeholder: replace it, or choose one in the editor (Choose Azure Workspace…) and show the code again.'];
  return {
    title: 'Run it with the Azure CLI',
    paragraphs: [`With the Azure CLI and its ${inlineCode('ml')} extension (${inlineCode('az extension add --name ml')}), signed in with ${inlineCode('az login')}, in the folder of the saved files:`, ...placeholders],
    blocks: [{ language: 'sh', text: [...setCloud, ...lines(az, shellLine(ws))].join('\n') }],
  };
}

function notAzureSection(model: CatalogModel): CodeSection {
  const source = model.source ?? model.path;
  return {
    title: 'Azure ML CLI v2',
    paragraphs: [
      `${model.displayName ?? model.name} is not an Azure ML model asset${source ? ` (it comes from ${inlineCode(source)})` : ''}, and Azure ML runs the models of a registry or a workspace. Open the model from the Azure catalog (Select Backend… → Azure Machine Learning), or bring it into your workspace with Import from Hugging Face…, and show the code again.`,
    ],
    blocks: [],
  };
}

const CLI_FILE_NOTE = 'Local paths are uploaded by az ml when it creates the job, and read relative to this file.';

function dataParts(spec: DataJobSpec): DataParts {
  if (spec.kind === 'evaluate') return { test: spec.data.file };
  const { file, validationFile, testFile } = spec.data;
  return { train: file, ...(validationFile ? { validation: validationFile } : {}), ...(testFile ? { test: testFile } : {}) };
}

/** Comments over the inputs that read the user's files (one record of each), the model named by name, and a placeholder cluster. */
function jobComments(body: RegistryPipelineJobBody, files: readonly DataFile[], model: AzureModel, placeholderCluster: boolean): KeyComment[] {
  const comments: KeyComment[] = [];
  for (const [node, { inputs }] of Object.entries(body.properties.jobs)) {
    for (const [name, input] of Object.entries(inputs)) {
      if (input.job_input_type === 'literal') continue;
      const file = files.find((f) => f.path === input.uri);
      const testAgain = file?.part === 'validation' && name.startsWith('test');
      const what = testAgain ? 'the validation data again, as the test data (without it the component keeps 20% of the training data back)' : `your ${file?.part === 'train' ? 'training' : file?.part} data`;
      if (file) comments.push({ path: ['jobs', node, 'inputs', name], lines: [`${file.path}: ${what}, JSON Lines, one object a line like`, JSON.stringify(file.record)] });
      if (input.job_input_type === 'mlflow_model' && model.byName) comments.push({ path: ['jobs', node, 'inputs', name], lines: [`the ${REGISTRY} registry's model of this name, its latest version`] });
    }
  }
  const computeInputs = Object.values(body.properties.jobs).some((node) => 'compute_finetune' in node.inputs);
  if (placeholderCluster) comments.push({ path: ['settings', 'default_compute'], lines: [`a compute cluster of your workspace (a placeholder: replace it${computeInputs ? ' here and in the compute_* inputs' : ''})`] });
  return comments;
}

function job(request: JobCode, options: BackendOptions): CodeSection[] {
  const { model } = request;
  const azureModel = azureModelOf(model);
  if (!azureModel) return [notAzureSection(model)];
  const cluster = request.spec.compute ?? PLACEHOLDER_CLUSTERS[request.spec.kind];
  // The spec as the backend reads it (validated, in the schema's order: its tag is the same JSON).
  const spec = DataJobSpecSchema.parse({ ...request.spec, modelId: azureModel.catalogId, compute: cluster });
  const body = dataJobBody({
    spec,
    modelName: model.name,
    model: armModelId(azureModel.assetId),
    parts: dataParts(spec),
    component: (name) => `azureml://registries/${REGISTRY}/components/${name}/labels/latest`,
    computeId: computeArmId(options.azure?.workspace ?? PLACEHOLDER_TARGET, cluster),
    jobName: '${{name}}',
    datastore: { uri: (path) => `azureml://datastores/\${{default_datastore}}/paths/${path}` },
  });
  const file = spec.kind === 'fineTune' ? 'finetune-job.yml' : 'evaluate-job.yml';
  const header = [`${body.properties.displayName}: the pipeline job Foundation Models submits to Azure ML, as Azure ML CLI v2 YAML.`, `Run: az ml job create --file ${file} --resource-group … --workspace-name …`, CLI_FILE_NOTE];
  const text = yamlText(pipelineJobYaml(body), header, jobComments(body, request.files, azureModel, !request.spec.compute));
  const split = spec.kind === 'fineTune' && !spec.data.validationFile && !spec.data.testFile;
  const what =
    spec.kind === 'fineTune'
      ? `the ${REGISTRY} registry's fine-tune pipeline component for the task, at its latest version. The trained model is the job's ${inlineCode('trained_model')} output, which Register Model… in the Jobs view registers`
      : `the ${REGISTRY} registry's ${inlineCode('model_prediction')} and ${inlineCode('compute_metrics')} components, at their latest versions. The predictions, the ground truth and the scores are the job's outputs`;
  return [
    {
      title: 'Azure ML CLI v2',
      paragraphs: [
        `The pipeline job the Azure backend submits, with ${what}; its tags let the editor's Jobs view list the job.`,
        ...(split ? [`${inlineCode('fm')} and the editor split the training file 80/20 into training and validation data; this YAML reads it whole as training data, so give it a validation file of your own (${inlineCode('validation_file_path')}).`] : []),
      ],
      blocks: [{ heading: file, language: 'yaml', text, file }],
    },
    // The job's name, printed by create, is what stream follows (as azureml-examples' scripts do).
    runSection(options, (az, workspace) => [`job=$(${az('job', 'create', '--file', file, '--query', 'name', '--output', 'tsv')})`, `az ml job stream --name "$job" ${workspace}`]),
  ];
}

/** The plan Deploy would make for `request` (`planDeployment`), with what only a signed-in backend reads left as placeholders. */
function codePlan(request: DeploymentCode, azureModel: AzureModel, options: BackendOptions): Plan {
  const { model, kind } = request;
  const target = options.azure?.workspace ?? PLACEHOLDER_TARGET;
  return {
    kind,
    endpoint: request.endpointName,
    deployment: DEFAULT_DEPLOYMENT,
    // The CLI takes the workspace's region: the YAML has no location.
    location: '<workspace region>',
    model: armModelId(azureModel.assetId),
    modelId: azureModel.catalogId,
    ...(model.task !== 'unknown' ? { task: model.task } : {}),
    ...(kind === 'online' ? { instanceType: request.instanceType ?? instanceTypeFor({ recommended: model.azureCompute?.inference ?? [], allowed: [] }) } : {}),
    instanceCount: request.instanceCount,
    ...(kind === 'batch' ? { compute: computeArmId(target, request.compute ?? PLACEHOLDER_CLUSTERS.batch) } : {}),
  };
}

function deployment(request: DeploymentCode, options: BackendOptions): CodeSection[] {
  const azureModel = azureModelOf(request.model);
  if (!azureModel) return [notAzureSection(request.model)];
  const plan = codePlan(request, azureModel, options);
  const online = plan.kind === 'online';
  const endpoint = online ? onlineEndpointYaml(plan, onlineEndpointBody(plan, endpointTags(plan))) : batchEndpointYaml(plan, batchEndpointBody(plan, endpointTags(plan)));
  const deploymentYaml = online ? onlineDeploymentYaml(plan, onlineDeploymentBody(plan)) : batchDeploymentYaml(plan, batchDeploymentBody(plan));
  const kind = online ? 'online' : 'batch';
  const comments: KeyComment[] = [
    ...(azureModel.byName ? [{ path: ['model'], lines: [`the ${REGISTRY} registry's model of this name, its latest version`] }] : []),
    ...(!online && !request.compute ? [{ path: ['compute'], lines: ['a compute cluster of your workspace (a placeholder: replace it)'] }] : []),
  ];
  const blocks: CodeBlock[] = [
    { heading: 'endpoint.yml', language: 'yaml', file: 'endpoint.yml', text: yamlText(endpoint, [`The ${kind} endpoint Foundation Models creates for ${request.model.name}, as Azure ML CLI v2 YAML.`]) },
    { heading: 'deployment.yml', language: 'yaml', file: 'deployment.yml', text: yamlText(deploymentYaml, [`Its deployment, as Deploy Model… creates it.`], comments) },
  ];
  const size = online
    ? `${inlineCode('instance_type')} is the size Deploy picks when you leave it: the model's first recommended size that Azure has not retired, else ${inlineCode('Standard_DS3_v2')}.`
    : `A batch deployment runs on a compute cluster of the workspace, ${inlineCode('instance_count')} nodes a job.`;
  return [
    { title: 'Azure ML CLI v2', paragraphs: [`The endpoint and deployment the Azure backend creates, then it sends the deployment all traffic (batch: makes it the default). ${size}`], blocks },
    runSection(options, (az) => [az(`${kind}-endpoint`, 'create', '--file', 'endpoint.yml'), az(`${kind}-deployment`, 'create', '--file', 'deployment.yml', online ? '--all-traffic' : '--set-default')]),
  ];
}

export const AZURE_CODE: BackendCode = { fmFlags, job, deployment };
