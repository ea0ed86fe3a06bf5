import * as z from 'zod';

/**
 * Endpoints as every backend reports them and every view shows them: an Azure ML online (real-time) or batch
 * endpoint, or a scoring server on this machine.
 */
export const ENDPOINT_KINDS = ['online', 'batch'] as const;
export const EndpointKindSchema = z.enum(ENDPOINT_KINDS);
export type EndpointKind = z.infer<typeof EndpointKindSchema>;

/** Provisioning states (`KnownEndpointProvisioningState` / `KnownDeploymentProvisioningState`) in the views' words. */
export const ENDPOINT_STATES = ['creating', 'updating', 'ready', 'failed', 'deleting', 'canceled'] as const;
export const EndpointStateSchema = z.enum(ENDPOINT_STATES);
export type EndpointState = z.infer<typeof EndpointStateSchema>;

export function endpointStateFromAzure(state: string | null | undefined): EndpointState {
  switch (state) {
    case 'Succeeded':
      return 'ready';
    case 'Failed':
      return 'failed';
    case 'Deleting':
      return 'deleting';
    case 'Canceled':
      return 'canceled';
    case 'Updating':
    case 'Scaling':
      return 'updating';
    default:
      return 'creating';
  }
}

export const DeploymentRecordSchema = z.object({
  name: z.string().min(1),
  /** The model it serves: an asset id, or a catalog id locally. */
  model: z.string().optional(),
  instanceType: z.string().optional(),
  instanceCount: z.number().int().nonnegative().optional(),
  state: EndpointStateSchema,
});
export type DeploymentRecord = z.infer<typeof DeploymentRecordSchema>;

export const EndpointRecordSchema = z.object({
  name: z.string().min(1),
  kind: EndpointKindSchema,
  backend: z.string().min(1),
  state: EndpointStateSchema,
  /** Where requests go (`POST`); absent until provisioned. */
  scoringUri: z.string().optional(),
  /** Percent of traffic per deployment (online endpoints). */
  traffic: z.record(z.string(), z.number()).default({}),
  deployments: z.array(DeploymentRecordSchema).default([]),
  /** The task of the model behind it, when known: the sample request body depends on it. */
  task: z.string().optional(),
  /** The catalog id of the model it was deployed with, when known (its card and signature shape the sample request). */
  model: z.string().optional(),
  /** Why it failed, in words the user can act on. */
  error: z.string().optional(),
});
export type EndpointRecord = z.infer<typeof EndpointRecordSchema>;

/**
 * Endpoint names as Azure ML requires them: 3 to 32 characters, a letter first, then letters, digits and hyphens
 * (and not ending with a hyphen). Returns what is wrong, or undefined when the name is valid.
 */
export function endpointNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 32) return `An endpoint name has 3 to 32 characters; "${name}" has ${name.length}.`;
  if (!/^[A-Za-z]/.test(name)) return 'An endpoint name starts with a letter.';
  const bad = /[^A-Za-z0-9-]/.exec(name);
  if (bad) return `An endpoint name has only letters, digits and hyphens; "${bad[0]}" at position ${bad.index + 1} is not allowed.`;
  if (name.endsWith('-')) return 'An endpoint name does not end with a hyphen.';
  return undefined;
}

/** An endpoint name from a model name: letters, digits and hyphens, a letter first, at most 32 characters. */
export function suggestedEndpointName(modelName: string): string {
  const cleaned = modelName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+/g, '-');
  const base = (cleaned || 'model').slice(0, 28).replace(/-+$/, '');
  return `${base}-ep`;
}
