import type { z } from 'zod';

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, data: unknown): ParseResult<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, message: result.data };
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`);
  return { ok: false, error: issues.join('; ') };
}

/**
 * The two directions of one webview's typed protocol. Both the extension and the webview import the same
 * channel, and each side parses what it receives: a message that does not match is dropped, never trusted.
 */
export interface Channel<ToWebview, ToExtension> {
  readonly parseToWebview: (data: unknown) => ParseResult<ToWebview>;
  readonly parseToExtension: (data: unknown) => ParseResult<ToExtension>;
}

export function defineChannel<ToWebview, ToExtension>(
  toWebview: z.ZodType<ToWebview>,
  toExtension: z.ZodType<ToExtension>,
): Channel<ToWebview, ToExtension> {
  return {
    parseToWebview: (data) => parseWith(toWebview, data),
    parseToExtension: (data) => parseWith(toExtension, data),
  };
}
