import { HubError } from './hubErrors';
import type { RetryNotice } from '../../../core/catalog/modelDownloads';

/**
 * Requests to the Hub with bounded retries: a dropped or refused connection, 429 and 5xx are tried again after
 * an exponential backoff, or after the server's `Retry-After` when it gives one; anything else is the caller's.
 * An AbortSignal stops both the request and the wait between tries.
 */

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  /** No wait is longer, whatever Retry-After asks. */
  readonly maxDelayMs: number;
  /** How to wait; tests pass one that records the delays instead of sleeping. */
  readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function abortableWait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, wait: abortableWait };

/** A failure worth another try; `retryAfterMs` is the server's own wish. */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `Retry-After` as seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

/** Runs `attempt` until it succeeds, fails with something not retryable, or the tries run out. */
export async function withRetries<T>(policy: RetryPolicy, signal: AbortSignal | undefined, onRetry: ((notice: RetryNotice) => void) | undefined, attempt: (tryNumber: number) => Promise<T>): Promise<T> {
  for (let tryNumber = 1; ; tryNumber++) {
    try {
      return await attempt(tryNumber);
    } catch (error) {
      if (!(error instanceof RetryableError) || isAbort(error, signal)) throw error;
      if (tryNumber >= policy.attempts) {
        throw new HubError('unreachable', `${error.message}, still after ${policy.attempts} tries; try again later.`, { cause: error });
      }
      const backoff = policy.baseDelayMs * 2 ** (tryNumber - 1);
      const delayMs = Math.min(policy.maxDelayMs, error.retryAfterMs ?? backoff);
      onRetry?.({ attempt: tryNumber, delayMs, reason: error.message });
      await policy.wait(delayMs, signal);
    }
  }
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'name lookup failed',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'timed out',
  UND_ERR_SOCKET: 'the connection closed',
};

function networkFailure(url: string, error: unknown): RetryableError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = cause instanceof Error && 'code' in cause ? String(cause.code) : undefined;
  const why = (code && NETWORK_CODES[code]) ?? code ?? (cause instanceof Error ? cause.message : String(cause));
  return new RetryableError(`Cannot reach ${new URL(url).host} (${why})`, undefined, { cause: error });
}

/**
 * One request: a network failure or a retryable status becomes a RetryableError (its body read and dropped);
 * any other response is returned as it is, redirects included (`redirect: 'manual'`: the caller decides
 * whether the token goes along).
 */
export async function hubRequest(url: string, init: { method?: 'GET' | 'HEAD'; headers?: Record<string, string>; signal?: AbortSignal | undefined }): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, signal: init.signal ?? null, redirect: 'manual' });
  } catch (error) {
    if (isAbort(error, init.signal)) throw error;
    throw networkFailure(url, error);
  }
  if (RETRY_STATUSES.has(response.status)) {
    await response.body?.cancel().catch(() => undefined);
    throw new RetryableError(`${new URL(url).host} answered HTTP ${response.status}`, parseRetryAfter(response.headers.get('retry-after')));
  }
  return response;
}

/** Whether a redirect target is still the Hub itself (a renamed repository) rather than a CDN. */
export function sameOrigin(a: string, b: string): boolean {
  return new URL(a).origin === new URL(b).origin;
}
