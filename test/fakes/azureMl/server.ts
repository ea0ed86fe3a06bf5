import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorReply, type Reply, type RequestContext, stableGuid, unauthorized } from './armConventions';
import { BlobStore, routeStorage } from './blobStorage';
import { armAudienceMessage, FakeTokens, mlAudienceMessage, type FakeAudience } from './tokens';
import { routeBlob } from './logBlobs';
import { routeScore } from './scoring';
import { route } from './routes';
import { RunStore, setStatus, statusOf } from './runs';
import type { FakeAzureMl, FakeAzureMlSeed, FakeJob, FakeJobStatus, FakeWorkspace, RecordedRequest } from './types';

/**
 * The HTTP server: request log, injected failures and cut connections, bearer-token check (each route takes the
 * audience Azure takes there: `tokens.ts`), then the router.
 */

/** The Azure ML resource of the public cloud (audiences.json `AzureCloud.amlResource`, without its trailing slash). */
const PUBLIC_ML_RESOURCE = 'https://ml.azure.com';

/**
 * The audience each kind of route takes (test/fixtures/azureml/audiences.json): ARM for the control plane, registry
 * discovery and data plane, workspace discovery and run history (settled: the generated clients default to the ARM
 * scope); the Azure ML resource for batch invocation (`_batch_endpoint_operations.py` invoke); storage for the blob
 * data plane signed with a credential. MLflow's audience is unverified (azureml-mlflow is not public): the fake takes
 * ARM's, which the extension sends, and Azure ML's.
 */
function audiencesOf(first: string | undefined): readonly FakeAudience[] {
  switch (first?.toLowerCase()) {
    case 'batchendpoints':
      return ['ml'];
    case 'mlflow':
      return ['arm', 'ml'];
    default:
      return ['arm'];
  }
}

interface FailRule {
  path: RegExp;
  status: 401 | 403 | 429 | 500 | 503;
  remaining: number;
  retryAfterSeconds: number;
}

interface DisconnectRule {
  path: RegExp;
  remaining: number;
  afterBytes: number | undefined;
}

/** A copy without the stateful g/y flags, so `test` does not depend on earlier matches. */
function statelessPattern(path: RegExp): RegExp {
  return new RegExp(path.source, path.flags.replace(/[gy]/g, ''));
}

/** The first rule (of `failNext` or `disconnectNext`) for `pathname` with uses left, one use taken. */
function takeRule<T extends { readonly path: RegExp; remaining: number }>(rules: T[], pathname: string): T | undefined {
  const rule = rules.find((r) => r.remaining > 0 && r.path.test(pathname));
  if (!rule) return undefined;
  rule.remaining -= 1;
  if (rule.remaining === 0) rules.splice(rules.indexOf(rule), 1);
  return rule;
}

