import * as z from 'zod';
import type { RetryNotice } from '../../../core/catalog/modelDownloads';
import type { HubSettings } from './hubEnvironment';
import { HubError, refusalError } from './hubErrors';
import { hubRequest, sameOrigin, withRetries, type RetryPolicy } from './hubHttp';

/**
 * The Hub's model info for one revision: `GET {endpoint}/api/models/{repo}/revision/{revision}?blobs=true`.
 *
 * The shape is the one huggingface_hub reads in `hf_api.py` (`HfApi.model_info`: that URL, `params["blobs"] = True`
 * when `files_metadata` is asked for; `ModelInfo` takes `id`, `sha`, `gated`, `pipeline_tag`, `siblings`; each
 * `RepoSibling` has `rfilename` and, with blobs, `size`, `blobId` (the git object id) and, for a Git LFS file,
 * `lfs: {sha256, size, pointerSize}`); public clients that call `?blobs=true` read the same `siblings[].size` and
 * `siblings[].lfs.sha256`. Unknown fields are let through, not refused.
 */

const SiblingSchema = z.looseObject({
  rfilename: z.string().min(1),
  size: z.number().int().nonnegative().optional(),
  blobId: z.string().regex(/^[0-9a-f]{40}$/).optional(),
  lfs: z
    .looseObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative(), pointerSize: z.number().int().optional() })
    .nullish(),
});

export const ModelRevisionInfoSchema = z.looseObject({
  id: z.string().min(1),
  sha: z.string().regex(/^[0-9a-f]{40}$/, 'sha is not a 40-hex commit hash'),
  gated: z.union([z.literal(false), z.string()]).optional(),
  pipeline_tag: z.string().nullish(),
  siblings: z.array(SiblingSchema),
});

export interface RepoFile {
  /** Repository-relative path, forward slashes. */
  readonly path: string;
  /** Bytes (the real content for an LFS file), when the Hub said. */
  readonly size: number | undefined;
  /**
   * What the Hub's ETag for this file is, so the blob's name in the cache: the sha256 of an LFS file, else the
   * git blob id (`hf_hub_url`'s docs: "its git-sha1 if stored in git, or its sha256 if stored in git-lfs").
   */
  readonly etag: string | undefined;
  /** Set for LFS files: the content's sha256, checked after download. */
  readonly sha256: string | undefined;
  /** Set for git files: the git blob id, checked after download. */
  readonly gitBlobId: string | undefined;
}

export interface RevisionListing {
  /** The id as the Hub spells it (a renamed repository answers with its new name). */
  readonly repo: string;
  /** The commit the revision points at now. */
  readonly commit: string;
  readonly files: readonly RepoFile[];
  readonly pipelineTag: string | undefined;
}

export interface HubCallOptions {
  readonly signal?: AbortSignal | undefined;
  readonly retry: RetryPolicy;
  readonly onRetry?: ((notice: RetryNotice) => void) | undefined;
}

export function hubHeaders(settings: HubSettings, url: string): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'foundation-models; fm' };
  if (settings.token && sameOrigin(url, settings.endpoint)) headers.authorization = `Bearer ${settings.token}`;
  return headers;
}

function toRepoFile(sibling: z.infer<typeof SiblingSchema>): RepoFile {
  const sha256 = sibling.lfs?.sha256;
  return { path: sibling.rfilename, size: sibling.lfs?.size ?? sibling.size, etag: sha256 ?? sibling.blobId, sha256, gitBlobId: sha256 ? undefined : sibling.blobId };
}

/** Follows the Hub's own redirects (a renamed repository), at most five, never to another host. */
async function getFollowingHubRedirects(settings: HubSettings, url: string, options: HubCallOptions): Promise<Response> {
  let current = url;
  for (let hop = 0; hop < 5; hop++) {
    const response = await hubRequest(current, { headers: hubHeaders(settings, current), signal: options.signal });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return response;
    await response.body?.cancel().catch(() => undefined);
    const next = new URL(location, current).toString();
    if (!sameOrigin(next, settings.endpoint)) throw new HubError('bad-response', `${new URL(url).host} redirected the model listing to another host (${new URL(next).host}).`);
    current = next;
  }
  throw new HubError('bad-response', `${new URL(url).host} redirected the model listing too many times.`);
}

export async function listRevision(settings: HubSettings, repo: string, revision: string, options: HubCallOptions): Promise<RevisionListing> {
  const url = `${settings.endpoint}/api/models/${repo}/revision/${encodeURIComponent(revision)}?blobs=true`;
  const host = new URL(url).host;
  return withRetries(options.retry, options.signal, options.onRetry, async () => {
    const response = await getFollowingHubRedirects(settings, url, options);
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      await response.body?.cancel().catch(() => undefined);
      throw refusalError(response.status, response.headers.get('x-error-code'), { repo, revision, endpoint: settings.endpoint, tokenSent: Boolean(settings.token) });
    }
    if (response.status !== 200) throw new HubError('bad-response', `${host} answered the listing of ${repo} with HTTP ${response.status}.`);
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new HubError('bad-response', `${host} answered the listing of ${repo} with something that is not JSON.`, { cause: error });
    }
    const parsed = ModelRevisionInfoSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HubError('bad-response', `${host} answered the listing of ${repo} in a shape that is not the Hub's model info (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}).`);
    }
    const info = parsed.data;
    return { repo: info.id, commit: info.sha, files: info.siblings.map(toRepoFile), pipelineTag: info.pipeline_tag ?? undefined };
  });
}
