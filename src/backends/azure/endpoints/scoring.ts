import { createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest, type HttpClient, type HttpHeaders, type Pipeline, type PipelineResponse } from '@azure/core-rest-pipeline';
import type { InvokeResult } from '../../backend';
import { isAbortError, isLoopbackHttp, retryAfterMs, serviceError } from '../azureHttp';
import type { OnlineEndpoint } from './endpointResources';

const USER_AGENT = 'foundation-models-vscode';

/**
 * The body `invoke` gives back for a scoring request the endpoint refused (status 4xx/5xx): what it means and what to
 * do, next to what the endpoint answered.
 */
export interface ScoringProblem {
  readonly problem: string;
  readonly response: unknown;
}

export interface ScoringOptions {
  readonly signal: AbortSignal;
  /** The endpoint's key, sent as a bearer token. */
  readonly key?: string | undefined;
  /** Sent as `azureml-model-deployment`; the deployments share the traffic when left out. */
  readonly deployment?: string | undefined;
}

/**
 * Scoring requests to managed online endpoints. They do not go through the ARM client's pipeline (its sign-in policy
 * would replace the key with an ARM token) but through a pipeline of their own, without retries: a scoring request is
 * not repeated behind the user's back.
 */
export class EndpointScoring {
  private scoring: { pipeline: Pipeline; client: HttpClient } | undefined;

  /**
   * POSTs to the endpoint's scoring URI with the key. Like the local backend, a refused request resolves with its
   * status (so a caller can read the key again on 401); its body is then a `ScoringProblem` that explains the status
   * as Azure documents it for scoring (how-to-troubleshoot-online-endpoints.md) beside the endpoint's own answer.
   * Only a request that gets no answer at all rejects.
   */
  async invoke(endpoint: OnlineEndpoint, body: unknown, options: ScoringOptions): Promise<InvokeResult> {
    const { name } = endpoint;
    const uri = endpoint.properties.scoringUri;
    if (!uri) throw new Error(`Endpoint ${name} has no scoring URI yet (it is ${endpoint.properties.provisioningState?.toLowerCase() ?? 'not ready'}); try again when it is ready.`);
    const started = Date.now();
    const response = await this.send(name, uri, body, options);
    const durationMs = Date.now() - started;
    const text = response.bodyAsText ?? '';
    let answer: unknown = text;
    try {
      answer = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    if (response.status >= 200 && response.status < 300) return { status: response.status, body: answer, durationMs };
    const problem: ScoringProblem = { problem: scoringProblem(name, response.status, response.headers, answer, options), response: answer };
    return { status: response.status, body: problem, durationMs };
  }

  private async send(name: string, uri: string, body: unknown, options: ScoringOptions): Promise<PipelineResponse> {
    this.scoring ??= {
      pipeline: createPipelineFromOptions({ retryOptions: { maxRetries: 0 }, userAgentOptions: { userAgentPrefix: USER_AGENT } }),
      client: createDefaultHttpClient(),
    };
    const request = createPipelineRequest({ url: uri, method: 'POST', abortSignal: options.signal, allowInsecureConnection: isLoopbackHttp(uri) });
    request.headers.set('content-type', 'application/json');
    request.headers.set('accept', 'application/json');
    if (options.key) request.headers.set('authorization', `Bearer ${options.key}`);
    if (options.deployment) request.headers.set('azureml-model-deployment', options.deployment);
    request.body = JSON.stringify(body);
    try {
      return await this.scoring.pipeline.sendRequest(this.scoring.client, request);
    } catch (error) {
      if (isAbortError(error)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Endpoint ${name} did not answer at ${new URL(uri).host} (${reason}). Check the network, and that the endpoint still exists.`, { cause: error });
    }
  }
}

/** What a refused scoring request means, as Azure documents the statuses of scoring (how-to-troubleshoot-online-endpoints.md). */
function scoringProblem(name: string, status: number, headers: HttpHeaders, answer: unknown, options: Omit<ScoringOptions, 'signal'>): string {
  const error = serviceError(answer);
  const detail = error ? error.message : typeof answer === 'string' ? answer.slice(0, 200) : undefined;
  const said = detail ? ` (${detail})` : '';
  switch (true) {
    case status === 401 || status === 403:
      return options.key
        ? `Endpoint ${name} refused the key (${status}). Read the key again: it changes when the keys are regenerated.`
        : `Endpoint ${name} needs its key (${status}): none was sent. Read it with the endpoint's key command first.`;
    case status === 404:
      return options.deployment
        ? `Endpoint ${name} has no deployment ${options.deployment} that can answer (404).${said}`
        : `Endpoint ${name} has no deployment that receives traffic (404). Deploy a model to it, or send traffic to one of its deployments.${said}`;
    case status === 408:
      return `The model behind ${name} took too long to answer (408). Send a smaller request, or raise the deployment's request timeout.`;
    case status === 424: {
      const reason = headers.get('ms-azureml-model-error-reason');
      const code = headers.get('ms-azureml-model-error-statuscode');
      return `The model behind ${name} failed to answer (424${code ? `, model status ${code}` : ''}${reason ? `: ${reason}` : ''}). Read the deployment logs.${said}`;
    }
    case status === 429: {
      const wait = retryAfterMs(headers);
      return `Endpoint ${name} is getting more requests than it can take (429). Wait${wait ? ` ${Math.ceil(wait / 1000)} s` : ' a moment'} and try again, or add instances.`;
    }
    case status >= 500:
      return `Endpoint ${name} had a server error (${status}). Read the deployment logs, then try again.${said}`;
    default:
      return `Endpoint ${name} answered ${status}.${said}`;
  }
}
