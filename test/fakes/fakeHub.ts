import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { HubError } from '../../src/backends/local/hub/hubErrors';
import { buildFakeRepo, revisionInfo, type FakeFile, type FakeRepo, type FakeRepoSpec, type FakeRevision } from './fakeHubRepos';

/**
 * A fake Hugging Face Hub on 127.0.0.1 (a free port) serving model folders in the Hub's layout, over real HTTP:
 *
 * - `GET /api/models/{owner}/{name}/revision/{rev}[?blobs=true]`: the model info (`id`, `sha`, `gated`,
 *   `siblings[{rfilename}]`, with `blobs=true` also `size`, `blobId`, `lfs{sha256,size,pointerSize}`), as
 *   huggingface_hub's `HfApi.model_info` reads it;
 * - `GET|HEAD /{owner}/{name}/resolve/{rev}/{path}`: a git file answers 200 (206 for `Range: bytes=N-`) with
 *   `ETag` (its git blob id), `X-Repo-Commit`, `Content-Length`, `Accept-Ranges`; an LFS file (`.onnx`, ONNX external
 *   data, weights) answers 302 to a second server standing for the CDN, with `X-Linked-Etag` (its sha256) and `X-Linked-Size`;
 * - refusals as the Hub words them in `X-Error-Code`: an unknown repository 401 `RepoNotFound` without a token (the
 *   Hub does not say whether a private one exists) and 404 with one, an unknown revision 404 `RevisionNotFound`, an
 *   unknown file 404 `EntryNotFound`, a gated repository's files 401 `GatedRepo` without a token and 403 with a
 *   wrong one (its model info stays readable, `gated: "manual"`).
 *
 * Faults for tests: `failOnce` (an HTTP status, e.g. 503 with Retry-After), `dropOnce` (the connection closes after
 * N bytes of a file), `stallOnce` (N bytes, then silence until the client gives up or `cutStalled`), `corruptOnce`
 * (one byte changed). A repository with `namesOnly` lists names without sizes or ids, as some mirrors do.
 * `requests` logs everything.
 */

export interface FakeHubRequest {
  readonly server: 'hub' | 'cdn';
  readonly method: string;
  readonly path: string;
  readonly range: string | undefined;
  readonly authorization: string | undefined;
}

type Fault = { kind: 'status'; status: number; headers: Record<string, string> } | { kind: 'drop' | 'stall'; afterBytes: number } | { kind: 'corrupt' };

export interface FakeHub {
  /** The endpoint, e.g. `http://127.0.0.1:PORT` (what HF_ENDPOINT is set to). */
  readonly url: string;
  readonly requests: FakeHubRequest[];
  /** The commit a repository's revision stands at. */
  commit(repo: string, revision?: string): string;
  /** The next request whose path contains `pathPart` (an API or resolve path) answers `status`; calls queue up. */
  failOnce(pathPart: string, status: number, headers?: Record<string, string>): void;
  /** The next transfer of `file` sends `afterBytes` bytes of it, then closes the connection. */
  dropOnce(file: string, afterBytes: number): void;
  /** The next transfer of `file` sends `afterBytes` bytes, then nothing more (until the client closes). */
  stallOnce(file: string, afterBytes: number): void;
  /** The next transfer of `file` arrives whole in length but with one byte changed. */
  corruptOnce(file: string): void;
  /** Closes the connections of stalled transfers, as a network that fails mid-file. */
  cutStalled(): void;
  /** Requests for files (resolve and CDN), not the listing. */
  fileRequests(): FakeHubRequest[];
  stop(): Promise<void>;
}

/** The HubError a pull fails with (a test fails when it succeeds, or fails otherwise). */
export async function hubRejection(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HubError, `a HubError, not ${String(error)}`);
    return error;
  }
  assert.fail('the pull succeeded');
}

export const TINY_SENTIMENT = path.resolve(__dirname, '../fixtures/models/tiny-sentiment');
const MODELS = path.resolve(__dirname, '../fixtures/models');

