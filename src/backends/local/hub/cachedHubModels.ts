import { readdir, readFile } from 'node:fs/promises';
import type { CachedHubModel, CachedSnapshot } from '../../../core/catalog/modelDownloads';
import path from 'node:path';
import * as z from 'zod';
import { chooseHubFiles } from '../../../core/catalog/hubFiles';
import { choosePytorchFiles } from '../../../core/catalog/pytorchFiles';
import { repoFromFolderName } from '../../../core/catalog/hubRepoId';
import { taskFromArchitecture } from '../../../core/catalog/modelTask';
import type { TaskId } from '../../../core/tasks';
import { hubSettings, type HubSettingsOverrides } from './hubEnvironment';
import { RepoCache } from './hubCacheLayout';

/**
 * Models in the Hugging Face cache, read from disk only: a snapshot this app can run (its ONNX export is all
 * there) or fine-tune (its PyTorch weights are), and the listing `fm model list` prints. Python tools' downloads
 * show up too.
 */

export interface CacheLookupOptions extends Pick<HubSettingsOverrides, 'cacheDir'> {
  readonly env?: NodeJS.ProcessEnv | undefined;
}

const ConfigSchema = z.looseObject({ architectures: z.array(z.string()).optional() });

/** The snapshot of `repo` at `revision` (a branch, a tag or a hash), when it holds an ONNX export this app runs. */
export async function findCachedHubModel(repo: string, revision = 'main', task?: TaskId, options: CacheLookupOptions = {}): Promise<CachedSnapshot | undefined> {
  const cache = new RepoCache(hubSettings({ cacheDir: options.cacheDir }, options.env).cacheDir, repo);
  const commit = await cache.commitFor(revision);
  if (!commit) return undefined;
  const choice = chooseHubFiles(repo, await cache.snapshotFiles(commit), task);
  return 'choice' in choice ? { repo, commit, folder: cache.snapshotFolder(commit), onnx: choice.choice } : undefined;
}

/** The snapshot of `repo` at `revision` when it holds PyTorch weights to fine-tune (config, weights whole). */
export async function findCachedPytorchModel(repo: string, revision = 'main', options: CacheLookupOptions = {}): Promise<CachedSnapshot | undefined> {
  const cache = new RepoCache(hubSettings({ cacheDir: options.cacheDir }, options.env).cacheDir, repo);
  const commit = await cache.commitFor(revision);
  if (!commit) return undefined;
  const choice = choosePytorchFiles(repo, await cache.snapshotFiles(commit));
  return 'choice' in choice ? { repo, commit, folder: cache.snapshotFolder(commit), onnx: undefined, pytorch: choice.choice } : undefined;
}

async function taskOf(folder: string): Promise<TaskId | undefined> {
  const text = await readFile(path.join(folder, 'config.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = ConfigSchema.safeParse(json);
  const architecture = parsed.success ? parsed.data.architectures?.[0] : undefined;
  return architecture ? taskFromArchitecture(architecture) : undefined;
}

/** `refs/` as revision name → commit, nested names (`refs/pr/1`) included. */
async function readRefs(cache: RepoCache): Promise<Map<string, string>> {
  const refsDir = path.join(cache.folder, 'refs');
  const entries = await readdir(refsDir, { recursive: true }).catch(() => [] as string[]);
  const refs = new Map<string, string>();
  for (const entry of entries) {
    const revision = entry.split(path.sep).join('/');
    const commit = await cache.commitFor(revision);
    if (commit) refs.set(revision, commit);
  }
  return refs;
}

async function snapshotsOf(cache: RepoCache): Promise<CachedHubModel[]> {
  const refs = await readRefs(cache);
  const commits = (await readdir(path.join(cache.folder, 'snapshots')).catch(() => [] as string[])).sort();
  const partialDownloads = (await cache.incompleteBlobs()).length;
  const models: CachedHubModel[] = [];
  for (const commit of commits) {
    const folder = cache.snapshotFolder(commit);
    const files = await cache.snapshotFiles(commit);
    const onnx = chooseHubFiles(cache.repo, files);
    const pytorch = choosePytorchFiles(cache.repo, files);
    models.push({
      repo: cache.repo,
      commit,
      folder,
      onnx: 'choice' in onnx ? onnx.choice : undefined,
      pytorch: 'choice' in pytorch ? pytorch.choice : undefined,
      revisions: [...refs].filter(([, target]) => target === commit).map(([name]) => name),
      sizeBytes: await cache.snapshotSize(commit),
      task: await taskOf(folder),
      partialDownloads,
    });
  }
  return models;
}

/** Every model snapshot in the cache, by repository then commit. */
export async function listCachedHubModels(options: CacheLookupOptions = {}): Promise<CachedHubModel[]> {
  const { cacheDir } = hubSettings({ cacheDir: options.cacheDir }, options.env);
  const folders = (await readdir(cacheDir).catch(() => [] as string[])).sort();
  const models: CachedHubModel[] = [];
  for (const name of folders) {
    const repo = repoFromFolderName(name);
    if (repo) models.push(...(await snapshotsOf(new RepoCache(cacheDir, repo))));
  }
  return models;
}
