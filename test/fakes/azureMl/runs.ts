import { EPOCH } from './armConventions';
import type { FakeAzureMlSeed, FakeJob, FakeJobStatus, FakeWorkspace } from './types';

/**
 * The runs behind jobs: each seed job's mutable life (status sequence, error, log bytes), created on first use.
 */

export const TERMINAL: readonly string[] = ['Completed', 'Failed', 'Canceled', 'NotResponding', 'Paused'];
const MINUTE_MS = 60_000;

/** The mutable life of one run: status (sequence), error and log bytes. */
export interface RunState {
  readonly job: FakeJob;
  readonly ws: FakeWorkspace;
  readonly parent: FakeJob | undefined;
  readonly root: FakeJob;
  readonly runNumber: number;
  sequence: FakeJobStatus[];
  step: number;
  error: string | undefined;
  readonly logs: Map<string, Buffer>;
  revision: number;
}

/** Run states by seed object, created on first use, so tests may edit the seed's jobs before that. */
export class RunStore {
  private readonly states = new WeakMap<FakeJob, RunState>();
  private runNumbers = 0;
  /** Cancel operations in flight: operation id → run id. */
  readonly cancels = new Map<string, string>();

  constructor(private readonly seed: () => FakeAzureMlSeed) {}

  /** Finds a run by id in one workspace, or in all of them. Run ids are case-sensitive. */
  find(runId: string, ws?: FakeWorkspace): RunState | undefined {
    const visit = (w: FakeWorkspace, jobs: FakeJob[] | undefined, parent: FakeJob | undefined, root: FakeJob | undefined): RunState | undefined => {
      for (const job of jobs ?? []) {
        if (job.name === runId) return this.state(job, w, parent, root ?? job);
        const found = visit(w, job.children, job, root ?? job);
        if (found) return found;
      }
      return undefined;
    };
    for (const w of ws ? [ws] : this.seed().workspaces) {
      const found = visit(w, w.jobs, undefined, undefined);
      if (found) return found;
    }
    return undefined;
  }

  get(runId: string): RunState {
    const state = this.find(runId);
    if (!state) throw new Error(`The fake has no run '${runId}'.`);
    return state;
  }

  state(job: FakeJob, ws: FakeWorkspace, parent: FakeJob | undefined, root: FakeJob): RunState {
    let state = this.states.get(job);
    if (!state) {
      const sequence = Array.isArray(job.status) ? [...job.status] : [job.status];
      if (sequence.length === 0) sequence.push('NotStarted');
      state = {
        job, ws, parent, root,
        runNumber: ++this.runNumbers,
        sequence,
        step: 0,
        error: job.error,
        logs: new Map(Object.entries(job.logs).map(([file, text]) => [file, Buffer.from(text, 'utf8')])),
        revision: 1,
      };
      this.states.set(job, state);
    }
    return state;
  }
}

export function statusOf(state: RunState): FakeJobStatus {
  return state.sequence[Math.min(state.step, state.sequence.length - 1)] ?? 'NotStarted';
}

export function setStatus(state: RunState, status: FakeJobStatus): void {
  state.sequence = [status];
  state.step = 0;
  state.revision += 1;
}

/** Moves a status sequence one step on (after a `details` answer). */
export function advance(state: RunState): void {
  if (state.step < state.sequence.length - 1) {
    state.step += 1;
    state.revision += 1;
  }
}

export function descendants(job: FakeJob): FakeJob[] {
  return (job.children ?? []).flatMap((child) => [child, ...descendants(child)]);
}

/** Timestamps derived from the run number, so answers are the same on every run of the tests (or from the job's `startedAt`). */
export function runTimes(state: RunState): { created: number; start?: number; end?: number } {
  const created = state.job.startedAt !== undefined ? state.job.startedAt - MINUTE_MS : EPOCH + state.runNumber * MINUTE_MS;
  const status = statusOf(state);
  const started = !['NotStarted', 'Queued', 'Preparing', 'Provisioning', 'Starting'].includes(status);
  return { created, ...(started ? { start: created + MINUTE_MS } : {}), ...(TERMINAL.includes(status) ? { end: created + 10 * MINUTE_MS } : {}) };
}
