import path from 'node:path';
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Backend, DataAssetFile, DataAssetService, DataAssetSummary, DataAssetVersion } from '../../backends/backend';
import { formatByteSize } from '../../core/byteSize';
import type { DataAssetRef } from '../../core/jobs/jobModel';
import { COMMANDS, type CommandId } from '../commandIds';
import { describeError } from '../log';
import { withAbortableProgress } from '../progress';
import { remedyActions, remedyButtons, runRemedy, type RemedyAction } from '../remedies';

/**
 * A registered data asset of the backend's workspace as a job's data, beside a file of this machine: the user picks the
 * asset, its version (newest first) and, in a `uri_folder`, the file; the file is read into the extension's cache (one
 * folder per workspace, asset, version: a version's data never changes) under a notification with Cancel, and from
 * there it is previewed, validated and mapped exactly as a local file is. The copy carries its `DataAssetRef`, so that a
 * backend that has the asset where the job runs names it instead of uploading the copy.
 */

/** A data asset's file on this machine and the asset it came from. */
export interface DataAssetCopy {
  readonly file: string;
  readonly asset: DataAssetRef;
  /** `reviews:2` or `qa-and-ner:1/qa.jsonl`, for titles. */
  readonly label: string;
}

/** The file kinds the panel reads; a folder's other files are listed after them, marked. */
const DATASET_FILE = /\.(jsonl|csv|tsv|json)$/i;

/**
 * The backend's data assets, or undefined after saying why there are none here (the backend's reason, its remedy and
 * Select Backend… as buttons).
 */
export async function dataAssetsOf(backend: Backend): Promise<DataAssetService | undefined> {
  if (backend.dataAssets) return backend.dataAssets;
  const absence = backend.absent?.dataAssets;
  const reason = absence?.reason ?? `The ${backend.displayName} backend has no registered data assets.`;
  const selectBackend: RemedyAction = { label: 'Select Backend…', command: COMMANDS.selectBackend };
  await offer(reason, [...remedyButtons(absence?.remedy).filter((a) => a.command !== COMMANDS.useLocalModels), selectBackend]);
  return undefined;
}

/** Shows `message` as an error with `actions` as buttons and runs the one picked. */
async function offer(message: string, actions: readonly RemedyAction[]): Promise<void> {
  const picked = await vscode.window.showErrorMessage(message, ...actions.map((a) => a.label));
  const action = actions.find((a) => a.label === picked);
  if (action) await runRemedy(action);
}

/** A failure of the data asset service, said with its remedy (Sign in) or Choose Another Data Asset…. */
async function reportFailure(error: unknown, retry: CommandId): Promise<void> {
  const again: RemedyAction = { label: 'Choose Another Data Asset…', command: retry };
  const remedies = remedyActions(error);
  await offer(describeError(error), remedies.length > 0 ? remedies : [again]);
}

/** A quick pick whose items come from `load` while it shows its busy state; undefined when the user leaves it. */
async function pickFrom<T extends vscode.QuickPickItem>(title: string, placeholder: string, load: (signal: AbortSignal) => Promise<T[]>): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = title;
  pick.placeholder = placeholder;
  pick.busy = true;
  pick.ignoreFocusOut = true;
  const stop = new AbortController();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      pick.onDidHide(() => {
        stop.abort();
        resolve(undefined);
      });
      pick.onDidAccept(() => resolve(pick.selectedItems[0]));
      pick.show();
      load(stop.signal).then((items) => {
        pick.items = items;
        pick.busy = false;
      }, reject);
    });
  } finally {
    pick.dispose();
  }
}

type AssetItem = vscode.QuickPickItem & { readonly asset: DataAssetSummary };
type VersionItem = vscode.QuickPickItem & { readonly version: DataAssetVersion };
type FileItem = vscode.QuickPickItem & { readonly file: DataAssetFile };

/**
 * Asks for an asset, its version and (a folder's) file, then reads the file into `cacheFolder`. Undefined when the user
 * stopped; a failure is said with what to do (`retryCommand` offers the pick again).
 */
