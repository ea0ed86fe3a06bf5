import type { TokenCredential } from '@azure/core-auth';
import pLimit from 'p-limit';
import { EndpointRecordSchema, type EndpointKind, type EndpointRecord } from '../../core/endpoints/endpointModel';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import type { Capability, CatalogService, DeployRequest, Disposable, EndpointService, InstanceTypeChoice, InvokeResult, OperationOptions } from '../backend';
import { AZURE_DELETION_NOTE, AZURE_ENDPOINT_KINDS, azureAfterCancel, azureDeployable, azureRequestFor, azureSampleRequest } from './endpoints/endpointCapabilities';
import { ChangeListeners } from '../changeListeners';
import type { AzureCloudEndpoints } from './azureCloud';
import path from 'node:path';
import { azureFailure, userFacing, withoutSecrets } from './azureErrors';
import { isAbortError, retryAfterMs, type JsonAnswer, type MlClient } from './azureHttp';
import type { AzureWorkspaceTarget } from './azureTarget';
import { BatchEndpoints } from './endpoints/batchEndpoints';
import { invokeBatchEndpoint } from './endpoints/batchInvocation';
import { AzureDeployError, explainFailure, OperationFailure, OperationStoppedError } from './endpoints/deployErrorAdvice';
import { planDeployment } from './endpoints/deploymentPlan';
import { DeploySteps } from './endpoints/deploySteps';
import { instanceTypeChoices, WorkspaceRegion } from './endpoints/instanceTypes';
import { OnlineEndpoints } from './endpoints/onlineEndpoints';
import { OperationPoller } from './endpoints/operationPolling';
import { readResumeToken, STEPS, type Pending, type Plan, type Step } from './endpoints/resumeToken';
import { EndpointScoring } from './endpoints/scoring';
import { isNotFound, WorkspaceRest } from './workspaceRest';

/**
 * Azure ML managed online endpoints and batch endpoints of the chosen workspace.
 *
 * Every call is raw REST through the SDK client's pipeline (same sign-in, retries with `Retry-After` on 429/503,
 * cancellation; `WorkspaceRest`), with `WORKSPACE_API_VERSION` (2026-07-01); answers are validated with zod. Request shapes:
 * test/fixtures/azureml/rest (`…/MachineLearningServices/stable/2026-07-01/openapi.json`, azure-rest-api-specs
 * 20273ef8cd); paths, status codes and long-running operations as `stable/2022-10-01/mfe.json` (29f2c80b06) has them,
 * unchanged since (resource shapes in `endpoints/endpointResources.ts`).
 *
 * This service holds what both kinds share and hands the rest to the parts under `endpoints/`: the online and batch
 * endpoints themselves (`onlineEndpoints.ts`, `batchEndpoints.ts`), the deployment's plan and steps
 * (`deploymentPlan.ts`, `deploySteps.ts`) polled as long-running operations (`operationPolling.ts`) with a resume
 * token (`resumeToken.ts`), errors in words a user can act on (`deployErrorAdvice.ts`), the instance types a model
 * can run on (`instanceTypes.ts`, `deployableModel.ts`), scoring (`scoring.ts`) and batch invocation
 * (`batchInvocation.ts`).
 */

export interface AzureEndpointsOptions {
  readonly client: () => MlClient;
  readonly cloud: AzureCloudEndpoints;
  readonly target: AzureWorkspaceTarget;
  /** Resolves the model a deployment names (its `source` is the asset id). */
  readonly catalog: CatalogService;
  /** The sign-in, for the tokens of Azure ML's own audience (batch invocation); the ARM client's is not accepted there. */
  readonly credential?: (() => TokenCredential) | undefined;
  /** Wait between polls of an operation that sends no `Retry-After` (5 s by default). */
  readonly pollIntervalMs?: number | undefined;
  /** The longest wait a `Retry-After` may ask for (60 s by default). */
  readonly maxPollIntervalMs?: number | undefined;
}

export class AzureEndpoints implements EndpointService {
  private readonly listeners = new ChangeListeners<EndpointRecord>();
  private readonly lifetime = new AbortController();
  private readonly rest: WorkspaceRest;
  private readonly byKind: { readonly online: OnlineEndpoints; readonly batch: BatchEndpoints };
  private readonly region: WorkspaceRegion;
  private readonly poller: OperationPoller;
  private readonly steps: DeploySteps;
  private readonly scoring = new EndpointScoring();

  constructor(private readonly options: AzureEndpointsOptions) {
    this.rest = new WorkspaceRest(options);
    this.byKind = { online: new OnlineEndpoints(this.rest), batch: new BatchEndpoints(this.rest) };
    this.region = new WorkspaceRegion(this.rest);
    this.poller = new OperationPoller(this.rest, options);
    this.steps = new DeploySteps(this.rest, this.poller, this.byKind);
  }

  // ----- What it can do (endpoints/endpointCapabilities.ts)

  readonly kinds = AZURE_ENDPOINT_KINDS;
  readonly choosesInstances = true;
  deployable = (model: CatalogModel): Capability => azureDeployable(model);
  sampleRequest = azureSampleRequest;
  requestFor = azureRequestFor;
  deletionNote = (): string => AZURE_DELETION_NOTE;
  afterCancel = azureAfterCancel;

  /** The caller's signal, also stopped by `dispose`. */
  private signal(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal;
  }

  onDidChange(listener: (endpoint: EndpointRecord) => void): Disposable {
    return this.listeners.add(listener);
  }

  private fire(endpoint: EndpointRecord): void {
    this.listeners.fire(endpoint);
  }

  /** Stops every wait in progress (Azure goes on) and forgets the listeners. */
  dispose(): void {
    this.lifetime.abort();
    this.listeners.clear();
  }

