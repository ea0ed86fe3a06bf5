import { createHash } from 'node:crypto';
import type { RetryNotice } from '../../../core/catalog/modelDownloads';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RepoFile } from './hubApi';
import type { RepoCache } from './hubCacheLayout';
import { HubError } from './hubErrors';
import { isAbort, RetryableError, withRetries, type RetryPolicy } from './hubHttp';
import { withBlobLock } from './blobLock';
import { openTransfer, requestFile, type TransferTarget } from './blobTransfer';

/**
 * One file of a snapshot into `blobs/{etag}`: bytes go to `blobs/{etag}.incomplete` as they come, a dropped
 * connection or a stall is resumed from where the partial file ends (`Range: bytes=N-`), the finished file is
 * checked against the Hub's hash (sha256 for LFS, the git blob id otherwise) and only then renamed into place.
 * A cancellation keeps the partial file, so the next pull resumes it. One writer at a time per blob (`blobLock`).
 */

export interface BlobDownloadOptions {
  readonly signal?: AbortSignal | undefined;
  readonly retry: RetryPolicy;
  readonly onRetry?: ((notice: RetryNotice) => void) | undefined;
  /** Bytes of this file on disk so far (resumed bytes included), after each chunk. */
  readonly onBytes?: ((done: number) => void) | undefined;
  /** A connection that sends nothing for this long is dropped and resumed. */
  readonly idleTimeoutMs: number;
}

async function sizeOf(file: string): Promise<number> {
  return stat(file).then((s) => s.size, () => 0);
}

/** The Hub's id of a file's content: sha256, or git's sha1 over `blob {size}\0{content}`. */
async function contentId(file: string, kind: 'sha256' | 'git'): Promise<string> {
  const hash = createHash(kind === 'sha256' ? 'sha256' : 'sha1');
  if (kind === 'git') hash.update(`blob ${await sizeOf(file)}\0`);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function verify(partial: string, file: RepoFile): Promise<void> {
  const size = await sizeOf(partial);
  const problem =
    file.size !== undefined && size !== file.size
      ? `${size} bytes, not ${file.size}`
      : file.sha256 && (await contentId(partial, 'sha256')) !== file.sha256
        ? 'its sha256 does not match'
        : file.gitBlobId && (await contentId(partial, 'git')) !== file.gitBlobId
          ? 'its git blob id does not match'
          : undefined;
  if (problem) {
    await rm(partial, { force: true });
    throw new RetryableError(`${file.path} arrived damaged (${problem}), so it is fetched again`);
  }
}

/** Streams the body onto the partial file; a stall longer than the idle time aborts this try only. */
async function receive(partial: string, start: number, response: Response, file: RepoFile, options: BlobDownloadOptions, idle: AbortController): Promise<void> {
  const handle = await open(partial, start > 0 ? 'a' : 'w');
  let done = start;
  let timer = setTimeout(() => idle.abort(), options.idleTimeoutMs);
  try {
    if (!response.body) throw new RetryableError(`${file.path}: the answer had no body`);
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), options.idleTimeoutMs);
      await handle.write(chunk.value);
      done += chunk.value.byteLength;
      options.onBytes?.(done);
    }
  } catch (error) {
    if (options.signal?.aborted || error instanceof RetryableError) throw error;
    const why = idle.signal.aborted ? `nothing came for ${Math.round(options.idleTimeoutMs / 1000)} s` : 'the connection dropped';
    throw new RetryableError(`${file.path}: ${why} after ${done} bytes`, undefined, { cause: error });
  } finally {
    clearTimeout(timer);
    await handle.close();
  }
}

/** One try: resume (or start) the partial file, then check and publish it. */
async function attempt(target: TransferTarget, cache: RepoCache, file: RepoFile, etag: string, options: BlobDownloadOptions): Promise<void> {
  const partial = cache.incompletePath(etag);
  let offset = await sizeOf(partial);
  if (file.size !== undefined && offset > file.size) {
    await rm(partial, { force: true });
    offset = 0;
  }
  if (file.size === undefined || offset < file.size) {
    const idle = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal;
    let opened;
    try {
      opened = await openTransfer(target, offset, file.etag, signal);
    } catch (error) {
      if (isAbort(error) && !options.signal?.aborted) throw new RetryableError(`${file.path}: no answer for ${Math.round(options.idleTimeoutMs / 1000)} s`);
      throw error;
    }
    if (!opened) {
      await rm(partial, { force: true });
      throw new RetryableError(`${file.path}: the server refused to resume at byte ${offset}`);
    }
    options.onBytes?.(opened.start);
    await receive(partial, opened.start, opened.response, file, options, idle);
  }
  await verify(partial, file);
  await rename(partial, cache.blobPath(etag));
}

/** The blob name: from the listing, or from the Hub's answer to a HEAD when a mirror's listing has no ids. */
async function etagFor(target: TransferTarget, file: RepoFile, options: BlobDownloadOptions): Promise<string> {
  if (file.etag) return file.etag;
  const { response, etag } = await withRetries(options.retry, options.signal, options.onRetry, () =>
    requestFile(target, { method: 'HEAD', offset: 0, expectedEtag: undefined, signal: options.signal ?? new AbortController().signal }),
  );
  await response.body?.cancel().catch(() => undefined);
  if (!etag || !/^[\w.-]+$/.test(etag)) throw new HubError('bad-response', `${target.repo}'s ${file.path} came without an ETag, so it cannot be cached reliably.`);
  return etag;
}

/** Makes `blobs/{etag}` hold the file; returns the etag. Nothing is requested when the blob is already there. */
export async function downloadBlob(target: TransferTarget, cache: RepoCache, file: RepoFile, options: BlobDownloadOptions): Promise<string> {
  const etag = await etagFor(target, file, options);
  const present = () => stat(cache.blobPath(etag)).then((s) => s.isFile(), () => false);
  if (await present()) return etag;
  await mkdir(path.dirname(cache.blobPath(etag)), { recursive: true });
  await withBlobLock(cache.lockPath(etag), options.signal, async () => {
    // Another writer may have finished it while we waited for the lock.
    if (!(await present())) await withRetries(options.retry, options.signal, options.onRetry, () => attempt(target, cache, file, etag, options));
  });
  return etag;
}
