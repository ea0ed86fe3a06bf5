import * as vscode from 'vscode';
import type { Backend } from '../../backends/backend';
import { BACKENDS } from '../../backends/registry';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import { codeActions, type CodeAction } from '../../core/code/jobCode';
import type { BackendHost } from '../backendHost';
import { EDITOR_BACKENDS } from '../backendSettings';
import { describeModel, modelIdArgument } from '../catalog/catalogCommands';
import type { CatalogTreeProvider } from '../catalog/catalogTreeProvider';
import { withAbortableProgress } from '../progress';
import { BACK, runWizard, type WizardStep } from '../wizard';
import { CodeDocuments } from './codeDocuments';
import { actionLabel, ownChoices, writeModelCode, type CodeContext, type WrittenCode } from './modelCodeWriter';

/**
 * Show Code for Model…: the model (the card's, or picked from the catalog), then what to write (only what the model
 * can do), then a read-only Markdown document with the `fm` line and each backend's own code (Azure ML CLI v2 YAML and
 * the `az ml` lines), and a notification that copies the `fm` line or saves the YAML files into a folder.
 */

interface CodeAnswers {
  readonly models: readonly CatalogModel[];
  model?: CatalogModel;
  action?: CodeAction;
}

const modelStep: WizardStep<CodeAnswers> = {
  what: 'model',
  shouldPrompt: (state) => !state.model,
  async prompt(state, title, ui) {
    const picked = await ui.pick(state.models.map(describeModel), { title, placeHolder: 'The model to show the code for', matchOnDescription: true, matchOnDetail: true });
    if (picked === BACK) return BACK;
    state.model = state.models.find((model) => model.id === picked?.id);
    return Boolean(state.model);
  },
};

const ACTION_DETAILS: Readonly<Record<CodeAction['kind'], string>> = {
  evaluate: 'fm job submit, and the Azure ML pipeline job (model_prediction → compute_metrics) with az ml',
  fineTune: "fm job submit, and the Azure ML pipeline job (the azureml registry's fine-tune component) with az ml",
  deploy: 'fm serve where the model runs here, and the Azure ML endpoint and deployment with az ml',
};

const actionStep: WizardStep<CodeAnswers> = {
  what: 'what to do',
  shouldPrompt: () => true,
  async prompt(state, title, ui) {
    const actions = state.model ? codeActions(state.model) : [];
    const picked = await ui.pick(
      actions.map((action) => ({ label: actionLabel(action).label, detail: ACTION_DETAILS[action.kind], action })),
      { title, placeHolder: `The code for ${state.model?.displayName ?? state.model?.name ?? 'the model'}` },
    );
    if (picked === BACK) return BACK;
    state.action = picked?.action;
    return Boolean(picked);
  },
};

export class ModelCode implements vscode.Disposable {
  private readonly documents = new CodeDocuments();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly backends: BackendHost,
    private readonly catalogTree: CatalogTreeProvider,
  ) {}

  /** `argument`: a model id (the card), a Catalog view row, or nothing (the palette: the model is picked). */
  async show(argument: unknown): Promise<void> {
    const backend = await this.backends.current();
    const listing = await this.catalogTree.loadListing();
    if (!listing || listing.models.length === 0) {
      // Never a silent end: the Catalog view shows why the listing is missing or empty, with its buttons.
      void vscode.window.showWarningMessage(`Show Code needs a model, and the ${backend.displayName} catalog ${listing ? 'has none' : 'could not be read'}: the Catalog view says why.`);
      return;
    }
    const modelId = modelIdArgument(argument);
    const state: CodeAnswers = { models: listing.models };
    if (modelId !== undefined) {
      state.model = listing.models.find((model) => model.id === modelId);
      if (!state.model) throw new Error(`Model "${modelId}" is not in the ${backend.displayName} catalog.`);
    }
    if (!(await runWizard('Show Code', [modelStep, actionStep], state))) return;
    const { model, action } = state;
    if (!model || !action) return;
    const written = await withAbortableProgress({ location: vscode.ProgressLocation.Window, title: `Writing the code for ${model.name}` }, async (signal) =>
      writeModelCode(model, action, this.codeContext(backend), await ownChoices(backend, model, action, signal)),
    );
    await this.documents.show(written.name, written.text);
    void this.offer(written);
  }

  private codeContext(backend: Backend): CodeContext {
    return {
      current: { id: this.backends.currentId, displayName: backend.displayName },
      options: (id) => EDITOR_BACKENDS[id].options(this.context),
      code: (id) => BACKENDS[id].code(),
    };
  }

  /** Copy fm Command and Save YAML Files…, where the document has them. */
  private async offer(written: WrittenCode): Promise<void> {
    const copy = 'Copy fm Command';
    const save = 'Save YAML Files…';
    const buttons = [...(written.fmLine ? [copy] : []), ...(written.files.length > 0 ? [save] : [])];
    if (buttons.length === 0) return;
    const choice = await vscode.window.showInformationMessage(`The code to ${written.title.charAt(0).toLowerCase()}${written.title.slice(1)} is open.`, ...buttons);
    if (choice === copy && written.fmLine) {
      await vscode.env.clipboard.writeText(written.fmLine);
      void vscode.window.setStatusBarMessage('fm command copied', 3000);
    } else if (choice === save) {
      await saveFiles(written.files);
    }
  }

  dispose(): void {
    this.documents.dispose();
  }
}

/** Writes the files into a folder the user picks, asking before it replaces any. */
async function saveFiles(files: WrittenCode['files']): Promise<void> {
  const [folder] = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Save Here', title: `Save ${files.map((f) => f.file).join(', ')}` })) ?? [];
  if (!folder) return;
  const targets = files.map((file) => ({ ...file, uri: vscode.Uri.joinPath(folder, file.file) }));
  const existing: string[] = [];
  for (const target of targets) if (await vscode.workspace.fs.stat(target.uri).then(() => true, () => false)) existing.push(target.file);
  if (existing.length > 0) {
    const replace = 'Replace';
    if ((await vscode.window.showWarningMessage(`${existing.join(' and ')} already ${existing.length === 1 ? 'exists' : 'exist'} in ${folder.fsPath}.`, { modal: true }, replace)) !== replace) return;
  }
  for (const target of targets) await vscode.workspace.fs.writeFile(target.uri, new TextEncoder().encode(target.text));
  const first = targets[0];
  if (first) await vscode.window.showTextDocument(first.uri, { preview: false });
}
