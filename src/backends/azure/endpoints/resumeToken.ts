import * as z from 'zod';
import { EndpointKindSchema } from '../../../core/endpoints/endpointModel';
import { AzureWorkspaceTargetSchema, type AzureWorkspaceTarget } from '../azureTarget';
import type { WorkspaceRest } from '../workspaceRest';

/**
 * The resume token of a deployment: plain JSON with the plan (everything the deployment needs, resolved once), the
 * step it is at and that step's operation in flight, so that `resumeDeploy` follows it after a window reload
 * without sending any PUT again.
 */

export const STEPS = ['endpoint', 'deployment', 'traffic'] as const;
export type Step = (typeof STEPS)[number];

/** Everything a deployment needs, resolved once (model asset, region, cluster), so resuming needs nothing else. */
const PlanSchema = z.object({
  kind: EndpointKindSchema,
  endpoint: z.string().min(1),
  deployment: z.string().min(1),
  location: z.string().min(1),
  /** What the deployment names: a registry asset id or a workspace model's ARM id. */
  model: z.string().min(1),
  /** The catalog id the user picked. */
  modelId: z.string().min(1),
  task: z.string().optional(),
  instanceType: z.string().optional(),
  instanceCount: z.number().int().positive(),
  /** Batch: the cluster's ARM id. */
  compute: z.string().optional(),
});
export type Plan = z.infer<typeof PlanSchema>;

/** An operation in flight: what to poll and how. */
const PendingSchema = z.object({
  /** `async`: an `Azure-AsyncOperation` status URL; `location`: a `Location` URL (202 until done); `resource`: the resource's provisioning state. */
  mode: z.enum(['async', 'location', 'resource']),
  url: z.url(),
  resourceUrl: z.url(),
});
export type Pending = z.infer<typeof PendingSchema>;

const ResumeTokenSchema = z.object({
  v: z.literal(1),
  target: AzureWorkspaceTargetSchema,
  plan: PlanSchema,
  step: z.enum(STEPS),
  pending: PendingSchema.optional(),
});
type ResumeToken = z.infer<typeof ResumeTokenSchema>;

export function writeResumeToken(target: AzureWorkspaceTarget, plan: Plan, step: Step, pending: Pending): string {
  const token: ResumeToken = { v: 1, target: { ...target }, plan, step, pending };
  return JSON.stringify(token);
}

/**
 * The saved deployment, when it can be followed from this workspace: a token of another workspace, or one whose
 * operation is not on the resource manager's host (it is polled with the ARM token), is refused.
 */
export function readResumeToken(token: string, rest: WorkspaceRest): ResumeToken {
  let saved: ResumeToken;
  try {
    const parsed = ResumeTokenSchema.safeParse(JSON.parse(token));
    if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
    saved = parsed.data;
  } catch (error) {
    throw new Error(`The saved deployment cannot be resumed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const { subscriptionId, resourceGroup, workspace } = rest.target;
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (!same(saved.target.subscriptionId, subscriptionId) || !same(saved.target.resourceGroup, resourceGroup) || !same(saved.target.workspace, workspace)) {
    throw new Error(`The deployment to ${saved.plan.endpoint} was started in workspace ${saved.target.workspace}; pick that workspace to follow it.`);
  }
  if (saved.pending && (!rest.onArm(saved.pending.url) || !rest.onArm(saved.pending.resourceUrl))) {
    throw new Error(`The saved deployment to ${saved.plan.endpoint} points outside ${new URL(rest.armBase).host}; it is not followed.`);
  }
  return saved;
}
