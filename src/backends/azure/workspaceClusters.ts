import * as z from 'zod';
import type { WorkspaceRest } from './workspaceRest';

/**
 * The compute clusters of a workspace that jobs and batch deployments can run on: `GET {W}/computes`
 * (`WORKSPACE_API_VERSION`; rest/compute.list.json `ComputeResource` with `properties.computeType` and, for `AmlCompute`,
 * `properties.properties`: `vmSize`, `scaleSettings`; API.md §1.4.5). Attached Kubernetes and failed clusters are left out.
 */
const ComputeSchema = z.looseObject({
  name: z.string().min(1),
  properties: z.looseObject({
    computeType: z.string(),
    provisioningState: z.string().nullish(),
    properties: z
      .looseObject({
        vmSize: z.string().nullish(),
        scaleSettings: z.looseObject({ maxNodeCount: z.number().nullish(), minNodeCount: z.number().nullish() }).nullish(),
      })
      .nullish(),
  }),
});

export interface WorkspaceCluster {
  readonly name: string;
  /** e.g. `Standard_NC6s_v3`; `unknown size` when the service does not say. */
  readonly vmSize: string;
  readonly gpu: boolean;
  /** e.g. `0–4 nodes`, when the scale settings say. */
  readonly nodes?: string | undefined;
}

/** GPU VM families of Azure (NC, ND, NV and their versions). */
export function isGpuVmSize(vmSize: string): boolean {
  return /^standard_n[cdv]/i.test(vmSize);
}

export async function listClusters(rest: WorkspaceRest, signal?: AbortSignal): Promise<WorkspaceCluster[]> {
  const clusters: WorkspaceCluster[] = [];
  for (const compute of await rest.listAll(rest.url('computes'), ComputeSchema, { signal })) {
    if (compute.properties.computeType !== 'AmlCompute' || compute.properties.provisioningState === 'Failed') continue;
    const vmSize = compute.properties.properties?.vmSize ?? 'unknown size';
    const scale = compute.properties.properties?.scaleSettings;
    clusters.push({ name: compute.name, vmSize, gpu: isGpuVmSize(vmSize), nodes: scale?.maxNodeCount ? `${scale.minNodeCount ?? 0}–${scale.maxNodeCount} nodes` : undefined });
  }
  return clusters;
}
