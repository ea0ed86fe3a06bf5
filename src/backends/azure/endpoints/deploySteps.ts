import type { OperationOptions } from '../../backend';
import { isAbortError, retryAfterMs, type JsonAnswer } from '../azureHttp';
import type { WorkspaceRest } from '../workspaceRest';
import type { BatchEndpoints } from './batchEndpoints';
import { OperationStoppedError } from './deployErrorAdvice';
import type { StepRequest } from './endpointKinds';
import { endpointTags } from './deploymentBodies';
import type { OnlineEndpoints } from './onlineEndpoints';
import type { OperationPoller } from './operationPolling';
import { writeResumeToken, type Pending, type Plan, type Step } from './resumeToken';

/**
 * The steps of a deployment, each a long-running PUT: the endpoint (when it does not exist yet), the deployment, then
 * the endpoint again with the new deployment in charge (all traffic for online, the default deployment for batch).
 * Before waiting for a step's operation, its resume token is handed out, so a window reload can follow it.
 */
export class DeploySteps {
  constructor(
    private readonly rest: WorkspaceRest,
    private readonly poller: OperationPoller,
    private readonly kinds: { readonly online: OnlineEndpoints; readonly batch: BatchEndpoints },
  ) {}

  /** Sends a step's PUT (unless `pending` says it was sent), then waits for its operation to end. */
  async run(plan: Plan, step: Step, pending: Pending | undefined, options: OperationOptions, signal: AbortSignal): Promise<void> {
    let initialDelay: number | undefined;
    if (!pending) {
      const sent = await this.send(plan, step, options, signal);
      if (!sent) return;
      ({ pending, initialDelay } = sent);
    } else {
      // A resumed operation always belongs to the step's own resource; anything else is not followed.
      if (pending.resourceUrl !== this.rest.withApi(this.stepResource(plan, step))) {
        throw new Error(`The saved deployment to ${plan.endpoint} does not match its ${step === 'deployment' ? 'deployment' : 'endpoint'}; deploy again.`);
      }
      // Time has passed since the token was saved: ask at once.
      initialDelay = 0;
    }
    await this.poller.waitFor(pending, { label: this.label(plan, step), signal, progress: options.progress, stopped: this.stopped(plan, step, true), initialDelay });
  }

  /** What a failure or progress line of `step` calls it. */
  label(plan: Plan, step: Step): string {
    switch (step) {
      case 'endpoint':
        return `Creating endpoint ${plan.endpoint}`;
      case 'deployment':
        return `Deployment ${plan.deployment} of ${plan.endpoint}`;
      case 'traffic':
        return plan.kind === 'online' ? `Sending the traffic of ${plan.endpoint} to ${plan.deployment}` : `Making ${plan.deployment} the default deployment of ${plan.endpoint}`;
    }
  }

  /** Sends the step's PUT; the operation to wait for (saved in a resume token), or `undefined` when there is none. */
  private async send(plan: Plan, step: Step, options: OperationOptions, signal: AbortSignal): Promise<{ pending: Pending; initialDelay: number | undefined } | undefined> {
    if (signal.aborted) throw this.stopped(plan, step, false)();
    let put: StepRequest | undefined;
    try {
      put = await this.request(plan, step, signal, options.progress);
    } catch (error) {
      if (isAbortError(error)) throw this.stopped(plan, step, false)();
      throw error;
    }
    if (!put) return undefined;
    let answer: JsonAnswer;
    try {
      answer = await this.rest.exchange('PUT', this.rest.withApi(put.url), { body: put.body, signal });
    } catch (error) {
      // The PUT may or may not have reached Azure: say what may be left.
      if (isAbortError(error)) throw this.stopped(plan, step, true)();
      throw error;
    }
    const pending = this.poller.pendingFrom(answer, this.rest.withApi(put.url));
    if (!pending) return undefined;
    options.onResumeToken?.(writeResumeToken(this.rest.target, plan, step, pending));
    return { pending, initialDelay: retryAfterMs(answer.headers) };
  }

