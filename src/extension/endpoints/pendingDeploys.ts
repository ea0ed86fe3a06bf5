import * as z from 'zod';

/**
 * Deployments a window reload interrupted: for each, the backend, the endpoint and the resume token its operation
 * reported, kept in global state until it ends (`deployModel.ts`) and followed again after a reload.
 */
export const PENDING_DEPLOYS_KEY = 'foundationModels.pendingDeploys';

export const PendingDeploysSchema = z.array(z.object({ backend: z.string(), endpointName: z.string(), token: z.string() }));
export type PendingDeploy = z.infer<typeof PendingDeploysSchema>[number];
