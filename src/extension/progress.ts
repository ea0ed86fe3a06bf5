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

/**
 * The user stopped it: Cancel on a progress notification, Escape on a prompt, or an AbortSignal that followed one.
 * Checked by name as well as class: backends are bundles of their own with their own error classes. The command
 * wrapper (`commands.ts`) keeps such an error quiet; nothing else needs to look for it.
 */
export function isCancellation(error: unknown): boolean {
  return error instanceof vscode.CancellationError || (error instanceof Error && (error.name === 'AbortError' || error.name === 'Canceled'));
}