/** Every fixture model of `test/fixtures/models`, one task each, as `fm-test/<folder>` on the fake Hub. */
export const FIXTURE_REPOS: readonly FakeRepoSpec[] = (
  [
    ['tiny-sentiment', 'text-classification'],
    ['tiny-ner', 'token-classification'],
    ['tiny-qa', 'question-answering'],
    ['tiny-fill-mask', 'fill-mask'],
    ['tiny-summarizer', 'summarization'],
    ['tiny-translator-en-ro', 'translation'],
    ['tiny-generator', 'text-generation'],
  ] as const
).map(([folder, pipelineTag]) => ({ id: `fm-test/${folder}`, folder: path.join(MODELS, folder), pipelineTag }));

interface FakeHubState {
  readonly repos: Map<string, FakeRepo>;
  readonly requests: FakeHubRequest[];
  /** Queued: each answers one request whose path contains `part`. */
  readonly statusFaults: { part: string; fault: Fault }[];
  readonly transferFaults: Map<string, Fault>;
  cdnUrl: string;
  readonly stalled: Set<http.ServerResponse>;
}

function errorReply(res: http.ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-error-code': code, 'x-error-message': message, ...extra });
  res.end(JSON.stringify({ error: message }));
}

function takeTransferFault(faults: Map<string, Fault>, file: string): Fault | undefined {
  const fault = faults.get(file);
  faults.delete(file);
  return fault;
}

function takeFault(faults: { part: string; fault: Fault }[], key: string): Fault | undefined {
  const index = faults.findIndex((entry) => key.includes(entry.part));
  return index < 0 ? undefined : faults.splice(index, 1)[0]?.fault;
}

