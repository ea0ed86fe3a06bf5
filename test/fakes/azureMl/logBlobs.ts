import http from 'node:http';
import { createHash } from 'node:crypto';
import { EPOCH, iso, type Reply, type RequestContext, stableGuid } from './armConventions';

/**
 * - Log blobs: Get Blob with `Range` / `x-ms-range` `bytes=start-[end]` → 206 + `Content-Range`, a start at or past
 *   the end → 416 (learn.microsoft.com "Specifying the range header for Blob service operations"); storage errors
 *   are XML `<Error><Code/><Message/></Error>`. The SAS URLs (`/blob/logs/{runId}/{file}?sv=…&sig=fake`) are the
 *   fake's own; a request with an `Authorization` header is refused (400 `InvalidAuthenticationInfo`, the fake's
 *   choice: a bearer token for ARM has no business going to storage).
 */

function storageError(status: number, code: string, message: string, headers: Record<string, string> = {}): Reply {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${stableGuid(message)}\nTime:${iso(EPOCH)}</Message></Error>`;
  return { status, body: undefined, raw: Buffer.from(xml, 'utf8'), headers: { 'content-type': 'application/xml', 'x-ms-error-code': code, ...headers } };
}

/**
 * A log blob behind a SAS URL (Get Blob): no bearer token — a request that carries an `Authorization` header is
 * refused (400 `InvalidAuthenticationInfo`, the fake's choice: our token is not for storage), a wrong `sig` is
 * 403 `AuthenticationFailed`. `Range`/`x-ms-range` `bytes=start-[end]` → 206 with `Content-Range`; a start at or
 * past the end → 416 `InvalidRange` (learn.microsoft.com "Specifying the range header for Blob service operations").
 */
export function routeBlob(seg: string[], headers: http.IncomingHttpHeaders, ctx: RequestContext): Reply {
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return storageError(405, 'UnsupportedHttpVerb', 'The resource doesn\'t support specified Http Verb.');
  if (headers.authorization !== undefined) {
    return storageError(400, 'InvalidAuthenticationInfo', 'Authentication information is not given in the correct format: a SAS and an Authorization header were both given.');
  }
  if (ctx.query.get('sig') !== 'fake') return storageError(403, 'AuthenticationFailed', 'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.');
  const [, container, runId, ...fileParts] = seg;
  const state = container === 'logs' && runId !== undefined ? ctx.runs.find(runId) : undefined;
  const bytes = state?.logs.get(fileParts.join('/'));
  if (!bytes) return storageError(404, 'BlobNotFound', 'The specified blob does not exist.');
  const blobHeaders: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    'accept-ranges': 'bytes',
    'x-ms-blob-type': 'AppendBlob',
    'x-ms-version': '2021-08-06',
    etag: `"0x${createHash('sha256').update(bytes).digest('hex').slice(0, 15).toUpperCase()}"`,
    'last-modified': new Date(EPOCH).toUTCString(),
  };
  const rangeHeader = headers['x-ms-range'] ?? headers.range;
  const range = typeof rangeHeader === 'string' ? /^bytes=(\d+)-(\d*)$/.exec(rangeHeader.trim()) : null;
  if (!range) return { status: 200, body: undefined, raw: bytes, headers: blobHeaders };
  const start = Number(range[1]);
  const end = range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
  if (start >= bytes.length || end < start) {
    return storageError(416, 'InvalidRange', 'The range specified is invalid for the current size of the resource.', { 'content-range': `bytes */${bytes.length}` });
  }
  return { status: 206, body: undefined, raw: bytes.subarray(start, end + 1), headers: { ...blobHeaders, 'content-range': `bytes ${start}-${end}/${bytes.length}` } };
}
