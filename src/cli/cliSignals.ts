/**
 * Ctrl-C (SIGINT) and SIGTERM as an `AbortSignal` for the running command: a conversion stops and removes its
 * staging folder, a local job is canceled, a server closes. A second signal exits at once, for a command that does
 * not stop.
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

export function abortOnSignals(target: NodeJS.Process = process): SignalAbort {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    if (received) target.exit(128 + (NUMBERS[name] ?? 0));
    received = name;
    controller.abort(new DOMException(`Stopped by ${name}.`, 'AbortError'));
  };
  target.on('SIGINT', onSignal);
  target.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    received: () => received,
    exitCode: () => (received ? 128 + (NUMBERS[received] ?? 0) : undefined),
    dispose() {
      target.removeListener('SIGINT', onSignal);
      target.removeListener('SIGTERM', onSignal);
    },
  };
}
