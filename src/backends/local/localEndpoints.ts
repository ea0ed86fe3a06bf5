import { endpointNameProblem, EndpointRecordSchema, type EndpointKind, type EndpointRecord } from '../../core/endpoints/endpointModel';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import { normalizeTaskName } from '../../core/catalog/modelTask';
import type { InferenceInput, InferenceOptions } from '../../core/inference/inferenceTypes';
import { isTaskId, sampleFor, TASKS, type TaskId } from '../../core/tasks';
import { capabilityError, type Capability, type CatalogService, type DeployRequest, type Disposable, type EndpointService, type InstanceTypeChoice, type InvokeResult, type ModelServer, type OperationOptions, type SampleRequestModel } from '../backend';
import { DEFAULT_INFERENCE_SETTINGS, type InferenceSettings } from './inferenceSettings';
import { runsHere } from './localCapabilities';
import { startScoringServer, type ScoringServer } from './scoringServer';
import { ChangeListeners } from '../changeListeners';

/**
 * Endpoints on this machine: each is a scoring server on 127.0.0.1 (see `scoringServer.ts`) that serves one model
 * folder of the local catalog, for its task. They live as long as this process: nothing is written to
 * disk, and closing VS Code (or the CLI) stops them.
 */

export const LOCAL_INSTANCE_TYPE = 'this machine';

const BATCH_REFUSED =
  'Batch endpoints run on Azure Machine Learning: switch to the Azure backend to deploy one. ' +
  'To score a file on this machine, use Evaluate… on the model.';

interface LocalEndpoint {
  readonly record: EndpointRecord;
  readonly server: ScoringServer;
}

export class LocalEndpoints implements EndpointService {
  private readonly endpoints = new Map<string, LocalEndpoint>();
  private readonly listeners = new ChangeListeners<EndpointRecord>();
  private disposed = false;

  readonly kinds = ['online'] as const;
  /** A local endpoint is one scoring server in this process: there is no instance type or count to choose. */
  readonly choosesInstances = false;

  constructor(
    private readonly catalog: CatalogService,
    private readonly settings: InferenceSettings = DEFAULT_INFERENCE_SETTINGS,
  ) {}

  /** A model whose ONNX export is here, for a task it runs (`localCapabilities.ts`); a curated one not yet downloaded says so. */
  deployable(model: CatalogModel): Capability {
    return runsHere(model);
  }

  /** The scoring server's request (`scoringRequests.ts`): `{"inputs": [...]}` of texts, or of questions with their context. */
  sampleRequest(model: SampleRequestModel): unknown {
    const sample = sampleFor(model.task);
    if ('question' in sample) return { inputs: [{ question: sample.question, context: sample.context }] };
    const task = normalizeTaskName(model.task ?? '');
    const writes = isTaskId(task) && TASKS[task].inference.output === 'text';
    return { inputs: [model.sampleInput ?? sample.text], ...(writes ? { parameters: { max_new_tokens: 64 } } : {}) };
  }

  /** `{"inputs": [one input], "parameters": {top_k, max_new_tokens}}`, as `scoringRequests.ts` reads it. */
  requestFor(_model: SampleRequestModel, input: InferenceInput, options: InferenceOptions = {}): unknown {
    const wire = 'question' in input ? { question: input.question, context: input.context } : input.textPair !== undefined ? { text: input.text, text_pair: input.textPair } : input.text;
    const parameters = { ...(options.topK ? { top_k: options.topK } : {}), ...(options.maxNewTokens ? { max_new_tokens: options.maxNewTokens } : {}) };
    return { inputs: [wire], ...(Object.keys(parameters).length ? { parameters } : {}) };
  }

  deletionNote(): string {
    return 'Its scoring server stops.';
  }

  /** Cancelling stops a local deployment or deletion outright: nothing goes on. */
  afterCancel(): undefined {
    return undefined;
  }

  async serve(modelFolder: string, options: { readonly port?: number | undefined; readonly signal?: AbortSignal | undefined; readonly task?: TaskId | undefined } = {}): Promise<ModelServer> {
    return startScoringServer({ modelFolder, port: options.port, signal: options.signal, task: options.task, settings: this.settings });
  }

  onDidChange(listener: (endpoint: EndpointRecord) => void): Disposable {
    return this.listeners.add(listener);
  }

  async list(): Promise<EndpointRecord[]> {
    return [...this.endpoints.values()].map((endpoint) => endpoint.record).sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string, kind: EndpointKind): Promise<EndpointRecord | undefined> {
    return kind === 'online' ? this.endpoints.get(name)?.record : undefined;
  }

  async instanceTypes(_modelId: string, kind: EndpointKind): Promise<InstanceTypeChoice[]> {
    if (kind === 'batch') throw new Error(BATCH_REFUSED);
    return [{ name: LOCAL_INSTANCE_TYPE, recommended: true, description: 'A scoring server on 127.0.0.1, running while VS Code is open' }];
  }

