import { stat } from 'node:fs/promises';
import type { PlannedFile, PulledModel, PullProgress, PullRequest, RetryNotice, WeightsForm } from '../../../core/catalog/modelDownloads';
import { chooseHubFiles, type HubFileChoice } from '../../../core/catalog/hubFiles';
import { choosePytorchFiles, type PytorchFileChoice } from '../../../core/catalog/pytorchFiles';
import { isCommitHash, repoIdProblem, revisionProblem } from '../../../core/catalog/hubRepoId';
import type { TaskId } from '../../../core/tasks';
import { downloadBlob } from './blobDownload';
import { findCachedHubModel, findCachedPytorchModel } from './cachedHubModels';
import { listRevision, type RepoFile, type RevisionListing } from './hubApi';
import { RepoCache } from './hubCacheLayout';
import { hubSettings, type HubSettings } from './hubEnvironment';
import { canceledError, HubError, isHubError } from './hubErrors';
import { DEFAULT_RETRY, isAbort, type RetryPolicy } from './hubHttp';

/**
 * `pullHubModel`: a model's ONNX export (or, for fine-tuning, its PyTorch weights) from the Hub into the Hugging Face
 * cache, as `fm model pull` and the editor run it. Lists the revision (sizes and hashes), picks the files the task
 * (or the Trainer) needs, says how much will come
 * before the first byte, fetches what the cache lacks (resuming partial files), links the snapshot and writes
 * `refs/{revision}` last. A model already there costs one listing request, or none for a commit hash or offline.
 */

export interface PullOptions {
  /** A token the caller holds (the editor's, from SecretStorage); else `HF_TOKEN`. */
  readonly token?: string | undefined;
  /** The environment to read `HF_*` from; `process.env` when absent. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  readonly cacheDir?: string | undefined;
  /** Cancels; what was fetched stays in `.incomplete` files for the next pull. */
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((event: PullProgress) => void) | undefined;
  /** Asked, once the plan is known and before the first byte, whether to fetch it (only when something must be fetched). */
  readonly confirm?: ((plan: { readonly files: readonly PlannedFile[]; readonly totalBytes: number; readonly bytesToFetch: number }) => Promise<boolean>) | undefined;
  readonly retry?: Partial<RetryPolicy> | undefined;
  /** A connection silent this long is dropped and resumed (default 60 s). */
  readonly idleTimeoutMs?: number | undefined;
}


function isFile(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isFile(), () => false);
}

interface PullContext {
  readonly settings: HubSettings;
  readonly cache: RepoCache;
  readonly repo: string;
  readonly revision: string;
  readonly task: TaskId | undefined;
  readonly weights: WeightsForm;
  readonly options: PullOptions;
  readonly retry: RetryPolicy;
}

