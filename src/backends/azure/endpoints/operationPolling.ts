import { RestError } from '@azure/core-rest-pipeline';
import { abortableDelay } from '../../../core/abortableDelay';
import { isAbortError, retryAfterMs, type JsonAnswer } from '../azureHttp';
import { isNotFound, type WorkspaceRest } from '../workspaceRest';
import { OperationFailure } from './deployErrorAdvice';
import { OperationStatusSchema, ProvisioningSchema } from './endpointResources';
import type { Pending } from './resumeToken';

/**
 * Long-running ARM operations of endpoints and deployments (API.md §1.5): a PUT or DELETE is answered 200/201 with
 * `Azure-AsyncOperation` (or 202 with `Location`, or nothing, in which case the resource's `provisioningState` is
 * polled). The operations are polled here rather than with the SDK's pollers, so that each poll can report progress,
 * `Retry-After` is honoured, and cancelling stops only the waiting.
 */

const DEFAULT_POLL_MS = 5_000;
const MAX_POLL_MS = 60_000;

export interface PollIntervals {
  /** Wait between polls of an operation that sends no `Retry-After` (5 s by default). */
  readonly pollIntervalMs?: number | undefined;
  /** The longest wait a `Retry-After` may ask for (60 s by default). */
  readonly maxPollIntervalMs?: number | undefined;
}

/** What a wait needs besides the operation: a name for progress lines, the signal, and the error for stopping early. */
export interface OperationWait {
  readonly label: string;
  readonly signal: AbortSignal;
  readonly progress: ((line: string) => void) | undefined;
  /** The error to throw when the signal stops the waiting (Azure goes on). */
  readonly stopped: () => Error;
  /** The first wait; the poll interval when left out. */
  readonly initialDelay?: number | undefined;
}

export class OperationPoller {
  constructor(
    private readonly rest: WorkspaceRest,
    private readonly intervals: PollIntervals,
  ) {}

  /** How to follow an accepted PUT: its `Azure-AsyncOperation`, its `Location`, or the resource itself; `undefined` when it is done. */
  pendingFrom(answer: JsonAnswer, resourceUrl: string): Pending | undefined {
    const asyncUrl = answer.headers.get('azure-asyncoperation') ?? answer.headers.get('operation-location');
    if (asyncUrl && this.rest.onArm(asyncUrl)) return { mode: 'async', url: asyncUrl, resourceUrl };
    const location = answer.headers.get('location');
    if (answer.status === 202 && location && this.rest.onArm(location)) return { mode: 'location', url: location, resourceUrl };
    const state = provisioningState(answer.body);
    if (answer.status === 202 || (state && !['Succeeded', 'Failed', 'Canceled'].includes(state))) return { mode: 'resource', url: resourceUrl, resourceUrl };
    if (state === 'Failed' || state === 'Canceled') throw new OperationFailure(state, `The resource ended ${state}.`);
    return undefined;
  }

  /** How to follow an accepted DELETE (not 200 or 204): its `Azure-AsyncOperation`, its `Location`, or the resource until it is gone. */
  pendingOfDelete(answer: JsonAnswer, resourceUrl: string): Pending {
    const location = answer.headers.get('location');
    const asyncUrl = answer.headers.get('azure-asyncoperation');
    if (asyncUrl && this.rest.onArm(asyncUrl)) return { mode: 'async', url: asyncUrl, resourceUrl };
    if (location && this.rest.onArm(location)) return { mode: 'location', url: location, resourceUrl };
    return { mode: 'resource', url: resourceUrl, resourceUrl };
  }

  /**
   * Polls an operation until it ends, waiting what each answer's `Retry-After` asks (else `pollIntervalMs`), with a
   * progress line per poll. `Failed`/`Canceled` throw the service's error; the signal stops the waiting only.
   */
  async waitFor(pending: Pending, wait: OperationWait): Promise<void> {
    const interval = this.intervals.pollIntervalMs ?? DEFAULT_POLL_MS;
    const cap = this.intervals.maxPollIntervalMs ?? MAX_POLL_MS;
    const started = Date.now();
    let current = pending;
    let delay = Math.min(wait.initialDelay ?? interval, cap);
    for (;;) {
      await abortableDelay(delay, wait.signal).catch(() => {
        throw wait.stopped();
      });
      let answer: JsonAnswer;
      try {
        answer = await this.rest.exchange('GET', current.url, { signal: wait.signal });
      } catch (error) {
        if (isAbortError(error)) throw wait.stopped();
        const next = followAfterRefusal(current, wait.label, error);
        if (!next) return;
        current = next;
        delay = 0;
        continue;
      }
      delay = Math.min(retryAfterMs(answer.headers) ?? interval, cap);
      const state = this.stateOf(current, answer, wait.label);
      if (state === undefined) return;
      wait.progress?.(`${wait.label}: ${state} (${elapsed(Date.now() - started)})`);
    }
  }

  /** The state of an operation still running, from one poll's answer; `undefined` once it succeeded. */
  private stateOf(current: Pending, answer: JsonAnswer, label: string): string | undefined {
    if (current.mode === 'async') {
      const status = this.rest.parse(answer.body, OperationStatusSchema, current.url);
      if (status.status === 'Succeeded') return undefined;
      if (status.status === 'Failed' || status.status === 'Canceled') {
        throw new OperationFailure(status.error?.code ?? status.status, status.error?.message ?? `The operation ended ${status.status}.`);
      }
      return status.status;
    }
    if (current.mode === 'location') return answer.status === 202 ? 'InProgress' : undefined;
    const resourceState = provisioningState(answer.body);
    if (!resourceState || resourceState === 'Succeeded') return undefined;
    if (resourceState === 'Failed' || resourceState === 'Canceled') throw new OperationFailure(resourceState, `${label} ended ${resourceState}.`);
    return resourceState;
  }
}

/**
 * What to poll after a poll was refused: an operation Azure no longer knows (a token saved long ago) is followed by
 * its resource; `undefined` when a delete's `Location` is gone (done). Anything else throws.
 */
function followAfterRefusal(current: Pending, label: string, error: unknown): Pending | undefined {
  if (isNotFound(error)) {
    if (current.mode === 'async') return { mode: 'resource', url: current.resourceUrl, resourceUrl: current.resourceUrl };
    if (current.mode === 'resource') throw new OperationFailure('ResourceNotFound', `${label}: the resource is gone.`);
    return undefined;
  }
  if (current.mode === 'location' && error instanceof RestError && error.statusCode !== undefined && error.statusCode < 500 && error.statusCode !== 429) {
    throw new OperationFailure(error.code ?? String(error.statusCode), error.message);
  }
  throw error;
}

function provisioningState(body: unknown): string | undefined {
  const parsed = ProvisioningSchema.safeParse(body);
  return parsed.success ? (parsed.data.properties?.provisioningState ?? parsed.data.provisioningState ?? undefined) : undefined;
}

function elapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
