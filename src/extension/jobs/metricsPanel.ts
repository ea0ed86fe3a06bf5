import * as vscode from 'vscode';
import type { JobRecord } from '../../core/jobs/jobModel';
import { MetricsStateSchema } from '../../protocol/metricsMessages';
import type { BackendHost } from '../backendHost';
import { PANELS } from '../commandIds';
import { webviewHtml, webviewOptions } from '../webview/webviewHtml';
import { panelIcon } from '../webview/panelIcon';
import { assertComparable, comparedRuns, ComparisonSession, jobsToCompare } from './compareMetrics';
import { MetricsSession } from './metricsSession';

/**
 * The metrics views: one per job (its metrics with display names, the confusion matrix, per-class figures, the
 * predictions, and a fine-tune's curves, live while it runs) and comparisons of runs. A view that is open already
 * is shown again rather than opened twice; after a window reload each comes back from its saved state.
 */
export class MetricsPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly open = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly backends: BackendHost,
  ) {}

  async show(job: JobRecord): Promise<void> {
    if (this.reveal(`job:${job.id}`)) return;
    const panel = vscode.window.createWebviewPanel(PANELS.metrics, `Metrics: ${job.displayName}`, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    this.attachJob(panel, job);
  }

  /** Compare Metrics…: the Jobs view's selection or the jobs the user picks, side by side. */
  async compare(clicked: unknown, selection: unknown): Promise<void> {
    const jobs = await jobsToCompare(this.backends, clicked, selection);
    if (!jobs) return;
    assertComparable(jobs);
    if (this.reveal(compareKey(jobs.map((job) => job.id)))) return;
    const panel = vscode.window.createWebviewPanel(PANELS.metrics, `Compare: ${jobs.length} runs`, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    await this.attachComparison(panel, jobs);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = MetricsStateSchema.safeParse(state);
    const jobService = parsed.success ? (await this.backends.current()).jobs : undefined;
    if (!parsed.success || !jobService) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    if ('jobId' in parsed.data) {
      const job = await jobService.get(parsed.data.jobId);
      if (job) this.attachJob(panel, job);
      else panel.dispose();
      return;
    }
    const jobs = (await Promise.all(parsed.data.compare.map((id) => jobService.get(id)))).filter((job): job is JobRecord => job !== undefined);
    if (jobs.length >= 2) await this.attachComparison(panel, jobs);
    else panel.dispose();
  }

  private reveal(key: string): boolean {
    const existing = this.open.get(key);
    existing?.reveal();
    return existing !== undefined;
  }

  private attachJob(panel: vscode.WebviewPanel, job: JobRecord): void {
    this.attach(panel, `job:${job.id}`, new MetricsSession(panel, job, this.backends));
  }

  private async attachComparison(panel: vscode.WebviewPanel, jobs: readonly JobRecord[]): Promise<void> {
    this.attach(panel, compareKey(jobs.map((job) => job.id)), new ComparisonSession(panel, jobs, await comparedRuns(jobs)));
  }

  /** Wires a session to its panel (the session listens before the page loads, so the page's `ready` is heard). */
  private attach(panel: vscode.WebviewPanel, key: string, session: vscode.Disposable): void {
    this.open.set(key, panel);
    panel.iconPath = panelIcon(this.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'metrics.js', panel.title);
    panel.onDidDispose(() => {
      session.dispose();
      if (this.open.get(key) === panel) this.open.delete(key);
    });
  }

  dispose(): void {
    for (const panel of this.open.values()) panel.dispose();
  }
}

const compareKey = (ids: readonly string[]): string => `compare:${[...ids].sort().join(',')}`;