  async deploy(request: DeployRequest, options: OperationOptions = {}): Promise<EndpointRecord> {
    const { signal, progress } = options;
    const name = request.endpointName;
    const problem = endpointNameProblem(name);
    if (problem) throw new Error(problem);
    if (request.kind === 'batch') throw new Error(BATCH_REFUSED);
    this.checkOpen();
    signal?.throwIfAborted();
    const model = await this.catalog.get(request.modelId, { signal });
    if (!model) throw new Error(`Model "${request.modelId}" is not in the local catalog.`);
    const capability = runsHere(model);
    if (!capability.ok) throw capabilityError(capability, model.id);
    const modelPath = model.path ?? '';
    const previous = this.endpoints.get(name);
    progress?.(
      previous
        ? `Loading ${model.name} for ${name}; the running server keeps answering until the new one is up`
        : `Loading ${model.name} from ${modelPath}`,
    );
    const task = normalizeTaskName(model.task);
    const server = await startScoringServer({ modelFolder: modelPath, signal, task: isTaskId(task) ? task : undefined, settings: this.settings });
    if (signal?.aborted || this.disposed) {
      await server.close();
      signal?.throwIfAborted();
      this.checkOpen();
    }
    const deployment = request.deploymentName ?? model.name;
    const record = EndpointRecordSchema.parse({
      name,
      kind: 'online',
      backend: 'local',
      state: 'ready',
      scoringUri: `${server.url}/score`,
      traffic: { [deployment]: 100 },
      deployments: [{ name: deployment, model: model.id, instanceType: LOCAL_INSTANCE_TYPE, instanceCount: 1, state: 'ready' }],
      task: model.task,
    });
    // Whatever holds the name now (the endpoint that was there, or one a concurrent deploy put up) is replaced.
    const replaced = this.endpoints.get(name);
    this.endpoints.set(name, { record, server });
    if (replaced) {
      progress?.(`Stopping the previous server of ${name} (${replaced.record.scoringUri ?? ''})`);
      await replaced.server.close();
    }
    progress?.(`${name} is ready at ${record.scoringUri ?? ''}`);
    this.fire(record);
    return record;
  }

  async resumeDeploy(): Promise<EndpointRecord> {
    throw new Error('Local endpoints stop when VS Code closes, so there is no deployment to go on with: deploy the model again.');
  }

  async delete(name: string, kind: EndpointKind, options: OperationOptions = {}): Promise<void> {
    const endpoint = kind === 'online' ? this.endpoints.get(name) : undefined;
    if (!endpoint) return;
    options.progress?.(`Stopping the scoring server of ${name}`);
    this.endpoints.delete(name);
    this.fire({ ...endpoint.record, state: 'deleting' });
    await endpoint.server.close();
  }

  async invoke(name: string, body: unknown, options: { signal?: AbortSignal | undefined; key?: string | undefined; deployment?: string | undefined } = {}): Promise<InvokeResult> {
    const endpoint = this.require(name);
    const deployment = endpoint.record.deployments[0]?.name;
    if (options.deployment !== undefined && options.deployment !== deployment) {
      throw new Error(`${name} has no deployment "${options.deployment}"; its deployment is "${deployment ?? ''}".`);
    }
    const uri = endpoint.record.scoringUri ?? `${endpoint.server.url}/score`;
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(uri, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
        signal: options.signal ?? null,
      });
    } catch (error) {
      options.signal?.throwIfAborted();
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
      throw new Error(`${name} did not answer at ${uri} (${cause}). Delete it and deploy the model again.`);
    }
    const text = await response.text();
    const durationMs = Math.round(performance.now() - started);
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        // Kept as text: the caller shows what came back.
      }
    }
    return { status: response.status, body: parsed, durationMs };
  }

  async primaryKey(): Promise<string | undefined> {
    return undefined;
  }

  async deploymentLogs(name: string, deployment: string, options: { lines?: number | undefined } = {}): Promise<string> {
    const endpoint = this.require(name);
    if (!endpoint.record.deployments.some((d) => d.name === deployment)) {
      throw new Error(`${name} has no deployment "${deployment}"; its deployment is "${endpoint.record.deployments[0]?.name ?? ''}".`);
    }
    const log = endpoint.server.log;
    const lines = options.lines === undefined ? log.length : Math.max(0, Math.floor(options.lines));
    return log.slice(log.length - Math.min(lines, log.length)).join('\n');
  }

  /** Stops every server; the endpoints end with this backend. */
  dispose(): void {
    this.disposed = true;
    const servers = [...this.endpoints.values()].map((endpoint) => endpoint.server);
    this.endpoints.clear();
    this.listeners.clear();
    for (const server of servers) void server.close().catch(() => undefined);
  }

  private require(name: string): LocalEndpoint {
    const endpoint = this.endpoints.get(name);
    if (!endpoint) {
      throw new Error(
        `There is no local endpoint "${name}": it was deleted, or VS Code was closed since it was deployed (local endpoints stop with it). Deploy the model again.`,
      );
    }
    return endpoint;
  }

  private checkOpen(): void {
    if (this.disposed) throw new Error('The local backend was closed; its endpoints stopped with it. Deploy again from a new window.');
  }

  private fire(record: EndpointRecord): void {
    this.listeners.fire(record);
  }
}