  async list(signal?: AbortSignal): Promise<EndpointRecord[]> {
    const combined = this.signal(signal);
    const limit = pLimit(4);
    const [online, batch] = await Promise.all([this.byKind.online.readAll(combined, limit), this.byKind.batch.readAll(combined, limit)]);
    return [...online, ...batch].sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
  }

  get(name: string, kind: EndpointKind, signal?: AbortSignal): Promise<EndpointRecord | undefined> {
    return this.byKind[kind].read(name, this.signal(signal));
  }

  instanceTypes(modelId: string, kind: EndpointKind, signal?: AbortSignal): Promise<InstanceTypeChoice[]> {
    return instanceTypeChoices(this.rest, this.region, this.options.catalog, { modelId, kind }, this.signal(signal));
  }

  async deploy(request: DeployRequest, options: OperationOptions = {}): Promise<EndpointRecord> {
    const plan = await planDeployment({ rest: this.rest, region: this.region, catalog: this.options.catalog }, request, this.signal(options.signal));
    return this.run(plan, 'endpoint', undefined, options);
  }

  async resumeDeploy(token: string, options: OperationOptions = {}): Promise<EndpointRecord> {
    const saved = readResumeToken(token, this.rest);
    options.progress?.(`Following the deployment to ${saved.plan.endpoint} where it was left`);
    return this.run(saved.plan, saved.step, saved.pending, options);
  }

  /** Runs the steps from `from` on; `pending` is that step's operation when it was already started. */
  private async run(plan: Plan, from: Step, pending: Pending | undefined, options: OperationOptions): Promise<EndpointRecord> {
    const signal = this.signal(options.signal);
    const start = STEPS.indexOf(from);
    for (let index = start; index < STEPS.length; index += 1) {
      const step = STEPS[index] as Step;
      try {
        await this.steps.run(plan, step, index === start ? pending : undefined, options, signal);
      } catch (error) {
        const failure = explainFailure(error, this.steps.label(plan, step), plan);
        // The endpoint as it is now, for the views; reading it must not hide the failure.
        if (!(failure instanceof OperationStoppedError)) {
          const record = await this.get(plan.endpoint, plan.kind).catch(() => undefined);
          if (record) this.fire(record);
        }
        throw failure;
      }
    }
    const record = await this.get(plan.endpoint, plan.kind, signal);
    if (!record) throw new Error(`Endpoint ${plan.endpoint} was deployed but cannot be read back; refresh the Endpoints view.`);
    this.fire(record);
    return record;
  }

  async delete(name: string, kind: EndpointKind, options: OperationOptions = {}): Promise<void> {
    const signal = this.signal(options.signal);
    const url = this.rest.withApi(this.byKind[kind].endpointUrl(name));
    const label = `Deleting ${kind} endpoint ${name}`;
    const stopped = () => new OperationStoppedError(`Stopped waiting. Azure goes on deleting endpoint ${name}; refresh the Endpoints view later.`);
    options.progress?.(`${label}…`);
    let answer: JsonAnswer;
    try {
      answer = await this.rest.exchange('DELETE', url, { signal });
    } catch (error) {
      if (isAbortError(error)) throw stopped();
      if (isNotFound(error)) return;
      throw azureFailure(error, label);
    }
    this.fire(EndpointRecordSchema.parse({ name, kind, backend: 'azure', state: 'deleting' }));
    if (answer.status === 200 || answer.status === 204) return;
    try {
      await this.poller.waitFor(this.poller.pendingOfDelete(answer, url), { label, signal, progress: options.progress, stopped, initialDelay: retryAfterMs(answer.headers) });
    } catch (error) {
      if (error instanceof OperationStoppedError) throw error;
      if (error instanceof OperationFailure && error.code === 'ResourceNotFound') return;
      if (error instanceof OperationFailure) throw new AzureDeployError(`${label} failed (${error.code}): ${error.message}`, error.code, { cause: withoutSecrets(error) });
      throw azureFailure(error, label);
    }
  }

  primaryKey(name: string, signal?: AbortSignal): Promise<string | undefined> {
    return this.byKind.online.primaryKey(name, this.signal(signal));
  }

  deploymentLogs(name: string, deployment: string, options: { lines?: number | undefined; signal?: AbortSignal | undefined } = {}): Promise<string> {
    return this.byKind.online.deploymentLogs(name, deployment, options.lines, this.signal(options.signal));
  }

  /** POSTs to the endpoint's scoring URI with the key (`EndpointScoring.invoke`); a refused request resolves with its status. */
  async invoke(name: string, body: unknown, options: { signal?: AbortSignal | undefined; key?: string | undefined; deployment?: string | undefined } = {}): Promise<InvokeResult> {
    const signal = this.signal(options.signal);
    const endpoint = await this.byKind.online.find(name, signal).catch((error: unknown) => {
      throw azureFailure(error, `Reading endpoint ${name}`);
    });
    if (!endpoint) throw new Error(`No online endpoint ${name} in workspace ${this.options.target.workspace}.`);
    return this.scoring.invoke(endpoint, body, { signal, key: options.key, deployment: options.deployment });
  }

  /** Scores a file with a batch endpoint (`invokeBatchEndpoint`); the batch job it starts shows in the Jobs view. */
  invokeBatch(name: string, file: string, options: OperationOptions & { deployment?: string | undefined } = {}): Promise<{ jobName: string }> {
    const signal = this.signal(options.signal);
    return invokeBatchEndpoint(this.rest, this.byKind.batch, name, file, { signal, progress: options.progress, deployment: options.deployment }).catch((error: unknown) => {
      throw userFacing(error, `Scoring ${path.basename(file)} with batch endpoint ${name}`, { workspace: this.options.target.workspace });
    });
  }
}
