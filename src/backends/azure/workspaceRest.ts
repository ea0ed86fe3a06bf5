import type { TokenCredential } from '@azure/core-auth';
import { RestError, type HttpMethods } from '@azure/core-rest-pipeline';
import * as z from 'zod';
import { trimSlash, type AzureCloudEndpoints } from './azureCloud';
import { amlToken, exchangeJson, listAllPages, refusal, resourceManagerOf, type JsonAnswer, type MlClient } from './azureHttp';
import { workspaceArmPath, type AzureWorkspaceTarget } from './azureTarget';

/**
 * The api-version of every ARM request to Azure ML (the workspace's jobs, models, data, datastores, computes,
 * endpoints and deployments, the region's VM sizes and the operations): the newest stable version of the resource
 * provider, `2026-07-01` (azure-rest-api-specs `…/MachineLearningServices/readme.md` 1d1c10b11b: default tag
 * `package-2026-07-01`; SETTLED.md #9), whose request shapes test/fixtures/azureml/rest records and the fake checks
 * (audit F13). `@azure/arm-machinelearning` 2.1.1 speaks 2022-10-01 and its mappers would disagree with these shapes,
 * so no call of the workspace goes through its operations any more: each is raw REST through its pipeline (sign-in,
 * retries, cancellation), here.
 */
export const WORKSPACE_API_VERSION = '2026-07-01';

export interface WorkspaceRestOptions {
  readonly client: () => MlClient;
  readonly cloud: AzureCloudEndpoints;
  readonly target: AzureWorkspaceTarget;
  /** The sign-in, for tokens of other audiences than ARM's (`x-azureml-token`). */
  readonly credential?: (() => TokenCredential) | undefined;
}

