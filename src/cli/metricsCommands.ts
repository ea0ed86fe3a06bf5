import path from 'node:path';
import { parseArgs } from 'node:util';
import { computeTaskMetrics, METRIC_RECORD_SCHEMAS, METRIC_RECORD_SHAPES, MetricsInputError, type MetricsReport } from '../core/metrics';
import { TASK_IDS, type TaskId } from '../core/tasks';
import { EXIT, UsageError, type CliIo } from './cliIo';
import { parseTask } from './datasetCommands';
import { readRecords, RecordFileError, UnreadableFileError } from './metricsFiles';

export const METRICS_USAGE = `fm metrics --task T --predictions FILE --references FILE [--stem] [--json]
    scores predictions against references with the task's metrics, as Azure ML names them
    (text classification as scikit-learn, token classification as seqeval, question answering as the SQuAD
    v1.1 script, summarization as rouge-score, translation as sacrebleu and Hugging Face bleu)
  FILE: JSONL, one record per line, the n-th prediction paired with the n-th reference:
    predictions {"prediction": P}   references {"reference": R}, or {"references": [R, ...]} for several
${TASK_IDS.map((task) => `    ${task}: P = ${METRIC_RECORD_SHAPES[task].prediction}; R = ${METRIC_RECORD_SHAPES[task].reference}`).join('\n')}
  --stem: ROUGE with Porter stemming (rouge-score's use_stemmer)`;

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

function printReport(report: MetricsReport, io: CliIo): void {
  const names = Object.keys(report.metrics);
  const width = Math.max('metric'.length, ...names.map((n) => n.length));
  io.out(`${'metric'.padEnd(width)}  value`);
  for (const name of names) io.out(`${name.padEnd(width)}  ${formatValue(report.metrics[name] as number)}`);
  if (report.perClass && report.perClass.length > 0) {
    const labelWidth = Math.max('label'.length, ...report.perClass.map((c) => c.label.length));
    io.out('');
    io.out(`${'label'.padEnd(labelWidth)}  precision  recall  f1      support`);
    for (const c of report.perClass) {
      io.out(`${c.label.padEnd(labelWidth)}  ${c.precision.toFixed(4).padEnd(9)}  ${c.recall.toFixed(4).padEnd(6)}  ${c.f1.toFixed(4).padEnd(6)}  ${c.support}`);
    }
  }
  io.out('');
  io.out(`${report.count} record${report.count === 1 ? '' : 's'}`);
  for (const note of report.notes ?? []) io.out(`note: ${note}`);
}

export async function runMetricsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      task: { type: 'string' },
      predictions: { type: 'string' },
      references: { type: 'string' },
      stem: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(`fm metrics takes no positional argument ("${positionals[0]}"); give --predictions FILE and --references FILE.`);
  const task: TaskId = parseTask(values.task);
  if (!values.predictions) throw new UsageError('--predictions FILE is required.');
  if (!values.references) throw new UsageError('--references FILE is required.');
  const schemas = METRIC_RECORD_SCHEMAS[task];
  try {
    const shapes = METRIC_RECORD_SHAPES[task];
    const predictions = await readRecords(values.predictions, { keys: ['prediction'], otherKeys: ['reference', 'references'], option: '--predictions', schema: schemas.prediction, expected: shapes.prediction });
    const references = await readRecords(values.references, { keys: ['reference', 'references'], otherKeys: ['prediction'], option: '--references', schema: schemas.reference, expected: shapes.reference });
    if (predictions.length !== references.length) {
      io.err(`${path.basename(values.predictions)} has ${predictions.length} predictions but ${path.basename(values.references)} has ${references.length} references: they pair up line by line, so the counts must match.`);
      return EXIT.failed;
    }
    if (predictions.length === 0) {
      io.err(`${path.basename(values.predictions)}: no records to score.`);
      return EXIT.failed;
    }
    let report: MetricsReport;
    try {
      report = computeTaskMetrics(task, predictions.map((p) => p.value), references.map((r) => r.value), { useStemmer: values.stem });
    } catch (error) {
      // A record valid on its own that does not fit its pair (token-classification tag counts): name its lines.
      if (error instanceof MetricsInputError) {
        const located = error.side === 'prediction' ? predictions[error.index] : references[error.index];
        const file = path.basename(error.side === 'prediction' ? values.predictions : values.references);
        throw new RecordFileError(`${file}:${located?.line ?? error.index + 1}: ${error.problem}`);
      }
      throw error;
    }
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else printReport(report, io);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof RecordFileError) {
      io.err(error.message);
      return EXIT.failed;
    }
    if (error instanceof UnreadableFileError) {
      io.err(error.message);
      return EXIT.usage;
    }
    throw error;
  }
}
