import * as vscode from 'vscode';
import type { Backend, CatalogRequest } from '../../backends/backend';

/**
 * Runs a catalog read with progress. The local catalog is quick and shows progress in the view itself; a remote
 * catalog (registries over the network) shows a notification with Cancel, whose token aborts the requests.
 */
export function withCatalogProgress<T>(backend: Backend, run: (request: CatalogRequest) => Promise<T>): Thenable<T> {
  const remote = backend.id !== 'local';
  return vscode.window.withProgress(
    {
      location: remote ? vscode.ProgressLocation.Notification : { viewId: 'foundationModels.catalog' },
      title: `Loading the ${backend.displayName} catalog`,
      cancellable: remote,
    },
    (progress, token) => {
      const abort = new AbortController();
      const subscription = token.onCancellationRequested(() => abort.abort(new vscode.CancellationError()));
      return run({ signal: abort.signal, progress: (message) => progress.report({ message }) }).finally(() => subscription.dispose());
    },
  );
}
