import * as vscode from 'vscode';

/**
 * `vscode.window.withProgress` with an AbortSignal that follows the Cancel button, for work written against
 * AbortSignal (backends, the Azure SDK), and a `report` that takes a line of text.
 */
export function withAbortableProgress<T>(
  options: vscode.ProgressOptions,
  work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(options, (progress, token) => {
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort(new vscode.CancellationError()));
    return work(abort.signal, (message) => progress.report({ message })).finally(() => subscription.dispose());
  });
}
