import { bundleEvaluationStart } from './activationClock';
import * as vscode from 'vscode';
import { BackendHost } from './backendHost';
import { BackendStatusBar } from './backendStatusBar';
import { CatalogTreeProvider } from './catalog/catalogTreeProvider';
import { registerCommands } from './commands';
import { LazyEndpointActions } from './endpoints/lazyEndpointActions';
import { EndpointKeys } from './endpoints/endpointKeys';
import { EndpointRequests } from './endpoints/endpointRequests';
import { EndpointsTreeProvider } from './endpoints/endpointsTreeProvider';
import { JobLogs } from './jobs/jobLogs';
import { JobLogStore } from './jobs/jobLogStore';
import { JobsTreeProvider } from './jobs/jobsTreeProvider';
import { METRICS_VIEW_TYPE, MetricsPanels } from './jobs/metricsPanel';
import { extensionLog } from './log';
import { LazyJobPanels } from './jobPanel/lazyJobPanels';
import { MODEL_CARD_VIEW_TYPE, ModelCardPanels } from './modelCard/modelCardPanel';

/** Every module of the bundle has run by now: the gap from `bundleEvaluationStart` is the bundle's load cost. */
const bundleEvaluationEnd = performance.now();

/**
 * Activation stays small: it creates the views and registers commands. Backends are created on first use, and
 * the Azure backend is a separate bundle loaded only when chosen.
 */
export function activate(context: vscode.ExtensionContext): void {
  const activateStart = performance.now();
  const log = extensionLog();
  const backends = new BackendHost(context);
  const catalogTree = new CatalogTreeProvider(backends);
  const endpointKeys = new EndpointKeys(context.secrets);
  const modelCards = new ModelCardPanels(context.extensionUri, backends, endpointKeys);
  const jobPanels = new LazyJobPanels(context.extensionUri, backends, log, vscode.Uri.joinPath(context.globalStorageUri, 'data-assets').fsPath);
  const jobsTree = new JobsTreeProvider(backends);
  const jobLogs = new JobLogs(backends, new JobLogStore(context.workspaceState, (context.storageUri ?? context.globalStorageUri).fsPath));
  const metricsPanels = new MetricsPanels(context.extensionUri, backends);
  const endpointsTree = new EndpointsTreeProvider(backends);
  const endpointRequests = new EndpointRequests(backends, endpointKeys);
  const endpointActions = new LazyEndpointActions(context, backends, log);

  context.subscriptions.push(
    log,
    backends,
    new BackendStatusBar(backends),
    catalogTree,
    modelCards,
    jobPanels,
    jobsTree,
    jobLogs,
    metricsPanels,
    vscode.window.registerWebviewPanelSerializer(METRICS_VIEW_TYPE, metricsPanels),
    endpointsTree,
    endpointRequests,
    vscode.window.registerWebviewPanelSerializer(MODEL_CARD_VIEW_TYPE, modelCards),
    ...registerCommands({ context, backends, catalogTree, modelCards, jobPanels, jobsTree, jobLogs, metricsPanels, endpointsTree, endpointRequests, endpointActions }),
  );
  // Jobs that were running before a window reload: follow them again, so their end is announced.
  setTimeout(() => void jobLogs.resumeRunning().catch((error: unknown) => log.warn(`Could not resume job logs: ${String(error)}`)), 0);
  // Deployments a reload interrupted: followed again to their end.
  setTimeout(() => void endpointActions.resumePending().catch((error: unknown) => log.warn(`Could not resume deployments: ${String(error)}`)), 0);

  const end = performance.now();
  const ms = (from: number, to: number) => `${(to - from).toFixed(1)} ms`;
  log.info(
    `Foundation Models activated (backend: ${backends.currentId}); ` +
      `activation ${ms(bundleEvaluationStart, end)} = bundle load ${ms(bundleEvaluationStart, bundleEvaluationEnd)}` +
      ` + extension host ${ms(bundleEvaluationEnd, activateStart)} + activate() ${ms(activateStart, end)}`,
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