export async function chooseDataAssetFile(service: DataAssetService, purpose: string, cacheFolder: string, retryCommand: CommandId): Promise<DataAssetCopy | undefined> {
  try {
    return await chooseAndRead(service, purpose, cacheFolder);
  } catch (error) {
    if (error instanceof vscode.CancellationError || (error instanceof Error && error.name === 'AbortError')) return undefined;
    await reportFailure(error, retryCommand);
    return undefined;
  }
}

async function chooseAndRead(service: DataAssetService, purpose: string, cacheFolder: string): Promise<DataAssetCopy | undefined> {
  const where = service.location;
  const assetItem = await pickFrom<AssetItem>(`${purpose}: a data asset of ${where}`, 'Choose a registered data asset (uri_file or uri_folder)', async (signal) => {
    const assets = await service.list(signal);
    if (assets.length === 0) throw new Error(`${where} has no registered data assets. Register one in Azure ML studio (Data → Create), or choose a file of this machine.`);
    return assets.map((asset) => ({
      label: asset.name,
      description: [asset.dataType, asset.latestVersion && `latest ${asset.latestVersion}`].filter(Boolean).join(' · '),
      detail: asset.unsupported ? `Not offered: ${asset.unsupported}` : asset.description,
      asset,
    }));
  });
  if (!assetItem) return undefined;
  if (assetItem.asset.unsupported) throw new Error(assetItem.asset.unsupported);
  const versionItem = await pickFrom<VersionItem>(`${purpose}: ${assetItem.asset.name}`, 'Choose the version (newest first)', async (signal) =>
    (await service.versions(assetItem.asset.name, signal)).map((version, index) => ({
      label: `Version ${version.version}`,
      description: [index === 0 ? 'latest' : undefined, version.dataType, version.createdAt?.slice(0, 10)].filter(Boolean).join(' · '),
      detail: version.description,
      version,
    })),
  );
  if (!versionItem) return undefined;
  const version = versionItem.version;
  let inside: string | undefined;
  if (version.dataType === 'uri_folder') {
    const fileItem = await pickFrom<FileItem>(`${purpose}: ${version.name}:${version.version}`, 'Choose the file of the folder', async (signal) => {
      const files = await service.files(version, signal);
      const ordered = [...files.filter((f) => DATASET_FILE.test(f.path)), ...files.filter((f) => !DATASET_FILE.test(f.path))];
      if (ordered.length === 0) throw new Error(`Data asset ${version.name}:${version.version} is an empty folder; choose another version or asset.`);
      return ordered.map((file) => ({ label: file.path, description: `${formatByteSize(file.bytes)}${DATASET_FILE.test(file.path) ? '' : ' · not a dataset file (jsonl, csv, tsv, json)'}`, file }));
    });
    if (!fileItem) return undefined;
    inside = fileItem.file.path;
    if (!DATASET_FILE.test(inside)) throw new Error(`${inside} is not a dataset file: the panel reads JSON Lines, CSV, TSV and JSON. Choose another file of ${version.name}.`);
  }
  return readCopy(service, version, inside, cacheFolder);
}

/** The file on this machine: the cached copy when there is one (a version's data does not change), else read now. */
async function readCopy(service: DataAssetService, version: DataAssetVersion, inside: string | undefined, cacheFolder: string): Promise<DataAssetCopy> {
  const name = inside ?? (path.posix.basename(version.uri.replace(/\/+$/, '')) || `${version.name}.jsonl`);
  const safe = (text: string) => text.replace(/[^\w.-]+/g, '_');
  const file = path.join(cacheFolder, safe(service.location), safe(version.name), safe(version.version), ...name.split('/').map(safe));
  const label = `${version.name}:${version.version}${inside ? `/${inside}` : ''}`;
  const asset: DataAssetRef = { name: version.name, version: version.version, dataType: version.dataType, uri: version.uri, ...(inside ? { path: inside } : {}) };
  const cached = await stat(file).then((s) => s.isFile(), () => false);
  if (!cached) {
    await withAbortableProgress({ location: vscode.ProgressLocation.Notification, title: `Reading data asset ${label}`, cancellable: true }, (signal, report) =>
      service.download(version, inside, file, { signal, progress: report }),
    );
  }
  return { file, asset, label };
}
