import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicyName,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  RestError,
  type HttpHeaders,
  type HttpMethods,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import * as z from 'zod';
import { amlScope, armScope, trimSlash, type AzureCloudEndpoints } from './azureCloud';

/**
 * Every Azure call goes through one SDK client per subscription: `@azure/arm-machinelearning` for the operations
 * it has, and its own pipeline (`client.sendRequest`) for the few it lacks (subscriptions, registry discovery,
 * the registry data plane). Authentication, retries (429 and 503 honour `Retry-After`), the user agent and
 * cancellation are therefore the same everywhere.
 */

const USER_AGENT = 'foundation-models-vscode';

/** Plain http is accepted only on the loopback interface: a local fake of Azure ML in tests, never the network. */
export function isLoopbackHttp(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
}

/** A token is asked for again this long before it expires, as the SDK's own bearer policy does. */
const TOKEN_REFRESH_MARGIN_MS = 2 * 60 * 1000;

/**
 * The SDK's bearer-token policy refuses plain http. For a loopback endpoint the same credential signs requests
 * through this policy instead, so a fake server sees exactly the header Azure would. Like the SDK's policy it keeps
 * the token until shortly before it expires (asking a credential chain can take seconds); a 401 gets one retry
 * with a new token.
 */
function loopbackBearerPolicy(credential: TokenCredential, scope: string): PipelinePolicy {
  let cached: AccessToken | undefined;
  const token = async (request: PipelineRequest, renew: boolean): Promise<string> => {
    if (renew || !cached || cached.expiresOnTimestamp - Date.now() < TOKEN_REFRESH_MARGIN_MS) {
      cached = (await credential.getToken(scope, { abortSignal: request.abortSignal })) ?? undefined;
    }
    if (!cached) throw new Error('The credential returned no token.');
    return cached.token;
  };
  return {
    name: 'loopbackBearerPolicy',
    async sendRequest(request, next) {
      const sent = await token(request, false);
      request.headers.set('authorization', `Bearer ${sent}`);
      const response = await next(request);
      if (response.status !== 401) return response;
      const renewed = await token(request, true);
      if (renewed === sent) {
        // The credential still hands out the refused token: ask it again next time, not now.
        cached = undefined;
        return response;
      }
      request.headers.set('authorization', `Bearer ${renewed}`);
      return next(request);
    },
  };
}

export type MlClient = AzureMachineLearningWorkspaces;

/** What sends a request: the SDK client (its pipeline signs with the ARM token) or a `plainSender`. */
export type RequestSender = Pick<MlClient, 'sendRequest'>;

/**
 * A sender without the ARM sign-in policy, for requests signed otherwise (an Azure ML token, an endpoint key): the
 * SDK client's pipeline would overwrite their `Authorization` with its ARM token (its bearer policy sets the header
 * unconditionally, `@azure/core-rest-pipeline` `bearerTokenAuthenticationPolicy`). `maxRetries` 0 sends once.
 */
export function plainSender(maxRetries: number): RequestSender {
  const pipeline = createPipelineFromOptions({ retryOptions: { maxRetries }, userAgentOptions: { userAgentPrefix: USER_AGENT } });
  const httpClient = createDefaultHttpClient();
  return { sendRequest: (request) => pipeline.sendRequest(httpClient, request) };
}

/**
 * A token for Azure ML's own resource (`amlScope`: `https://ml.azure.com/.default`, `ml.azure.cn` / `ml.azure.us` in
 * the sovereign clouds), as azure-ai-ml gets one for batch invocation and the `x-azureml-token` header
 * (`_batch_endpoint_operations.py`, `_job_operations.py` `_set_headers_with_user_aml_token`).
 */
export async function amlToken(credential: TokenCredential | undefined, cloud: AzureCloudEndpoints, signal?: AbortSignal): Promise<string> {
  if (!credential) throw new Error('This needs a sign-in to Azure: run "Foundation Models: Sign in to Azure".');
  const token = await credential.getToken(amlScope(cloud), { abortSignal: signal });
  if (!token) throw new Error(`The sign-in gave no token for Azure Machine Learning (${amlScope(cloud)}); sign in again.`);
  return token.token;
}

/** The resource manager each client was made for (the SDK's `$host` keeps its public default whatever `endpoint` says). */
const resourceManagers = new WeakMap<MlClient, string>();

/** The resource manager `client` talks to, e.g. `https://management.azure.com` (no trailing slash). */
export function resourceManagerOf(client: MlClient): string {
  return resourceManagers.get(client) ?? trimSlash(client.$host);
}

export function createMlClient(credential: TokenCredential, subscriptionId: string, cloud: AzureCloudEndpoints): MlClient {
  const endpoint = trimSlash(cloud.resourceManager);
  const loopback = isLoopbackHttp(endpoint);
  const client = new AzureMachineLearningWorkspaces(credential, subscriptionId, {
    endpoint,
    credentialScopes: [armScope(cloud)],
    allowInsecureConnection: loopback,
    userAgentOptions: { userAgentPrefix: USER_AGENT },
  });
  if (loopback) {
    client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
    client.pipeline.addPolicy(loopbackBearerPolicy(credential, armScope(cloud)), { phase: 'Sign' });
  }
  resourceManagers.set(client, endpoint);
  return client;
}

