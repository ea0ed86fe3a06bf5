import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../core/jobs/jobModel';
import type { ExportFormat } from '../../core/metrics/metricsExport';
import { MetricsViewReportSchema, type MetricsViewReport } from '../../protocol/metricsMessages';
import { extensionLog } from '../log';

/**
 * The job's report: its metrics file when the backend wrote one (per class, confusion matrix), else the scalar
 * metrics of its record; undefined when it has none yet (a fine-tune still running).
 */
export async function reportOf(job: JobRecord): Promise<MetricsViewReport | undefined> {
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
  return job.metrics ? { metrics: job.metrics } : undefined;
}

const FILTERS: Readonly<Record<ExportFormat, Record<string, string[]>>> = { csv: { CSV: ['csv'] }, json: { JSON: ['json'] } };

/**
 * Asks where to save an export (VS Code's Save dialog, which itself confirms replacing a file) and writes it there.
 * `name` is the suggested file name, in the first workspace folder. No path when the user dismisses the dialog.
 */
export async function saveExport(name: string, format: ExportFormat, content: () => Promise<string> | string): Promise<{ path?: string }> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const file = `${name.replace(/[^A-Za-z0-9_.-]+/g, '-')}.${format}`;
  const target = await vscode.window.showSaveDialog({
    title: `Export ${format.toUpperCase()}`,
    saveLabel: 'Export',
    filters: FILTERS[format],
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, file) } : {}),
  });
  if (!target) return {};
  await vscode.workspace.fs.writeFile(target, Buffer.from(await content(), 'utf8'));
  extensionLog().info(`Exported ${path.basename(target.fsPath)} to ${target.fsPath}`);
  return { path: target.fsPath };
}
