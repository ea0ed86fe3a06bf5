import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isCommitHash, repoFolderName } from '../../../core/catalog/hubRepoId';

/**
 * The Hugging Face cache on disk, laid out as huggingface_hub lays it (`file_download.py`: `hf_hub_download`,
 * `_create_symlink`, `_cache_commit_hash_for_specific_revision`), so Python tools and this app share it:
 *
 *     {cache}/models--{owner}--{name}/
 *       blobs/{etag}                 the file's bytes, named by the Hub's ETag (git sha1, or sha256 for LFS)
 *       blobs/{etag}.incomplete      a download under way or interrupted; resumed with `Range: bytes=N-`
 *       snapshots/{commit}/{path}    a relative symlink to ../../blobs/{etag} (a copy where links fail)
 *       refs/{revision}              the commit a branch or tag pointed at (none for a commit hash)
 *
 * We write `refs/{revision}` only once every file of the snapshot is there, so a ref means a whole model.
 */
export class RepoCache {
  readonly folder: string;

  constructor(
    readonly cacheDir: string,
    readonly repo: string,
  ) {
    this.folder = path.join(cacheDir, repoFolderName(repo));
  }

  blobPath(etag: string): string {
    return path.join(this.folder, 'blobs', etag);
  }

  incompletePath(etag: string): string {
    return `${this.blobPath(etag)}.incomplete`;
  }

  /** This app's writer lock for a blob, beside huggingface_hub's own locks (`{cache}/.locks/{repo folder}/`). */
  lockPath(etag: string): string {
    return path.join(this.cacheDir, '.locks', path.basename(this.folder), `${etag}.fm.lock`);
  }

  snapshotFolder(commit: string): string {
    return path.join(this.folder, 'snapshots', commit);
  }

  snapshotPath(commit: string, file: string): string {
    return path.join(this.snapshotFolder(commit), ...file.split('/'));
  }

  refPath(revision: string): string {
    return path.join(this.folder, 'refs', ...revision.split('/'));
  }

  /** The commit a revision stands for here: itself when it is a hash, else what `refs/` says (if anything). */
  async commitFor(revision: string): Promise<string | undefined> {
    if (isCommitHash(revision)) return revision;
    const text = (await readFile(this.refPath(revision), 'utf8').catch(() => '')).trim();
    return isCommitHash(text) ? text : undefined;
  }

  async writeRef(revision: string, commit: string): Promise<void> {
    if (revision === commit) return;
    const file = this.refPath(revision);
    await mkdir(path.dirname(file), { recursive: true });
    // huggingface_hub writes the hash with no newline; readers strip whitespace anyway.
    await writeFile(`${file}.tmp`, commit);
    await rename(`${file}.tmp`, file);
  }

  /** Whether the snapshot has `file` and it opens (a dangling link does not count). */
  async hasSnapshotFile(commit: string, file: string): Promise<boolean> {
    return stat(this.snapshotPath(commit, file)).then((s) => s.isFile(), () => false);
  }

  /**
   * Points `snapshots/{commit}/{file}` at the blob: a relative symlink, as huggingface_hub makes it, or a copy of
   * the blob where the file system refuses links (Windows without developer mode, some network drives).
   */
  async linkSnapshotFile(commit: string, file: string, etag: string): Promise<void> {
    const pointer = this.snapshotPath(commit, file);
    const blob = this.blobPath(etag);
    await mkdir(path.dirname(pointer), { recursive: true });
    await rm(pointer, { force: true });
    try {
      await symlink(path.relative(path.dirname(pointer), blob), pointer);
    } catch {
      await copyFile(blob, pointer, constants.COPYFILE_FICLONE);
    }
  }

  /** The snapshot's files as repository paths (forward slashes), following the layout's links. */
  async snapshotFiles(commit: string): Promise<string[]> {
    const root = this.snapshotFolder(commit);
    const entries = await readdir(root, { recursive: true }).catch(() => [] as string[]);
    const files: string[] = [];
    for (const entry of entries) {
      if (await stat(path.join(root, entry)).then((s) => s.isFile(), () => false)) files.push(entry.split(path.sep).join('/'));
    }
    return files.sort();
  }

  /** Blobs whose download did not finish. */
  async incompleteBlobs(): Promise<string[]> {
    const entries = await readdir(path.join(this.folder, 'blobs')).catch(() => [] as string[]);
    return entries.filter((name) => name.endsWith('.incomplete'));
  }

  /** Size in bytes of what a snapshot's entries point at (or hold, when copied). */
  async snapshotSize(commit: string): Promise<number> {
    let total = 0;
    for (const file of await this.snapshotFiles(commit)) total += (await stat(this.snapshotPath(commit, file))).size;
    return total;
  }

  async exists(): Promise<boolean> {
    return lstat(this.folder).then((s) => s.isDirectory(), () => false);
  }
}
