import type * as vscode from 'vscode';
import type { Channel } from '../../protocol/channel';

/**
 * Receives a webview's messages through its typed channel: each one is parsed, and one that fails validation is
 * dropped and logged, never acted on.
 */
export function onWebviewMessage<ToWebview, ToExtension>(
  webview: vscode.Webview,
  channel: Channel<ToWebview, ToExtension>,
  source: string,
  log: vscode.LogOutputChannel,
  handler: (message: ToExtension) => unknown,
): vscode.Disposable {
  return webview.onDidReceiveMessage((data: unknown) => {
    const parsed = channel.parseToExtension(data);
    if (!parsed.ok) {
      log.warn(`Dropped an invalid message from the ${source}: ${parsed.error}`);
      return;
    }
    Promise.resolve()
      .then(() => handler(parsed.message))
      .catch((error: unknown) => log.error(`The ${source} could not handle "${describeMessage(parsed.message)}": ${error instanceof Error ? error.message : String(error)}`));
  });
}

function describeMessage(message: unknown): string {
  return typeof message === 'object' && message !== null && 'type' in message ? String(message.type) : 'a message';
}
