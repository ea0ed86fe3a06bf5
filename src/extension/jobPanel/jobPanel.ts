import path from 'node:path';
import * as vscode from 'vscode';
import { languageFromColumnName, mappingFromSuggestions, suggestMapping } from '../../core/datasets/autoMapping';
import { formatProblem } from '../../core/datasets/datasetProblem';
import { textOf, valueAtPath } from '../../core/datasets/columnProfile';
import { previewDataset, type DatasetPreview } from '../../core/datasets/previewDataset';
import { sniffFacts } from '../../core/datasets/sniff';
import { validateDataset } from '../../core/datasets/validateDataset';
import { TASK_IDS, TASKS, isTaskId, type TaskId } from '../../core/tasks';
import { DEFAULT_TRAINING_SETTINGS } from '../../core/trainingSettings';
import { jobPanelChannel, type JobMode, type JobPanelInit, type JobPanelToWebview } from '../../protocol/jobPanelMessages';
import type { Backend, ComputeChoice } from '../../backends/backend';
import type { JobSpec } from '../../core/jobs/jobModel';
import type { BackendHost } from '../backendHost';
import { withAbortableProgress } from '../progress';
import { describeError } from '../log';
import { webviewHtml, webviewOptions } from '../webview/webviewHtml';
import { onWebviewMessage } from '../webview/webviewMessages';

function isCancellation(error: unknown): boolean {
  return error instanceof vscode.CancellationError || (error instanceof Error && error.name === 'AbortError');
}

export const JOB_PANEL_VIEW_TYPE = 'foundationModels.jobPanel';
const PROGRESS_INTERVAL_MS = 100;

function describePreview(preview: DatasetPreview): string {
  const facts = sniffFacts(preview.sniff);
  const delimiter = facts.delimiter && `delimiter ${facts.delimiter === '\t' ? 'tab' : JSON.stringify(facts.delimiter)}`;
  const rows = `${preview.exactRows ? '' : '~'}${preview.estimatedRows.toLocaleString('en-US')} rows`;
  return [facts.format, delimiter, facts.header, facts.lineEnding, facts.encoding, rows].filter(Boolean).join(' · ');
}

/**
 * The Fine-tune… / Evaluate… panel for one dataset file: preview, task and model, the column mapping with live
 * validation, data splits and settings. One panel per file and mode; opening it again reveals it.
 */
