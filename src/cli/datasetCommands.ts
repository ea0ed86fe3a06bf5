import path from 'node:path';
import { parseArgs } from 'node:util';
import { mappingFromSuggestions, suggestMapping, type RoleSuggestion } from '../core/datasets/autoMapping';
import { convertDataset } from '../core/datasets/convertDataset';
import { formatProblem } from '../core/datasets/datasetProblem';
import { sniffFile } from '../core/datasets/datasetReader';
import { previewDataset, type DatasetPreview } from '../core/datasets/previewDataset';
import type { ColumnMapping } from '../core/datasets/recordMapping';
import { sniffFacts } from '../core/datasets/sniff';
import { parseSplit } from '../core/datasets/splitDataset';
import { validateDataset, type ValidationReport } from '../core/datasets/validateDataset';
import { InputFileError } from '../core/inputFiles/regularFile';
import { TASK_IDS, TaskIdSchema, type TaskId } from '../core/tasks';
import { EXIT, UsageError, type CliIo } from './cliIo';

export const DATASET_USAGE = `fm dataset inspect FILE [--json]
fm dataset validate FILE --task T [--map role=column,...] [--json]
fm dataset convert FILE --task T [--map role=column,...] --out DIR [--split 80,10,10] [--seed N] [--overwrite]
  tasks: ${TASK_IDS.join(', ')}`;

export function parseTask(value: string | undefined): TaskId {
  if (!value) throw new UsageError('--task is required.');
  const parsed = TaskIdSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`Unknown task "${value}". Tasks: ${TASK_IDS.join(', ')}.`);
  return parsed.data;
}

/**
 * `sentence=review_text,label=stars` → { sentence: 'review_text', label: 'stars' }. The mapping has no prototype:
 * `--map __proto__=x` is a role like any other (and an unknown one), never a change to an object's prototype.
 */
export function parseMapping(text: string): ColumnMapping {
  const mapping = Object.create(null) as Record<string, string>;
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [role, column, ...rest] = pair.split('=');
    if (!role || !column || rest.length > 0) throw new UsageError(`--map takes role=column pairs separated by commas, not "${pair}".`);
    mapping[role.trim()] = column.trim();
  }
  return mapping;
}

function describeSuggestion(s: RoleSuggestion): string {
  return s.column ? `${s.role}=${s.column}  (${Math.round(s.confidence * 100)}%: ${s.reason})` : `${s.role}: no column suggested`;
}

/** A file whose first rows hold no record to suggest a mapping from; the message lists why (exit 1). */
export class UnmappableFileError extends Error {
  override readonly name = 'UnmappableFileError';
}

function unmappable(file: string, preview: DatasetPreview): UnmappableFileError {
  const name = path.basename(file);
  if (preview.problems.length === 0) return new UnmappableFileError(`${name}: has no records (only a header, or only blank lines)`);
  const shown = preview.problems.slice(0, 5).map(formatProblem);
  return new UnmappableFileError([...shown, `${name}: no record could be read in its first rows, so no mapping can be suggested: fix the problems above`].join('\n'));
}

export async function mappingFor(file: string, task: TaskId, mapText: string | undefined, io: CliIo, quiet: boolean): Promise<ColumnMapping> {
  if (mapText) return parseMapping(mapText);
  const preview = await previewDataset(file);
  if (preview.records.length === 0) throw unmappable(file, preview);
  const suggestions = suggestMapping(task, preview.columns, preview.estimatedRows);
  if (!quiet) {
    io.err('Mapping (suggested; pass --map to choose):');
    for (const s of suggestions) io.err(`  ${describeSuggestion(s)}`);
  }
  return mappingFromSuggestions(suggestions);
}

function printInspect(file: string, preview: DatasetPreview, io: CliIo): void {
  const facts = sniffFacts(preview.sniff);
  io.out(`${path.basename(file)}: ${facts.format}${facts.delimiter ? `, delimiter ${JSON.stringify(facts.delimiter)}` : ''}` +
    `${facts.header ? `, ${facts.header}` : ''}, ${facts.lineEnding} line endings, ${facts.encoding}`);
  io.out(`${preview.exactRows ? '' : '~'}${preview.estimatedRows} rows, ${preview.sizeBytes} bytes`);
  io.out('columns:');
  for (const c of preview.columns) io.out(`  ${c.name}  ${c.type}  (${c.distinct} distinct in the first ${preview.records.length} rows)  e.g. ${c.samples.map((v) => JSON.stringify(v)).join(', ')}`);
  for (const problem of preview.problems) io.out(`problem: ${formatProblem(problem)}`);
}

function printReport(report: ValidationReport, io: CliIo): void {
  for (const problem of report.problems) io.out(formatProblem(problem));
  if (report.totalProblems > report.problems.length) io.out(`… and ${report.totalProblems - report.problems.length} more problems`);
  io.out(report.valid
    ? `valid: ${report.validRecords} records`
    : `invalid: ${report.totalProblems} problem${report.totalProblems === 1 ? '' : 's'} in ${report.records} records (${report.validRecords} valid)`);
}

export async function runDatasetCommand(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      task: { type: 'string' },
      map: { type: 'string' },
      out: { type: 'string' },
      split: { type: 'string', default: '80,10,10' },
      seed: { type: 'string', default: '42' },
      overwrite: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (!sub) throw new UsageError('fm dataset needs a command.');
  if (!['inspect', 'validate', 'convert'].includes(sub)) throw new UsageError(`Unknown dataset command "${sub}".`);
  if (!file) throw new UsageError(`fm dataset ${sub} needs a FILE.`);
  try {
    if (sub === 'inspect') {
      const preview = await previewDataset(file, 50, signal);
      if (values.json) io.out(JSON.stringify({ ...preview, records: preview.records.slice(0, 5) }, null, 2));
      else printInspect(file, preview, io);
      return EXIT.ok;
    }
    const task = parseTask(values.task);
    // A file that cannot be read at all is refused here, as inspect refuses it, whether or not --map was given.
    await sniffFile(file);
    if (sub === 'validate') {
      const mapping = await mappingFor(file, task, values.map, io, values.json);
      const report = await validateDataset(file, task, mapping, { signal });
      if (values.json) io.out(JSON.stringify(report, null, 2));
      else printReport(report, io);
      return report.valid ? EXIT.ok : EXIT.failed;
    }
    if (!values.out) throw new UsageError('fm dataset convert needs --out DIR.');
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, not "${values.seed}".`);
    let split;
    try {
      split = parseSplit(values.split);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const mapping = await mappingFor(file, task, values.map, io, values.json);
    const result = await convertDataset(file, task, mapping, values.out, { split, seed, signal, overwrite: values.overwrite });
    if (values.json) io.out(JSON.stringify(result, null, 2));
    else {
      printReport(result.report, io);
      if (result.report.valid) for (const [name, count] of Object.entries(result.written)) io.out(`${result.files[name as keyof typeof result.files]}: ${count} records`);
      else io.out('nothing written: fix the problems above and run again');
    }
    return result.report.valid ? EXIT.ok : EXIT.failed;
  } catch (error) {
    if (error instanceof InputFileError) {
      io.err(error.message);
      return EXIT.usage;
    }
    if (error instanceof UnmappableFileError) {
      io.err(error.message);
      return EXIT.failed;
    }
    throw error;
  }
}
