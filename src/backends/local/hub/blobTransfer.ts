import type { HubSettings } from './hubEnvironment';
import { HubError, refusalError } from './hubErrors';
import { hubHeaders } from './hubApi';
import { hubRequest, RetryableError, sameOrigin } from './hubHttp';

/**
 * Opening one file's download: `GET {endpoint}/{repo}/resolve/{commit}/{path}`, resumed with `Range: bytes=N-`,
 * through the Hub's redirects. As huggingface_hub does (`file_download.py`: `get_hf_file_metadata`, `http_get`),
 * the Hub's own answer carries the file's identity (`X-Linked-Etag` for an LFS file, else `ETag`, quotes dropped;
 * `X-Repo-Commit`), an LFS file redirects to a CDN, and the token is not sent to a host other than the Hub's.
 */

export interface TransferTarget {
  readonly settings: HubSettings;
  readonly repo: string;
  readonly commit: string;
  /** Repository path, forward slashes. */
  readonly file: string;
}

export interface OpenTransfer {
  readonly response: Response;
  /** Where the body starts in the file: the offset asked for when the server honoured the range, else 0. */
  readonly start: number;
}

export function resolveUrl(target: TransferTarget): string {
  const file = target.file.split('/').map(encodeURIComponent).join('/');
  return `${target.settings.endpoint}/${target.repo}/resolve/${target.commit}/${file}`;
}

/** The ETag of a Hub answer as a blob name: `X-Linked-Etag` first, `W/` and quotes dropped. */
export function etagOf(response: Response): string | undefined {
  const raw = response.headers.get('x-linked-etag') ?? response.headers.get('etag');
  const etag = raw?.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return etag || undefined;
}

function checkIdentity(response: Response, target: TransferTarget, expectedEtag: string | undefined): void {
  const commit = response.headers.get('x-repo-commit');
  if (commit && commit !== target.commit) {
    throw new HubError('bad-response', `${target.repo} answered ${target.file} from commit ${commit}, not ${target.commit} that was asked for.`);
  }
  const etag = etagOf(response);
  if (expectedEtag && etag && etag !== expectedEtag) {
    throw new HubError('bad-response', `${target.repo}'s ${target.file} is not the file its listing named (ETag ${etag}, expected ${expectedEtag}); pull again.`);
  }
}

async function refuse(response: Response, target: TransferTarget): Promise<never> {
  await response.body?.cancel().catch(() => undefined);
  const { settings, repo, commit, file } = target;
  throw refusalError(response.status, response.headers.get('x-error-code'), { repo, revision: commit, file, endpoint: settings.endpoint, tokenSent: Boolean(settings.token) });
}

/**
 * Sends the request (a HEAD when `method` says so) and follows redirects, at most five. Returns the final answer,
 * with the first Hub answer's ETag (which names the blob).
 */
export async function requestFile(target: TransferTarget, init: { method: 'GET' | 'HEAD'; offset: number; expectedEtag: string | undefined; signal: AbortSignal }): Promise<{ response: Response; etag: string | undefined }> {
  let url = resolveUrl(target);
  let etag: string | undefined;
  for (let hop = 0; hop < 6; hop++) {
    const headers = { ...hubHeaders(target.settings, url), 'accept-encoding': 'identity', ...(init.offset > 0 ? { range: `bytes=${init.offset}-` } : {}) };
    const response = await hubRequest(url, { method: init.method, headers, signal: init.signal });
    if (response.status === 401 || response.status === 403 || response.status === 404) await refuse(response, target);
    if (sameOrigin(url, target.settings.endpoint)) {
      checkIdentity(response, target, init.expectedEtag);
      etag ??= etagOf(response);
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { response, etag };
    const next = new URL(location, url).toString();
    // A HEAD wants the Hub's own answer (the ETag); the CDN behind an LFS redirect has nothing to add.
    if (init.method === 'HEAD' && !sameOrigin(next, target.settings.endpoint)) return { response, etag };
    await response.body?.cancel().catch(() => undefined);
    url = next;
  }
  throw new HubError('bad-response', `${target.repo}'s ${target.file} redirected too many times.`);
}

/**
 * Opens the body at `offset`, or from the start when the server will not resume; undefined when it refuses the
 * range itself (416: the partial file is as long as the file or longer, so not a prefix of it).
 */
export async function openTransfer(target: TransferTarget, offset: number, expectedEtag: string | undefined, signal: AbortSignal): Promise<OpenTransfer | undefined> {
  const { response } = await requestFile(target, { method: 'GET', offset, expectedEtag, signal });
  if (response.status === 206) {
    const start = Number(/^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '')?.[1]);
    if (start !== offset) {
      await response.body?.cancel().catch(() => undefined);
      throw new RetryableError(`${target.file}: the server resumed at byte ${start}, not ${offset}`);
    }
    return { response, start };
  }
  if (response.status === 200) return { response, start: 0 };
  await response.body?.cancel().catch(() => undefined);
  if (response.status === 416) return undefined;
  throw new HubError('bad-response', `${new URL(resolveUrl(target)).host} answered ${target.file} with HTTP ${response.status}.`);
}
