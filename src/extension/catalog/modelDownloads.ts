import * as vscode from 'vscode';
import { requireService, type ModelDownloadService } from '../../backends/backend';
import { formatByteSize } from '../../core/byteSize';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import type { PulledModel, PullProgress, PullRequest } from '../../core/catalog/modelDownloads';
import type { BackendHost } from '../backendHost';
import { COMMANDS } from '../commandIds';
import { extensionLog } from '../log';
import { modelIdArgument } from './catalogCommands';

/**
 * Download Model…: a model's files from its hub (the local backend: the ONNX export of a curated model from the
 * Hugging Face Hub) onto this machine, so that it runs here. The size is said in a modal before anything is fetched;
 * the download shows in a notification with Cancel, and a canceled or interrupted one resumes where it stopped. A
 * token for gated models is kept in VS Code's secret storage only (Set Hugging Face Token…), sent to the Hub with
 * each download, and never written to settings or the log.
 */

const TOKEN_KEY = 'foundationModels.huggingFaceToken';
/** A progress line at most this often. */
const PROGRESS_INTERVAL_MS = 250;

/** The kind of a Hub error (checked by shape: the backend is a bundle with its own copy of the class). */
function hubErrorKind(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== 'HubError') return undefined;
  const kind: unknown = (error as { kind?: unknown }).kind;
  return typeof kind === 'string' ? kind : undefined;
}

/** Set Hugging Face Token…: stores (or, left empty, removes) the token in secret storage. */
export async function setHuggingFaceToken(secrets: vscode.SecretStorage): Promise<void> {
  const token = await vscode.window.showInputBox({
    title: 'Hugging Face access token',
    prompt: 'For gated and private models: a read token from huggingface.co/settings/tokens (accept the model’s terms on its page first). Kept in VS Code’s secret storage; leave empty to remove it.',
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'hf_…',
    validateInput: (text) => (/\s/.test(text.trim()) ? 'A token has no spaces.' : undefined),
  });
  if (token === undefined) return;
  if (token.trim()) {
    await secrets.store(TOKEN_KEY, token.trim());
    void vscode.window.showInformationMessage('The Hugging Face token is saved in VS Code’s secret storage; downloads send it to the Hub.');
  } else {
    await secrets.delete(TOKEN_KEY);
    void vscode.window.showInformationMessage('The Hugging Face token is removed.');
  }
}

/** Asks before the first byte: what comes, how much, and where it goes. */
async function consent(what: string, downloads: ModelDownloadService, plan: { files: readonly { cached: boolean; partialBytes: number }[]; totalBytes: number; bytesToFetch: number }): Promise<boolean> {
  const fetched = plan.files.filter((file) => !file.cached);
  const resumed = fetched.reduce((sum, file) => sum + file.partialBytes, 0);
  const detail = [
    `${fetched.length} file${fetched.length === 1 ? '' : 's'}, ${formatByteSize(plan.bytesToFetch)} to download${resumed > 0 ? ` (resuming: ${formatByteSize(resumed)} came before)` : ''}, from ${downloads.source}.`,
    `They go to the Hugging Face cache (${downloads.cacheFolder}), which Python tools share.`,
  ].join('\n');
  const choice = await vscode.window.showInformationMessage(`Download ${what}: ${formatByteSize(plan.bytesToFetch)}?`, { modal: true, detail }, 'Download');
  return choice === 'Download';
}

/**
 * Progress events as a notification's message and increments: the file, how far, at most every quarter second,
 * never one line per chunk; the last state before a pause (a slow or stalled connection) is shown too.
 */
function progressReporter(progress: vscode.Progress<{ message?: string; increment?: number }>): { report: (event: PullProgress) => void; dispose: () => void } {
  let shown = 0;
  let last = 0;
  let pending: Extract<PullProgress, { type: 'bytes' }> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = (event: Extract<PullProgress, { type: 'bytes' }>) => {
    const percent = Math.min(100, (event.done / event.total) * 100);
    last = Date.now();
    pending = undefined;
    progress.report({ message: `${formatByteSize(event.done)} of ${formatByteSize(event.total)} · ${event.path}`, increment: percent - shown });
    shown = percent;
  };
  return {
    report: (event) => {
      if (event.type === 'file') progress.report({ message: `${event.path} (${event.index}/${event.count})` });
      else if (event.type === 'retry') progress.report({ message: `trying again: ${event.reason}` });
      else if (event.type === 'bytes' && event.total > 0) {
        if (Date.now() - last >= PROGRESS_INTERVAL_MS) return show(event);
        pending = event;
        timer ??= setTimeout(() => {
          timer = undefined;
          if (pending) show(pending);
        }, PROGRESS_INTERVAL_MS);
      }
    },
    dispose: () => clearTimeout(timer),
  };
}

