import { createHash } from 'node:crypto';
import type http from 'node:http';
import { RunStore } from './runs';
import type { BlobStore } from './blobStorage';
import type { FakeTokens } from './tokens';
import type { FakeJob, FakeWorkspace } from './types';

/**
 * What every answer of the fake shares: ARM error bodies, ids and `systemData`, the request context handlers
 * get, and paging.
 *
 * - Errors: `specification/common-types/resource-management/v3/types.json` (05432ee0bc8a3feb5bc0f6fd21f49bb7aeaf13af):
 *   `ErrorResponse` = `{ error: ErrorDetail{ code, message, target?, details?, additionalInfo? } }`.
 *
 * Behaviour the specification leaves open is the fake's own choice and documented where it is made
 * (paging token format, ordering without `$orderBy`, error codes for unknown resources).
 */

export const PROVIDER = 'Microsoft.MachineLearningServices';
export const DAY_MS = 86_400_000;
/** All seeded timestamps count from here so responses are the same on every run. */
export const EPOCH = Date.UTC(2025, 0, 6, 9, 30, 0);
/** The tenant of the sample subscriptions (`SAMPLE_IDS.tenantId`); endpoint identities and studio links name it. */
export const FAKE_TENANT_ID = '5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

export interface Reply {
  status: number;
  /** JSON body; `undefined` sends no body. */
  body: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (log blobs, storage errors), sent as is with `headers['content-type']`. */
  raw?: Buffer;
  /** The handler checked the HTTP method itself (other routes answer GET only). */
  methodChecked?: boolean;
}

export type Json = Record<string, unknown>;

export function errorReply(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}

export const notFound = (message: string): Reply => errorReply(404, 'NotFound', message);

export function unauthorized(message: string): Reply {
  return errorReply(401, 'AuthenticationFailed', message, {
    'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
  });
}

export const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** A stable GUID-shaped id derived from text (workspaceId, principalId). */
export function stableGuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

export function systemData(createdMs: number, modifiedMs: number, by: string, byType: 'User' | 'Application'): Json {
  return {
    createdAt: iso(createdMs),
    createdBy: by,
    createdByType: byType,
    lastModifiedAt: iso(modifiedMs),
    lastModifiedBy: by,
    lastModifiedByType: byType,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Paging: `{ value, nextLink }`; nextLink is absolute and carries `$skipToken=<opaque>` plus the request's other
// query parameters. The token is base64url JSON `{"offset":N}`. On input, `$skipToken`/`$skiptoken` (any case) wins
// over the spec's `$skip` (which 2022-10-01 documents as a continuation token, and which SDK 2.1.1 re-appends to
// next-page URLs); a bare number is accepted as an offset. Repeated keys: the last one counts.

const TOKEN_KEYS = new Set(['$skiptoken']);
const SKIP_KEYS = new Set(['$skip']);

export function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

export function decodeToken(token: string): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'offset' in parsed) {
      const offset = (parsed as { offset: unknown }).offset;
      if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
    }
  } catch {
    // fall through: not a token this fake issued
  }
  return undefined;
}

function lastValue(query: URLSearchParams, keys: Set<string>): string | undefined {
  let found: string | undefined;
  for (const [key, value] of query) if (keys.has(key.toLowerCase()) && value !== '') found = value;
  return found;
}

/** Query value by name, ignoring case of the name (`$orderBy` / `$orderby`). */
export function queryValue(query: URLSearchParams, name: string): string | undefined {
  let found: string | undefined;
  for (const [key, value] of query) if (same(key, name)) found = value;
  return found;
}

export function serializeQuery(entries: Array<[string, string]>): string {
  const encode = (text: string): string => encodeURIComponent(text).replace(/%24/g, '$');
  return entries.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
}

export interface RequestContext {
  readonly baseUrl: string;
  readonly pathname: string;
  readonly query: URLSearchParams;
  readonly pageSize: number;
  /** Whether a `nextLink` keeps the request's `api-version` (`FakeAzureMl.nextLinkApiVersion`). */
  readonly nextLinkApiVersion: boolean;
  readonly method: string;
  /** The request body parsed as JSON (`undefined` when empty or not JSON). */
  readonly body: unknown;
  readonly headers: http.IncomingHttpHeaders;
  /** Tells the audience of a token (the `x-azureml-token` header's, say). */
  readonly tokens: FakeTokens;
  /** The blobs of identity-based storage accounts (`blobStorage.ts`). */
  readonly blobs: BlobStore;
  readonly runs: RunStore;
  readonly onJobCreated: ((job: FakeJob, workspace: FakeWorkspace) => void) | undefined;
}

export function paged(items: unknown[], ctx: RequestContext): Reply {
  return pagedSlice(items.length, (start, end) => items.slice(start, end), ctx);
}

/** `paged` over `total` items of which only the page asked for is built (`slice(start, end)`): a registry of 10,000 models. */
export function pagedSlice(total: number, slice: (start: number, end: number) => unknown[], ctx: RequestContext): Reply {
  const raw = lastValue(ctx.query, TOKEN_KEYS) ?? lastValue(ctx.query, SKIP_KEYS);
  const offset = raw === undefined ? 0 : decodeToken(raw);
  if (offset === undefined) return errorReply(400, 'BadRequest', `The continuation token '${raw}' is not valid.`);
  const size = Math.max(1, Math.floor(ctx.pageSize));
  const value = slice(offset, Math.min(offset + size, total));
  const body: Json = { value };
  if (offset + size < total) {
    const kept: Array<[string, string]> = [];
    for (const [key, val] of ctx.query) {
      const lower = key.toLowerCase();
      if (!TOKEN_KEYS.has(lower) && !SKIP_KEYS.has(lower) && (ctx.nextLinkApiVersion || lower !== 'api-version')) kept.push([key, val]);
    }
    kept.push(['$skipToken', encodeToken(offset + size)]);
    body.nextLink = `${ctx.baseUrl}${ctx.pathname}?${serializeQuery(kept)}`;
  }
  return { status: 200, body };
}

export function parseTop(query: URLSearchParams): number | undefined {
  const raw = queryValue(query, '$top');
  if (raw === undefined || raw === '') return undefined;
  const top = Number(raw);
  return Number.isInteger(top) && top >= 0 ? top : undefined;
}
