import { bundleEvaluationStart } from './activationClock';
import * as vscode from 'vscode';
import type { JobRecord } from '../core/jobs/jobModel';
import { BackendHost } from './backendHost';
import { BackendStatusBar } from './backendStatusBar';
import type { CatalogNode } from './catalog/catalogTreeProvider';
import { PANELS, VIEWS } from './commandIds';
import type { EndpointNode } from './endpoints/endpointsTreeProvider';
import { lazyPanelSerializer, registerLazyCommands } from './lazyCommands';
import { LazyTree } from './lazyTree';
import { loadWorkbench } from './lazyWorkbench';
import { extensionLog } from './log';
import type { Workbench } from './workbench';

/** Every module of the bundle has run by now: the gap from `bundleEvaluationStart` is the bundle's load cost. */
const bundleEvaluationEnd = performance.now();

const ms = (from: number, to: number) => `${(to - from).toFixed(1)} ms`;

/**
 * Activation stays small: it makes the views, the status bar, and a stand-in for every command and restored panel.
 * The rest, the workbench (`workbench.ts`, a bundle of its own), loads on first use: the first rows a view shows,
 * the first command, a restored panel. Backends are created on first use, each a bundle of its own too.
 */
export function activate(context: vscode.ExtensionContext): void {
  const activateStart = performance.now();
  const log = extensionLog();
  const backends = new BackendHost(context);
  let loading: Promise<Workbench> | undefined;
  let loaded: Workbench | undefined;
  const workbench = (): Promise<Workbench> => {
    loading ??= loadWorkbench().then(({ createWorkbench }) => {
      loaded = createWorkbench({ context, log, backends, views: { catalog: catalog.view, jobs: jobs.view, endpoints: endpoints.view } });
      return loaded;
    });
    return loading;
  };
  const catalog = new LazyTree<CatalogNode>(VIEWS.catalog, { showCollapseAll: true }, async () => (await workbench()).trees.catalog);
  // Several jobs can be selected, for Compare Metrics….
  const jobs = new LazyTree<JobRecord>(VIEWS.jobs, { canSelectMany: true }, async () => (await workbench()).trees.jobs);
  const endpoints = new LazyTree<EndpointNode>(VIEWS.endpoints, {}, async () => (await workbench()).trees.endpoints);

  context.subscriptions.push(
    log,
    backends,
    new BackendStatusBar(backends),
    catalog,
    jobs,
    endpoints,
    { dispose: () => loaded?.dispose() },
    vscode.window.registerWebviewPanelSerializer(PANELS.metrics, lazyPanelSerializer(workbench, 'metrics')),
    vscode.window.registerWebviewPanelSerializer(PANELS.modelCard, lazyPanelSerializer(workbench, 'modelCard')),
    ...registerLazyCommands(workbench),
  );
  // Jobs still running and deployments in progress before a window reload are followed again, after activation.
  setTimeout(() => void workbench().then((loadedWorkbench) => loadedWorkbench.resume(), (error: unknown) => log.warn(`Could not resume jobs and deployments: ${String(error)}`)), 0);

  const end = performance.now();
  log.info(
    `Foundation Models activated (backend: ${backends.currentId}); ` +
      `activation ${ms(bundleEvaluationStart, end)} = bundle load ${ms(bundleEvaluationStart, bundleEvaluationEnd)}` +
      ` + extension host ${ms(bundleEvaluationEnd, activateStart)} + activate() ${ms(activateStart, end)}`,
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
