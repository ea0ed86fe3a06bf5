import * as vscode from 'vscode';
import { requireService, type Backend } from '../../backends/backend';
import { isTerminalStatus, jobSubject, type JobRecord, type JobStatus } from '../../core/jobs/jobModel';
import { formatMetricValue, metricDisplayName } from '../../core/metrics/metricNames';
import { BackendBoundTree } from '../backendBoundTree';
import type { BackendHost } from '../backendHost';
import { taskLabel } from '../catalog/catalogTreeProvider';
import { COMMANDS, VIEWS } from '../commandIds';
import { escapeMarkdown } from '../markdownText';
import { hasCurves } from './jobCommands';

const STATUS_ICONS: Readonly<Record<JobStatus, vscode.ThemeIcon>> = {
  queued: new vscode.ThemeIcon('clock'),
  running: new vscode.ThemeIcon('sync~spin'),
  completed: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  canceled: new vscode.ThemeIcon('circle-slash'),
};

/** `2 min 5 s`, `45 s`, `1 h 3 min`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function elapsedOf(job: JobRecord, now: number): number | undefined {
  if (!job.startedAt) return undefined;
  const end = job.endedAt ? Date.parse(job.endedAt) : now;
  return end - Date.parse(job.startedAt);
}

/** A running job's elapsed time ticks in the tree; nothing ticks when nothing runs. */
const TICK_MS = 1000;

/** The jobs of the current backend, newest first, with status icons, elapsed time and live updates. */
export class JobsTreeProvider extends BackendBoundTree<JobRecord> {
  private jobs: JobRecord[] = [];
  private ticker: ReturnType<typeof setInterval> | undefined;

  /** The backend reads a job's curves (`JobService.metricHistory`): a running fine-tune then has Show Metrics. */
  private curves = false;

  constructor(backends: BackendHost, view: vscode.TreeView<JobRecord>) {
    super(VIEWS.jobs, 'Jobs', backends, view);
    this.disposables.add({ dispose: () => this.ticker && clearInterval(this.ticker) });
  }

  protected subscribe(backend: Backend, refresh: () => void) {
    return backend.jobs?.onDidChange(refresh);
  }

  protected async listRoots(backend: Backend): Promise<JobRecord[]> {
    this.jobs = [];
    try {
      const service = requireService(backend, 'jobs');
      this.curves = Boolean(service.metricHistory);
      this.jobs = await service.list();
    } finally {
      this.updateTicker();
    }
    return this.jobs;
  }

  getTreeItem(job: JobRecord): vscode.TreeItem {
    const item = new vscode.TreeItem(job.displayName, vscode.TreeItemCollapsibleState.None);
    item.id = `job:${job.backend}:${job.id}`;
    item.iconPath = STATUS_ICONS[job.status];
    const elapsed = elapsedOf(job, Date.now());
    item.description = [job.status, elapsed === undefined ? undefined : formatElapsed(elapsed)].filter(Boolean).join(' · ');
    // `job.<status>[.metrics][.model][.curves]`: the menus' when clauses match the parts they need.
    item.contextValue = `job.${job.status}${job.metrics ? '.metrics' : ''}${job.outputs?.model ? '.model' : ''}${hasCurves(job, this.curves) ? '.curves' : ''}`;
    const lines = [`**${escapeMarkdown(job.displayName)}**`, '', `Job: ${job.id}`, job.spec.kind === 'fineTune' || job.spec.kind === 'evaluate' ? `Task: ${taskLabel(job.spec.task)}` : `Does: ${escapeMarkdown(jobSubject(job.spec))}`, `Status: ${job.status}`];
    if (job.error) lines.push(`Error: ${escapeMarkdown(job.error)}`);
    for (const [name, value] of Object.entries(job.metrics ?? {})) lines.push(`${escapeMarkdown(metricDisplayName(name))}: ${formatMetricValue(value)}`);
    item.tooltip = new vscode.MarkdownString(lines.join('  \n'));
    item.command = { command: COMMANDS.showJobLog, title: 'Show Log', arguments: [job] };
    return item;
  }

  private updateTicker(): void {
    const anyRunning = this.jobs.some((job) => !isTerminalStatus(job.status));
    // Only the running rows are redrawn (their elapsed time): the list itself is read again on changes, not every
    // second, which on Azure would be a request per tick.
    if (anyRunning && !this.ticker) {
      this.ticker = setInterval(() => {
        for (const job of this.jobs) if (!isTerminalStatus(job.status)) this.changed.fire(job);
      }, TICK_MS);
    }
    if (!anyRunning && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }
}
