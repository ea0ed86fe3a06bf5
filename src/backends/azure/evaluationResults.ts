import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { computeTaskMetrics, type MetricsReport } from '../../core/metrics';
import { TASKS, type TaskId } from '../../core/tasks';
import { Datastore } from './datastore';
import { PREDICTION_COLUMN } from './evaluationPipeline';
import { parseLiteralText } from './pythonLiteral';
import type { WorkspaceRest } from './workspaceRest';

/**
 * A completed evaluation job scored by our own metrics engine (`src/core/metrics`), from what model_prediction wrote:
 * its `predictions` and `ground_truth` outputs, JSON Lines on the default datastore at the paths the job named
 * (`evaluationOutputs`). Why these rather than compute_metrics' logged metrics: the metrics view then shows the same
 * report as for a local evaluation (per-class figures, the confusion matrix, notes on how each figure is computed),
 * with the same names and definitions on both backends; compute_metrics logs scalars only to MLflow, and keeps its
 * tables in `evaluation_result` files whose layout no public schema fixes. Those logged metrics stay the fallback
 * when the outputs cannot be read (`AzureJobs`).
 */

export interface EvaluationOutputs {
  /** `azureml://datastores/{name}/paths/…/predictions.jsonl`. */
  readonly predictions: string;
  /** `azureml://datastores/{name}/paths/…/ground_truth.jsonl`; absent for a task without references. */
  readonly groundTruth?: string | undefined;
}

export interface EvaluationScore {
  readonly report: MetricsReport;
  /** The report as a file (`metrics.json`), which the metrics view reads. */
  readonly file: string;
}

export interface ScoredJob {
  readonly name: string;
  readonly task: TaskId;
  readonly outputs: EvaluationOutputs;
  /** The ground truth's column when the job read the user's own file (a data asset in place); the reference role otherwise. */
  readonly referenceColumn?: string | undefined;
}

/** Reads the outputs, scores them and writes the report into `folder/<job>/metrics.json`. */
export async function scoreEvaluation(rest: WorkspaceRest, job: ScoredJob, folder: string, signal?: AbortSignal): Promise<EvaluationScore> {
  const { referenceRole, metrics } = TASKS[job.task];
  if (!referenceRole || !job.outputs.groundTruth) throw new Error(`${TASKS[job.task].displayName} has no references to score against.`);
  const datastore = await Datastore.workspaceDefault(rest, signal);
  const [predictionRows, truthRows] = await Promise.all([readJsonLines(datastore, job.outputs.predictions, signal), readJsonLines(datastore, job.outputs.groundTruth, signal)]);
  const predictions = predictionRows.map((row) => cellValue(row[PREDICTION_COLUMN], metrics.prediction));
  const references = truthRows.map((row) => cellValue(row[job.referenceColumn ?? referenceRole], metrics.reference));
  const report = computeTaskMetrics(job.task, predictions, references);
  const file = path.join(folder, job.name, 'metrics.json');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return { report, file };
}

/** The rows of a JSON Lines file on the datastore, by its `azureml://datastores/{name}/paths/{path}` URI. */
async function readJsonLines(datastore: Datastore, uri: string, signal: AbortSignal | undefined): Promise<Record<string, unknown>[]> {
  const prefix = `azureml://datastores/${datastore.name}/paths/`;
  if (!uri.startsWith(prefix)) throw new Error(`${uri} is not on the default datastore ${datastore.name}.`);
  const blob = await datastore.blob(uri.slice(prefix.length));
  const text = (await blob.downloadToBuffer(0, undefined, { abortSignal: signal })).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * A cell as the task's schema wants it: taken as it is when it fits, else read as the text of a list (pandas writes a
 * token classifier's tags, a list, as its Python or JSON text).
 */
function cellValue(value: unknown, schema: { safeParse(value: unknown): { success: boolean } }): unknown {
  if (schema.safeParse(value).success || typeof value !== 'string') return value;
  const parsed = parseLiteralText(value);
  return parsed !== undefined && schema.safeParse(parsed).success ? parsed : value;
}
