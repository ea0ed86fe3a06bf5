import type * as vscode from 'vscode';
import type { BackendHost } from './backendHost';
import { refreshCatalog, selectBackend, useLocalModels } from './backendCommands';
import { pickCatalogFilter, searchCatalog } from './catalog/catalogCommands';
import type { CatalogTreeProvider } from './catalog/catalogTreeProvider';
import { COMMANDS, type CommandId } from './commandIds';
import { chooseAzureWorkspace, signInToAzure, signInWithAzureCli } from './azure/azureSignIn';
import { copyScoringUri, deleteEndpoint, invokeBatchEndpoint, type DeploymentLogChannels } from './endpoints/endpointCommands';
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
import type { ModelCode } from './showCode/showModelCode';

export interface CommandContext {
  readonly context: vscode.ExtensionContext;
  readonly endpointsTree: EndpointsTreeProvider;
  readonly endpointRequests: EndpointRequests;
  readonly endpointActions: LazyEndpointActions;
  readonly deploymentLogs: DeploymentLogChannels;
  readonly backends: BackendHost;
  readonly catalogTree: CatalogTreeProvider;
  readonly modelCards: ModelCardPanels;
  readonly jobPanels: LazyJobPanels;
  readonly jobsTree: JobsTreeProvider;
  readonly jobLogs: JobLogs;
  readonly metricsPanels: MetricsPanels;
  readonly modelCode: ModelCode;
}

/** A command's body: it gets the command's arguments (a tree row, a model id, the view's selection…). */
export type CommandHandler = (...args: unknown[]) => unknown;

/**
 * Runs command `id` with the one error rule of the extension: a failure is logged and shown as an error with its
 * message; a cancellation (Cancel, Escape, an aborted signal) is the user's choice and stays quiet.
 */
export async function runCommand(id: CommandId, run: CommandHandler, args: readonly unknown[]): Promise<void> {
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
}

/**
 * Every command's body, one line each; the bodies live with their feature. Activation registers each id of
 * `COMMANDS` with a stand-in that loads the workbench and runs the body from here (`lazyCommands.ts`): a command id
 * without a line here does not compile.
 */
export function commandHandlers(c: CommandContext): Readonly<Record<CommandId, CommandHandler>> {
  const { backends, catalogTree, jobLogs } = c;
  return {
    [COMMANDS.openModelCard]: (modelId) => (typeof modelId === 'string' ? c.modelCards.show(modelId) : searchCatalog(catalogTree)),
    [COMMANDS.searchCatalog]: () => searchCatalog(catalogTree),
    [COMMANDS.filterCatalogByTask]: () => pickCatalogFilter(catalogTree, 'task'),
    [COMMANDS.filterCatalogByLicense]: () => pickCatalogFilter(catalogTree, 'license'),
    [COMMANDS.clearCatalogFilter]: () => catalogTree.setFilter({}),
    [COMMANDS.refreshCatalog]: () => refreshCatalog(backends, catalogTree),
    [COMMANDS.selectBackend]: () => selectBackend(backends),
    [COMMANDS.useLocalModels]: () => useLocalModels(),
    [COMMANDS.signInToAzure]: () => signInToAzure(c.context, backends),
    [COMMANDS.signInWithAzureCli]: () => signInWithAzureCli(c.context, backends),
    [COMMANDS.chooseAzureWorkspace]: () => chooseAzureWorkspace(c.context, backends),
    [COMMANDS.fineTune]: (target) => c.jobPanels.open('fineTune', target),
    [COMMANDS.evaluate]: (target) => c.jobPanels.open('evaluate', target),
    [COMMANDS.fineTuneWithDataAsset]: () => c.jobPanels.openDataAsset('fineTune'),
    [COMMANDS.evaluateWithDataAsset]: () => c.jobPanels.openDataAsset('evaluate'),
    [COMMANDS.deployModel]: (modelId) => c.endpointActions.deploy(typeof modelId === 'string' ? modelId : undefined),
    [COMMANDS.showModelCode]: (model) => c.modelCode.show(model),
    [COMMANDS.importFromHuggingFace]: () => c.endpointActions.importFromHuggingFace(),
    [COMMANDS.refreshEndpoints]: () => c.endpointsTree.refresh(),
    [COMMANDS.testEndpoint]: (node) => c.endpointRequests.test(node),
    [COMMANDS.sendEndpointRequest]: () => c.endpointRequests.send(),
    [COMMANDS.copyScoringUri]: (node) => copyScoringUri(backends, node),
    [COMMANDS.showDeploymentLogs]: (node) => c.deploymentLogs.show(node),
    [COMMANDS.invokeBatchEndpoint]: (node) => invokeBatchEndpoint(backends, c.jobsTree, jobLogs, node),
    [COMMANDS.deleteEndpoint]: (node) => deleteEndpoint(backends, c.endpointsTree, c.endpointRequests, node),
    [COMMANDS.showLog]: () => extensionLog().show(),
    [COMMANDS.getStarted]: () => getStarted(),
    [COMMANDS.evaluateSample]: () => evaluateSample(c.context),
    [COMMANDS.openSampleData]: () => openSampleData(c.context),
    [COMMANDS.showJobLog]: async (value) => {
      const job = await jobFromArgument(value, backends, ANY_JOB);
      if (job) await jobLogs.show(job);
    },
    [COMMANDS.refreshJobs]: () => c.jobsTree.refresh(),
    [COMMANDS.cancelJob]: (value) => cancelJob(backends, value),
    [COMMANDS.showJobMetrics]: async (value) => {
      const curves = Boolean((await backends.current()).jobs?.metricHistory);
      const job = await jobFromArgument(value, backends, jobWithMetrics(curves));
      if (job) await c.metricsPanels.show(job);
    },
    [COMMANDS.compareMetrics]: (clicked, selection) => c.metricsPanels.compare(clicked, selection),
    [COMMANDS.registerModel]: (value) => registerModel(backends, catalogTree, c.modelCards, value),
    [COMMANDS.downloadModel]: (model, weights) => downloadModel(backends, c.context.secrets, () => catalogTree.refresh(), model, weights),
    [COMMANDS.setHuggingFaceToken]: () => setHuggingFaceToken(c.context.secrets),
    [COMMANDS.choosePythonInterpreter]: () => choosePythonInterpreter(),
    [COMMANDS.copyInstallCommand]: (text) => copyInstallCommand(text),
    [COMMANDS.installInTerminal]: (text) => installInTerminal(text),
  };
}