/** Sends a reply; with a `disconnectNext` rule the connection is lost part-way, always at least one byte of the body short. */
function sendReply(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply, requestId: string, cut: DisconnectRule | undefined): void {
  const bytes = reply.raw ?? (reply.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(reply.body), 'utf8'));
  const headers: http.OutgoingHttpHeaders = {
    ...(reply.raw || reply.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': bytes.length,
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': requestId,
    ...(reply.headers ?? {}),
  };
  if (cut) {
    const keep = Math.min(cut.afterBytes ?? 0, bytes.length - 1);
    if (keep < 0) {
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status, headers);
    if (keep === 0) {
      res.flushHeaders();
      res.socket?.end();
    } else {
      res.write(bytes.subarray(0, keep), () => res.socket?.destroy());
    }
    return;
  }
  res.writeHead(reply.status, headers);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

class FakeAzureMlServer implements FakeAzureMl {
  readonly requests: RecordedRequest[] = [];
  private readonly failures: FailRule[] = [];
  private readonly disconnects: DisconnectRule[] = [];
  private readonly runs: RunStore;
  private requestCounter = 0;
  disconnected = 0;
  onJobCreated: ((job: FakeJob, workspace: FakeWorkspace) => void) | undefined;
  readonly tokens: FakeTokens;
  readonly blobs = new BlobStore();
  nextLinkApiVersion = true;

  constructor(
    private readonly server: http.Server,
    readonly url: string,
    mlResource: string,
    public seed: FakeAzureMlSeed,
    public pageSize: number,
    public latencyMs: number,
  ) {
    this.tokens = new FakeTokens(url, mlResource);
    this.runs = new RunStore(() => this.seed);
  }

  get mlResource(): string {
    return this.tokens.mlResource;
  }

  set mlResource(resource: string) {
    this.tokens.mlResource = resource;
  }

  get validToken(): string {
    return this.tokens.arm();
  }

  tokenFor(scopeOrResource: string): string {
    return this.tokens.issue(scopeOrResource);
  }

  cliTokens(): Record<string, string> {
    return this.tokens.byResource();
  }

  failNext(path: RegExp, status: 401 | 403 | 429 | 500 | 503, options?: { times?: number; retryAfterSeconds?: number }): void {
    this.failures.push({ path: statelessPattern(path), status, remaining: options?.times ?? 1, retryAfterSeconds: options?.retryAfterSeconds ?? 1 });
  }

  disconnectNext(path: RegExp, options?: { times?: number; afterBytes?: number }): void {
    this.disconnects.push({ path: statelessPattern(path), remaining: options?.times ?? 1, afterBytes: options?.afterBytes });
  }

  readBlob(account: string, container: string, name: string): Buffer | undefined {
    return this.blobs.read(account, container, name);
  }

  workspaceBlobs(storage: { account: string; container: string }, prefix?: string): string[] {
    return this.blobs.list(storage.account, storage.container, prefix);
  }

  writeBlob(account: string, container: string, name: string, data: Buffer | string): void {
    this.blobs.write(account, container, name, data);
  }

  appendLog(runId: string, file: string, text: string | Uint8Array): void {
    const state = this.runs.get(runId);
    const more = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
    state.logs.set(file, Buffer.concat([state.logs.get(file) ?? Buffer.alloc(0), more]));
  }

  setJobStatus(runId: string, status: FakeJobStatus, error?: string): void {
    const state = this.runs.get(runId);
    setStatus(state, status);
    if (error !== undefined) state.error = error;
  }

  jobStatus(runId: string): FakeJobStatus {
    return statusOf(this.runs.get(runId));
  }

  rotateToken(): string {
    this.tokens.rotate();
    return this.validToken;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const requestId = stableGuid(`${this.url}#${++this.requestCounter}`);
    const parsed = new URL(req.url ?? '/', this.url);
    const recorded = this.record(req, parsed);
    const cut = takeRule(this.disconnects, parsed.pathname);
    if (cut) this.disconnected += 1;
    if (cut && cut.afterBytes === undefined) {
      req.socket.destroy();
      return;
    }
    const send = (reply: Reply): void => sendReply(req, res, reply, requestId, cut);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let reply: Reply;
      try {
        reply = this.answer(req, parsed, recorded, Buffer.concat(chunks));
      } catch (error) {
        reply = errorReply(500, 'InternalServerError', `Fake Azure ML failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (this.latencyMs > 0) setTimeout(() => send(reply), this.latencyMs);
      else send(reply);
    });
  }

  /** Adds the request to the log (its body once it has arrived). */
  private record(req: http.IncomingMessage, parsed: URL): RecordedRequest {
    const authorization = req.headers.authorization;
    const range = req.headers['x-ms-range'] ?? req.headers.range;
    const amlToken = req.headers['x-azureml-token'];
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: parsed.pathname,
      query: new URLSearchParams(parsed.searchParams),
      ...(authorization !== undefined ? { authorization } : {}),
      ...(typeof amlToken === 'string' ? { amlToken } : {}),
      ...(typeof range === 'string' ? { range } : {}),
      at: Date.now(),
    };
    this.requests.push(recorded);
    return recorded;
  }

  /** The reply to a request whose body has arrived: an injected failure, storage, scoring, or (signed in) the router. */
  private answer(req: http.IncomingMessage, parsed: URL, recorded: RecordedRequest, raw: Buffer): Reply {
    const rule = takeRule(this.failures, parsed.pathname);
    if (rule) return this.injectedFailure(rule);
    let segments: string[];
    try {
      segments = parsed.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    } catch {
      return errorReply(400, 'BadRequest', `The request path '${parsed.pathname}' is not valid.`);
    }
    const text = raw.toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (body !== undefined) recorded.body = body;
    const method = req.method ?? 'GET';
    const ctx: RequestContext = {
      baseUrl: this.url,
      pathname: parsed.pathname.replace(/\/+$/, '') || '/',
      query: parsed.searchParams,
      pageSize: this.pageSize,
      nextLinkApiVersion: this.nextLinkApiVersion,
      method,
      body,
      headers: req.headers,
      tokens: this.tokens,
      blobs: this.blobs,
      runs: this.runs,
      onJobCreated: this.onJobCreated,
    };
    // Log blobs are storage, not Azure ML: a SAS in the URL and no bearer token.
    if (segments[0] === 'blob') return routeBlob(segments, req.headers, ctx);
    // The blob data plane of identity-based datastores: a token for Azure Storage.
    if (segments[0] === 'storage') return routeStorage(segments, req.headers, raw, this.seed, this.blobs, ctx);
    // Online endpoint scoring: signed with the endpoint's key, not an ARM token.
    if (segments[0] === 'score') return routeScore(segments, req.headers, this.seed, ctx);
    const refused = this.signInProblem(req.headers.authorization, audiencesOf(segments[0]));
    if (refused) return refused;
    // ARM and the registry data plane take no request without its api-version (ARM's own words).
    if (['subscriptions', 'mferp'].includes(segments[0]?.toLowerCase() ?? '') && !parsed.searchParams.get('api-version')) {
      return errorReply(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
    }
    const reply = route(segments, this.seed, ctx);
    if (!reply.methodChecked && method !== 'GET' && method !== 'HEAD' && reply.status !== 404) {
      return errorReply(405, 'MethodNotAllowed', `The fake answers GET only; got ${method} ${parsed.pathname}.`);
    }
    return reply;
  }

  /** A 401 unless the request carries `Authorization: Bearer <token>` of this fake, for one of the `audiences` the route takes. */
  private signInProblem(authorization: string | undefined, audiences: readonly FakeAudience[]): Reply | undefined {
    if (!authorization) return unauthorized("Authentication failed. The 'Authorization' header is missing.");
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    const token = match?.[1] ? this.tokens.audienceOf(match[1]) : undefined;
    if (!token) {
      return unauthorized("Authentication failed. The 'Authorization' header is provided in an invalid format or the access token is not valid.");
    }
    if (audiences.includes(token.audience)) return undefined;
    const message = audiences.includes('arm') ? armAudienceMessage(token.aud) : mlAudienceMessage(token.aud, this.tokens.mlResource);
    return { ...unauthorized(message), body: { error: { code: 'InvalidAuthenticationTokenAudience', message } } };
  }

  private injectedFailure(rule: FailRule): Reply {
    const retryAfter = { 'retry-after': String(rule.retryAfterSeconds) };
    switch (rule.status) {
      case 401:
        return unauthorized('The access token expired (injected by failNext).');
      case 403:
        return errorReply(403, 'AuthenticationFailed', 'Server failed to authenticate the request (injected by failNext).');
      case 429:
        return errorReply(429, 'TooManyRequests', 'Too many requests; retry later (injected by failNext).', retryAfter);
      case 500:
        return errorReply(500, 'InternalServerError', 'The server had an internal error (injected by failNext).');
      case 503:
        return errorReply(503, 'ServiceUnavailable', 'The service is unavailable; retry later (injected by failNext).', retryAfter);
    }
  }
}

/**
 * `mlResource`: the Azure ML resource whose tokens batch invocation and `x-azureml-token` take (`https://ml.azure.com`;
 * a sovereign cloud's, e.g. `https://ml.azure.cn`, to stand for that cloud), or one built from the fake's own URL: a
 * custom cloud's settings may name only scopes of the resource manager's host (`customCloudProblem`), so the editor's
 * e2e gives the fake's Azure ML resource a path of its own (`<url>/aml`), still a resource apart from ARM's.
 */
export async function startFakeAzureMl(seed: FakeAzureMlSeed, options?: { mlResource?: string | ((url: string) => string); pageSize?: number; latencyMs?: number }): Promise<FakeAzureMl> {
  let fake: FakeAzureMlServer | undefined;
  const server = http.createServer((req, res) => {
    if (fake) fake.handle(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const mlResource = typeof options?.mlResource === 'function' ? options.mlResource(url) : (options?.mlResource ?? PUBLIC_ML_RESOURCE);
  fake = new FakeAzureMlServer(server, url, mlResource, seed, options?.pageSize ?? 2, options?.latencyMs ?? 0);
  return fake;
}
