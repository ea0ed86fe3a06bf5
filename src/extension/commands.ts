import path from 'node:path';
import * as vscode from 'vscode';
import { BACKEND_IDS, BACKEND_LABELS } from '../backends/backend';
import type { BackendHost } from './backendHost';
import type { CatalogTreeProvider } from './catalog/catalogTreeProvider';
import { OPEN_MODEL_CARD_COMMAND } from './catalog/catalogTreeProvider';
import { pickCatalogFilter, searchCatalog } from './catalog/catalogCommands';
import { describeError, extensionLog } from './log';
import type { LazyJobPanels } from './jobPanel/lazyJobPanels';
import type { ModelCardPanels } from './modelCard/modelCardPanel';
import type { JobMode } from '../protocol/jobPanelMessages';
import { JobRecordSchema } from '../core/jobs/jobModel';
import type { JobLogs } from './jobs/jobLogs';
import type { JobsTreeProvider } from './jobs/jobsTreeProvider';
import type { MetricsPanels } from './jobs/metricsPanel';
import { setConfiguredBackend } from './settings';
import { signInToAzure } from './azure/azureSignIn';
import type { LazyEndpointActions } from './endpoints/lazyEndpointActions';
import { endpointArgument, type EndpointRequests } from './endpoints/endpointRequests';
import type { EndpointsTreeProvider } from './endpoints/endpointsTreeProvider';
import { withAbortableProgress } from './progress';

export interface CommandContext {
  readonly context: vscode.ExtensionContext;
  readonly endpointsTree: EndpointsTreeProvider;
  readonly endpointRequests: EndpointRequests;
  readonly endpointActions: LazyEndpointActions;
  readonly backends: BackendHost;
  readonly catalogTree: CatalogTreeProvider;
  readonly modelCards: ModelCardPanels;
  readonly jobPanels: LazyJobPanels;
  readonly jobsTree: JobsTreeProvider;
  readonly jobLogs: JobLogs;
  readonly metricsPanels: MetricsPanels;
}

/**
 * Fine-tune… and Evaluate… take a dataset from the explorer (a Uri) or a model from its card (a model id, then
 * the user picks the dataset).
 */
