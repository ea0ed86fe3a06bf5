import * as z from 'zod';
import type { EndpointKind } from '../../../core/endpoints/endpointModel';
import type { CatalogService, InstanceTypeChoice } from '../../backend';
import { isAbortError } from '../azureHttp';
import { listClusters } from '../workspaceClusters';
import type { WorkspaceRest } from '../workspaceRest';
import { modelSkus, resolveModel, type ModelSkus } from './deployableModel';
import { VmSizeSchema, WorkspaceSchema, type VmSize } from './endpointResources';
import { isRetiredVmSize } from './retiredVmSizes';

const PROVIDER = 'Microsoft.MachineLearningServices';

/** The workspace's region: its location and the VM sizes offered there, each read once (a failed read is tried again). */
export class WorkspaceRegion {
  private locationRead: Promise<string> | undefined;
  private sizesRead: Promise<VmSize[]> | undefined;

  constructor(private readonly rest: WorkspaceRest) {}

  location(signal: AbortSignal | undefined): Promise<string> {
    this.locationRead ??= this.rest.get(this.rest.workspaceUrl, WorkspaceSchema, { signal }).then(
      (ws) => ws.location,
      (error: unknown) => {
        this.locationRead = undefined;
        throw error;
      },
    );
    return this.locationRead;
  }

  /** The region's VM sizes (`GET /subscriptions/{sub}/providers/…/locations/{location}/vmSizes`, not paged). */
  vmSizes(signal: AbortSignal | undefined): Promise<VmSize[]> {
    this.sizesRead ??= (async () => {
      const location = await this.location(signal);
      const url = `${this.rest.armBase}/subscriptions/${encodeURIComponent(this.rest.target.subscriptionId)}/providers/${PROVIDER}/locations/${encodeURIComponent(location)}/vmSizes`;
      return (await this.rest.get(url, z.object({ value: z.array(VmSizeSchema) }), { signal })).value;
    })().catch((error: unknown) => {
      this.sizesRead = undefined;
      throw error;
    });
    return this.sizesRead;
  }
}

/**
 * What a model can be deployed on: for online endpoints the sizes the model names (recommended first) or else the
 * region's sizes for managed endpoints; for batch endpoints the workspace's clusters.
 */
export async function instanceTypeChoices(
  rest: WorkspaceRest,
  region: WorkspaceRegion,
  catalog: CatalogService,
  request: { readonly modelId: string; readonly kind: EndpointKind },
  signal: AbortSignal,
): Promise<InstanceTypeChoice[]> {
  const model = await resolveModel(catalog, request.modelId, signal);
  // The model's lists are a recommendation: when they cannot be read, the region's sizes still serve.
  const listed = await modelSkus(rest, model.assetId, signal).catch((error: unknown) => {
    if (isAbortError(error)) throw error;
    return { allowed: [], recommended: [] };
  });
  const current = (sizes: string[]) => sizes.filter((size) => !isRetiredVmSize(size));
  const skus: ModelSkus = { allowed: current(listed.allowed), recommended: current(listed.recommended) };
  return request.kind === 'batch' ? clusterChoices(rest, skus, signal) : onlineChoices(region, skus, signal);
}

async function onlineChoices(region: WorkspaceRegion, skus: ModelSkus, signal: AbortSignal): Promise<InstanceTypeChoice[]> {
  const named = uniqueIgnoringCase([...skus.recommended, ...skus.allowed]);
  if (named.length > 0) {
    const recommended = new Set((skus.recommended.length > 0 ? skus.recommended : skus.allowed).map((s) => s.toLowerCase()));
    const sizes = await region.vmSizes(signal).catch((error: unknown) => {
      if (isAbortError(error)) throw error;
      return [] as VmSize[];
    });
    const byName = new Map(sizes.map((size) => [size.name.toLowerCase(), size]));
    const choices = named.map((name) => {
      const size = byName.get(name.toLowerCase());
      const description = size && describeVmSize(size);
      return { name, recommended: recommended.has(name.toLowerCase()), ...(description ? { description } : {}) };
    });
    return choices.sort((a, b) => Number(b.recommended) - Number(a.recommended));
  }
  const sizes = await region.vmSizes(signal);
  // `MIR` marks the sizes managed online endpoints run on (examples/VirtualMachineSize/list.json); all sizes when none is marked.
  const managed = sizes.filter((size) => size.supportedComputeTypes?.some((t) => t.toUpperCase() === 'MIR'));
  return (managed.length > 0 ? managed : sizes)
    .filter((size) => !isRetiredVmSize(size.name))
    .sort((a, b) => (a.gpus ?? 0) - (b.gpus ?? 0) || (a.vCPUs ?? 0) - (b.vCPUs ?? 0) || a.name.localeCompare(b.name))
    .map((size) => {
      const description = describeVmSize(size);
      return { name: size.name, recommended: false, ...(description ? { description } : {}) };
    });
}

/** Batch deployments run on the workspace's clusters; those whose VM size the model allows come first, recommended. */
async function clusterChoices(rest: WorkspaceRest, skus: ModelSkus, signal: AbortSignal): Promise<InstanceTypeChoice[]> {
  const allowed = new Set([...skus.allowed, ...skus.recommended].map((s) => s.toLowerCase()));
  const clusters = await listClusters(rest, signal);
  const choices: InstanceTypeChoice[] = clusters.map(({ name, vmSize, gpu, nodes }) => ({
    name,
    recommended: allowed.has(vmSize.toLowerCase()),
    description: ['cluster', vmSize, gpu ? 'GPU' : 'CPU', nodes].filter(Boolean).join(' · '),
  }));
  return choices.sort((a, b) => Number(b.recommended) - Number(a.recommended) || a.name.localeCompare(b.name));
}

function uniqueIgnoringCase(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describeVmSize(size: VmSize): string | undefined {
  const parts = [
    size.vCPUs ? `${size.vCPUs} vCPUs` : undefined,
    size.memoryGB ? `${size.memoryGB} GB` : undefined,
    size.gpus ? `${size.gpus} GPU${size.gpus === 1 ? '' : 's'}` : size.vCPUs ? 'CPU' : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : undefined;
}
