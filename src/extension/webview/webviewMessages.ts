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
    void handler(parsed.message);
  });
}