async function openJobPanel(jobPanels: LazyJobPanels, mode: JobMode, target: unknown): Promise<void> {
  let file = target instanceof vscode.Uri ? target : undefined;
  const modelId = typeof target === 'string' ? target : undefined;
  if (!file) {
    const picked = await vscode.window.showOpenDialog({
      title: mode === 'fineTune' ? 'Choose the training data' : 'Choose the test data',
      filters: { Datasets: ['jsonl', 'csv', 'tsv', 'json'] },
      canSelectMany: false,
    });
    file = picked?.[0];
  }
  if (file) await jobPanels.show(file, mode, modelId);
}

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  const { backends, catalogTree, modelCards, jobPanels, jobsTree, jobLogs, metricsPanels, endpointsTree, endpointRequests, endpointActions } = context;
  const deploymentChannels = new Map<string, vscode.OutputChannel>();
  /** A job from a tree item or a command argument, validated: commands can be called with anything. */
  const jobArgument = (value: unknown) => {
    const parsed = JobRecordSchema.safeParse(value);
    if (!parsed.success) throw new Error('Pick a job in the Jobs view.');
    return parsed.data;
  };
  const extensionContext = context.context;
  const register = (id: string, run: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await run(...args);
      } catch (error) {
        extensionLog().error(`${id} failed: ${describeError(error)}`);
        void vscode.window.showErrorMessage(describeError(error));
      }
    });

  return [
    register(OPEN_MODEL_CARD_COMMAND, async (modelId) => {
      if (typeof modelId === 'string') await modelCards.show(modelId);
      else await searchCatalog(catalogTree);
    }),
    register('foundationModels.searchCatalog', () => searchCatalog(catalogTree)),
    register('foundationModels.filterCatalogByTask', () => pickCatalogFilter(catalogTree, 'task')),
    register('foundationModels.filterCatalogByLicense', () => pickCatalogFilter(catalogTree, 'license')),
    register('foundationModels.clearCatalogFilter', () => catalogTree.setFilter({})),
    register('foundationModels.refreshCatalog', async () => {
      (await backends.current()).catalog.refresh();
      catalogTree.refresh();
    }),
    register('foundationModels.selectBackend', async () => {
      const picked = await vscode.window.showQuickPick(
        BACKEND_IDS.map((id) => ({ label: BACKEND_LABELS[id], id, picked: id === backends.currentId })),
        { title: 'Select Backend', placeHolder: `Current: ${BACKEND_LABELS[backends.currentId]}` },
      );
      if (picked) await setConfiguredBackend(picked.id);
    }),
    register('foundationModels.useLocalModels', async () => {
      await setConfiguredBackend('local');
      await vscode.commands.executeCommand('foundationModels.catalog.focus');
    }),
    register('foundationModels.signInToAzure', () => signInToAzure(extensionContext, backends)),
    register('foundationModels.fineTune', (target) => openJobPanel(jobPanels, 'fineTune', target)),
    register('foundationModels.evaluate', (target) => openJobPanel(jobPanels, 'evaluate', target)),
    register('foundationModels.deployModel', (modelId) => endpointActions.deploy(typeof modelId === 'string' ? modelId : undefined)),
    register('foundationModels.importFromHuggingFace', () => endpointActions.importFromHuggingFace()),
    register('foundationModels.refreshEndpoints', () => endpointsTree.refresh()),
    register('foundationModels.testEndpoint', (node) => endpointRequests.test(node)),
    register('foundationModels.sendEndpointRequest', () => endpointRequests.send()),
    register('foundationModels.copyScoringUri', async (node) => {
      const endpoint = endpointArgument(node);
      if (!endpoint.scoringUri) throw new Error(`${endpoint.name} has no scoring URI yet (it is ${endpoint.state}).`);
      await vscode.env.clipboard.writeText(endpoint.scoringUri);
      void vscode.window.showInformationMessage(`Copied ${endpoint.scoringUri}`);
    }),
    register('foundationModels.showDeploymentLogs', async (node) => {
      const endpoint = endpointArgument(node);
      const deployment = node && typeof node === 'object' && 'deployment' in node ? (node as { deployment: { name: string } }).deployment.name : endpoint.deployments[0]?.name;
      if (!deployment) throw new Error(`${endpoint.name} has no deployment yet.`);
      const endpoints = (await backends.current()).endpoints;
      if (!endpoints) throw new Error('This backend has no endpoints.');
      const text = await withAbortableProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the logs of ${endpoint.name}/${deployment}`, cancellable: true }, (signal) =>
        endpoints.deploymentLogs(endpoint.name, deployment, { lines: 500, signal }),
      );
      const channel = deploymentChannels.get(`${endpoint.name}/${deployment}`) ?? vscode.window.createOutputChannel(`Endpoint: ${endpoint.name}/${deployment}`);
      deploymentChannels.set(`${endpoint.name}/${deployment}`, channel);
      channel.replace(text.endsWith('\n') || !text ? text || '(the deployment has written no log yet)\n' : `${text}\n`);
      channel.show(true);
    }),
    register('foundationModels.invokeBatchEndpoint', async (node) => {
      const endpoint = endpointArgument(node);
      const backend = await backends.current();
      const invokeBatch = backend.endpoints?.invokeBatch?.bind(backend.endpoints);
      if (endpoint.kind !== 'batch' || !invokeBatch) throw new Error(`${endpoint.name} is not a batch endpoint.`);
      const picked = await vscode.window.showOpenDialog({ title: `Data for ${endpoint.name} to score`, filters: { Datasets: ['jsonl', 'csv', 'tsv', 'json'] }, canSelectMany: false });
      const file = picked?.[0]?.fsPath;
      if (!file) return;
      const { jobName } = await withAbortableProgress({ location: vscode.ProgressLocation.Notification, title: `Scoring ${path.basename(file)} with ${endpoint.name}`, cancellable: true }, (signal, report) =>
        invokeBatch(endpoint.name, file, { signal, progress: report }),
      );
      jobsTree.refresh();
      const job = await backend.jobs?.get(jobName);
      if (job) await jobLogs.show(job);
      void vscode.window.showInformationMessage(`${endpoint.name} is scoring ${path.basename(file)} as job ${jobName}; follow it in the Jobs view.`);
    }),
    register('foundationModels.deleteEndpoint', async (node) => {
      const endpoint = endpointArgument(node);
      const remove = 'Delete Endpoint';
      const detail = endpoint.backend === 'local' ? 'Its scoring server stops.' : 'Its deployments are deleted too, and its scoring URI stops answering. This cannot be undone.';
      if ((await vscode.window.showWarningMessage(`Delete the endpoint ${endpoint.name}?`, { modal: true, detail }, remove)) !== remove) return;
      const backend = await backends.current();
      const endpoints = backend.endpoints;
      if (!endpoints) throw new Error('This backend has no endpoints.');
      await withAbortableProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting ${endpoint.name}`, cancellable: true }, (signal, report) =>
        endpoints.delete(endpoint.name, endpoint.kind, { signal, progress: report }),
      );
      await endpointRequests.forget(backend.id, endpoint.name);
      endpointsTree.refresh();
    }),
    register('foundationModels.showLog', () => extensionLog().show()),
    register('foundationModels.showJobLog', (job) => jobLogs.show(jobArgument(job))),
    register('foundationModels.refreshJobs', () => jobsTree.refresh()),
    register('foundationModels.cancelJob', async (value) => {
      const job = jobArgument(value);
      const cancel = 'Cancel Job';
      if ((await vscode.window.showWarningMessage(`Cancel ${job.displayName}?`, { modal: true }, cancel)) !== cancel) return;
      await (await backends.current()).jobs?.cancel(job.id);
    }),
    register('foundationModels.showJobMetrics', (value) => metricsPanels.show(jobArgument(value))),
    register('foundationModels.registerModel', async (value) => {
      const job = jobArgument(value);
      if (job.spec.kind === 'import') throw new Error(`${job.displayName} registers its model itself; find it under Workspace Models.`);
      if (job.spec.kind === 'batchScore') throw new Error(`${job.displayName} scores data; it trains no model to register.`);
      const { spec } = job;
      const name = await vscode.window.showInputBox({
        title: 'Register Model',
        prompt: `A name for the model ${job.displayName} produced`,
        value: `${path.basename(spec.data.file).replace(/\.[^.]+$/, '')}-${spec.task}`.replace(/[^A-Za-z0-9_.-]/g, '-'),
        validateInput: (text) => (/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/.test(text) ? undefined : 'Letters, digits, "-", "_" and ".", starting with a letter or digit'),
      });
      if (!name) return;
      const jobs = (await backends.current()).jobs;
      if (!jobs) throw new Error('This backend cannot register models.');
      const modelId = await jobs.registerModel(job.id, name);
      catalogTree.refresh();
      const open = 'Open Model Card';
      if ((await vscode.window.showInformationMessage(`Registered ${name}; it is in the catalog.`, open)) === open) await modelCards.show(modelId);
    }),
  ];
}
