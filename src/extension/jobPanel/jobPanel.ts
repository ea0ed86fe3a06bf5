import path from 'node:path';
import * as vscode from 'vscode';
import type { Backend, ComputeChoice, JobService } from '../../backends/backend';
import { trainingFolderOf, type CatalogModel } from '../../core/catalog/catalogModel';
import type { DataAssetRef } from '../../core/jobs/jobModel';
import { languageFromColumnName, mappingFromSuggestions, suggestMapping } from '../../core/datasets/autoMapping';
import { guessTask, modelForPair } from '../../core/datasets/taskGuess';
import { textOf, valueAtPath } from '../../core/datasets/columnProfile';
import { previewDataset, type DatasetPreview } from '../../core/datasets/previewDataset';
import { sniffFacts } from '../../core/datasets/sniff';
import { isTaskId, TASKS, tasksFor, type TaskId } from '../../core/tasks';
import type { JobMode, JobPanelInit, Notice, PanelModel } from '../../protocol/jobPanelMessages';
import { COMMANDS } from '../commandIds';
import { REMEDY_ACTIONS, remedyActions, remedyButtons, type RemedyAction } from '../remedies';
import { chooseDataAssetFile, dataAssetsOf, type DataAssetCopy } from './dataAssetSource';
import { JobPanelSession, type PanelState } from './jobPanelSession';
import type { BackendHost } from '../backendHost';
import { describeError } from '../log';
import { webviewOptions } from '../webview/webviewHtml';
import { panelIcon } from '../webview/panelIcon';

export const JOB_PANEL_VIEW_TYPE = 'foundationModels.jobPanel';

function describePreview(preview: DatasetPreview): string {
  const facts = sniffFacts(preview.sniff);
  const delimiter = facts.delimiter && `delimiter ${facts.delimiter === '\t' ? 'tab' : JSON.stringify(facts.delimiter)}`;
  const rows = `${preview.exactRows ? '' : '~'}${preview.estimatedRows.toLocaleString('en-US')} rows`;
  return [facts.format, delimiter, facts.header, facts.lineEnding, facts.encoding, rows].filter(Boolean).join(' · ');
}

/**
 * The Fine-tune… / Evaluate… panel for one dataset file: preview, task and model, the column mapping with live
 * validation, data splits and settings. One panel per file and mode; opening it again reveals it. Each open panel
 * is a `JobPanelSession`, which answers the webview's requests.
 */