export interface RestCall {
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** More query parameters, after `api-version` (already encoded), e.g. `tag=x&listViewType=ActiveOnly`. */
  readonly query?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * Raw REST on the chosen workspace's ARM resources, through the SDK client's pipeline (`exchangeJson`: the same
 * sign-in, retries with `Retry-After` and cancellation as the SDK's calls): URLs under the workspace, the
 * api-version, answers validated with zod, a refusal as a `RestError` worded with the service's own message,
 * `find` for a resource that may not exist (404 → `undefined`) and `listAll` for ARM's paged lists.
 *
 * `get`, `find`, `put`, `post` and `listAll` take a resource URL without query and add the api-version;
 * `exchange` and `send` take a URL as it is (an operation's status URL, a registry's data plane).
 */
export class WorkspaceRest {
  /** The resource manager, e.g. `https://management.azure.com` (no trailing slash). */
  readonly armBase: string;
  /** `{armBase}/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}`. */
  readonly workspaceUrl: string;

  constructor(private readonly options: WorkspaceRestOptions) {
    this.armBase = trimSlash(options.cloud.resourceManager);
    this.workspaceUrl = `${this.armBase}${workspaceArmPath(options.target)}`;
  }

  get client(): MlClient {
    return this.options.client();
  }

  get target(): AzureWorkspaceTarget {
    return this.options.target;
  }

  get cloud(): AzureCloudEndpoints {
    return this.options.cloud;
  }

  /** The user's sign-in, for tokens of other audiences than ARM's (Azure ML, storage); `undefined` without one. */
  get credential(): TokenCredential | undefined {
    return this.options.credential?.();
  }

  /** `{workspaceUrl}/{segment}/{segment}…`, each segment encoded: `url('jobs', name)`. */
  url(...segments: string[]): string {
    return [this.workspaceUrl, ...segments.map(encodeURIComponent)].join('/');
  }

  /** `url?api-version=…`, then `query` when given. */
  withApi(url: string, query?: string): string {
    return `${url}${url.includes('?') ? '&' : '?'}api-version=${WORKSPACE_API_VERSION}${query ? `&${query}` : ''}`;
  }

  /** Whether `url` is on the resource manager's host (operation URLs are polled with the ARM token, so they must be). */
  onArm(url: string): boolean {
    try {
      return new URL(url).origin === new URL(this.armBase).origin;
    } catch {
      return false;
    }
  }

  /** A request to `url` as it is; any status below 400 resolves with the answer (headers and all), a refusal throws a `RestError`. */
  async exchange(method: HttpMethods, url: string, call: RestCall = {}): Promise<JsonAnswer> {
    const answer = await exchangeJson(this.client, { method, url, body: call.body, headers: call.headers, signal: call.signal });
    if (answer.status >= 400) throw refusal(answer, (detail) => detail ?? `${answer.status} from ${new URL(url).host}`);
    return answer;
  }

  /** `exchange`, the answer validated with `schema`. */
  async send<T>(method: HttpMethods, url: string, schema: z.ZodType<T>, call: RestCall = {}): Promise<T> {
    return this.parse((await this.exchange(method, url, call)).body, schema, url);
  }

  get<T>(url: string, schema: z.ZodType<T>, call: RestCall = {}): Promise<T> {
    return this.send('GET', this.withApi(url, call.query), schema, call);
  }

  /** `get`, or `undefined` when the resource does not exist (404). */
  async find<T>(url: string, schema: z.ZodType<T>, call: RestCall = {}): Promise<T | undefined> {
    try {
      return await this.get(url, schema, call);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  put<T>(url: string, schema: z.ZodType<T>, call: RestCall = {}): Promise<T> {
    return this.send('PUT', this.withApi(url, call.query), schema, call);
  }

  post<T>(url: string, schema: z.ZodType<T>, call: RestCall = {}): Promise<T> {
    return this.send('POST', this.withApi(url, call.query), schema, call);
  }

  /**
   * `PUT {W}/jobs/{name}`. A pipeline job, or one that runs as the user, also carries `x-azureml-token`, a token for Azure
   * ML's own resource, as azure-ai-ml sends it with every such job (`_job_operations.py` `create_or_update` →
   * `_set_headers_with_user_aml_token`; whether the service refuses a job without it is unverified, SETTLED.md #2).
   */
  async putJob<T>(name: string, body: JobBody, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
    const runsAsUser = body.properties.jobType === 'Pipeline' || body.properties.identity?.identityType === 'UserIdentity';
    const headers = runsAsUser ? { 'x-azureml-token': await amlToken(this.credential, this.cloud, signal) } : undefined;
    return this.put(this.url('jobs', name), schema, { body, headers, signal });
  }

  /** Every item of a paged list (`{value, nextLink}`), page after page. */
  async listAll<T>(url: string, item: z.ZodType<T>, call: RestCall = {}): Promise<T[]> {
    const items: T[] = [];
    for await (const value of listAllPages(this.client, this.withApi(url, call.query), item, call.signal)) items.push(value);
    return items;
  }

  parse<T>(body: unknown, schema: z.ZodType<T>, url: string): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new Error(`Unexpected answer from ${new URL(url).host}${new URL(url).pathname}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }
}

/** `{resource manager}{W}/{segments}?api-version=…` for a client (its endpoint, `$host`) and a workspace. */
export function workspaceResourceUrl(client: MlClient, target: AzureWorkspaceTarget, ...segments: string[]): string {
  return `${[`${resourceManagerOf(client)}${workspaceArmPath(target)}`, ...segments.map(encodeURIComponent)].join('/')}?api-version=${WORKSPACE_API_VERSION}`;
}

/** A job body as `putJob` reads it: its type and identity decide the headers. */
export interface JobBody {
  readonly properties: { readonly jobType: string; readonly identity?: { readonly identityType: string } | null | undefined; readonly [key: string]: unknown };
}

/** A refusal with 404: the resource is not there. */
export function isNotFound(error: unknown): boolean {
  return error instanceof RestError && error.statusCode === 404;
}