/** Sends `file` (honouring `Range: bytes=N-` / `N-M`) with `headers`, applying a drop or stall fault. */
function sendContent(state: FakeHubState, req: http.IncomingMessage, res: http.ServerResponse, file: FakeFile, headers: Record<string, string>, fault: Fault | undefined): void {
  const size = file.content.length;
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  let start = 0;
  let end = size - 1;
  if (req.headers.range !== undefined) {
    if (!range || Number(range[1]) >= size) {
      res.writeHead(416, { 'content-range': `bytes */${size}` });
      return void res.end();
    }
    start = Number(range[1]);
    end = range[2] ? Math.min(size - 1, Number(range[2])) : size - 1;
  }
  let body = file.content.subarray(start, end + 1);
  if (fault?.kind === 'corrupt' && body.length > 0) {
    body = Buffer.from(body);
    body[body.length >> 1] = (body[body.length >> 1] ?? 0) ^ 0xff;
  }
  res.writeHead(range ? 206 : 200, {
    ...headers,
    'content-length': String(body.length),
    'accept-ranges': 'bytes',
    'content-type': 'application/octet-stream',
    ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD') return void res.end();
  if (fault?.kind === 'drop' || fault?.kind === 'stall') {
    // Once the bytes are handed to the kernel, a drop closes the connection without the rest.
    res.write(body.subarray(0, fault.afterBytes), () => {
      if (fault.kind === 'drop') res.socket?.destroy();
    });
    if (fault.kind === 'stall') {
      state.stalled.add(res);
      res.once('close', () => state.stalled.delete(res));
    }
    return;
  }
  res.end(body);
}

function gateRefusal(repo: FakeRepo, req: http.IncomingMessage): { status: number } | undefined {
  if (!repo.spec.gatedToken) return undefined;
  const auth = req.headers.authorization;
  if (auth === `Bearer ${repo.spec.gatedToken}`) return undefined;
  return { status: auth ? 403 : 401 };
}

function serveApi(state: FakeHubState, req: http.IncomingMessage, res: http.ServerResponse, url: URL, match: RegExpExecArray): void {
  const repo = state.repos.get(`${match[1]}/${match[2]}`);
  if (!repo) return errorReply(res, req.headers.authorization ? 404 : 401, 'RepoNotFound', 'Repository not found');
  const revision = repo.revisions.get(decodeURIComponent(match[3] ?? ''));
  if (!revision) return errorReply(res, 404, 'RevisionNotFound', 'Invalid rev id');
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(revisionInfo(repo, revision, url.searchParams.get('blobs') === 'true')));
}

function serveResolve(state: FakeHubState, req: http.IncomingMessage, res: http.ServerResponse, match: RegExpExecArray): void {
  const repo = state.repos.get(`${match[1]}/${match[2]}`);
  if (!repo) return errorReply(res, req.headers.authorization ? 404 : 401, 'RepoNotFound', 'Repository not found');
  const revision: FakeRevision | undefined = repo.revisions.get(decodeURIComponent(match[3] ?? ''));
  if (!revision) return errorReply(res, 404, 'RevisionNotFound', 'Invalid rev id');
  const gated = gateRefusal(repo, req);
  if (gated) return errorReply(res, gated.status, 'GatedRepo', `Access to model ${repo.spec.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`);
  const filePath = (match[4] ?? '').split('/').map(decodeURIComponent).join('/');
  const file = revision.files.get(filePath);
  if (!file) return errorReply(res, 404, 'EntryNotFound', 'Entry not found', { 'x-repo-commit': revision.commit });
  const common = { 'x-repo-commit': revision.commit, etag: `"${file.gitBlobId}"` };
  if (file.lfs) {
    res.writeHead(302, { ...common, 'x-linked-etag': `"${file.sha256}"`, 'x-linked-size': String(file.content.length), location: `${state.cdnUrl}/lfs/${file.sha256}?file=${encodeURIComponent(file.path)}` });
    return void res.end();
  }
  sendContent(state, req, res, file, common, takeTransferFault(state.transferFaults, file.path));
}

function serveCdn(state: FakeHubState, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  const sha = url.pathname.replace(/^\/lfs\//, '');
  for (const repo of state.repos.values()) {
    for (const revision of repo.revisions.values()) {
      const file = [...revision.files.values()].find((candidate) => candidate.lfs && candidate.sha256 === sha);
      if (file) return sendContent(state, req, res, file, { etag: `"cdn-${sha.slice(0, 16)}"` }, takeTransferFault(state.transferFaults, file.path));
    }
  }
  res.writeHead(404);
  res.end();
}

function logRequest(state: FakeHubState, server: 'hub' | 'cdn', req: http.IncomingMessage): URL {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  state.requests.push({ server, method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, range: req.headers.range, authorization: req.headers.authorization });
  return url;
}

function hubHandler(state: FakeHubState): http.RequestListener {
  return (req, res) => {
    const url = logRequest(state, 'hub', req);
    const fault = takeFault(state.statusFaults, url.pathname);
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, fault.headers);
      return void res.end(`fault ${fault.status}`);
    }
    const api = /^\/api\/models\/([^/]+)\/([^/]+)\/revision\/([^/]+)$/.exec(url.pathname);
    if (api && req.method === 'GET') return serveApi(state, req, res, url, api);
    const resolve = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (resolve && (req.method === 'GET' || req.method === 'HEAD')) return serveResolve(state, req, res, resolve);
    errorReply(res, 404, 'NotFound', 'Not found');
  };
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts the fake Hub with every fixture model (`fm-test/tiny-sentiment`, `fm-test/tiny-ner`…) plus the repositories given. */
export async function startFakeHub(specs: readonly FakeRepoSpec[] = []): Promise<FakeHub> {
  const all = [...FIXTURE_REPOS, ...specs];
  const state: FakeHubState = { repos: new Map(all.map((spec) => [spec.id, buildFakeRepo(spec)])), requests: [], statusFaults: [], transferFaults: new Map(), cdnUrl: '', stalled: new Set() };
  const hub = http.createServer(hubHandler(state));
  const cdn = http.createServer((req, res) => serveCdn(state, req, res, logRequest(state, 'cdn', req)));
  const url = await listen(hub);
  state.cdnUrl = await listen(cdn);
  return {
    url,
    requests: state.requests,
    commit: (repo, revision = 'main') => state.repos.get(repo)?.revisions.get(revision)?.commit ?? '',
    failOnce: (pathPart, status, headers = {}) => void state.statusFaults.push({ part: pathPart, fault: { kind: 'status', status, headers } }),
    dropOnce: (file, afterBytes) => void state.transferFaults.set(file, { kind: 'drop', afterBytes }),
    stallOnce: (file, afterBytes) => void state.transferFaults.set(file, { kind: 'stall', afterBytes }),
    corruptOnce: (file) => void state.transferFaults.set(file, { kind: 'corrupt' }),
    cutStalled: () => {
      for (const res of state.stalled) res.socket?.destroy();
    },
    fileRequests: () => state.requests.filter((r) => r.server === 'cdn' || r.path.includes('/resolve/')),
    stop: async () => {
      for (const server of [hub, cdn]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
