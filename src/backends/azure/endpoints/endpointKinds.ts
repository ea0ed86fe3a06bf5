import type { LimitFunction } from 'p-limit';
import type * as z from 'zod';
import { EndpointRecordSchema, endpointStateFromAzure, type DeploymentRecord, type EndpointKind, type EndpointRecord } from '../../../core/endpoints/endpointModel';
import { isNotFound, type WorkspaceRest } from '../workspaceRest';
import { MODEL_TAG, TASK_TAG, type EndpointResource } from './endpointResources';
import type { Plan } from './resumeToken';

/** A request a deployment step sends: the URL without query, and the JSON body. */
export interface StepRequest {
  readonly url: string;
  readonly body: unknown;
}

/** The properties that put a deployment in charge of an endpoint, and the progress line that says so. */
export interface TrafficChange {
  readonly properties: Record<string, unknown>;
  readonly progress: string;
}

/**
 * The endpoints of one kind (`{W}/onlineEndpoints` or `{W}/batchEndpoints`) and their deployments: reading them as
 * the views show them, and the bodies of each deployment step. What differs between online and batch is in the two
 * subclasses; the rest is the same REST on another collection.
 */
export abstract class EndpointsOfKind<E extends EndpointResource, D> {
  constructor(
    protected readonly rest: WorkspaceRest,
    readonly kind: EndpointKind,
    private readonly collection: 'onlineEndpoints' | 'batchEndpoints',
    readonly endpointSchema: z.ZodType<E>,
    private readonly deploymentSchema: z.ZodType<D>,
  ) {}

  /** `{W}/onlineEndpoints[/{name}]` or `{W}/batchEndpoints[/{name}]`, without query. */
  endpointUrl(name?: string): string {
    return this.rest.url(this.collection, ...(name === undefined ? [] : [name]));
  }

  deploymentUrl(endpoint: string, deployment?: string): string {
    const base = `${this.endpointUrl(endpoint)}/deployments`;
    return deployment === undefined ? base : `${base}/${encodeURIComponent(deployment)}`;
  }

  /** The endpoint resource, or `undefined` when there is none of that name. */
  find(name: string, signal: AbortSignal | undefined): Promise<E | undefined> {
    return this.rest.find(this.endpointUrl(name), this.endpointSchema, { signal });
  }

  /** The endpoint with its deployments, as the views show it. */
  async read(name: string, signal: AbortSignal): Promise<EndpointRecord | undefined> {
    const endpoint = await this.find(name, signal);
    return endpoint && this.toRecord(endpoint, await this.rest.listAll(this.deploymentUrl(name), this.deploymentSchema, { signal }));
  }

  /** Every endpoint of this kind with its deployments; `limit` bounds the deployment reads in flight. */
  async readAll(signal: AbortSignal, limit: LimitFunction): Promise<EndpointRecord[]> {
    const endpoints = await this.rest.listAll(this.endpointUrl(), this.endpointSchema, { signal });
    // An endpoint deleted between the two reads lists without deployments rather than failing the whole list.
    const deploymentsOf = (name: string) =>
      this.rest.listAll(this.deploymentUrl(name), this.deploymentSchema, { signal }).catch((error: unknown) => {
        if (isNotFound(error)) return [] as D[];
        throw error;
      });
    return Promise.all(endpoints.map((endpoint) => limit(async () => this.toRecord(endpoint, await deploymentsOf(endpoint.name)))));
  }

  /**
   * The PUT that puts `plan.deployment` in charge of the endpoint, or `undefined` when it already is. The endpoint goes
   * back whole (PUT replaces), with only its traffic or default deployment changed.
   */
  async trafficRequest(plan: Plan, signal: AbortSignal, progress: ((line: string) => void) | undefined): Promise<StepRequest | undefined> {
    const url = this.endpointUrl(plan.endpoint);
    const current = await this.rest.get(url, this.endpointSchema, { signal });
    const readOnly = new Set(['provisioningState', 'scoringUri', 'swaggerUri']);
    const writable = Object.fromEntries(Object.entries(current.properties).filter(([key]) => !readOnly.has(key)));
    const identity = current.identity
      ? {
          type: current.identity.type,
          ...(current.identity.userAssignedIdentities ? { userAssignedIdentities: Object.fromEntries(Object.keys(current.identity.userAssignedIdentities).map((id) => [id, {}])) } : {}),
        }
      : undefined;
    const envelope = {
      location: current.location ?? plan.location,
      ...(current.tags ? { tags: current.tags } : {}),
      ...(current.kind ? { kind: current.kind } : {}),
      ...(identity ? { identity } : {}),
    };
    const change = this.trafficChange(current, plan);
    if (!change) return undefined;
    progress?.(change.progress);
    return { url, body: { ...envelope, properties: { ...writable, ...change.properties } } };
  }

  /** The body that creates the endpoint. */
  abstract endpointBody(plan: Plan, tags: Record<string, string>): unknown;

  /** The body that creates the deployment, and the progress line that says what it asks for. */
  abstract deploymentRequest(plan: Plan): { readonly body: unknown; readonly progress: string };

  /** What in the endpoint changes to put `plan.deployment` in charge; `undefined` when it already is. */
  protected abstract trafficChange(current: E, plan: Plan): TrafficChange | undefined;

  protected abstract toRecord(endpoint: E, deployments: D[]): EndpointRecord;

  /** The record of an endpoint: its state follows its deployments', and a failure says what to do. */
  protected record(endpoint: E, traffic: Record<string, number>, deployments: DeploymentRecord[]): EndpointRecord {
    const { name } = endpoint;
    let state = endpointStateFromAzure(endpoint.properties.provisioningState);
    if (state === 'ready' && deployments.some((d) => d.state === 'creating' || d.state === 'updating')) state = 'updating';
    const failed = deployments.filter((d) => d.state === 'failed').map((d) => d.name);
    const error =
      state === 'failed'
        ? `Endpoint ${name} failed to provision. Delete it and deploy again.`
        : failed.length > 0
          ? `Deployment ${failed.join(', ')} failed. ${this.kind === 'online' ? 'Read its logs, then ' : ''}deploy again or delete it.`
          : undefined;
    const task = endpoint.tags?.[TASK_TAG] ?? undefined;
    const model = endpoint.tags?.[MODEL_TAG] ?? undefined;
    const scoringUri = endpoint.properties.scoringUri;
    return EndpointRecordSchema.parse({
      name,
      kind: this.kind,
      backend: 'azure',
      state,
      ...(scoringUri ? { scoringUri } : {}),
      traffic,
      deployments,
      ...(task ? { task } : {}),
      ...(model ? { model } : {}),
      ...(error ? { error } : {}),
    });
  }
}