function checkRequest(request: PullRequest, settings: HubSettings): void {
  const problem = repoIdProblem(request.repo) ?? revisionProblem(request.revision ?? 'main');
  if (problem) throw new HubError('config', problem);
  let url: URL | undefined;
  try {
    url = new URL(settings.endpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new HubError('config', `HF_ENDPOINT "${settings.endpoint}" is not an http(s) address of a Hub or a mirror.`);
  }
}

async function fromCache(context: PullContext, notice?: string): Promise<PulledModel | undefined> {
  const { repo, revision, task, options } = context;
  const lookup = { cacheDir: context.cache.cacheDir, env: options.env };
  const cached = context.weights === 'pytorch' ? await findCachedPytorchModel(repo, revision, lookup) : await findCachedHubModel(repo, revision, task, lookup);
  if (!cached?.onnx && !cached?.pytorch) return undefined;
  return { repo, revision, commit: cached.commit, folder: cached.folder, onnx: cached.onnx, pytorch: cached.pytorch, fetchedBytes: 0, source: 'cache', notice };
}

/** The files of the form asked for, or the HubError that says the repository has none. */
function chooseFiles(context: PullContext, names: readonly string[]): { files: readonly string[]; onnx?: HubFileChoice; pytorch?: PytorchFileChoice } {
  if (context.weights === 'pytorch') {
    const chosen = choosePytorchFiles(context.repo, names);
    if ('problem' in chosen) throw new HubError('no-pytorch', chosen.problem);
    return { files: chosen.choice.files, pytorch: chosen.choice };
  }
  const chosen = chooseHubFiles(context.repo, names, context.task);
  if ('problem' in chosen) throw new HubError('no-onnx', chosen.problem);
  return { files: chosen.choice.files, onnx: chosen.choice };
}

async function planFiles(context: PullContext, listing: RevisionListing, chosen: readonly string[]): Promise<{ files: RepoFile[]; plan: PlannedFile[] }> {
  const byPath = new Map(listing.files.map((file) => [file.path, file]));
  const files = chosen.map((path) => byPath.get(path)).filter((file): file is RepoFile => file !== undefined);
  const plan: PlannedFile[] = [];
  const { cache } = context;
  for (const file of files) {
    // A blob another snapshot already has costs nothing either: it only needs linking.
    const cached = (await cache.hasSnapshotFile(listing.commit, file.path)) || (file.etag !== undefined && (await isFile(cache.blobPath(file.etag))));
    const partialBytes = cached || !file.etag ? 0 : await stat(cache.incompletePath(file.etag)).then((s) => s.size, () => 0);
    plan.push({ path: file.path, size: file.size, cached, partialBytes });
  }
  return { files, plan };
}

/** Fetches and links the files the snapshot lacks; returns the bytes that came over the network. */
async function fetchFiles(context: PullContext, commit: string, files: readonly RepoFile[], plan: readonly PlannedFile[]): Promise<number> {
  const { cache, options } = context;
  for (const [i, file] of files.entries()) {
    if (plan[i]?.cached && file.etag && !(await cache.hasSnapshotFile(commit, file.path))) await cache.linkSnapshotFile(commit, file.path, file.etag);
  }
  const missing = files.filter((_, i) => !plan[i]?.cached);
  const total = plan.reduce((sum, file) => sum + (file.cached ? 0 : (file.size ?? 0)), 0);
  let doneBefore = 0;
  let fetched = 0;
  let current: string | undefined;
  const onRetry = (notice: RetryNotice) => options.onProgress?.({ type: 'retry', path: current, ...notice });
  for (const [index, file] of missing.entries()) {
    current = file.path;
    const resumeFrom = plan.find((entry) => entry.path === file.path)?.partialBytes ?? 0;
    options.onProgress?.({ type: 'file', path: file.path, index: index + 1, count: missing.length, size: file.size, resumeFrom });
    let lastDone = resumeFrom;
    const onBytes = (fileDone: number) => {
      if (fileDone > lastDone) fetched += fileDone - lastDone;
      lastDone = fileDone;
      options.onProgress?.({ type: 'bytes', path: file.path, fileDone, fileTotal: file.size, done: doneBefore + fileDone, total });
    };
    const target = { settings: context.settings, repo: context.repo, commit, file: file.path };
    let etag: string;
    try {
      etag = await downloadBlob(target, cache, file, { signal: options.signal, retry: context.retry, onRetry, onBytes, idleTimeoutMs: options.idleTimeoutMs ?? 60_000 });
    } catch (error) {
      throw isAbort(error, options.signal) ? canceledError(context.repo, file.path) : error;
    }
    await cache.linkSnapshotFile(commit, file.path, etag);
    doneBefore += file.size ?? lastDone;
  }
  return fetched;
}

async function pullFromHub(context: PullContext): Promise<PulledModel> {
  const { repo, revision, options } = context;
  let listing: RevisionListing;
  try {
    listing = await listRevision(context.settings, repo, revision, { signal: options.signal, retry: context.retry, onRetry: (n) => options.onProgress?.({ type: 'retry', path: undefined, ...n }) });
  } catch (error) {
    const fallback = isHubError(error, 'unreachable') ? await fromCache(context, `${error.message} Using the copy in the cache.`) : undefined;
    if (fallback) return fallback;
    throw error;
  }
  const chosen = chooseFiles(context, listing.files.map((file) => file.path));
  const { files, plan } = await planFiles(context, listing, chosen.files);
  const totalBytes = plan.reduce((sum, file) => sum + (file.size ?? 0), 0);
  const bytesToFetch = plan.reduce((sum, file) => sum + (file.cached ? 0 : Math.max(0, (file.size ?? 0) - file.partialBytes)), 0);
  options.onProgress?.({ type: 'plan', repo, revision, commit: listing.commit, files: plan, totalBytes, bytesToFetch });
  if (bytesToFetch > 0 && options.confirm && !(await options.confirm({ files: plan, totalBytes, bytesToFetch }))) throw canceledError(repo, undefined);
  const fetchedBytes = await fetchFiles(context, listing.commit, files, plan);
  await context.cache.writeRef(revision, listing.commit);
  return { repo, revision, commit: listing.commit, folder: context.cache.snapshotFolder(listing.commit), onnx: chosen.onnx, pytorch: chosen.pytorch, fetchedBytes, source: 'hub' };
}

/** Downloads `request.repo` (what its task, or fine-tuning, needs) into the Hugging Face cache; see the module comment. */
export async function pullHubModel(request: PullRequest, options: PullOptions = {}): Promise<PulledModel> {
  const settings = hubSettings({ token: options.token, cacheDir: options.cacheDir }, options.env);
  checkRequest(request, settings);
  const revision = request.revision ?? 'main';
  const cache = new RepoCache(settings.cacheDir, request.repo);
  const weights = request.weights ?? 'onnx';
  const context: PullContext = { settings, cache, repo: request.repo, revision, task: request.task, weights, options, retry: { ...DEFAULT_RETRY, ...options.retry } };
  if (settings.offline) {
    const cached = await fromCache(context);
    if (cached) return cached;
    const form = weights === 'pytorch' ? 'PyTorch weights' : 'an ONNX export';
    throw new HubError(
      'offline',
      `HF_HUB_OFFLINE is set and ${request.repo} (revision ${revision}) is not in the Hugging Face cache at ${settings.cacheDir} with ${form}: unset HF_HUB_OFFLINE to download it, or point HF_HUB_CACHE at a cache that has it.`,
    );
  }
  if (isCommitHash(revision)) {
    const cached = await fromCache(context);
    if (cached) return { ...cached, source: 'cache' };
  }
  try {
    return await pullFromHub(context);
  } catch (error) {
    throw !isHubError(error) && isAbort(error, options.signal) ? canceledError(request.repo, undefined) : error;
  }
}
