import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's own log ("Foundation Models" in the Output panel). Never give it a token or a key. */
export function extensionLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Foundation Models', { log: true });
  return channel;
}

/**
 * A lazily loaded bundle (the workbench) holds a copy of this module of its own: it adopts the channel activation
 * made, so that the extension keeps one log.
 */
export function adoptExtensionLog(log: vscode.LogOutputChannel): void {
  channel = log;
}

/** An error's message, without a stack trace, for a notification or the log. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
