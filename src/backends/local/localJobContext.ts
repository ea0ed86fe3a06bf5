import { InvalidJobDataError, prepareJobData, type JobData, type PrepareOptions } from '../../core/jobs/jobData';
import type { DataJobSpec, JobRecord } from '../../core/jobs/jobModel';
import type { SplitPercentages } from '../../core/datasets/splitDataset';

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

/** Problems listed in the log before the rest are only counted. */
export const PROBLEMS_SHOWN = 10;

/**
 * The job's data converted into its folder (the steps every backend shares, `prepareJobData`), with its progress in
 * the log; invalid data fails the job with its first problems in the log.
 */
export async function prepareLocalData({ spec, jobFolder, signal, log }: LocalJobContext, defaultSplit: SplitPercentages, onPlaced?: PrepareOptions['onPlaced']): Promise<JobData> {
  let progress = Promise.resolve();
  try {
    return await prepareJobData(spec, jobFolder, { defaultSplit, signal, onPlaced, progress: (message) => (progress = progress.then(() => log(message))) });
  } catch (error) {
    if (error instanceof InvalidJobDataError) for (const problem of error.problems.slice(0, PROBLEMS_SHOWN)) await log(problem);
    throw error;
  } finally {
    await progress;
  }
}