const ErrorBodySchema = z.object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }) });

/** The `{error: {code, message}}` an Azure service answers a refusal with (common-types `ErrorResponse`), if that is what `body` is. */
export function serviceError(body: unknown): { code?: string | undefined; message?: string | undefined } | undefined {
  const parsed = ErrorBodySchema.safeParse(body);
  return parsed.success ? parsed.data.error : undefined;
}

/** What came back: the status, the headers (polling URLs, Retry-After), the body parsed when it is JSON. */
export interface JsonAnswer {
  readonly status: number;
  readonly headers: HttpHeaders;
  /** `undefined` when empty or not JSON. */
  readonly body: unknown;
  readonly text: string;
  readonly request: PipelineRequest;
  readonly response: PipelineResponse;
}

export interface JsonExchange {
  readonly method: HttpMethods;
  readonly url: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Sends a request with a JSON body through the client's pipeline (same sign-in, retries and cancellation as the
 * SDK's own calls) and reads the answer as JSON. Any status resolves: the caller decides what a refusal means
 * (`refusal` makes the `RestError`).
 */
export async function exchangeJson(client: RequestSender, exchange: JsonExchange): Promise<JsonAnswer> {
  const { url, method, signal } = exchange;
  const request = createPipelineRequest({ url, method, abortSignal: signal, allowInsecureConnection: isLoopbackHttp(url) });
  request.headers.set('accept', 'application/json');
  for (const [name, value] of Object.entries(exchange.headers ?? {})) request.headers.set(name, value);
  if (exchange.body !== undefined) {
    request.headers.set('content-type', 'application/json');
    request.body = JSON.stringify(exchange.body);
  }
  const response = await client.sendRequest(request);
  const text = response.bodyAsText ?? '';
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text, request, response };
}

/**
 * The `RestError` for a refused answer, with the service's error code; `message` gets the service's message (or its
 * code, or the start of the body) to word it.
 */
export function refusal(answer: JsonAnswer, message: (detail: string | undefined) => string): RestError {
  const error = serviceError(answer.body);
  const detail = error ? (error.message ?? error.code) : answer.text.slice(0, 200);
  return new RestError(message(detail || undefined), { statusCode: answer.status, code: error?.code, request: answer.request, response: answer.response });
}

/** GET a JSON document through the client's pipeline and validate it; a non-2xx answer throws a `RestError`. */
export function getJson<T>(client: MlClient, url: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
  return sendJson(client, { method: 'GET', url, schema, signal });
}

export interface JsonRequest<T> {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  readonly url: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Validates the answer; an empty answer is `undefined`. */
  readonly schema: z.ZodType<T>;
  readonly signal?: AbortSignal | undefined;
}

/** `exchangeJson` for a 2xx answer validated with `schema`; a refusal throws a `RestError` with the service's message. */
export async function sendJson<T>(client: MlClient, options: JsonRequest<T>): Promise<T> {
  const { url } = options;
  const answer = await exchangeJson(client, options);
  if (answer.status < 200 || answer.status >= 300) {
    throw refusal(answer, (detail) => `${answer.status} from ${new URL(url).host}${detail ? `: ${detail}` : ''}`);
  }
  const parsed = options.schema.safeParse(answer.body);
  if (!parsed.success) throw new Error(`Unexpected answer from ${new URL(url).host}${new URL(url).pathname}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** An ARM-style list page: `value` plus an absolute `nextLink` while there are more. */
export function pageSchema<T>(item: z.ZodType<T>) {
  return z.object({ value: z.array(item), nextLink: z.string().nullish() });
}

/**
 * Every item of a paged ARM-style list, following `nextLink` until the last page. A `nextLink` without the first
 * request's `api-version` gets it back, as the generated data-plane clients of azure-ai-ml re-apply it to each next
 * page (`v2021_10_01_dataplanepreview/operations/_model_containers_operations.py` `prepare_request`, 09876b99d7).
 */
export async function* listAllPages<T>(client: MlClient, firstUrl: string, item: z.ZodType<T>, signal?: AbortSignal): AsyncGenerator<T> {
  const schema = pageSchema(item);
  const apiVersion = new URL(firstUrl).searchParams.get('api-version');
  let url: string | undefined = firstUrl;
  while (url) {
    const page: z.infer<typeof schema> = await getJson(client, url, schema, signal);
    yield* page.value;
    url = page.nextLink ? withApiVersion(page.nextLink, apiVersion) : undefined;
  }
}

function withApiVersion(link: string, apiVersion: string | null): string {
  const url = new URL(link);
  if (!apiVersion || url.searchParams.has('api-version')) return link;
  url.searchParams.set('api-version', apiVersion);
  return url.toString();
}

/** Seconds or an HTTP date (`Retry-After`), or milliseconds (`retry-after-ms`, `x-ms-retry-after-ms`). */
export function retryAfterMs(headers: HttpHeaders): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number(headers.get(name));
    if (headers.get(name) && Number.isFinite(value) && value >= 0) return value;
  }
  const raw = headers.get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The request was cancelled: an `AbortError`, or the pipeline's send error for an aborted request. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error instanceof RestError && error.code === 'REQUEST_SEND_ERROR' && /abort/i.test(error.message)));
}

export { describeAzureError, isSignInError } from './azureErrors';

