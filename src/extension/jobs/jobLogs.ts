import * as vscode from 'vscode';
import type { BackendHost } from '../backendHost';
import { isTerminalStatus, type JobRecord } from '../../core/jobs/jobModel';
import { describeError, extensionLog } from '../log';

interface FollowedJob {
  readonly channel: vscode.LogOutputChannel;
  readonly abort: AbortController;
}

/**
 * One output channel per job, fed by the backend's `follow` from the start of the log, so the channel holds the
 * whole log once and every line only once. Following starts when a job is submitted, when its log is asked for,
 * and, after a window reload, for every job still running. When a job ends, a notification says how it ended.
 */
export class JobLogs implements vscode.Disposable {
  private readonly followed = new Map<string, FollowedJob>();

  constructor(private readonly backends: BackendHost) {}

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
    if (existing) return existing;
    const backend = await this.backends.current();
    const jobs = backend.jobs;
    if (!jobs) throw new Error(`The ${backend.displayName} backend cannot run jobs in this version.`);
    const channel = vscode.window.createOutputChannel(`Job: ${job.displayName} (${job.id})`, { log: true });
    const followed: FollowedJob = { channel, abort: new AbortController() };
    this.followed.set(job.id, followed);
    const wasRunning = !isTerminalStatus(job.status);
    void (async () => {
      try {
        for await (const event of jobs.follow(job.id, { signal: followed.abort.signal })) {
          if (event.type === 'line') {
            if (/^(Failed|Error)\b/.test(event.text)) channel.error(event.text);
            else channel.info(event.source ? `[${event.source}] ${event.text}` : event.text);
          } else if (event.type === 'end' && wasRunning) {
            // Status changes show in the Jobs view; the end of a job this window saw running is announced.
            void this.announceEnd(job, event.status, event.error);
          }
        }
      } catch (error) {
        if (!followed.abort.signal.aborted) {
          channel.error(`The log stream stopped: ${describeError(error)}`);
          extensionLog().warn(`Job ${job.id}: the log stream stopped: ${describeError(error)}`);
        }
      }
    })();
    return followed;
  }

  private async announceEnd(job: JobRecord, status: string, error: string | undefined): Promise<void> {
    const showLog = 'Show Log';
    const showMetrics = 'Show Metrics';
    if (status === 'completed') {
      const done = await (await this.backends.current()).jobs?.get(job.id);
      const summary = Object.entries(done?.metrics ?? {})
        .slice(0, 3)
        .map(([name, value]) => `${name} ${value.toFixed(3)}`)
        .join(', ');
      const register = 'Register Model';
      const actions = [showMetrics, ...(done?.outputs?.model ? [register] : []), showLog];
      const choice = await vscode.window.showInformationMessage(`${job.displayName} completed${summary ? `: ${summary}` : ''}.`, ...actions);
      if (choice === showMetrics) await vscode.commands.executeCommand('foundationModels.showJobMetrics', done ?? job);
      if (choice === register) await vscode.commands.executeCommand('foundationModels.registerModel', done ?? job);
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