export class JobPanels implements vscode.Disposable {
  private readonly open = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly backends: BackendHost,
    /** Passed in, not imported: this module is a separate bundle and must write to the extension's one log. */
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async show(uri: vscode.Uri, mode: JobMode, modelId?: string): Promise<void> {
    const key = `${mode}:${uri.toString()}`;
    const existing = this.open.get(key);
    if (existing) {
      existing.reveal();
      return;
    }
    const notice = await this.checkUnsaved(uri);
    if (notice === 'cancel') return;

    const file = uri.fsPath;
    const preview = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading ${path.basename(file)}…`, cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return previewDataset(file, 50, controller.signal);
      },
    );
    const panel = vscode.window.createWebviewPanel(
      JOB_PANEL_VIEW_TYPE,
      `${mode === 'fineTune' ? 'Fine-tune' : 'Evaluate'}: ${path.basename(file)}`,
      vscode.ViewColumn.Active,
      // The form holds unsaved choices and a running validation: keep it alive while hidden.
      { ...webviewOptions(this.extensionUri), retainContextWhenHidden: true },
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'foundation-models.svg');
    this.open.set(key, panel);
    panel.onDidDispose(() => this.open.delete(key));
    const init = await this.initMessage(file, mode, preview, modelId, notice);
    this.attach(panel, uri, init, preview);
  }

  /** Validation reads the file on disk: say so when the editor holds unsaved changes, and offer to save. */
  private async checkUnsaved(uri: vscode.Uri): Promise<string | undefined | 'cancel'> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!document?.isDirty) return undefined;
    const save = 'Save and Continue';
    const disk = 'Use the File on Disk';
    const choice = await vscode.window.showWarningMessage(
      `${path.basename(uri.fsPath)} has unsaved changes. The job panel reads the file on disk.`,
      { modal: true },
      save,
      disk,
    );
    if (choice === save) {
      await document.save();
      return undefined;
    }
    if (choice === disk) return 'Unsaved changes in the editor are not included: this panel reads the file as saved on disk.';
    return 'cancel';
  }

  private async initMessage(file: string, mode: JobMode, preview: DatasetPreview, modelId: string | undefined, notice: string | undefined): Promise<JobPanelInit> {
    const tasks = TASK_IDS.filter((id) => mode === 'evaluate' || TASKS[id].fineTunable);
    const backend = await this.backends.current();
    const models = await backend.catalog.list().then((listing) => listing.models, () => []);
    const computes = await this.computesFor(backend, mode);
    if (computes.problem) notice = [notice, computes.problem].filter(Boolean).join(' ');
    const model = models.find((m) => m.id === modelId);
    // Suggest for every task once: the best-covered task is the guess, and the chosen task's list is reused.
    const byTask = new Map(tasks.map((id) => [id, suggestMapping(id, preview.columns, preview.estimatedRows)]));
    const coverage = (id: TaskId) =>
      (byTask.get(id) ?? []).filter((s) => s.column).reduce((sum, s) => sum + s.confidence, 0) / TASKS[id].roles.filter((r) => r.required).length;
    const guessed = [...tasks].sort((a, b) => coverage(b) - coverage(a))[0];
    const modelTask = model && mode === 'fineTune' ? model.fineTuningTasks[0] : model && isTaskId(model.task) ? model.task : undefined;
    const task: TaskId = modelTask && tasks.includes(modelTask) ? modelTask : (guessed ?? 'text-classification');
    const suggestions = byTask.get(task) ?? suggestMapping(task, preview.columns, preview.estimatedRows);
    const mapping = mappingFromSuggestions(suggestions);
    // Models with weights on this machine first: they are the ones the local backend can run.
    const usable = models
      .filter((m) => (mode === 'fineTune' ? m.fineTuningTasks.length > 0 : isTaskId(m.task)))
      .sort((a, b) => Number(Boolean(b.path)) - Number(Boolean(a.path)));
    return {
      type: 'init',
      mode,
      file: { path: file, name: path.basename(file) },
      preview: {
        format: preview.sniff.format,
        summary: describePreview(preview),
        columns: preview.columns.map((c) => ({ name: c.name, type: c.type })),
        rows: preview.records.map((r) => preview.columns.map((c) => textOf(valueAtPath(r.values, c.name)))),
        estimatedRows: preview.estimatedRows,
        exactRows: preview.exactRows,
      },
      tasks: tasks.map((id) => ({
        id,
        displayName: TASKS[id].displayName,
        roles: TASKS[id].roles.map((r) => ({ name: r.name, required: r.required, description: r.description })),
        defaults: DEFAULT_TRAINING_SETTINGS[id],
      })),
      models: usable.map((m) => ({ id: m.id, name: m.path ? `${m.name} (on this machine)` : m.name, tasks: mode === 'fineTune' ? m.fineTuningTasks : isTaskId(m.task) ? [m.task] : [] })),
      form: {
        modelId: model?.id ?? usable.find((m) => (mode === 'fineTune' ? m.fineTuningTasks.includes(task) : m.task === task))?.id ?? '',
        task,
        mapping,
        split: { mode: 'automatic', train: 80, validation: 10, test: 10 },
        settings: DEFAULT_TRAINING_SETTINGS[task],
        compute: computes.choices[0]?.name,
      },
      suggestions,
      languages: {
        source: mapping.source ? languageFromColumnName(mapping.source) : undefined,
        target: mapping.target ? languageFromColumnName(mapping.target) : undefined,
      },
      computes: computes.choices.map(({ name, description }) => ({ name, description })),
      notice,
    };
  }

  /** The backend's computes; fine-tuning on a workspace without a GPU cluster says so (it still lists the others). */
  private async computesFor(backend: Backend, mode: JobMode): Promise<{ choices: ComputeChoice[]; problem?: string }> {
    if (!backend.jobs) return { choices: [], problem: `The ${backend.displayName} backend cannot run jobs: for Azure, pick a workspace with "Foundation Models: Sign in to Azure".` };
    try {
      const choices = await backend.jobs.computes();
      if (choices.length === 0) return { choices, problem: `The ${backend.displayName} workspace has no compute cluster; create one in Azure ML studio (Compute → Compute clusters), then open this panel again.` };
      if (mode === 'fineTune' && backend.id === 'azure' && !choices.some((c) => c.gpu)) {
        return { choices, problem: 'The workspace has no GPU cluster; fine-tuning on a CPU cluster is very slow. Create one with an NC- or ND-series VM size.' };
      }
      return { choices };
    } catch (error) {
      return { choices: [], problem: `Could not list where jobs can run: ${describeError(error)}` };
    }
  }

  private attach(panel: vscode.WebviewPanel, uri: vscode.Uri, init: JobPanelInit, preview: DatasetPreview): void {
    const file = uri.fsPath;
    const post = (message: JobPanelToWebview) => void panel.webview.postMessage(message);
    let running: AbortController | undefined;
    let validationId = 0;

    const validate = async (task: TaskId, mapping: Record<string, string>) => {
      running?.abort();
      const controller = new AbortController();
      running = controller;
      const id = ++validationId;
      post({ type: 'validationStarted', id });
      let lastProgress = 0;
      try {
        const report = await validateDataset(file, task, mapping, {
          signal: controller.signal,
          onProgress: ({ bytesRead, totalBytes }) => {
            const now = Date.now();
            if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
            lastProgress = now;
            post({ type: 'validationProgress', id, fraction: totalBytes ? bytesRead / totalBytes : 1 });
          },
        });
        post({
          type: 'validationResult',
          id,
          valid: report.valid,
          records: report.records,
          validRecords: report.validRecords,
          totalProblems: report.totalProblems,
          problems: report.problems.map((p) => ({ line: p.line, role: p.role, message: p.message, text: formatProblem(p) })),
        });
      } catch (error) {
        if (controller.signal.aborted) post({ type: 'validationCancelled', id });
        else {
          this.log.error(`Validation of ${file} failed: ${describeError(error)}`);
          post({ type: 'validationResult', id, valid: false, records: 0, validRecords: 0, totalProblems: 1, problems: [{ message: describeError(error), text: `${path.basename(file)}: ${describeError(error)}` }] });
        }
      } finally {
        if (running === controller) running = undefined;
      }
    };

    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'jobPanel.js', panel.title);
    const subscription = onWebviewMessage(panel.webview, jobPanelChannel, 'job panel', this.log, async (message) => {
      switch (message.type) {
        case 'ready':
          post(init);
          break;
        case 'changeTask':
          post({ type: 'suggestions', task: message.task, suggestions: suggestMapping(message.task, preview.columns, preview.estimatedRows) });
          break;
        case 'validate':
          await validate(message.task, message.mapping);
          break;
        case 'cancelValidation':
          running?.abort();
          break;
        case 'openProblem': {
          const position = new vscode.Position(message.line - 1, 0);
          await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.Beside, preview: true });
          break;
        }
        case 'chooseFile': {
          const picked = await vscode.window.showOpenDialog({
            title: `Choose the ${message.purpose} data`,
            defaultUri: vscode.Uri.file(path.dirname(file)),
            filters: { Datasets: ['jsonl', 'csv', 'tsv', 'json'] },
            canSelectMany: false,
          });
          if (picked?.[0]) post({ type: 'fileChosen', purpose: message.purpose, path: picked[0].fsPath });
          break;
        }
        case 'submit': {
          const { form } = message;
          try {
            const backend = await this.backends.current();
            if (!backend.jobs) throw new Error(`The ${backend.displayName} backend cannot run jobs; for Azure, pick a workspace with "Foundation Models: Sign in to Azure".`);
            const jobs = backend.jobs;
            const { split } = form;
            const languages = form.sourceLanguage && form.targetLanguage ? { source: form.sourceLanguage, target: form.targetLanguage } : undefined;
            const spec: JobSpec = {
              kind: init.mode,
              task: form.task,
              modelId: form.modelId,
              data: {
                file,
                mapping: form.mapping,
                ...(split.mode === 'automatic' ? { split: [split.train, split.validation, split.test] as [number, number, number] } : {}),
                ...(split.mode === 'files' && split.validationFile ? { validationFile: split.validationFile } : {}),
              },
              settings: init.mode === 'fineTune' ? form.settings : undefined,
              compute: form.compute,
              ...(languages ? { languages } : {}),
            };
            const job = await withAbortableProgress(
              { location: vscode.ProgressLocation.Notification, title: `Submitting to ${backend.displayName}`, cancellable: true },
              (signal, report) => jobs.submit(spec, { signal, progress: report }),
            );
            post({ type: 'submitResult', ok: true, message: `Submitted ${job.id}. Its log is in the Output panel; the Jobs view shows its state.` });
            await vscode.commands.executeCommand('foundationModels.showJobLog', job);
          } catch (error) {
            post({ type: 'submitResult', ok: false, message: isCancellation(error) ? 'Submission cancelled; no job was created.' : describeError(error) });
          }
          break;
        }
      }
    });
    panel.onDidDispose(() => {
      running?.abort();
      subscription.dispose();
    });
  }

  dispose(): void {
    for (const panel of this.open.values()) panel.dispose();
  }
}
