import * as vscode from 'vscode';
import type { BackendHost } from './backendHost';
import { refreshCatalog, selectBackend, useLocalModels } from './backendCommands';
import { pickCatalogFilter, searchCatalog } from './catalog/catalogCommands';
import type { CatalogTreeProvider } from './catalog/catalogTreeProvider';
import { COMMANDS, type CommandId } from './commandIds';
import { chooseAzureWorkspace, signInToAzure, signInWithAzureCli } from './azure/azureSignIn';
import { copyScoringUri, deleteEndpoint, DeploymentLogChannels, invokeBatchEndpoint } from './endpoints/endpointCommands';
import type { EndpointRequests } from './endpoints/endpointRequests';
import type { EndpointsTreeProvider } from './endpoints/endpointsTreeProvider';
import type { LazyEndpointActions } from './endpoints/lazyEndpointActions';
import type { LazyJobPanels } from './jobPanel/lazyJobPanels';
import { ANY_JOB, cancelJob, jobFromArgument, jobWithMetrics, registerModel } from './jobs/jobCommands';
import type { JobLogs } from './jobs/jobLogs';
import type { JobsTreeProvider } from './jobs/jobsTreeProvider';
import type { MetricsPanels } from './jobs/metricsPanel';
import { describeError, extensionLog } from './log';
import type { ModelCardPanels } from './modelCard/modelCardPanel';
import { downloadModel, setHuggingFaceToken } from './catalog/modelDownloads';
import { evaluateSample, getStarted, openSampleData } from './onboarding';
import { isCancellation } from './progress';
import { choosePythonInterpreter, copyInstallCommand, installInTerminal } from './pythonInterpreter';
import { showErrorWithRemedies } from './remedies';
import { ModelCode } from './showCode/showModelCode';

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
 * Registers `id` with the one error rule of the extension: a failure is logged and shown as an error with its
 * message; a cancellation (Cancel, Escape, an aborted signal) is the user's choice and stays quiet.
 */
function command(id: CommandId, run: (...args: unknown[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      await run(...args);
    } catch (error) {
      if (isCancellation(error)) {
        extensionLog().info(`${id} cancelled.`);
        return;
      }
      extensionLog().error(`${id} failed: ${describeError(error)}`);
      // A service the backend lacks comes with what would bring it (Sign in, Choose a Workspace) as a button.
      void showErrorWithRemedies(describeError(error), error);
    }
  });
}

/** Every command, one line each; the bodies live with their feature. */
export function registerCommands(c: CommandContext): vscode.Disposable[] {
  const { backends, catalogTree, jobLogs } = c;
  const deploymentLogs = new DeploymentLogChannels(backends);
  const modelCode = new ModelCode(c.context, backends, catalogTree);
  return [
    deploymentLogs,
    modelCode,
    command(COMMANDS.openModelCard, (modelId) => (typeof modelId === 'string' ? c.modelCards.show(modelId) : searchCatalog(catalogTree))),
    command(COMMANDS.searchCatalog, () => searchCatalog(catalogTree)),
    command(COMMANDS.filterCatalogByTask, () => pickCatalogFilter(catalogTree, 'task')),
    command(COMMANDS.filterCatalogByLicense, () => pickCatalogFilter(catalogTree, 'license')),
    command(COMMANDS.clearCatalogFilter, () => catalogTree.setFilter({})),
    command(COMMANDS.refreshCatalog, () => refreshCatalog(backends, catalogTree)),
    command(COMMANDS.selectBackend, () => selectBackend(backends)),
    command(COMMANDS.useLocalModels, () => useLocalModels()),
    command(COMMANDS.signInToAzure, () => signInToAzure(c.context, backends)),
    command(COMMANDS.signInWithAzureCli, () => signInWithAzureCli(c.context, backends)),
    command(COMMANDS.chooseAzureWorkspace, () => chooseAzureWorkspace(c.context, backends)),
    command(COMMANDS.fineTune, (target) => c.jobPanels.open('fineTune', target)),
    command(COMMANDS.evaluate, (target) => c.jobPanels.open('evaluate', target)),
    command(COMMANDS.fineTuneWithDataAsset, () => c.jobPanels.openDataAsset('fineTune')),
    command(COMMANDS.evaluateWithDataAsset, () => c.jobPanels.openDataAsset('evaluate')),
    command(COMMANDS.deployModel, (modelId) => c.endpointActions.deploy(typeof modelId === 'string' ? modelId : undefined)),
    command(COMMANDS.showModelCode, (model) => modelCode.show(model)),
    command(COMMANDS.importFromHuggingFace, () => c.endpointActions.importFromHuggingFace()),
    command(COMMANDS.refreshEndpoints, () => c.endpointsTree.refresh()),
    command(COMMANDS.testEndpoint, (node) => c.endpointRequests.test(node)),
    command(COMMANDS.sendEndpointRequest, () => c.endpointRequests.send()),
    command(COMMANDS.copyScoringUri, (node) => copyScoringUri(backends, node)),
    command(COMMANDS.showDeploymentLogs, (node) => deploymentLogs.show(node)),
    command(COMMANDS.invokeBatchEndpoint, (node) => invokeBatchEndpoint(backends, c.jobsTree, jobLogs, node)),
    command(COMMANDS.deleteEndpoint, (node) => deleteEndpoint(backends, c.endpointsTree, c.endpointRequests, node)),
    command(COMMANDS.showLog, () => extensionLog().show()),
    command(COMMANDS.getStarted, () => getStarted()),
    command(COMMANDS.evaluateSample, () => evaluateSample(c.context)),
    command(COMMANDS.openSampleData, () => openSampleData(c.context)),
    command(COMMANDS.showJobLog, async (value) => {
      const job = await jobFromArgument(value, backends, ANY_JOB);
      if (job) await jobLogs.show(job);
    }),
    command(COMMANDS.refreshJobs, () => c.jobsTree.refresh()),
    command(COMMANDS.cancelJob, (value) => cancelJob(backends, value)),
    command(COMMANDS.showJobMetrics, async (value) => {
      const curves = Boolean((await backends.current()).jobs?.metricHistory);
      const job = await jobFromArgument(value, backends, jobWithMetrics(curves));
      if (job) await c.metricsPanels.show(job);
    }),
    command(COMMANDS.compareMetrics, (clicked, selection) => c.metricsPanels.compare(clicked, selection)),
    command(COMMANDS.registerModel, (value) => registerModel(backends, catalogTree, c.modelCards, value)),
    command(COMMANDS.downloadModel, (model, weights) => downloadModel(backends, c.context.secrets, () => catalogTree.refresh(), model, weights)),
    command(COMMANDS.setHuggingFaceToken, () => setHuggingFaceToken(c.context.secrets)),
    command(COMMANDS.choosePythonInterpreter, () => choosePythonInterpreter()),
    command(COMMANDS.copyInstallCommand, (text) => copyInstallCommand(text)),
    command(COMMANDS.installInTerminal, (text) => installInTerminal(text)),
  ];
}
