import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The repositories a fake Hub serves, built from model folders on disk the way the Hub stores them: every file
 * a git blob (its id is git's sha1 over `blob {size}\0{content}`), `.onnx` graphs, their external data and weights
 * (`.safetensors`, `.bin`, `.h5`, `.msgpack`) in Git LFS (the git blob is the LFS pointer; the content is named by its
 * sha256), and a commit hash per revision.
 */

export interface FakeRepoSpec {
  /** `owner/name`. */
  readonly id: string;
  /** The folder served as `main`. */
  readonly folder: string;
  /** Other branches or tags and the folders they hold. */
  readonly revisions?: Readonly<Record<string, string>>;
  /** A gated repository: files only with `Authorization: Bearer {gatedToken}`. */
  readonly gatedToken?: string;
  readonly pipelineTag?: string;
  /** A mirror that lists file names only, even with `blobs=true` (no sizes or ids). */
  readonly namesOnly?: boolean;
}

export interface FakeFile {
  readonly path: string;
  readonly content: Buffer;
  /** The git blob id: of the content, or of the LFS pointer for an LFS file. */
  readonly gitBlobId: string;
  readonly sha256: string;
  readonly lfs: boolean;
  readonly pointerSize: number;
}

export interface FakeRevision {
  readonly commit: string;
  readonly files: ReadonlyMap<string, FakeFile>;
}

export interface FakeRepo {
  readonly spec: FakeRepoSpec;
  /** Branch and tag names, and each commit hash, to the revision. */
  readonly revisions: ReadonlyMap<string, FakeRevision>;
}

export function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** What the Hub keeps in Git LFS: ONNX graphs and their external data, and weights of every framework. */
function isLfs(file: string): boolean {
  return /\.(onnx|safetensors|bin|h5|msgpack)$/.test(file) || /\.onnx_data(_\d+)?$/.test(file);
}

function listFiles(folder: string, prefix = ''): string[] {
  return readdirSync(path.join(folder, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(folder, relative) : statSync(path.join(folder, relative)).isFile() ? [relative] : [];
    })
    .sort();
}

function fakeFile(folder: string, file: string): FakeFile {
  const content = readFileSync(path.join(folder, ...file.split('/')));
  const sha256 = createHash('sha256').update(content).digest('hex');
  if (!isLfs(file)) return { path: file, content, gitBlobId: gitBlobId(content), sha256, lfs: false, pointerSize: 0 };
  const pointer = Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${content.length}\n`);
  return { path: file, content, gitBlobId: gitBlobId(pointer), sha256, lfs: true, pointerSize: pointer.length };
}

function fakeRevision(folder: string, name: string): FakeRevision {
  const files = new Map(listFiles(folder).map((file) => [file, fakeFile(folder, file)]));
  const commit = createHash('sha1')
    .update(name)
    .update([...files.values()].map((file) => `${file.path}:${file.gitBlobId}`).join('\n'))
    .digest('hex');
  return { commit, files };
}

export function buildFakeRepo(spec: FakeRepoSpec): FakeRepo {
  const revisions = new Map<string, FakeRevision>();
  for (const [name, folder] of Object.entries({ main: spec.folder, ...spec.revisions })) {
    const revision = fakeRevision(folder, name);
    revisions.set(name, revision);
    revisions.set(revision.commit, revision);
  }
  return { spec, revisions };
}

/** The body of `GET /api/models/{repo}/revision/{rev}`, with per-file sizes and ids when `blobs` is asked for. */
export function revisionInfo(repo: FakeRepo, revision: FakeRevision, blobs: boolean): Record<string, unknown> {
  const siblings = [...revision.files.values()].map((file) =>
    blobs && !repo.spec.namesOnly
      ? {
          rfilename: file.path,
          blobId: file.gitBlobId,
          size: file.content.length,
          ...(file.lfs ? { lfs: { sha256: file.sha256, size: file.content.length, pointerSize: file.pointerSize } } : {}),
        }
      : { rfilename: file.path },
  );
  const [owner] = repo.spec.id.split('/');
  return {
    _id: createHash('sha1').update(repo.spec.id).digest('hex').slice(0, 24),
    id: repo.spec.id,
    modelId: repo.spec.id,
    author: owner,
    sha: revision.commit,
    private: false,
    gated: repo.spec.gatedToken ? 'manual' : false,
    disabled: false,
    library_name: 'transformers.js',
    tags: ['transformers.js', 'onnx'],
    ...(repo.spec.pipelineTag ? { pipeline_tag: repo.spec.pipelineTag } : {}),
    siblings,
    lastModified: '2024-01-01T00:00:00.000Z',
    createdAt: '2024-01-01T00:00:00.000Z',
  };
}
