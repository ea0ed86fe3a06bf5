/**
 * Waits `ms` milliseconds, or stops waiting as soon as `signal` aborts: the promise then rejects with the signal's
 * reason when that is an `Error` (an `AbortError` `DOMException` by default), else with an `AbortError`. A signal
 * that has already aborted rejects at once. The timer and the listener are removed either way, so a long-lived
 * signal does not collect listeners.
 */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal | undefined): Error {
  if (signal?.reason instanceof Error) return signal.reason;
  const error = new Error('Aborted');
  error.name = 'AbortError';
  return error;
}
