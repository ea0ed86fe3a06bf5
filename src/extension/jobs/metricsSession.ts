import path from 'node:path';
import * as vscode from 'vscode';
import type { JobService } from '../../backends/backend';
import { abortableDelay } from '../../core/abortableDelay';
import { isTerminalStatus, jobSubject, type JobRecord } from '../../core/jobs/jobModel';
import { metricsCsv, metricsJson, predictionsCsv, predictionsJson, type ExportFormat } from '../../core/metrics/metricsExport';
import { predictionText, type PredictionRow } from '../../core/metrics/predictions';
import {
  metricsChannel,
  type ExportWhat,
  type MetricsJob,
  type MetricsToWebview,
  type MetricsViewReport,
  type PredictionFilter,
  type PredictionsAvailability,
  type PredictionViewRow,
} from '../../protocol/metricsMessages';
import type { BackendHost } from '../backendHost';
import { DisposableStore } from '../disposables';
import { describeError, extensionLog } from '../log';
import { onWebviewMessage } from '../webview/webviewMessages';
import { reportOf, saveExport } from './metricsFiles';

/** How often a running job's curves are read: soon after a change, then less often while nothing changes. */
const HISTORY_POLL_MIN_MS = 2_000;
const HISTORY_POLL_MAX_MS = 30_000;

export function metricsJob(job: JobRecord): MetricsJob {
  const task = job.spec.kind === 'fineTune' || job.spec.kind === 'evaluate' ? job.spec.task : jobSubject(job.spec);
  return { id: job.id, displayName: job.displayName, task, status: job.status, backend: job.backend };
}

/** Whether a prediction passes the table's filter. */
function passes(row: PredictionRow, filter: PredictionFilter): boolean {
  if (filter.kind === 'all') return true;
  if (filter.kind === 'mistakes') return row.correct === false;
  return predictionText(row.reference) === filter.reference && predictionText(row.prediction) === filter.prediction;
}

function viewRow(row: PredictionRow): PredictionViewRow {
  return {
    index: row.index,
    ...(row.line !== undefined ? { line: row.line } : {}),
    ...(row.input !== undefined ? { input: row.input } : {}),
    reference: predictionText(row.reference, ' | '),
    prediction: predictionText(row.prediction, ' | '),
    ...(row.correct !== undefined ? { correct: row.correct } : {}),
  };
}

/**
 * One open metrics view of a job: it answers the webview's requests (a page of predictions, open a record's line,
 * export) and, while a fine-tune runs, reads its curves again and again and tells the view when the job ends.
 */
