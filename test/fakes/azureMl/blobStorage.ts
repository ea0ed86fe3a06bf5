import { createHash } from 'node:crypto';
import type http from 'node:http';
import { EPOCH, iso, type Reply, type RequestContext, same, stableGuid } from './armConventions';
import type { FakeAzureMlSeed, FakeStorage } from './types';

/**
 * The blob data plane of an identity-based default datastore (`credentialsType: None`): the storage account the
 * workspace's `workspaceblobstore` points at, served here under `/storage/{account}/{container}/{blob}` (a key-based
 * one is Azurite's in tests). Requests are signed with a bearer token for Azure Storage (`https://storage.azure.com`,
 * audiences.json `storage`), as `@azure/storage-blob` signs them with a `TokenCredential`.
 *
 * Operations (learn.microsoft.com, Blob service REST API): Get Blob / Get Blob Properties (`HEAD`), with `x-ms-range`
 * or `Range` → 206 + `Content-Range`; Put Blob (`x-ms-blob-type: BlockBlob`) → 201; Put Block (`comp=block&blockid=`) and
 * Put Block List (`comp=blocklist`, `<Latest>` ids) → 201; List Blobs (`GET …/{container}?restype=container&comp=list`, `prefix`,
 * `maxresults`, `marker`) → 200 `EnumerationResults` XML with `NextMarker` (an opaque offset of the fake's). A SAS-based datastore's account is served here too, signed
 * by its SAS (`sig`) instead of a token; a SAS the account no longer takes is 403 `AuthenticationFailed`. Errors are storage's XML `<Error><Code/><Message/></Error>` with
 * `x-ms-error-code`: 401 `InvalidAuthenticationInfo` for a missing token or one of another audience ("Server failed to
 * authenticate the request. Please refer to the information in the www-authenticate header.", with a Bearer
 * challenge naming `resource_id=https://storage.azure.com`), 403 `AuthorizationPermissionMismatch` ("This request is
 * not authorized to perform this operation using this permission.") when the user's role on the account does not
 * allow the operation (`FakeStorage.role`: a reader cannot write, no role cannot read), 404 `BlobNotFound`.
 */

export class BlobStore {
  private readonly blobs = new Map<string, Buffer>();
  private readonly staged = new Map<string, Buffer>();

  private static key(account: string, container: string, name: string): string {
    return `${account.toLowerCase()}/${container}/${name}`;
  }

  read(account: string, container: string, name: string): Buffer | undefined {
    return this.blobs.get(BlobStore.key(account, container, name));
  }

