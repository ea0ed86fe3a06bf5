import * as vscode from 'vscode';
import * as z from 'zod';
import { requireService } from '../../backends/backend';
import { JobRecordSchema, type JobRecord } from '../../core/jobs/jobModel';
import { compareRuns, type ComparedRun } from '../../core/metrics/compareRuns';
import { comparisonCsv, comparisonJson } from '../../core/metrics/metricsExport';
import { taskDisplayName, isTaskId } from '../../core/tasks';
import { metricsChannel, type MetricsToWebview } from '../../protocol/metricsMessages';
import type { BackendHost } from '../backendHost';
import { DisposableStore } from '../disposables';
import { extensionLog } from '../log';
import { onWebviewMessage } from '../webview/webviewMessages';
import { reportOf, saveExport } from './metricsFiles';

/** Jobs whose metrics can be compared: completed fine-tunes and evaluations that reported metrics. */
export function isComparable(job: JobRecord): boolean {
  return job.status === 'completed' && Boolean(job.metrics) && (job.spec.kind === 'evaluate' || job.spec.kind === 'fineTune');
}

const taskOf = (job: JobRecord): string => (job.spec.kind === 'evaluate' || job.spec.kind === 'fineTune' ? job.spec.task : job.spec.kind);
const taskName = (task: string): string => (isTaskId(task) ? taskDisplayName(task) : task);

/** Refuses fewer than two jobs, or jobs of different tasks, saying which. */
export function assertComparable(jobs: readonly JobRecord[]): void {
  const notReady = jobs.filter((job) => !isComparable(job));
  if (notReady.length > 0) throw new Error(`Compare completed jobs with metrics: ${notReady.map((job) => `${job.displayName} (${job.status})`).join(', ')} has none to compare.`);
  if (jobs.length < 2) throw new Error('Pick two or more jobs to compare.');
  const tasks = new Set(jobs.map(taskOf));
  if (tasks.size > 1) throw new Error(`Compare runs of one task: ${jobs.map((job) => `${job.displayName} is ${taskName(taskOf(job)).toLowerCase()}`).join('; ')}.`);
}

/**
 * The jobs Compare Metrics… compares: the Jobs view's selection when it holds two or more, else the jobs the user
 * picks (the row it was run on already ticked). Undefined when the user dismisses the pick.
 */
export async function jobsToCompare(backends: BackendHost, clicked: unknown, selection: unknown): Promise<JobRecord[] | undefined> {
  const selected = z.array(JobRecordSchema).safeParse(selection);
  if (selected.success && selected.data.length >= 2) return selected.data;
  const first = JobRecordSchema.safeParse(clicked);
  const candidates = (await requireService(await backends.current(), 'jobs').list()).filter(isComparable);
  if (candidates.length < 2) throw new Error('Compare Metrics needs two or more completed jobs with metrics: evaluate or fine-tune a model twice, then compare.');
  const items = candidates.map((job) => ({
    label: job.displayName,
    description: `${taskName(taskOf(job))} · ${job.id}`,
    picked: first.success && first.data.id === job.id,
    job,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Compare Metrics', placeHolder: 'Pick two or more completed jobs of the same task', canPickMany: true, matchOnDescription: true });
  return picked?.map((item) => item.job);
}

/** The runs as the comparison shows them: each job's metrics (its report's, where the backend wrote one). */
export async function comparedRuns(jobs: readonly JobRecord[]): Promise<ComparedRun[]> {
  return Promise.all(jobs.map(async (job) => ({ id: job.id, displayName: job.displayName, metrics: (await reportOf(job))?.metrics ?? job.metrics ?? {} })));
}

/** One open comparison: it sends the table when the view is ready and answers Export. */
export class ComparisonSession implements vscode.Disposable {
  private readonly disposables = new DisposableStore();

  constructor(panel: vscode.WebviewPanel, jobs: readonly JobRecord[], runs: readonly ComparedRun[]) {
    const rows = compareRuns(runs).map((row) => ({ ...row, values: row.values.map((value) => value ?? null), best: [...row.best] }));
    const message: MetricsToWebview = {
      type: 'showComparison',
      task: taskOf(jobs[0] as JobRecord),
      runs: jobs.map((job) => ({ id: job.id, displayName: job.displayName, backend: job.backend })),
      rows,
    };
    const unavailable = async (): Promise<never> => {
      throw new Error('A comparison has no predictions; open one job\'s metrics to see them.');
    };
    this.disposables.add(
      onWebviewMessage(panel.webview, metricsChannel, 'comparison view', extensionLog(), () => void panel.webview.postMessage(message), {
        predictions: unavailable,
        openSource: unavailable,
        export: async ({ what, format }) => {
          if (what !== 'comparison') return unavailable();
          return saveExport(`compare-${runs.length}-runs`, format, () => (format === 'csv' ? comparisonCsv(runs) : comparisonJson(runs)));
        },
      }),
    );
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