export class MetricsSession implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly stop = new AbortController();
  private rows: Promise<PredictionRow[] | undefined> | undefined;
  private report: MetricsViewReport | undefined;
  /** The curves last sent, for a view that loads again (hidden and shown) while they are followed. */
  private lastHistory: Extract<MetricsToWebview, { type: 'history' }> | undefined;
  private following = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private job: JobRecord,
    private readonly backends: BackendHost,
  ) {
    this.disposables.add(
      onWebviewMessage(panel.webview, metricsChannel, 'metrics view', extensionLog(), () => this.start(), {
        predictions: async ({ filter, offset, limit }) => {
          const rows = (await this.predictionRows()) ?? [];
          const matching = rows.filter((row) => passes(row, filter));
          return { rows: matching.slice(offset, offset + limit).map(viewRow), matching: matching.length };
        },
        openSource: async ({ line }) => {
          await this.openSource(line);
          return {};
        },
        export: ({ what, format }) => this.export(what, format),
      }),
    );
    this.disposables.add({ dispose: () => this.stop.abort() });
  }

  private post(message: MetricsToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  /** The job's backend, or undefined when the current backend is another one (the user switched). */
  private async jobs(): Promise<JobService | undefined> {
    const backend = await this.backends.current();
    return backend.id === this.job.backend ? backend.jobs : undefined;
  }

  /** Sends the view what it shows first, then follows the curves where the backend has them. */
  private async start(): Promise<void> {
    this.report = await reportOf(this.job);
    const jobs = await this.jobs();
    const curves = Boolean(jobs?.metricHistory) && this.job.spec.kind === 'fineTune';
    this.post({ type: 'showMetrics', job: metricsJob(this.job), ...(this.report ? { report: this.report } : {}), predictions: await this.availability(jobs), curves });
    if (this.lastHistory) this.post(this.lastHistory);
    if (!curves || !jobs || this.following) return;
    this.following = true;
    void this.followHistory(jobs).catch((error: unknown) => {
      if (!this.stop.signal.aborted) extensionLog().warn(`Job ${this.job.id}: the curves stopped: ${describeError(error)}`);
    });
  }

  private async availability(jobs: JobService | undefined): Promise<PredictionsAvailability> {
    const { spec, status } = this.job;
    if (spec.kind !== 'evaluate') return { available: false, reason: 'A fine-tune keeps no predictions: evaluate its model on test data to see them.' };
    if (!jobs) return { available: false, reason: `Predictions are not available for this job: switch to the backend it ran on (${this.job.backend}).` };
    if (!jobs.predictions) {
      const backend = await this.backends.current();
      return { available: false, reason: `Predictions are not available for this job: the ${backend.displayName} backend does not give them back to this view yet.` };
    }
    if (status !== 'completed') return { available: false, reason: `Predictions come when the evaluation completes (it is ${status}).` };
    const rows = await this.predictionRows();
    if (!rows) return { available: false, reason: 'Predictions are not available for this job: it kept none.' };
    const judged = rows.some((row) => row.correct !== undefined);
    return { available: true, total: rows.length, ...(judged ? { mistakes: rows.filter((row) => row.correct === false).length } : {}), file: path.basename(spec.data.file) };
  }

  /** The job's predictions, read once per view (a failed read is tried again next time). */
  private predictionRows(): Promise<PredictionRow[] | undefined> {
    this.rows ??= this.jobs()
      .then((jobs) => jobs?.predictions?.(this.job.id, this.stop.signal))
      .catch((error: unknown) => {
        this.rows = undefined;
        throw error;
      });
    return this.rows;
  }

  /** Opens the job's data file at `line`, beside the view. */
  private async openSource(line: number): Promise<void> {
    if (this.job.spec.kind !== 'evaluate' && this.job.spec.kind !== 'fineTune') throw new Error('This job has no data file.');
    const uri = vscode.Uri.file(this.job.spec.data.file);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      throw new Error(`${this.job.spec.data.file} is no longer there, so line ${line} cannot be shown.`);
    }
    const position = new vscode.Position(line - 1, 0);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  private async export(what: ExportWhat, format: ExportFormat): Promise<{ path?: string }> {
    const job = metricsJob(this.job);
    if (what === 'predictions') {
      const rows = (await this.predictionRows()) ?? [];
      if (rows.length === 0) throw new Error('This job has no predictions to export.');
      return saveExport(`${job.id}-predictions`, format, () => (format === 'csv' ? predictionsCsv(rows) : predictionsJson(rows)));
    }
    const report = this.report;
    if (what !== 'metrics' || !report) throw new Error(`${job.displayName} has no metrics to export yet.`);
    return saveExport(`${job.id}-metrics`, format, () => (format === 'csv' ? metricsCsv(report) : metricsJson(job, report)));
  }

  /**
   * Reads the job's curves until it ends: soon again when they changed, then less often. When a job the view saw
   * running ends, the view gets its status and report.
   */
  private async followHistory(jobs: JobService): Promise<void> {
    const read = jobs.metricHistory?.bind(jobs);
    if (!read) return;
    const signal = this.stop.signal;
    const wasRunning = !isTerminalStatus(this.job.status);
    let delay = HISTORY_POLL_MIN_MS;
    let last = '';
    for (;;) {
      const job = (await jobs.get(this.job.id)) ?? this.job;
      const ended = isTerminalStatus(job.status);
      try {
        const history = await read(this.job.id, signal);
        const text = JSON.stringify(history);
        delay = text === last ? Math.min(delay * 2, HISTORY_POLL_MAX_MS) : HISTORY_POLL_MIN_MS;
        if (text !== last || ended) {
          this.lastHistory = { type: 'history', history, live: !ended };
          this.post(this.lastHistory);
        }
        last = text;
      } catch (error) {
        if (signal.aborted) return;
        extensionLog().warn(`Job ${this.job.id}: could not read its curves: ${describeError(error)}`);
        delay = Math.min(delay * 2, HISTORY_POLL_MAX_MS);
      }
      if (ended) {
        this.job = job;
        if (wasRunning) await this.ended(job);
        return;
      }
      await abortableDelay(delay, signal);
    }
  }

  private async ended(job: JobRecord): Promise<void> {
    this.report = await reportOf(job);
    this.post({ type: 'jobEnded', job: metricsJob(job), ...(this.report ? { report: this.report } : {}) });
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