/**
 * Pulls `request` with the user's consent and a cancellable progress notification; undefined when they declined or
 * canceled (a canceled download keeps what came, and says that Download resumes it).
 */
export async function pullWithConsent(downloads: ModelDownloadService, request: PullRequest, what: string, secrets: vscode.SecretStorage): Promise<PulledModel | undefined> {
  const token = await secrets.get(TOKEN_KEY);
  let declined = false;
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Downloading ${what}`, cancellable: true }, (progress, cancel) => {
      const abort = new AbortController();
      const subscription = cancel.onCancellationRequested(() => abort.abort());
      progress.report({ message: `listing ${request.repo}…` });
      const reporter = progressReporter(progress);
      const confirm = async (plan: Parameters<typeof consent>[2]) => {
        declined = !(await consent(what, downloads, plan));
        return !declined;
      };
      return downloads.pull(request, { token, signal: abort.signal, onProgress: reporter.report, confirm }).finally(() => {
        reporter.dispose();
        subscription.dispose();
      });
    });
  } catch (error) {
    const kind = hubErrorKind(error);
    if (kind === 'canceled') {
      // Declining costs nothing to say; a download stopped part-way says that Download resumes it.
      if (!declined) void vscode.window.showInformationMessage(`${error instanceof Error ? error.message : String(error)} Download Model… again resumes it.`);
      return undefined;
    }
    if (kind === 'unauthorized') {
      // A gated model: with a token set (or another one), the download is tried again.
      const set = 'Set Hugging Face Token…';
      if ((await vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error), set)) !== set) return undefined;
      await vscode.commands.executeCommand(COMMANDS.setHuggingFaceToken);
      const next = await secrets.get(TOKEN_KEY);
      return next && next !== token ? pullWithConsent(downloads, request, what, secrets) : undefined;
    }
    throw error;
  }
}

/** The model Download Model… acts on: the one given (a tree row, a remedy's button), or one the user picks. */
async function modelToDownload(models: readonly CatalogModel[], downloads: ModelDownloadService, argument: unknown): Promise<CatalogModel | undefined> {
  const id = modelIdArgument(argument);
  if (id !== undefined) {
    const model = models.find((m) => m.id === id);
    if (!model) throw new Error(`There is no model "${id}" in the catalog.`);
    return model;
  }
  const offered = models.filter((m) => downloads.sourceOf(m));
  if (offered.length === 0) throw new Error('Every model of the catalog that can be downloaded is on this machine already.');
  const picked = await vscode.window.showQuickPick(
    offered.map((m) => ({ label: m.displayName ?? m.name, description: `${m.task} · ${downloads.sourceOf(m)?.repo ?? ''}`, model: m })),
    { title: 'Download Model', placeHolder: 'A model to download to this machine' },
  );
  return picked?.model;
}

/** Download Model…: see the module comment. Afterwards the catalog shows the model on this machine. */
export async function downloadModel(backends: BackendHost, secrets: vscode.SecretStorage, refreshCatalog: () => void, argument: unknown): Promise<void> {
  const backend = await backends.current();
  const downloads = requireService(backend, 'modelDownloads');
  const model = await modelToDownload((await backend.catalog.list()).models, downloads, argument);
  if (!model) return;
  const request = downloads.sourceOf(model);
  if (!request) {
    void vscode.window.showInformationMessage(model.path ? `${model.name} is on this machine already (${model.path}).` : `${model.name} has nothing to download for this machine; use it on Azure.`);
    return;
  }
  const pulled = await pullWithConsent(downloads, request, `${model.displayName ?? model.name} (${request.repo})`, secrets);
  if (!pulled) return;
  backend.catalog.refresh();
  refreshCatalog();
  extensionLog().info(`Downloaded ${request.repo} into ${pulled.folder} (${formatByteSize(pulled.fetchedBytes)} fetched).`);
  void vscode.window.showInformationMessage(`${model.displayName ?? model.name} is on this machine: it evaluates, serves and runs here now.`);
}
