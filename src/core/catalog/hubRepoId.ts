/**
 * Names on the Hugging Face Hub, checked before they reach a URL or a cache path. The rules are huggingface_hub's
 * `validate_repo_id` (`utils/_validators.py`): letters, digits, `-`, `_`, `.`, at most 96 characters a part, no
 * `--` or `..`; we also require the owner, as every model now has one (`openai-community/gpt2`).
 */

const PART = /^\w(?:[\w.-]{0,94}\w)?$/;

/** A sentence saying what is wrong with `repo` as `owner/name`, or undefined when it is fine. */
export function repoIdProblem(repo: string): string | undefined {
  const parts = repo.split('/');
  if (parts.length !== 2 || !parts.every((part) => PART.test(part)) || repo.includes('--') || repo.includes('..')) {
    return `"${repo}" is not a Hugging Face model id: give it as OWNER/NAME, e.g. Xenova/distilbert-base-uncased-finetuned-sst-2-english.`;
  }
  return undefined;
}

/**
 * A sentence saying what is wrong with a revision (a branch, a tag, a commit hash or `refs/pr/N`), or undefined.
 * Revisions become folder names under `refs/`, so nothing may climb out of it.
 */
export function revisionProblem(revision: string): string | undefined {
  const ok = revision.length > 0 && revision.length <= 255 && /^[\w.\-/]+$/.test(revision) && revision.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
  return ok ? undefined : `"${revision}" is not a revision: give a branch, a tag or a commit hash (letters, digits, ".", "-", "_" and "/").`;
}

/** A full 40-hex commit hash, which never moves (so it needs no `refs/` entry). */
export function isCommitHash(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}

/** The cache folder name of a model repository: `models--owner--name`, as huggingface_hub's `repo_folder_name`. */
export function repoFolderName(repo: string): string {
  return `models--${repo.split('/').join('--')}`;
}

/** The repository id of a cache folder name, or undefined for a folder that is not a model's. */
export function repoFromFolderName(folder: string): string | undefined {
  if (!folder.startsWith('models--')) return undefined;
  const parts = folder.slice('models--'.length).split('--');
  return parts.every((part) => part.length > 0) ? parts.join('/') : undefined;
}
