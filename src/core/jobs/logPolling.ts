import { pollDelayMs, POLL_MAX_MS, POLL_MIN_MS } from './logCursor';

/**
 * When a job log stream asks the service for what: its status (for Azure ML, the run's details: status, the list of
 * log files and their read URLs, and a pipeline's steps), and the new bytes of the logs being written (a read from
 * each log's byte offset on, cheap when nothing is new: `416` for a range past the end). No I/O here.
 *
 * Two policies:
 * - `cliPolling`, the yardstick: `az ml job stream` (azure-ai-ml `_wait_before_polling`) reads the status and every
 *   log in one poll, then waits `pollDelayMs(age)`: 2 s at first, about 60 s three minutes in. An hour-long fine-tune
 *   shows each line up to a minute late for nearly all of its run.
 * - `livePolling`, the default: the status on the same curve but never more than 20 s apart, and between two status
 *   polls the logs being written read from their offsets every second, so a line shows within about a second at any
 *   age of the job. The reads slow down only when the logs have been quiet for two minutes (to one every 15 s, a log
 *   that writes again is read every second again), and when the service throttles (429/503: the wait doubles, and
 *   is never shorter than its `Retry-After`).
 *
 * The request budget, for a job with one log being written: 60 log reads and 3 status polls a minute, against the
 * CLI's 2 (one of each) once it has slowed down. The reads go to blob storage behind the log's SAS URL, whose limits
 * are far above that (500 requests/s for one blob, 20,000/s for an account), and cost a read operation each
 * (fractions of a cent an hour); the status polls go to the run-history service, the one that throttles, and stay
 * close to the CLI's rate.
 */

/** How long the run and the stream have been going. */
export interface StreamAge {
  /** Since the run started, as the service says (see `runAgeMs`). */
  readonly runMs: number;
  /** Since this stream started. */
  readonly streamMs: number;
}

export interface LogPolling {
  /** The wait after a status poll. */
  statusDelayMs(age: StreamAge): number;
  /**
   * The wait after a read of the logs being written, when they have had no new bytes for `idleMs`; undefined when
   * the logs are read only with the status.
   */
  tailDelayMs(idleMs: number): number | undefined;
}

/**
 * `az ml job stream`'s polling: status and logs together, on azure-ai-ml's sigmoid of the time since the stream
 * started. Measured here from the run's start, as for the Output panel that has followed the job since it was
 * submitted (and this stream before the default changed).
 */
export function cliPolling(minMs: number = POLL_MIN_MS, maxMs: number = POLL_MAX_MS): LogPolling {
  return { statusDelayMs: (age) => pollDelayMs(age.runMs, minMs, maxMs), tailDelayMs: () => undefined };
}

export interface LivePollingOptions {
  /** Bounds of the status curve (`pollDelayMs`): 2 s, and 20 s rather than the CLI's 60 s. */
  readonly statusMinMs?: number | undefined;
  readonly statusMaxMs?: number | undefined;
  /** The wait between reads of the logs being written: 1 s. */
  readonly tailMs?: number | undefined;
  /** Logs quiet this long are read less often: 2 minutes. */
  readonly quietAfterMs?: number | undefined;
  /** The longest wait between reads of quiet logs: 15 s. */
  readonly quietTailMs?: number | undefined;
}

export const LIVE_STATUS_MAX_MS = 20_000;
export const LIVE_TAIL_MS = 1_000;
export const LIVE_QUIET_AFTER_MS = 120_000;
export const LIVE_QUIET_TAIL_MS = 15_000;

/**
 * Status on the curve (from the stream's start: a stream just opened sees the status change soon) up to 20 s; logs
 * being written read every second, a log quiet for `quietAfterMs` less often, the wait growing by a tenth of the
 * quiet time past that (a second per 10 s) up to `quietTailMs`.
 */
export function livePolling(options: LivePollingOptions = {}): LogPolling {
  const statusMinMs = options.statusMinMs ?? POLL_MIN_MS;
  const statusMaxMs = options.statusMaxMs ?? LIVE_STATUS_MAX_MS;
  const tailMs = options.tailMs ?? LIVE_TAIL_MS;
  const quietAfterMs = options.quietAfterMs ?? LIVE_QUIET_AFTER_MS;
  const quietTailMs = Math.max(tailMs, options.quietTailMs ?? LIVE_QUIET_TAIL_MS);
  return {
    statusDelayMs: (age) => pollDelayMs(age.streamMs, statusMinMs, statusMaxMs),
    tailDelayMs: (idleMs) => (idleMs < quietAfterMs ? tailMs : Math.min(quietTailMs, tailMs + (idleMs - quietAfterMs) / 10)),
  };
}

/**
 * How much longer than its policy says a stream waits between log reads while the service throttles: each read
 * that met a 429 or 503 (even one its retries got past) doubles the factor, up to `maxFactor`; each read that met
 * none halves it, back to 1.
 */
export class ThrottleBackoff {
  private factor = 1;

  constructor(private readonly maxFactor = 64) {}

  /** After a read: whether it met throttling. */
  update(throttled: boolean): void {
    this.factor = throttled ? Math.min(this.maxFactor, this.factor * 2) : Math.max(1, this.factor / 2);
  }

  /** `delayMs` stretched by the factor, and never shorter than the service's `Retry-After`. */
  delay(delayMs: number, retryAfterMs = 0): number {
    return Math.max(delayMs * this.factor, retryAfterMs);
  }
}

/**
 * How long a run has been going, from its start time as the service reports it (ISO 8601); from `streamStartedMs`
 * when the run has not started or the time cannot be read.
 */
export function runAgeMs(startTimeUtc: string | null | undefined, nowMs: number, streamStartedMs: number): number {
  const started = startTimeUtc ? Date.parse(startTimeUtc) : Number.NaN;
  return Number.isFinite(started) && started <= nowMs ? nowMs - started : nowMs - streamStartedMs;
}
