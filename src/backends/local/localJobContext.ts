import type { DataJobSpec, JobRecord } from '../../core/jobs/jobModel';

/** What a local job's work gets from the job runner. */
export interface LocalJobContext {
  readonly spec: DataJobSpec;
  readonly modelFolder: string;
  /** The job's own folder, for its outputs. */
  readonly jobFolder: string;
  readonly signal: AbortSignal;
  /** Appends a line to the job's log. */
  readonly log: (line: string) => Promise<void>;
}

/** What finished work adds to the job record. */
export type LocalJobResult = Pick<JobRecord, 'metrics' | 'outputs'>;
