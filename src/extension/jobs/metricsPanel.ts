import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { jobSubject, type JobRecord } from '../../core/jobs/jobModel';
import { metricsChannel, MetricsStateSchema, MetricsViewReportSchema, type MetricsToWebview, type MetricsViewReport } from '../../protocol/metricsMessages';
import type { BackendHost } from '../backendHost';
import { extensionLog } from '../log';
import { webviewHtml, webviewOptions } from '../webview/webviewHtml';
import { panelIcon } from '../webview/panelIcon';
import { onWebviewMessage } from '../webview/webviewMessages';

export const METRICS_VIEW_TYPE = 'foundationModels.metrics';

/**
 * The metrics of a finished job as a table, with per-class figures and bars where the task has classes. It reads
 * the job's metrics file when the backend wrote one (the full report), else the scalar metrics on the record.
 */
export class MetricsPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly open = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly backends: BackendHost,
  ) {}

  async show(job: JobRecord): Promise<void> {
    const existing = this.open.get(job.id);
    if (existing) {
      existing.reveal();
      return;
    }
    const report = await reportOf(job);
    const panel = vscode.window.createWebviewPanel(METRICS_VIEW_TYPE, `Metrics: ${job.displayName}`, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    this.attach(panel, job, report);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = MetricsStateSchema.safeParse(state);
    const job = parsed.success ? await (await this.backends.current()).jobs?.get(parsed.data.jobId) : undefined;
    if (!job) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    this.attach(panel, job, await reportOf(job));
  }

  private attach(panel: vscode.WebviewPanel, job: JobRecord, report: MetricsViewReport): void {
    this.open.set(job.id, panel);
    panel.iconPath = panelIcon(this.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'metrics.js', panel.title);
    const message: MetricsToWebview = {
      type: 'showMetrics',
      job: { id: job.id, displayName: job.displayName, task: job.spec.kind === 'fineTune' || job.spec.kind === 'evaluate' ? job.spec.task : jobSubject(job.spec), status: job.status, backend: job.backend },
      report,
    };
    const subscription = onWebviewMessage(panel.webview, metricsChannel, 'metrics view', extensionLog(), () => void panel.webview.postMessage(message));
    panel.onDidDispose(() => {
      subscription.dispose();
      this.open.delete(job.id);
    });
  }

  dispose(): void {
    for (const panel of this.open.values()) panel.dispose();
  }
}

async function reportOf(job: JobRecord): Promise<MetricsViewReport> {
  const file = job.outputs?.metrics;
  if (file) {
    try {
      const parsed = MetricsViewReportSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (parsed.success) return parsed.data;
      extensionLog().warn(`${file} is not a metrics report: ${parsed.error.message}`);
    } catch (error) {
      extensionLog().warn(`Could not read ${file}: ${String(error)}`);
    }
  }
  if (!job.metrics) throw new Error(`${job.displayName} has no metrics${job.status === 'completed' ? '' : ` (it is ${job.status})`}.`);
  return { metrics: job.metrics };
}
