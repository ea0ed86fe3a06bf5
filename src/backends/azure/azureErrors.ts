/**
 * Azure failures as the user meets them: one sentence that says what failed and what to do next, never a bare status
 * or an empty message, and errors safe to keep and log, with no SAS signature (`sig=`) and no request or response
 * object (whose URL, headers and body may hold a SAS or a token) anywhere in their `cause` chain.
 *
 * The codes this words: ARM's `AuthorizationFailed` (403, a role the signed-in account lacks; the message names the
 * action), Azure Storage's `AuthorizationPermissionMismatch` / `AuthorizationFailure` (403, a data role on the account
 * for a token) and `AuthenticationFailed` (403, a SAS or key the account refuses) (learn.microsoft.com, Blob service
 * error codes), and quota codes (`QuotaExceeded`, `OutOfQuota`, `ResourceQuotaExceeded`, or a message about quota).
 */

/** What more a message can say about where a failure happened (the storage account, the workspace). */
export interface FailureContext {
  /** The storage account behind the workspace's default datastore. */
  readonly storageAccount?: string | undefined;
  /** The workspace, for the role to ask for. */
  readonly workspace?: string | undefined;
}

interface ServiceFailure {
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly message: string;
}

/**
 * A `RestError` of any copy of `@azure/core-rest-pipeline` (the storage SDK is a bundle of its own): by name. Storage
 * answers a HEAD without a body, so its code is then only in the `x-ms-error-code` header.
 */
function serviceFailure(error: unknown): ServiceFailure | undefined {
  if (!(error instanceof Error) || error.name !== 'RestError') return undefined;
  const { statusCode, code, response } = error as Error & { statusCode?: unknown; code?: unknown; response?: { headers?: { get?: (name: string) => string | undefined } } };
  const headerCode = typeof response?.headers?.get === 'function' ? response.headers.get('x-ms-error-code') : undefined;
  const named = typeof code === 'string' && code ? code : headerCode || undefined;
  return { status: typeof statusCode === 'number' ? statusCode : undefined, code: named, message: firstLine(error.message) };
}

/** No credential could produce a token: nobody is signed in (by name: identity's classes live in its own bundle). */
export function isSignInError(error: unknown): boolean {
  return error instanceof Error && ['CredentialUnavailableError', 'AggregateAuthenticationError', 'AuthenticationRequiredError'].includes(error.name);
}

const QUOTA_CODES = ['quotaexceeded', 'outofquota', 'resourcequotaexceeded'];

/** A sentence for the user about an Azure failure: what happened and what to do. */
export function describeAzureError(error: unknown, what: string, context: FailureContext = {}): string {
  if (error instanceof Error && error.name === 'AbortError') return `${what}: cancelled.`;
  if (isSignInError(error)) {
    // Not "run Sign in to Azure": in the editor this sentence comes with a Sign in button, which runs just that.
    return `${what}: not signed in. Sign in to Azure (in VS Code, or with the Azure CLI: az login), or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET.`;
  }
  const failure = serviceFailure(error);
  if (!failure) return scrubSecrets(`${what}: ${error instanceof Error ? firstLine(error.message) || error.name : String(error)}`);
  return scrubSecrets(`${what}: ${adviceFor(failure, context)}`);
}

