import * as z from 'zod';

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, data: unknown): ParseResult<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, message: result.data };
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`);
  return { ok: false, error: issues.join('; ') };
}

/** A request the webview makes and the extension answers: what it sends and what comes back, both validated. */
export interface RequestSpec<Params = unknown, Result = unknown> {
  readonly params: z.ZodType<Params>;
  readonly result: z.ZodType<Result>;
}
export type RequestSpecs = Record<string, RequestSpec>;

/** A request on the wire: the method, the caller's id (to pair the reply), and its parameters. */
export const RequestEnvelopeSchema = z.object({ type: z.literal('request'), id: z.number().int().nonnegative(), method: z.string(), params: z.unknown() });
/** The reply to request `id`: its result, or why it failed (a sentence for the user). */
export const ReplyEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('reply'), id: z.number().int().nonnegative(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('reply'), id: z.number().int().nonnegative(), ok: z.literal(false), error: z.string() }),
]);
export type ReplyEnvelope = z.infer<typeof ReplyEnvelopeSchema>;

/** A request as the extension receives it, its parameters checked against the method's schema. */
export interface IncomingRequest<R extends RequestSpecs> {
  readonly id: number;
  readonly method: keyof R & string;
  readonly params: unknown;
}

/**
 * The two directions of one webview's typed protocol, and the requests the webview may make. Both the extension
 * and the webview import the same channel, and each side parses what it receives: a message that does not match
 * is refused, never trusted.
 */
export interface Channel<ToWebview, ToExtension, R extends RequestSpecs = Record<never, RequestSpec>> {
  readonly requests: R;
  readonly parseToWebview: (data: unknown) => ParseResult<ToWebview>;
  readonly parseToExtension: (data: unknown) => ParseResult<ToExtension>;
  /** A request envelope with parameters valid for its method, or why not; undefined when `data` is no request. */
  readonly parseRequest: (data: unknown) => ParseResult<IncomingRequest<R>> | undefined;
}

export function defineChannel<ToWebview, ToExtension, R extends RequestSpecs = Record<never, RequestSpec>>(
  toWebview: z.ZodType<ToWebview>,
  toExtension: z.ZodType<ToExtension>,
  requests: R = {} as R,
): Channel<ToWebview, ToExtension, R> {
  return {
    requests,
    parseToWebview: (data) => parseWith(toWebview, data),
    parseToExtension: (data) => parseWith(toExtension, data),
    parseRequest: (data) => {
      if (!(typeof data === 'object' && data !== null && 'type' in data && data.type === 'request')) return undefined;
      const envelope = parseWith(RequestEnvelopeSchema, data);
      if (!envelope.ok) return envelope;
      const { id, method, params } = envelope.message;
      const spec = Object.hasOwn(requests, method) ? requests[method] : undefined;
      if (!spec) return { ok: false, error: `method: no request "${method}"` };
      const parsed = parseWith(spec.params, params);
      return parsed.ok ? { ok: true, message: { id, method, params: parsed.message } } : { ok: false, error: `${method}: ${parsed.error}` };
    },
  };
}

/**
 * The handlers of a channel's requests, on the extension side: each resolves with its method's result. `request.id`
 * lets a long request's progress messages name the request they belong to.
 */
export type RequestHandlers<R extends RequestSpecs> = {
  [M in keyof R]: (params: z.output<R[M]['params']>, request: { readonly id: number }) => Promise<z.input<R[M]['result']>>;
};
