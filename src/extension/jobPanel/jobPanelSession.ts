import path from 'node:path';
import * as vscode from 'vscode';
import { requireService } from '../../backends/backend';
import { suggestMapping } from '../../core/datasets/autoMapping';
import { formatProblem, type DatasetProblem } from '../../core/datasets/datasetProblem';
import type { DatasetPreview } from '../../core/datasets/previewDataset';
import { validateDataset } from '../../core/datasets/validateDataset';
import type { DataAssetRef, DataJobSpec } from '../../core/jobs/jobModel';
import type { TaskId } from '../../core/tasks';
import { jobPanelChannel, type JobForm, type JobPanelInit, type JobPanelToWebview, type Notice, type PanelModel, type ValidationResult } from '../../protocol/jobPanelMessages';
import type { BackendHost } from '../backendHost';
import { COMMANDS } from '../commandIds';
import { describeError } from '../log';
import { isCancellation, withAbortableProgress } from '../progress';
import { webviewHtml } from '../webview/webviewHtml';
import { chooseDataAssetFile } from './dataAssetSource';
import { onWebviewMessage } from '../webview/webviewMessages';

const PROGRESS_INTERVAL_MS = 100;
/** Problems the Problems panel lists for a file (all of them are counted in the panel's groups). */
const DIAGNOSTICS_SHOWN = 1000;

/** The job a submitted form describes, on the panel's file. */
function specFrom(mode: DataJobSpec['kind'], file: string, form: JobForm, asset: DataAssetRef | undefined): DataJobSpec {
  const { split } = form;
  const languages = form.sourceLanguage && form.targetLanguage ? { source: form.sourceLanguage, target: form.targetLanguage } : undefined;
  return {
    kind: mode,
    task: form.task,
    modelId: form.modelId,
    data: {
      file,
      ...(asset ? { asset } : {}),
      mapping: form.mapping,
      ...(split.mode === 'automatic' ? { split: [split.train, split.validation, split.test] as [number, number, number] } : {}),
      ...(split.mode === 'files' && split.validationFile ? { validationFile: split.validationFile } : {}),
      ...(split.mode === 'files' && split.testFile ? { testFile: split.testFile } : {}),
    },
    settings: mode === 'fineTune' ? form.settings : undefined,
    compute: form.compute,
    ...(languages ? { languages } : {}),
  };
}

/** What the panel shows that the backend's state decides: the models (and what each can do here) and the notices. */
export interface PanelState {
  readonly models: PanelModel[];
  readonly notices: Notice[];
}

/**
 * One open job panel: it answers the webview's requests (suggest, validate, choose a file, submit), runs the commands
 * its notices offer, and shows the models and notices afresh after one ran or when the panel is shown again (a
 * download finished, another Python was chosen, packages were installed in a terminal).
 */
