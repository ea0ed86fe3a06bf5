import type { z } from 'zod';
import type { Channel } from '../../src/protocol/channel';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/**
 * The webview end of a typed channel: outgoing messages are typed, incoming ones are parsed and an invalid one
 * is dropped with a console warning. Saved state is validated like a message.
 */
export function connect<ToWebview, ToExtension, State>(
  channel: Channel<ToWebview, ToExtension>,
  stateSchema: z.ZodType<State>,
  onMessage: (message: ToWebview) => void,
) {
  const api = acquireVsCodeApi();
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = channel.parseToWebview(event.data);
    if (parsed.ok) onMessage(parsed.message);
    else console.warn(`Dropped an invalid message: ${parsed.error}`);
  });
  return {
    post: (message: ToExtension) => api.postMessage(message),
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
