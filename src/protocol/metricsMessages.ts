import * as z from 'zod';
import { JobStatusSchema } from '../core/jobs/jobModel';
import { MetricHistorySchema } from '../core/metrics/metricHistory';
import { defineChannel } from './channel';

/** Per-class figures of a classification report (also entity types for token classification). */
export const ClassMetricsSchema = z.object({
  label: z.string(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number(),
});

/** `matrix[i][j]`: how many references of `labels[i]` were predicted as `labels[j]`. */
export const ConfusionMatrixSchema = z
  .object({ labels: z.array(z.string()), matrix: z.array(z.array(z.number().int().nonnegative())) })
  .refine(({ labels, matrix }) => matrix.length === labels.length && matrix.every((row) => row.length === labels.length), 'a square matrix, one row and column per label');

/** What the metrics view shows: scalar metrics by name, per-class figures and a confusion matrix when the task has classes. */
export const MetricsViewReportSchema = z.object({
  count: z.number().int().nonnegative().optional(),
  metrics: z.record(z.string(), z.number()),
  perClass: z.array(ClassMetricsSchema).optional(),
  confusionMatrix: ConfusionMatrixSchema.optional(),
  notes: z.array(z.string()).optional(),
});
export type MetricsViewReport = z.infer<typeof MetricsViewReportSchema>;

export const MetricsJobSchema = z.object({ id: z.string(), displayName: z.string(), task: z.string(), status: JobStatusSchema, backend: z.string() });
export type MetricsJob = z.infer<typeof MetricsJobSchema>;

/** Whether the job's predictions can be browsed here, and why not when they cannot. */
export const PredictionsAvailabilitySchema = z.discriminatedUnion('available', [
  z.object({ available: z.literal(true), total: z.number().int().nonnegative(), mistakes: z.number().int().nonnegative().optional(), file: z.string().optional() }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);
export type PredictionsAvailability = z.infer<typeof PredictionsAvailabilitySchema>;

/** One row of the predictions table, as text: where it came from, what the data says, what the model said. */
export const PredictionViewRowSchema = z.object({
  index: z.number().int().nonnegative(),
  line: z.number().int().positive().optional(),
  input: z.string().optional(),
  reference: z.string(),
  prediction: z.string(),
  correct: z.boolean().optional(),
});
export type PredictionViewRow = z.infer<typeof PredictionViewRowSchema>;

/** Which predictions the table shows: all, the mistakes, or one cell of the confusion matrix. */
export const PredictionFilterSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('mistakes') }),
  z.object({ kind: z.literal('cell'), reference: z.string(), prediction: z.string() }),
]);
export type PredictionFilter = z.infer<typeof PredictionFilterSchema>;

/** A row of a comparison: one value per run (null where a run lacks the metric) and the best runs. */
export const ComparisonRowSchema = z.object({
  key: z.string(),
  displayName: z.string(),
  meaning: z.string(),
  better: z.enum(['higher', 'lower', 'none']),
  values: z.array(z.number().nullable()),
  best: z.array(z.number().int().nonnegative()),
});

export const MetricsToWebviewSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('showMetrics'),
    job: MetricsJobSchema,
    /** A running fine-tune has no report yet: its curves come first. */
    report: MetricsViewReportSchema.optional(),
    predictions: PredictionsAvailabilitySchema,
    /** The backend can read the job's curves (`history` messages follow). */
    curves: z.boolean(),
  }),
  /** The job's curves as far as they go; `live` while the job runs (more follow). */
  z.object({ type: z.literal('history'), history: MetricHistorySchema, live: z.boolean() }),
  /** The job ended while the view was open: its status and, when it completed, its report. */
  z.object({ type: z.literal('jobEnded'), job: MetricsJobSchema, report: MetricsViewReportSchema.optional() }),
  z.object({
    type: z.literal('showComparison'),
    task: z.string(),
    runs: z.array(z.object({ id: z.string(), displayName: z.string(), backend: z.string() })).min(2),
    rows: z.array(ComparisonRowSchema),
  }),
]);
export type MetricsToWebview = z.infer<typeof MetricsToWebviewSchema>;

export const ExportWhatSchema = z.enum(['metrics', 'predictions', 'comparison']);
export type ExportWhat = z.infer<typeof ExportWhatSchema>;

/** What the view asks the extension, each answered by a reply paired by id. */
export const METRICS_REQUESTS = {
  /** A page of the predictions that pass `filter`, and how many pass it. */
  predictions: {
    params: z.object({ filter: PredictionFilterSchema, offset: z.number().int().nonnegative(), limit: z.number().int().min(1).max(1000) }),
    result: z.object({ rows: z.array(PredictionViewRowSchema), matching: z.number().int().nonnegative() }),
  },
  /** Opens the job's data file at a line (a prediction's record). */
  openSource: { params: z.object({ line: z.number().int().positive() }), result: z.object({}) },
  /** Writes the metrics, predictions or comparison where the user says (a Save dialog); no path when they dismiss it. */
  export: { params: z.object({ what: ExportWhatSchema, format: z.enum(['csv', 'json']) }), result: z.object({ path: z.string().optional() }) },
};

export const MetricsToExtensionSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('ready') })]);

export const metricsChannel = defineChannel(MetricsToWebviewSchema, MetricsToExtensionSchema, METRICS_REQUESTS);

/** Saved by the webview so a reload can restore the view: one job's metrics, or a comparison of jobs. */
export const MetricsStateSchema = z.union([z.object({ jobId: z.string().min(1) }), z.object({ compare: z.array(z.string().min(1)).min(2) })]);
export type MetricsState = z.infer<typeof MetricsStateSchema>;
