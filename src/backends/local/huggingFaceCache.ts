import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * A Hugging Face model already on this machine: the Hub cache (`$HF_HUB_CACHE`, else `$HF_HOME/hub`, else
 * `~/.cache/huggingface/hub`; layout `models--{owner}--{name}/refs/main` → `snapshots/{revision}/`, as
 * huggingface_hub documents its cache) or a folder the user names. Nothing is downloaded here; `hub/` beside this
 * file fills the same cache from the Hub (`fm model pull`).
 */
export function huggingFaceHubCache(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HF_HUB_CACHE) return env.HF_HUB_CACHE;
  if (env.HF_HOME) return path.join(env.HF_HOME, 'hub');
  return path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'huggingface', 'hub');
}

async function isModelFolder(folder: string): Promise<boolean> {
  return stat(path.join(folder, 'config.json')).then((s) => s.isFile(), () => false);
}

/** The snapshot folder of `owner/name` in the cache, or a sentence saying where it was looked for. */
export async function findCachedModel(modelId: string, env: NodeJS.ProcessEnv = process.env): Promise<{ folder: string } | { problem: string }> {
  const cache = huggingFaceHubCache(env);
  const repo = path.join(cache, `models--${modelId.replace(/\//g, '--')}`);
  const revision = (await readFile(path.join(repo, 'refs', 'main'), 'utf8').catch(() => '')).trim();
  if (revision) {
    const folder = path.join(repo, 'snapshots', revision);
    if (await isModelFolder(folder)) return { folder };
  }
  return {
    problem: `${modelId} is not in the Hugging Face cache (${repo}). Download it first (fm model pull ${modelId} for an ONNX export to run, or fm model pull ${modelId} --for fine-tuning for its PyTorch weights), or choose its folder.`,
  };
}

/** A folder the user chose must hold a model (`config.json`). */
export async function checkModelFolder(folder: string): Promise<string | undefined> {
  return (await isModelFolder(folder)) ? undefined : `${folder} has no config.json, so it is not a Hugging Face model folder.`;
}