export class JobPanelSession implements vscode.Disposable {
  /** The validation under way; a new one (or Cancel, or closing the panel) aborts it. */
  private running: AbortController | undefined;
  private readonly subscription: vscode.Disposable;
  private readonly visibility: vscode.Disposable;
  private readonly file: string;
  private state: PanelState;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly uri: vscode.Uri,
    private readonly init: JobPanelInit,
    private readonly preview: DatasetPreview,
    extensionUri: vscode.Uri,
    private readonly backends: BackendHost,
    private readonly log: vscode.LogOutputChannel,
    /** The Problems panel's entries of Foundation Models (one collection for every panel). */
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly refreshState: () => Promise<PanelState>,
    /** The data asset the panel's file is a copy of, and where assets chosen for validation or test data are read to. */
    private readonly assets: { readonly asset?: DataAssetRef | undefined; readonly cacheFolder: string },
  ) {
    this.file = uri.fsPath;
    this.state = { models: init.models, notices: init.notices };
    this.visibility = panel.onDidChangeViewState(() => {
      if (panel.visible) void this.refresh();
    });
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'jobPanel.js', panel.title);
    this.subscription = onWebviewMessage(
      panel.webview,
      jobPanelChannel,
      'job panel',
      log,
      async (message) => {
        if (message.type === 'ready') this.post(init);
        else if (message.type === 'cancelValidation') this.running?.abort();
        else if (message.type === 'runCommand') await this.runOfferedCommand(message.command, message.args ?? []);
        else await this.openProblem(message.line);
      },
      {
        suggest: async ({ task }) => ({ suggestions: suggestMapping(task, this.preview.columns, this.preview.estimatedRows) }),
        validate: ({ task, mapping }, { id }) => this.validate(task, mapping, id),
        chooseFile: ({ purpose }) => this.chooseFile(purpose),
        submit: ({ form }) => this.submit(form),
      },
    );
  }

  private post(message: JobPanelToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  /** Validates the whole file with `mapping`, reporting progress against this request's id. */
  private async validate(task: TaskId, mapping: Record<string, string>, requestId: number): Promise<ValidationResult> {
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    let lastProgress = 0;
    try {
      const report = await validateDataset(this.file, task, mapping, {
        purpose: this.init.mode === 'fineTune' ? 'training' : 'evaluation',
        maxProblems: DIAGNOSTICS_SHOWN,
        signal: controller.signal,
        onProgress: ({ bytesRead, totalBytes }) => {
          const now = Date.now();
          if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
          lastProgress = now;
          this.post({ type: 'validationProgress', requestId, fraction: totalBytes ? Math.min(1, bytesRead / totalBytes) : 1 });
        },
      });
      this.showDiagnostics(report.problems);
      const panelProblem = (p: DatasetProblem) => ({ line: p.line, role: p.role, message: p.message, text: formatProblem(p) });
      const groups = report.groups.map((g) => ({ role: g.role, summary: g.summary, count: g.count, examples: g.examples.map(panelProblem) }));
      return { status: 'done', valid: report.valid, records: report.records, validRecords: report.validRecords, totalProblems: report.totalProblems, groups, listedInProblemsPanel: report.problems.length };
    } catch (error) {
      if (controller.signal.aborted) return { status: 'cancelled' };
      this.log.error(`Validation of ${this.file} failed: ${describeError(error)}`);
      const message = describeError(error);
      const problem = { message, text: `${path.basename(this.file)}: ${message}` };
      this.showDiagnostics([{ file: this.file, message }]);
      return { status: 'done', valid: false, records: 0, validRecords: 0, totalProblems: 1, groups: [{ summary: message, count: 1, examples: [problem] }], listedInProblemsPanel: 1 };
    } finally {
      if (this.running === controller) this.running = undefined;
    }
  }

  /**
   * A notice's button: only a command this panel offered, with the arguments it offered, runs (the webview's word is
   * not trusted beyond that); then the panel shows what the backend can do now.
   */
  private async runOfferedCommand(command: string, args: readonly string[]): Promise<void> {
    const actions = [...this.state.notices.flatMap((n) => n.actions), ...this.state.models.flatMap((m) => m.blocked.flatMap((b) => b.actions))];
    const offered = actions.some((action) => action.command === command && JSON.stringify(action.args ?? []) === JSON.stringify(args));
    if (!offered) {
      this.log.warn(`The job panel asked to run ${command}, which it did not offer; ignored.`);
      return;
    }
    try {
      await vscode.commands.executeCommand(command, ...args);
    } finally {
      await this.refresh();
    }
  }

  /** Reads the models and notices again and sends them when they changed. */
  private async refresh(): Promise<void> {
    try {
      const next = await this.refreshState();
      if (JSON.stringify(next) === JSON.stringify(this.state)) return;
      this.state = next;
      this.post({ type: 'update', models: next.models, notices: next.notices });
    } catch (error) {
      this.log.warn(`The job panel could not read the backend again: ${describeError(error)}`);
    }
  }

  /** The file's problems in the Problems panel, each on its line; none once the file is valid. */
  private showDiagnostics(problems: readonly DatasetProblem[]): void {
    const diagnostics = problems.map((problem) => {
      const line = Math.max(0, (problem.line ?? 1) - 1);
      const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), problem.role ? `${problem.role}: ${problem.message}` : problem.message, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'Foundation Models';
      if (problem.rule) diagnostic.code = problem.rule;
      return diagnostic;
    });
    this.diagnostics.set(this.uri, diagnostics);
  }

  private async openProblem(line: number): Promise<void> {
    const position = new vscode.Position(line - 1, 0);
    await vscode.window.showTextDocument(this.uri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  /**
   * Validation or test data: a file of this machine, or, where the backend has them, a registered data asset (asked for
   * first which), read to this machine and then checked as a file is.
   */
  private async chooseFile(purpose: 'validation' | 'test'): Promise<{ path?: string }> {
    const service = (await this.backends.current()).dataAssets;
    if (service) {
      const local = 'A file on this machine…';
      const asset = `A data asset of ${service.location}…`;
      const source = await vscode.window.showQuickPick([local, asset], { title: `Choose the ${purpose} data`, placeHolder: 'Where is the data?' });
      if (!source) return {};
      if (source === asset) {
        const retry = this.init.mode === 'fineTune' ? COMMANDS.fineTuneWithDataAsset : COMMANDS.evaluateWithDataAsset;
        const copy = await chooseDataAssetFile(service, `Choose the ${purpose} data`, this.assets.cacheFolder, retry);
        return copy ? { path: copy.file } : {};
      }
    }
    const picked = await vscode.window.showOpenDialog({
      title: `Choose the ${purpose} data`,
      defaultUri: vscode.Uri.file(path.dirname(this.file)),
      filters: { Datasets: ['jsonl', 'csv', 'tsv', 'json'] },
      canSelectMany: false,
    });
    return picked?.[0] ? { path: picked[0].fsPath } : {};
  }

  private async submit(form: JobForm): Promise<{ message: string }> {
    const backend = await this.backends.current();
    const jobs = requireService(backend, 'jobs');
    const spec = specFrom(this.init.mode, this.file, form, this.assets.asset);
    try {
      const what = this.init.mode === 'fineTune' ? 'fine-tune' : 'evaluation';
      const title = `Starting the ${what} (${backend.displayName}, ${backend.location})`;
      const job = await withAbortableProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (signal, report) =>
        jobs.submit(spec, { signal, progress: report }),
      );
      await vscode.commands.executeCommand(COMMANDS.showJobLog, job);
      return { message: `Submitted ${job.id}. Its log is in the Output panel; the Jobs view shows its state.` };
    } catch (error) {
      if (isCancellation(error)) throw new Error('Submission cancelled; no job was created.');
      throw error;
    }
  }

  dispose(): void {
    this.running?.abort();
    this.subscription.dispose();
    this.diagnostics.delete(this.uri);
    this.visibility.dispose();
  }
}
