// The lazily loaded part of the extension, `dist/workbench.js` (see `lazyWorkbench.ts`): the views' rows, every
// command's body, the panels, the job logs and the settings a backend is created from. Activation makes the views,
// registers each command and panel serializer with a stand-in, and loads this on first use.
// Imported first: this bundle's own copy of the clock, so it stamps when this bundle starts to run.
import { bundleEvaluationStart } from './activationClock';
import * as vscode from 'vscode';
import type { JobRecord } from '../core/jobs/jobModel';
import type { BackendHost } from './backendHost';
import { CatalogTreeProvider, type CatalogNode } from './catalog/catalogTreeProvider';
import type { CommandId } from './commandIds';
import { commandHandlers, runCommand } from './commands';
import { DisposableStore } from './disposables';
import { DeploymentLogChannels } from './endpoints/endpointCommands';
import { EndpointKeys } from './endpoints/endpointKeys';
import { EndpointRequests } from './endpoints/endpointRequests';
import { EndpointsTreeProvider, type EndpointNode } from './endpoints/endpointsTreeProvider';
import { LazyEndpointActions } from './endpoints/lazyEndpointActions';
import { LazyJobPanels } from './jobPanel/lazyJobPanels';
import { JobLogs } from './jobs/jobLogs';
import { JobLogStore } from './jobs/jobLogStore';
import { JobsTreeProvider } from './jobs/jobsTreeProvider';
import { MetricsPanels } from './jobs/metricsPanel';
import { adoptExtensionLog } from './log';
import { ModelCardPanels } from './modelCard/modelCardPanel';
import { ModelCode } from './showCode/showModelCode';

export { EDITOR_BACKENDS } from './backendSettings';

/** Every module of the workbench has run by now. */
const bundleEvaluationEnd = performance.now();

/** What activation made and hands over: the extension's context and log, the backend host, and the views. */
export interface ActivationParts {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly backends: BackendHost;
  readonly views: {
    readonly catalog: vscode.TreeView<CatalogNode>;
    readonly jobs: vscode.TreeView<JobRecord>;
    readonly endpoints: vscode.TreeView<EndpointNode>;
  };
}

export interface Workbench extends vscode.Disposable {
  /** The providers of the views' rows. */
  readonly trees: { readonly catalog: CatalogTreeProvider; readonly jobs: JobsTreeProvider; readonly endpoints: EndpointsTreeProvider };
  /** The panels restored after a window reload, by their `PANELS` id. */
  readonly panels: { readonly modelCard: vscode.WebviewPanelSerializer; readonly metrics: vscode.WebviewPanelSerializer };
  /** Runs a command's body (`commandHandlers`) under the extension's error rule. */
  run(id: CommandId, args: readonly unknown[]): Promise<void>;
  /** Follows again what a window reload interrupted: running jobs' logs, deployments in progress. */
  resume(): void;
}

export function createWorkbench({ context, log, backends, views }: ActivationParts): Workbench {
  const start = performance.now();
  adoptExtensionLog(log);
  const disposables = new DisposableStore();
  const catalogTree = disposables.add(new CatalogTreeProvider(backends, views.catalog));
  const endpointKeys = new EndpointKeys(context.secrets);
  const modelCards = disposables.add(new ModelCardPanels(context.extensionUri, backends, endpointKeys));
  const jobsTree = disposables.add(new JobsTreeProvider(backends, views.jobs));
  const jobLogs = disposables.add(new JobLogs(backends, new JobLogStore(context.workspaceState, (context.storageUri ?? context.globalStorageUri).fsPath)));
  const metricsPanels = disposables.add(new MetricsPanels(context.extensionUri, backends));
  const endpointsTree = disposables.add(new EndpointsTreeProvider(backends, views.endpoints));
  const endpointRequests = disposables.add(new EndpointRequests(backends, endpointKeys));
  const endpointActions = new LazyEndpointActions(context, backends, log);
  const handlers = commandHandlers({
    context,
    backends,
    catalogTree,
    modelCards,
    jobPanels: disposables.add(new LazyJobPanels(context.extensionUri, backends, log, vscode.Uri.joinPath(context.globalStorageUri, 'data-assets').fsPath)),
    jobsTree,
    jobLogs,
    metricsPanels,
    endpointsTree,
    endpointRequests,
    endpointActions,
    deploymentLogs: disposables.add(new DeploymentLogChannels(backends)),
    modelCode: disposables.add(new ModelCode(context, backends, catalogTree)),
  });
  const ms = (from: number, to: number) => `${(to - from).toFixed(1)} ms`;
  const end = performance.now();
  log.info(`Workbench loaded: ${ms(start - (bundleEvaluationEnd - bundleEvaluationStart), end)} = bundle load ${ms(bundleEvaluationStart, bundleEvaluationEnd)} + set up ${ms(start, end)}`);
  return {
    trees: { catalog: catalogTree, jobs: jobsTree, endpoints: endpointsTree },
    panels: { modelCard: modelCards, metrics: metricsPanels },
    run: (id, args) => runCommand(id, handlers[id], args),
    resume: () => {
      // Jobs that were running before a window reload: followed again, so their end is announced.
      void jobLogs.resumeRunning().catch((error: unknown) => log.warn(`Could not resume job logs: ${String(error)}`));
      // Deployments a reload interrupted: followed again to their end.
      void endpointActions.resumePending().catch((error: unknown) => log.warn(`Could not resume deployments: ${String(error)}`));
    },
    dispose: () => disposables.dispose(),
  };
}