export class JobPanels implements vscode.Disposable {
  private readonly open = new Map<string, vscode.WebviewPanel>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('Foundation Models');

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly backends: BackendHost,
    /** Passed in, not imported: this module is a separate bundle and must write to the extension's one log. */
    private readonly log: vscode.LogOutputChannel,
    /** Where data assets' files are read to (the extension's global storage). */
    private readonly dataAssetCache: string,
  ) {}

  /** Evaluate / Fine-tune with a Data Asset…: the asset, its version and file are asked for, read, then the panel opens on it. */
  async openDataAsset(mode: JobMode): Promise<void> {
    const service = await dataAssetsOf(await this.backends.current());
    if (!service) return;
    const purpose = mode === 'fineTune' ? 'Fine-tune with a data asset' : 'Evaluate with a data asset';
    const retry = mode === 'fineTune' ? COMMANDS.fineTuneWithDataAsset : COMMANDS.evaluateWithDataAsset;
    const copy = await chooseDataAssetFile(service, purpose, this.dataAssetCache, retry);
    if (copy) await this.show(vscode.Uri.file(copy.file), mode, undefined, copy);
  }

  /** `source`: the data asset the file is a copy of (the panel names it; a job names it where it runs). */
  async show(uri: vscode.Uri, mode: JobMode, modelId?: string, source?: DataAssetCopy): Promise<void> {
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
      `${mode === 'fineTune' ? 'Fine-tune' : 'Evaluate'}: ${source ? `${source.label} (data asset)` : path.basename(file)}`,
      vscode.ViewColumn.Active,
      // The form holds unsaved choices and a running validation: keep it alive while hidden.
      { ...webviewOptions(this.extensionUri), retainContextWhenHidden: true },
    );
    panel.iconPath = panelIcon(this.extensionUri);
    this.open.set(key, panel);
    panel.onDidDispose(() => this.open.delete(key));
    const init = await this.initMessage(file, mode, preview, modelId, notice, source?.label);
    const refresh = async (): Promise<PanelState> => {
      const { models, notices } = await panelState(await this.backends.current(), mode, notice);
      return { models, notices };
    };
    const assets = { asset: source?.asset, cacheFolder: this.dataAssetCache };
    const session = new JobPanelSession(panel, uri, init, preview, this.extensionUri, this.backends, this.log, this.diagnostics, refresh, assets);
    panel.onDidDispose(() => session.dispose());
  }

  /** Validation reads the file on disk: say so when the editor holds unsaved changes, and offer to save. */
  private async checkUnsaved(uri: vscode.Uri): Promise<string | undefined | 'cancel'> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!document?.isDirty) return undefined;
    const save = 'Save and Continue';
    const disk = 'Use the File on Disk';
    const choice = await vscode.window.showWarningMessage(`${path.basename(uri.fsPath)} has unsaved changes. The job panel reads the file on disk.`, { modal: true }, save, disk);
    if (choice === save) {
      await document.save();
      return undefined;
    }
    if (choice === disk) return 'Unsaved changes in the editor are not included: this panel reads the file as saved on disk.';
    return 'cancel';
  }

  private async initMessage(file: string, mode: JobMode, preview: DatasetPreview, modelId: string | undefined, unsaved: string | undefined, assetLabel?: string): Promise<JobPanelInit> {
    const tasks = tasksFor(mode);
    const backend = await this.backends.current();
    const { catalog: models, models: usable, notices, computes } = await panelState(backend, mode, unsaved);
    const model = models.find((m) => m.id === modelId);
    const guess = guessTask(tasks, preview);
    const { task: guessed, byTask } = guess;
    const modelTask = model && mode === 'fineTune' ? model.fineTuningTasks[0] : model && isTaskId(model.task) ? model.task : undefined;
    const task: TaskId = modelTask && tasks.includes(modelTask) ? modelTask : (guessed ?? tasks[0]);
    const suggestions = byTask.get(task) ?? suggestMapping(task, preview.columns, preview.estimatedRows);
    const mapping = mappingFromSuggestions(suggestions);
    const languages = { source: mapping.source ? languageFromColumnName(mapping.source) : undefined, target: mapping.target ? languageFromColumnName(mapping.target) : undefined };
    // The model the panel starts with: the one asked for, else the first this backend can run for the task, else the
    // first a download would make run (its button leads on), else the first that offers the task.
    const offers = (m: PanelModel) => m.tasks.includes(task);
    const runs = (m: PanelModel) => offers(m) && !m.blocked.some((b) => b.task === task);
    const downloadAway = (m: PanelModel) => offers(m) && m.blocked.every((b) => b.task !== task || b.label === DOWNLOAD_FIRST);
    // A translation file's language pair picks the model for that pair (opus-mt-en-ro for en → ro), one that runs first.
    const forPair = (fits: (m: PanelModel) => boolean) => modelForPair(models.filter((m) => usable.some((p) => p.id === m.id && fits(p))), languages);
    const pairModel = TASKS[task].languagePair ? (forPair(runs) ?? forPair(offers)) : undefined;
    return {
      type: 'init',
      mode,
      file: { path: file, name: assetLabel ? `data asset ${assetLabel}` : path.basename(file) },
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
        defaults: TASKS[id].training,
        languagePair: Boolean(TASKS[id].languagePair),
        unsupported: taskProblem(backend.jobs, mode, id),
      })),
      models: usable,
      form: {
        modelId: model?.id ?? pairModel?.id ?? (usable.find(runs) ?? usable.find(downloadAway) ?? usable.find(offers))?.id ?? '',
        task,
        mapping,
        split: { mode: 'automatic', train: 80, validation: 10, test: 10 },
        settings: TASKS[task].training,
        compute: computes.choices[0]?.name,
      },
      suggestions,
      languages,
      guess: { task: guessed ?? task, confidence: guess.confidence },
      computes: computes.choices.map(({ name, description }) => ({ name, description })),
      notices,
    };
  }

  dispose(): void {
    for (const panel of this.open.values()) panel.dispose();
    this.diagnostics.dispose();
  }
}

/**
 * What the panel shows of the backend: its models (and what each can do here), where jobs run, and the notices of
 * what stands in the way (the panel always opens: each is said in it, with what leads on).
 */
async function panelState(backend: Backend, mode: JobMode, unsaved: string | undefined): Promise<PanelState & { catalog: CatalogModel[]; computes: { choices: ComputeChoice[] } }> {
  const notices: Notice[] = unsaved ? [{ text: unsaved, actions: [] }] : [];
  let catalogRead = true;
  const catalog = await backend.catalog.list().then(
    (listing) => listing.models,
    (error: unknown) => {
      catalogRead = false;
      notices.push({ text: `The ${backend.displayName} catalog could not be read: ${describeError(error)}`, actions: noticeActions(remedyActions(error)) });
      return [];
    },
  );
  const computes = await computesFor(backend, mode);
  if (computes.problem) notices.push(computes.problem);
  notices.push(...(await prerequisiteNotices(backend, mode)));
  const models = panelModels(backend, mode, catalog);
  // A catalog that was read but offers no model for this job says so, beside whatever else stands in the way.
  return { catalog, models, computes, notices: withoutSuperseded(catalogRead && models.length === 0 ? [...notices, noModelNotice(backend.displayName, mode)] : notices) };
}

/** Remedy buttons as a notice's actions (plain data for the webview). */
function noticeActions(actions: readonly RemedyAction[]): Notice['actions'] {
  return actions.map(({ label, command, args }) => ({ label, command, ...(args ? { args: [...args] } : {}) }));
}

/** Why the backend cannot run this kind of job for `task` on any model, or undefined. */
function taskProblem(jobs: JobService | undefined, mode: JobMode, task: TaskId): string | undefined {
  const capability = jobs?.supports(mode, task);
  return capability && !capability.ok ? capability.reason : undefined;
}

