import path from 'node:path';
import { labelRole, type CanonicalRecord, type TaskId } from '../tasks';
import { InputFileError } from '../inputFiles/regularFile';
import { ProblemCollector, type DatasetProblem, type ProblemGroup } from './datasetProblem';
import { readDatasetBatches, type ReadOptions } from './datasetReader';
import { mappingProblems, recordMapper, type ColumnMapping } from './recordMapping';

export interface ValidationOptions extends ReadOptions {
  /** How many problems to keep; all are counted. */
  readonly maxProblems?: number;
  /**
   * What the data is for: training data needs at least two classes; test data may hold one (a model can be scored
   * on positives alone). Training by default.
   */
  readonly purpose?: 'training' | 'evaluation' | undefined;
  /**
   * Called with each valid record in canonical form (conversion uses this), and whether its strings are known to need
   * no escape in JSON (`RawRecord.plainText`).
   */
  readonly onRecord?: ((record: CanonicalRecord, line: number, plainText: boolean) => void | Promise<void>) | undefined;
}

export interface ValidationReport {
  readonly file: string;
  readonly task: TaskId;
  readonly mapping: ColumnMapping;
  readonly records: number;
  readonly validRecords: number;
  readonly problems: readonly DatasetProblem[];
  readonly totalProblems: number;
  /** Every problem counted by role and rule, the largest group first, each with its first lines. */
  readonly groups: readonly ProblemGroup[];
  /** Records per label, for classification tasks. */
  readonly labelCounts?: Readonly<Record<string, number>> | undefined;
  readonly valid: boolean;
}

/**
 * Streams the whole file through the task's rules with the given mapping. Collects the first N problems and a
 * total; never stops at the first. Unreadable files are reported as one problem, not thrown.
 */
export async function validateDataset(file: string, task: TaskId, mapping: ColumnMapping, options: ValidationOptions = {}): Promise<ValidationReport> {
  const name = path.basename(file);
  const collector = new ProblemCollector(options.maxProblems ?? 100);
  for (const problem of mappingProblems(task, mapping)) collector.add({ file: name, ...problem });
  let records = 0;
  let validRecords = 0;
  /** Records per label, counted in place (one lookup per record). */
  const labels = new Map<string, { count: number }>();
  // Classification: the records per class, and the checks that the label column really holds classes.
  const label = labelRole(task)?.name;
  if (collector.total === 0) {
    const mapRecord = recordMapper(task, mapping);
    try {
      for await (const items of readDatasetBatches(file, options)) {
        for (const item of items) {
          records++;
          if (item.kind === 'problem') {
            collector.add(item.problem);
            continue;
          }
          const mapped = mapRecord(item);
          if (!mapped.ok) {
            for (const problem of mapped.problems) collector.add({ file: name, line: item.line, ...problem });
            continue;
          }
          validRecords++;
          if (label !== undefined) {
            const value = mapped.record[label];
            const key = typeof value === 'string' ? value : String(value);
            const counted = labels.get(key);
            if (counted) counted.count++;
            else labels.set(key, { count: 1 });
          }
          // Await only when the consumer asks to (backpressure): a microtask per record costs throughput.
          const pending = options.onRecord?.(mapped.record, item.line, item.plainText);
          if (pending) await pending;
        }
      }
    } catch (error) {
      if (!(error instanceof InputFileError)) throw error;
      collector.add(error.problem);
    }
    if (records === 0 && collector.total === 0) {
      collector.add({ file: name, message: 'has no records (only a header, or only blank lines)' });
    }
    if (label !== undefined && options.purpose !== 'evaluation' && validRecords > 0 && labels.size < 2) {
      collector.add({ file: name, role: label, message: `every record has the same label ("${[...labels.keys()][0]}"); classification needs at least two classes` });
    }
    if (label !== undefined && validRecords >= 50 && labels.size === validRecords) {
      collector.add({ file: name, role: label, message: `all ${validRecords} records have different labels; is ${label} mapped to an id or text column?` });
    }
  }
  return {
    file: name,
    task,
    mapping,
    records,
    validRecords,
    problems: collector.problems,
    totalProblems: collector.total,
    groups: collector.groups(),
    labelCounts: label !== undefined ? Object.fromEntries([...labels].map(([key, { count }]) => [key, count])) : undefined,
    valid: collector.total === 0,
  };
}
