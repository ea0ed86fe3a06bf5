import { HubError } from '../../../core/catalog/modelDownloads';

export { HubError, isHubError, type HubErrorKind } from '../../../core/catalog/modelDownloads';

/** What a refused request was for, to word the sentence. */
export interface RefusalContext {
  readonly repo: string;
  readonly revision: string;
  /** The file, for `resolve` requests; absent for the revision listing. */
  readonly file?: string | undefined;
  readonly endpoint: string;
  readonly tokenSent: boolean;
}

/**
 * The sentence for a 401/403/404 from the Hub. The Hub names the reason in `X-Error-Code` (`GatedRepo`,
 * `RepoNotFound`, `RevisionNotFound`, `EntryNotFound`; huggingface_hub's `hf_raise_for_status` reads the same), and
 * answers 401 without a token for a private, gated or missing repository alike.
 */
export function refusalError(status: number, errorCode: string | null, context: RefusalContext): HubError {
  const { repo, revision, file, endpoint } = context;
  const page = `${endpoint}/${repo}`;
  if (status === 401 && errorCode === 'RepoNotFound' && !context.tokenSent) {
    return new HubError(
      'not-found',
      `There is no model ${repo} on ${endpoint} that can be read without a token: check the id, or, if it is private or gated, accept its terms on its Hub page ${page} and set HF_TOKEN to a Hugging Face access token.`,
    );
  }
  if (status === 401 || status === 403 || errorCode === 'GatedRepo') {
    return new HubError(
      'unauthorized',
      context.tokenSent
        ? `The Hugging Face token in use cannot read ${repo} (HTTP ${status}): accept the model's terms on its Hub page ${page} with the account that owns the token, or set HF_TOKEN to a token that can read it.`
        : `${repo} is gated or private (HTTP ${status}): accept the model's terms on its Hub page ${page}, then set HF_TOKEN to a Hugging Face access token (in the editor: Foundation Models: Set Hugging Face Token…) and try again.`,
    );
  }
  if (errorCode === 'RevisionNotFound') return new HubError('not-found', `${repo} has no revision "${revision}" on ${endpoint}.`);
  if (errorCode === 'EntryNotFound' || (file !== undefined && errorCode !== 'RepoNotFound')) {
    return new HubError('not-found', `${repo} at revision "${revision}" has no file ${file ?? ''} on ${endpoint}.`);
  }
  if (errorCode === 'RepoNotFound') return new HubError('not-found', `There is no model ${repo} on ${endpoint}.`);
  return new HubError('not-found', `There is no model ${repo} with a revision "${revision}" on ${endpoint}.`);
}

/** The sentence for a cancellation, saying that what was fetched so far is kept. */
export function canceledError(repo: string, partialFile: string | undefined): HubError {
  return new HubError(
    'canceled',
    partialFile
      ? `Download of ${repo} canceled; the part of ${partialFile} already fetched is kept, and pulling it again resumes from there.`
      : `Download of ${repo} canceled.`,
  );
}