  write(account: string, container: string, name: string, data: Buffer | string): void {
    this.blobs.set(BlobStore.key(account, container, name), typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  /** Blob names under `prefix` of a container. */
  list(account: string, container: string, prefix = ''): string[] {
    const start = BlobStore.key(account, container, prefix);
    const root = BlobStore.key(account, container, '');
    return [...this.blobs.keys()].filter((key) => key.startsWith(start)).map((key) => key.slice(root.length));
  }

  stage(blobKey: string, id: string, data: Buffer): void {
    this.staged.set(`${blobKey}#${id}`, data);
  }

  commit(account: string, container: string, name: string, ids: string[]): boolean {
    const key = BlobStore.key(account, container, name);
    const parts = ids.map((id) => this.staged.get(`${key}#${id}`));
    if (parts.some((part) => part === undefined)) return false;
    this.blobs.set(key, Buffer.concat(parts as Buffer[]));
    return true;
  }
}

function storageError(status: number, code: string, message: string, headers: Record<string, string> = {}): Reply {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${stableGuid(message)}\nTime:${iso(EPOCH)}</Message></Error>`;
  return { status, body: undefined, raw: Buffer.from(xml, 'utf8'), headers: { 'content-type': 'application/xml', 'x-ms-error-code': code, 'x-ms-version': '2025-11-05', ...headers } };
}

const notAuthenticated = (): Reply =>
  storageError(401, 'InvalidAuthenticationInfo', 'Server failed to authenticate the request. Please refer to the information in the www-authenticate header.', {
    'www-authenticate': 'Bearer authorization_uri=https://login.microsoftonline.com/5f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f/oauth2/authorize resource_id=https://storage.azure.com',
  });
const notPermitted = (): Reply => storageError(403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.');

function blobHeaders(bytes: Buffer): Record<string, string> {
  return {
    etag: `"0x${createHash('sha256').update(bytes).digest('hex').slice(0, 15).toUpperCase()}"`,
    'last-modified': new Date(EPOCH).toUTCString(),
    'x-ms-version': '2025-11-05',
    'x-ms-request-server-encrypted': 'true',
  };
}

/** The identity-based (or SAS) storage account `account` behind a datastore of a seeded workspace, if any. */
function storageOf(seed: FakeAzureMlSeed, account: string): FakeStorage | undefined {
  return seed.workspaces
    .flatMap((ws) => [ws.storage, ...Object.values(ws.datastores ?? {})])
    .find((storage) => storage && storage.key === undefined && same(storage.account, account));
}

const xmlText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** List Blobs: the names under `prefix`, `maxresults` at a time (5,000 by default), with sizes. */
function listBlobs(account: string, container: string, store: BlobStore, ctx: RequestContext): Reply {
  const prefix = ctx.query.get('prefix') ?? '';
  const max = Math.max(1, Math.min(5000, Number(ctx.query.get('maxresults') ?? '5000') || 5000));
  const offset = Number(ctx.query.get('marker') ?? '0') || 0;
  const names = store.list(account, container, prefix).sort();
  const page = names.slice(offset, offset + max);
  const next = offset + max < names.length ? String(offset + max) : '';
  const blobs = page.map((name) => {
    const bytes = store.read(account, container, name) ?? Buffer.alloc(0);
    const headers = blobHeaders(bytes);
    return `<Blob><Name>${xmlText(name)}</Name><Properties><Creation-Time>${headers['last-modified']}</Creation-Time><Last-Modified>${headers['last-modified']}</Last-Modified><Etag>${headers.etag}</Etag><Content-Length>${bytes.length}</Content-Length><Content-Type>application/octet-stream</Content-Type><BlobType>BlockBlob</BlobType><LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState><ServerEncrypted>true</ServerEncrypted></Properties><OrMetadata /></Blob>`;
  });
  const xml =
    `<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="${xmlText(ctx.baseUrl)}/storage/${account}/" ContainerName="${xmlText(container)}">` +
    `<Prefix>${xmlText(prefix)}</Prefix>${offset ? `<Marker>${offset}</Marker>` : ''}<MaxResults>${max}</MaxResults><Blobs>${blobs.join('')}</Blobs><NextMarker>${next}</NextMarker></EnumerationResults>`;
  return { status: 200, body: undefined, raw: Buffer.from(xml, 'utf8'), headers: { 'content-type': 'application/xml', 'x-ms-version': '2025-11-05' } };
}

const sasRefused = (): Reply =>
  storageError(403, 'AuthenticationFailed', 'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.');

/** A SAS account takes its own token's signature (and nothing once it is no longer valid); an identity-based one a token for storage. */
function signInProblem(storage: FakeStorage, headers: http.IncomingHttpHeaders, ctx: RequestContext): Reply | undefined {
  if (storage.sas !== undefined) {
    const sig = new URLSearchParams(storage.sas.replace(/^\?/, '')).get('sig');
    return storage.sasValid !== false && sig && ctx.query.get('sig') === sig ? undefined : sasRefused();
  }
  const token = /^Bearer\s+(.+)$/i.exec(headers.authorization?.trim() ?? '')?.[1];
  return token && ctx.tokens.audienceOf(token)?.audience === 'storage' ? undefined : notAuthenticated();
}

/** `{GET, HEAD, PUT} /storage/{account}/{container}/{blob…}`: the blob data plane described in the file comment. */
export function routeStorage(seg: string[], headers: http.IncomingHttpHeaders, raw: Buffer, seed: FakeAzureMlSeed, store: BlobStore, ctx: RequestContext): Reply {
  const [, account = '', container = '', ...nameParts] = seg;
  const storage = storageOf(seed, account);
  if (!storage || storage.container !== container) return storageError(404, 'ContainerNotFound', 'The specified container does not exist.');
  const refused = signInProblem(storage, headers, ctx);
  if (refused) return refused;
  const role = storage.role ?? 'contributor';
  const name = nameParts.join('/');
  if (name === '' && ctx.method === 'GET' && ctx.query.get('restype') === 'container' && ctx.query.get('comp') === 'list') {
    return role === 'none' ? notPermitted() : listBlobs(account, container, store, ctx);
  }
  if (ctx.method === 'PUT') {
    if (role !== 'contributor') return notPermitted();
    return putBlob(account, container, name, raw, store, ctx);
  }
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return storageError(405, 'UnsupportedHttpVerb', "The resource doesn't support specified Http Verb.");
  if (role === 'none') return notPermitted();
  const bytes = store.read(account, container, name);
  if (!bytes) return storageError(404, 'BlobNotFound', 'The specified blob does not exist.');
  const common = { ...blobHeaders(bytes), 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', 'x-ms-blob-type': 'BlockBlob' };
  const rangeHeader = headers['x-ms-range'] ?? headers.range;
  const range = typeof rangeHeader === 'string' ? /^bytes=(\d+)-(\d*)$/.exec(rangeHeader.trim()) : null;
  if (!range || ctx.method === 'HEAD') return { status: 200, body: undefined, raw: bytes, headers: common };
  const start = Number(range[1]);
  const end = range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
  if (start >= bytes.length || end < start) return storageError(416, 'InvalidRange', 'The range specified is invalid for the current size of the resource.', { 'content-range': `bytes */${bytes.length}` });
  return { status: 206, body: undefined, raw: bytes.subarray(start, end + 1), headers: { ...common, 'content-range': `bytes ${start}-${end}/${bytes.length}` } };
}

function putBlob(account: string, container: string, name: string, raw: Buffer, store: BlobStore, ctx: RequestContext): Reply {
  const comp = ctx.query.get('comp');
  const created = (bytes: Buffer): Reply => ({ status: 201, body: undefined, headers: { ...blobHeaders(bytes), 'content-md5': createHash('md5').update(bytes).digest('base64') } });
  if (comp === 'block') {
    const id = ctx.query.get('blockid');
    if (!id) return storageError(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.');
    store.stage(`${account.toLowerCase()}/${container}/${name}`, id, raw);
    return created(raw);
  }
  if (comp === 'blocklist') {
    const ids = [...raw.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)<\//g)].map((m) => m[1] ?? '');
    if (!store.commit(account, container, name, ids)) return storageError(400, 'InvalidBlockList', 'The specified block list is invalid.');
    return created(store.read(account, container, name) ?? Buffer.alloc(0));
  }
  if (comp !== null) return storageError(400, 'InvalidQueryParameterValue', `comp=${comp} is not served by the fake.`);
  if (ctx.headers['x-ms-blob-type'] !== 'BlockBlob') return storageError(400, 'MissingRequiredHeader', 'An HTTP header that\'s mandatory for this request is not specified.');
  store.write(account, container, name, raw);
  return created(raw);
}
