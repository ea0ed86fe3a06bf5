import type * as vscode from 'vscode';
import type { Channel, ReplyEnvelope, RequestHandlers, RequestSpecs } from '../../protocol/channel';

/**
 * Receives a webview's messages through its typed channel: each one is parsed, and one that fails validation is
 * dropped and logged, never acted on. Requests are answered by their handler, the reply paired by the request's id;
 * a handler that fails replies with its message, which the webview shows.
 */
export function onWebviewMessage<ToWebview, ToExtension, R extends RequestSpecs>(
  webview: vscode.Webview,
  channel: Channel<ToWebview, ToExtension, R>,
  source: string,
  log: vscode.LogOutputChannel,
  handler: (message: ToExtension) => unknown,
  requests?: RequestHandlers<R>,
): vscode.Disposable {
  return webview.onDidReceiveMessage((data: unknown) => {
    const request = channel.parseRequest(data);
    if (request) {
      if (!request.ok) log.warn(`Dropped an invalid request from the ${source}: ${request.error}`);
      else void answer(webview, request.message, requests, source, log);
      return;
    }
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

async function answer<R extends RequestSpecs>(
  webview: vscode.Webview,
  request: { id: number; method: keyof R & string; params: unknown },
  handlers: RequestHandlers<R> | undefined,
  source: string,
  log: vscode.LogOutputChannel,
): Promise<void> {
  let reply: ReplyEnvelope;
  try {
    const handle = handlers?.[request.method] as ((params: unknown, context: { id: number }) => Promise<unknown>) | undefined;
    if (!handle) throw new Error(`The ${source} has no handler for "${request.method}".`);
    reply = { type: 'reply', id: request.id, ok: true, result: await handle(request.params, { id: request.id }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.info(`The ${source}'s "${request.method}" request failed: ${message}`);
    reply = { type: 'reply', id: request.id, ok: false, error: message };
  }
  await webview.postMessage(reply);
}

function describeMessage(message: unknown): string {
  return typeof message === 'object' && message !== null && 'type' in message ? String(message.type) : 'a message';
}
