import * as z from 'zod';
import { JobStatusSchema } from '../core/jobs/jobModel';
import { defineChannel } from './channel';

/** Per-class figures of a classification report (also entity types for token classification). */
export const ClassMetricsSchema = z.object({
  label: z.string(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number(),
});

/** What the metrics view shows: scalar metrics by name, per-class figures when the task has classes. */
export const MetricsViewReportSchema = z.object({
  count: z.number().int().nonnegative().optional(),
  metrics: z.record(z.string(), z.number()),
  perClass: z.array(ClassMetricsSchema).optional(),
  notes: z.array(z.string()).optional(),
});
export type MetricsViewReport = z.infer<typeof MetricsViewReportSchema>;

export const MetricsToWebviewSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('showMetrics'),
    job: z.object({ id: z.string(), displayName: z.string(), task: z.string(), status: JobStatusSchema, backend: z.string() }),
    report: MetricsViewReportSchema,
  }),
]);

export const MetricsToExtensionSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('ready') })]);

export const metricsChannel = defineChannel(MetricsToWebviewSchema, MetricsToExtensionSchema);
export type MetricsToWebview = z.infer<typeof MetricsToWebviewSchema>;

/** Saved by the webview so a reload can restore the view of the same job. */
export const MetricsStateSchema = z.object({ jobId: z.string().min(1) });
