import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { BackendHost } from '../backendHost';
import { isTerminalStatus, type JobRecord } from '../../core/jobs/jobModel';
import { summarizeMetrics } from '../../core/metrics/metricNames';
import { describeError, extensionLog } from '../log';
import type { JobService } from '../../backends/backend';
import type { JobLogRecord, JobLogStore } from './jobLogStore';

interface FollowedJob {
  readonly channel: vscode.LogOutputChannel;
  abort: AbortController;
  /** The stream failed (network gone, retries spent); showing the log again resumes it. */
  stopped: boolean;
}

/**
 * One output channel per job, fed by the backend's `follow`. What was shown is kept with the backend's resume
 * position (`JobLogStore`), so after a window reload the channel shows those lines again and the stream goes on
 * from where it was: the whole log once, every line only once. Following starts when a job is submitted, when its
 * log is asked for, and, after a window reload, for every job still running. When a job ends, a notification says how it ended.
 */
export class JobLogs implements vscode.Disposable {
  private readonly followed = new Map<string, FollowedJob>();

  constructor(
    private readonly backends: BackendHost,
    private readonly store: JobLogStore,
  ) {}

  /** Shows a job's log, starting to follow it if this window does not yet. */
  async show(job: JobRecord): Promise<void> {
    (await this.follow(job)).channel.show(true);
  }

  /** Follows every job that has not ended (after a reload), without showing their channels. */
  async resumeRunning(): Promise<void> {
    const jobs = (await (await this.backends.current()).jobs?.list()) ?? [];
    for (const job of jobs.filter((j) => !isTerminalStatus(j.status))) await this.follow(job);
  }

  async follow(job: JobRecord): Promise<FollowedJob> {
    const existing = this.followed.get(job.id);
    if (existing && !existing.stopped) return existing;
    const backend = await this.backends.current();
    const jobs = backend.jobs;
    if (!jobs) throw new Error(`The ${backend.displayName} backend cannot run jobs in this version.`);
    // The kept lines are cut back to the saved position, which is where the stream resumes.
    const record = this.store.open(backend.id, job.id);
    let followed = existing;
    if (followed) {
      followed.stopped = false;
      followed.abort = new AbortController();
      followed.channel.info('(resuming the log stream)');
    } else {
      const channel = vscode.window.createOutputChannel(`Job: ${job.displayName} (${job.id})`, { log: true });
      followed = { channel, abort: new AbortController(), stopped: false };
      this.followed.set(job.id, followed);
      if (record.previousLines.length > 0) {
        for (const line of record.previousLines) channel.appendLine(line);
        channel.info(`(the ${record.previousLines.length} lines above were shown before the window reloaded; the log continues from there)`);
      }
    }
    void this.stream(job, jobs, followed, record);
    return followed;
  }

  private async stream(job: JobRecord, jobs: JobService, followed: FollowedJob, record: JobLogRecord): Promise<void> {
    const { channel, abort } = followed;
    const wasRunning = !isTerminalStatus(job.status);
    try {
      const events = jobs.follow(job.id, { signal: abort.signal, position: record.position, onPosition: (position) => record.savePosition(position) });
      for await (const event of events) {
        if (event.type === 'line') {
          const text = event.source ? `[${event.source}] ${event.text}` : event.text;
          if (/^(Failed|Error)\b|Error:|Traceback \(most recent call last\)/.test(event.text)) channel.error(text);
          else channel.info(text);
          record.append(text);
        } else if (event.type === 'end' && wasRunning) {
          // Status changes show in the Jobs view; the end of a job this window saw running is announced.
          void this.announceEnd(job, event.status, event.error);
        }
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      followed.stopped = true;
      channel.error(`The log stream stopped: ${describeError(error)}. Show Log resumes it where it stopped.`);
      extensionLog().warn(`Job ${job.id}: the log stream stopped: ${describeError(error)}`);
    }
  }

  private async announceEnd(job: JobRecord, status: string, error: string | undefined): Promise<void> {
    const showLog = 'Show Log';
    const showMetrics = 'Show Metrics';
    if (status === 'completed') {
      const done = await (await this.backends.current()).jobs?.get(job.id);
      const summary = summarizeMetrics(done?.metrics ?? {});
      const register = 'Register Model';
      // An evaluation with nothing to score against (no reference column) has predictions but no metrics.
      const actions = [...(summary ? [showMetrics] : []), ...(done?.outputs?.model ? [register] : []), showLog];
      const choice = await vscode.window.showInformationMessage(`${job.displayName} completed${summary ? `: ${summary}` : ''}.`, ...actions);
      if (choice === showMetrics) await vscode.commands.executeCommand(COMMANDS.showJobMetrics, done ?? job);
      if (choice === register) await vscode.commands.executeCommand(COMMANDS.registerModel, done ?? job);
      if (choice === showLog) this.followed.get(job.id)?.channel.show(true);
    } else if (status === 'failed') {
      const choice = await vscode.window.showErrorMessage(`${job.displayName} failed${error ? `: ${error}` : '.'}`, showLog);
      if (choice === showLog) this.followed.get(job.id)?.channel.show(true);
    }
  }

  dispose(): void {
    for (const { channel, abort } of this.followed.values()) {
      abort.abort();
      channel.dispose();
    }
  }
}
