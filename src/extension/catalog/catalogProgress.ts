import * as vscode from 'vscode';
import type { Backend, CatalogRequest } from '../../backends/backend';
import { VIEWS } from '../commandIds';
import { withAbortableProgress } from '../progress';

/**
 * Runs a catalog read with progress. The local catalog is quick and shows progress in the view itself; a remote
 * catalog (registries over the network) shows a notification with Cancel, which aborts the requests.
 */
export function withCatalogProgress<T>(backend: Backend, run: (request: CatalogRequest) => Promise<T>): Thenable<T> {
  const remote = backend.catalog.remote;
  return withAbortableProgress(
    {
      location: remote ? vscode.ProgressLocation.Notification : { viewId: VIEWS.catalog },
      title: `Loading the ${backend.displayName} catalog`,
      cancellable: remote,
    },
    (signal, progress) => run({ signal, progress }),
  );
}