/** The mark of a model a download would make runnable here; the panel's first choice when none runs yet. */
const DOWNLOAD_FIRST = 'download first';

/**
 * The models of the panel, with what the backend says of each for each of its tasks: those it cannot run here are
 * marked with the reason and the remedy (Download, or Download for Fine-tuning); the ones that run come first, then
 * those on this machine.
 */
export function panelModels(backend: Backend, mode: JobMode, models: readonly CatalogModel[]): PanelModel[] {
  const offered = models.filter((m) => (mode === 'fineTune' ? m.fineTuningTasks.length > 0 : isTaskId(m.task)));
  const entries = offered.map((m): PanelModel => {
    const tasks = mode === 'fineTune' ? m.fineTuningTasks : isTaskId(m.task) ? [m.task] : [];
    const blocked = tasks.flatMap((task) => {
      const capability = backend.jobs?.supports(mode, task, m) ?? { ok: true };
      if (capability.ok) return [];
      const label = capability.remedy === 'downloadModel' || capability.remedy === 'downloadForFineTuning' ? DOWNLOAD_FIRST : `cannot ${mode === 'fineTune' ? 'fine-tune' : 'run'} here`;
      return [{ task, label, reason: capability.reason, actions: noticeActions(remedyButtons(capability.remedy, m.id)) }];
    });
    // On this machine: its files are here (for fine-tuning, the PyTorch snapshot a curated model was pulled as).
    const here = (mode === 'fineTune' ? trainingFolderOf(m) : undefined) ?? m.path;
    return { id: m.id, name: here ? `${m.name} (on this machine)` : m.name, tasks, blocked };
  });
  const rank = (m: PanelModel) => (m.blocked.length < m.tasks.length ? 0 : 2) + (m.name.endsWith('(on this machine)') ? 0 : 1);
  return entries.sort((a, b) => rank(a) - rank(b));
}

/** What a kind of job needs on this machine and lacks (fine-tuning's Python packages), as a notice that holds Submit. */
async function prerequisiteNotices(backend: Backend, mode: JobMode): Promise<Notice[]> {
  const check = await backend.jobs?.prerequisites?.(mode, AbortSignal.timeout(30_000)).catch((error: unknown) => ({ ok: false as const, reason: describeError(error) }));
  if (!check || check.ok) return [];
  const actions: Notice['actions'] = [];
  if ('installCommand' in check && check.installCommand) {
    actions.push({ label: 'Copy Install Command', command: COMMANDS.copyInstallCommand, args: [check.installCommand] });
    actions.push({ label: 'Install in a Terminal', command: COMMANDS.installInTerminal, args: [check.installCommand] });
  }
  actions.push({ label: 'Choose Python Interpreter…', command: COMMANDS.choosePythonInterpreter });
  return [{ text: check.reason, actions, blocking: true }];
}

/** Signing in leads to choosing a workspace: while Sign in is offered, a notice asking for a workspace says nothing more. */
function withoutSuperseded(notices: Notice[]): Notice[] {
  const offers = (notice: Notice, command: string) => notice.actions.some((action) => action.command === command);
  if (!notices.some((notice) => offers(notice, REMEDY_ACTIONS.signIn.command))) return notices;
  return notices.filter((notice) => !offers(notice, REMEDY_ACTIONS.chooseWorkspace.command));
}

/** The notice of a catalog with no model for this kind of job. */
function noModelNotice(backendName: string, mode: JobMode): Notice {
  return {
    text: `The ${backendName} catalog has no model to ${mode === 'fineTune' ? 'fine-tune' : 'evaluate'}. Add a model folder (foundationModels.localModelPaths), or choose another backend.`,
    actions: [{ label: 'Select Backend…', command: COMMANDS.selectBackend }],
  };
}

/** The backend's computes; fine-tuning where it wants a GPU and none is offered says so (it still lists the others). */
async function computesFor(backend: Backend, mode: JobMode): Promise<{ choices: ComputeChoice[]; problem?: Notice }> {
  const jobs = backend.jobs;
  if (!jobs) {
    const absence = backend.absent?.jobs;
    const remedy = absence?.remedy;
    return { choices: [], problem: { text: absence?.reason ?? `The ${backend.displayName} backend cannot run jobs.`, actions: noticeActions(remedyButtons(remedy)) } };
  }
  try {
    const choices = await jobs.computes();
    if (choices.length === 0) {
      return { choices, problem: { text: `The ${backend.displayName} workspace has no compute cluster; create one in Azure ML studio (Compute → Compute clusters), then open this panel again.`, actions: [] } };
    }
    if (mode === 'fineTune' && jobs.fineTuningWantsGpu && !choices.some((c) => c.gpu)) {
      return { choices, problem: { text: 'The workspace has no GPU cluster; fine-tuning on a CPU cluster is very slow. Create one with an NC- or ND-series VM size.', actions: [] } };
    }
    return { choices };
  } catch (error) {
    return { choices: [], problem: { text: `Could not list where jobs can run: ${describeError(error)}`, actions: noticeActions(remedyActions(error)) } };
  }
}
