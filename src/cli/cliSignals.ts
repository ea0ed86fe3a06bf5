/**
 * Ctrl-C (SIGINT) and SIGTERM, and an AbortSignal a caller passes (tests, embedding), as one `AbortSignal` for the
 * running command: a conversion stops and removes its staging folder, a local job is canceled, a pull keeps its
 * partial file, a server closes. A second signal exits at once, for a command that does not stop.
 */
export interface SignalAbort {
  readonly signal: AbortSignal;
  /** The signal received, if any. */
  received(): NodeJS.Signals | undefined;
  /** The exit code a command stopped by the received signal ends with: 128 + its number, as shells report. */
  exitCode(): number | undefined;
  dispose(): void;
}

const NUMBERS: Readonly<Partial<Record<NodeJS.Signals, number>>> = { SIGINT: 2, SIGTERM: 15 };

/** The exit codes of a process stopped by a signal. */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

export function abortOnSignals(options: { readonly target?: NodeJS.Process; readonly external?: AbortSignal | undefined } = {}): SignalAbort {
  const target = options.target ?? process;
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    if (received) target.exit(128 + (NUMBERS[name] ?? 0));
    received = name;
    controller.abort(new DOMException(`Stopped by ${name}.`, 'AbortError'));
  };
  const onExternal = () => controller.abort(options.external?.reason);
  // One listener per signal, each knowing its name (an emitted signal carries no argument).
  const onSigint = () => onSignal('SIGINT');
  const onSigterm = () => onSignal('SIGTERM');
  target.on('SIGINT', onSigint);
  target.on('SIGTERM', onSigterm);
  if (options.external?.aborted) onExternal();
  options.external?.addEventListener('abort', onExternal, { once: true });
  return {
    signal: controller.signal,
    received: () => received,
    exitCode: () => (received ? 128 + (NUMBERS[received] ?? 0) : undefined),
    dispose() {
      target.removeListener('SIGINT', onSigint);
      target.removeListener('SIGTERM', onSigterm);
      options.external?.removeEventListener('abort', onExternal);
    },
  };
}