  /** The resource a step creates or changes. */
  private stepResource(plan: Plan, step: Step): string {
    const endpoints = this.kinds[plan.kind];
    return step === 'deployment' ? endpoints.deploymentUrl(plan.endpoint, plan.deployment) : endpoints.endpointUrl(plan.endpoint);
  }

  /**
   * The PUT of a step (URL without query, body), or `undefined` when there is nothing to do (the endpoint exists, the
   * traffic is already there).
   */
  private async request(plan: Plan, step: Step, signal: AbortSignal, progress: ((line: string) => void) | undefined): Promise<StepRequest | undefined> {
    const endpoints = this.kinds[plan.kind];
    switch (step) {
      case 'endpoint':
        return this.endpointRequest(plan, signal, progress);
      case 'deployment': {
        const { body, progress: line } = endpoints.deploymentRequest(plan);
        progress?.(line);
        return { url: endpoints.deploymentUrl(plan.endpoint, plan.deployment), body };
      }
      case 'traffic':
        return endpoints.trafficRequest(plan, signal, progress);
    }
  }

  /** Creates the endpoint unless it exists; one that is still being created or updated is waited for first. */
  private async endpointRequest(plan: Plan, signal: AbortSignal, progress: ((line: string) => void) | undefined): Promise<StepRequest | undefined> {
    const endpoints = this.kinds[plan.kind];
    const existing = await endpoints.find(plan.endpoint, signal);
    if (existing) {
      const state = existing.properties.provisioningState;
      if (state === 'Deleting') throw new Error(`Endpoint ${plan.endpoint} is being deleted. Wait until it is gone, or pick another name.`);
      if (state === 'Creating' || state === 'Updating') {
        progress?.(`Endpoint ${plan.endpoint} is ${state.toLowerCase()}; waiting for it…`);
        const resource = this.rest.withApi(endpoints.endpointUrl(plan.endpoint));
        const wait = { label: `Endpoint ${plan.endpoint}`, signal, progress, stopped: this.stopped(plan, 'endpoint', true) };
        await this.poller.waitFor({ mode: 'resource', url: resource, resourceUrl: resource }, wait);
      } else {
        progress?.(`Endpoint ${plan.endpoint} exists; adding deployment ${plan.deployment} to it`);
      }
      return undefined;
    }
    progress?.(`Creating endpoint ${plan.endpoint}…`);
    return { url: endpoints.endpointUrl(plan.endpoint), body: endpoints.endpointBody(plan, endpointTags(plan)) };
  }

  private stopped(plan: Plan, step: Step, started: boolean): () => OperationStoppedError {
    return () => new OperationStoppedError(`Stopped waiting. ${leftRunning(plan, step, started)}`);
  }
}

/** What stays in Azure when the caller stops waiting during `step` (started: its PUT was sent). */
function leftRunning(plan: Plan, step: Step, started: boolean): string {
  const view = 'It shows in the Endpoints view, where you can delete it.';
  switch (step) {
    case 'endpoint':
      return started ? `Azure goes on creating endpoint ${plan.endpoint} (no deployment yet). ${view}` : 'Nothing was created in Azure.';
    case 'deployment':
      return started
        ? `Azure goes on creating deployment ${plan.deployment} of endpoint ${plan.endpoint}; its instances are billed once they run. ${view}`
        : `Endpoint ${plan.endpoint} stays in Azure without deployment ${plan.deployment}. ${view}`;
    case 'traffic':
      return started
        ? `Azure finishes ${plan.kind === 'online' ? `moving the traffic of ${plan.endpoint} to ${plan.deployment}` : `making ${plan.deployment} the default deployment`} on its own.`
        : `Deployment ${plan.deployment} is running on ${plan.endpoint} but ${plan.kind === 'online' ? 'receives no traffic' : 'is not the default deployment'} yet; deploy again to finish. ${view}`;
  }
}
