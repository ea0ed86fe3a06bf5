import type { z } from 'zod';
import { ReplyEnvelopeSchema, type Channel, type RequestSpecs } from '../../src/protocol/channel';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** A request the extension refused or failed; the message is a sentence for the user. */
export class RequestFailedError extends Error {
  override readonly name = 'RequestFailedError';
}

/**
 * The webview end of a typed channel: outgoing messages are typed, incoming ones are parsed and an invalid one
 * is dropped with a console warning. `request` sends one of the channel's requests and resolves with its reply,
 * paired by id and validated. Saved state is validated like a message.
 */
export function connect<ToWebview, ToExtension, State, R extends RequestSpecs>(
  channel: Channel<ToWebview, ToExtension, R>,
  stateSchema: z.ZodType<State>,
  onMessage: (message: ToWebview) => void,
  onInvalid: (problem: string) => void = (problem) => console.warn(problem),
) {
  const api = acquireVsCodeApi();
  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const reply = ReplyEnvelopeSchema.safeParse(event.data);
    if (reply.success) {
      const waiting = pending.get(reply.data.id);
      pending.delete(reply.data.id);
      if (reply.data.ok) waiting?.resolve(reply.data.result);
      else waiting?.reject(new RequestFailedError(reply.data.error));
      return;
    }
    const parsed = channel.parseToWebview(event.data);
    if (parsed.ok) onMessage(parsed.message);
    else onInvalid(`Dropped an invalid message: ${parsed.error}`);
  });
  return {
    post: (message: ToExtension) => api.postMessage(message),
    /** Sends request `method`; resolves with its validated result, rejects with the extension's sentence. */
    request: async <M extends keyof R & string>(method: M, params: z.input<R[M]['params']>): Promise<z.output<R[M]['result']>> => {
      const id = nextId++;
      const answer = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject }));
      api.postMessage({ type: 'request', id, method, params });
      const spec = channel.requests[method];
      const parsed = spec?.result.safeParse(await answer);
      if (!parsed?.success) throw new RequestFailedError(`The extension's answer to ${method} was not understood.`);
      return parsed.data as z.output<R[M]['result']>;
    },
    /** The id the next request will carry, to tell its progress notifications from an older request's. */
    get nextRequestId(): number {
      return nextId;
    },
    /** The state saved before a hide or reload, if it is still valid. */
    getState: (): State | undefined => {
      const parsed = stateSchema.safeParse(api.getState());
      return parsed.success ? parsed.data : undefined;
    },
    setState: (state: State) => api.setState(state),
  };
}

/** Creates an element with text content only: untrusted strings never become markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}