function adviceFor(failure: ServiceFailure, context: FailureContext): string {
  const { status, code = '', message } = failure;
  const said = (text: string) => (text ? ` Azure said: ${text.replace(/\.$/, '')}.` : '');
  const lower = code.toLowerCase();
  const account = context.storageAccount ? `storage account ${context.storageAccount}` : 'the storage account';
  if (lower === 'authorizationpermissionmismatch' || lower === 'authorizationfailure') {
    return `${account} refused your sign-in (${status ?? 403} ${code}). The workspace's default datastore is reached with your own account: ask for the "Storage Blob Data Contributor" role on ${account}.`;
  }
  if (lower === 'authenticationfailed' && status === 403) {
    return `${account} refused the datastore's credentials (403 ${code}). Ask the workspace's owner to renew the datastore's key or SAS token.`;
  }
  if (QUOTA_CODES.includes(lower) || /\bquota\b/i.test(message)) {
    return `not enough quota (${code || status}). Request more quota (Azure portal → Azure Machine Learning → Quota), or pick a smaller size or another compute.${said(message)}`;
  }
  switch (status) {
    case 401:
      return `Azure rejected the sign-in (401${code ? ` ${code}` : ''}). Sign in again with "Foundation Models: Sign in to Azure".`;
    case 403:
      return `your account may not do this (403${code ? ` ${code}` : ''}). Ask an owner of ${context.workspace ? `workspace ${context.workspace}` : 'the workspace'} for the "AzureML Data Scientist" role (or Contributor) on it.${said(message)}`;
    case 404:
      return 'not found (404). Check the subscription, workspace or registry name.';
    case 429:
      return 'Azure is throttling requests (429) and retries ran out. Try Refresh in a minute.';
    default:
      if (message) return status && status >= 500 ? `${message} Try again in a few minutes.` : message;
      return `Azure answered ${status ?? 'an error'}${code ? ` (${code})` : ''} without saying why. Try again; if it happens again, check the workspace in Azure ML studio.`;
  }
}

/** An Azure failure worded for the user (`describeAzureError`), its cause kept without secrets. */
export function azureFailure(error: unknown, what: string, context: FailureContext = {}): Error {
  return new Error(describeAzureError(error, what, context), { cause: withoutSecrets(error) });
}

const SAS_IN_URL = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s'"?<>]+)\?[^\s'"<>]*\bsig=[^\s'"<>]*/gi;
const SIGNATURE = /\b(sig|signature)=[^&\s'"<>]+/gi;

/** Text without SAS signatures: a URL's SAS query removed, any other `sig=` value blanked. */
export function scrubSecrets(text: string): string {
  return text.replace(SAS_IN_URL, '$1?(SAS removed)').replace(SIGNATURE, '$1=(removed)');
}

/**
 * A copy of an error safe to keep and log: its name, message (scrubbed), `code` and `statusCode`, and its causes
 * likewise; no request, response, headers or body. Anything that is not an `Error` becomes one.
 */
export function withoutSecrets(error: unknown, depth = 0): Error {
  if (!(error instanceof Error)) return new Error(scrubSecrets(String(error)));
  const cause = depth < 8 && error.cause !== undefined ? withoutSecrets(error.cause, depth + 1) : undefined;
  const copy = new Error(scrubSecrets(error.message), cause ? { cause } : undefined);
  copy.name = error.name;
  const { code, statusCode } = error as Error & { code?: unknown; statusCode?: unknown };
  if (typeof code === 'string') Object.assign(copy, { code });
  if (typeof statusCode === 'number') Object.assign(copy, { statusCode });
  if (error.stack) copy.stack = scrubSecrets(error.stack);
  return copy;
}

/**
 * `error` as the user should meet it: an Azure service failure or a missing sign-in worded (`azureFailure`), a
 * cancellation as it is, and anything else as it is unless it holds a SAS somewhere (then a copy without it).
 */
export function userFacing(error: unknown, what: string, context: FailureContext = {}): unknown {
  if (error instanceof Error && error.name === 'AbortError') return error;
  if (serviceFailure(error) || isSignInError(error)) return azureFailure(error, what, context);
  return holdsSas(error) ? withoutSecrets(error) : error;
}

/** Whether a SAS signature is anywhere in `value`: its strings, own properties (enumerable or not), maps, causes. */
export function holdsSas(value: unknown, seen = new Set<unknown>(), depth = 0): boolean {
  if (typeof value === 'string') return /\bsig=/i.test(value);
  if (!value || typeof value !== 'object' || seen.has(value) || depth > 12) return false;
  seen.add(value);
  if (value instanceof Map) return [...value.entries()].some((entry) => holdsSas(entry, seen, depth + 1));
  return Object.getOwnPropertyNames(value).some((key) => {
    let child: unknown;
    try {
      child = (value as Record<string, unknown>)[key];
    } catch {
      return false;
    }
    return holdsSas(child, seen, depth + 1);
  });
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
