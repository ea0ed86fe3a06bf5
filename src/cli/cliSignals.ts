/**
 * Ctrl-C (SIGINT) and SIGTERM, and an AbortSignal a caller passes, as one AbortSignal for a command running in
 * the foreground. `dispose` removes the listeners again; `stoppedBy` tells which signal stopped it.
 */
export interface CommandStop {
  readonly signal: AbortSignal;
  stoppedBy(): 'SIGINT' | 'SIGTERM' | undefined;
  dispose(): void;
}

/** The conventional exit codes of a process stopped by a signal: 128 + its number. */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

export function stopOnSignals(external?: AbortSignal): CommandStop {
  const stop = new AbortController();
  let stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;
  const onSigint = () => ((stoppedBy ??= 'SIGINT'), stop.abort());
  const onSigterm = () => ((stoppedBy ??= 'SIGTERM'), stop.abort());
  const onAbort = () => stop.abort();
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  if (external?.aborted) stop.abort();
  external?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: stop.signal,
    stoppedBy: () => stoppedBy,
    dispose: () => {
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigterm);
      external?.removeEventListener('abort', onAbort);
    },
  };
}
