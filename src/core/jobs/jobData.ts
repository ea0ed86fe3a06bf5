import path from 'node:path';
import { languageFromColumnName } from '../datasets/autoMapping';
import { convertDataset, type ConvertResult } from '../datasets/convertDataset';
import { formatProblem } from '../datasets/datasetProblem';
import { mappingProblems } from '../datasets/recordMapping';
import type { SplitName, SplitPercentages } from '../datasets/splitDataset';
import { defaultTrainingSettings, TASKS } from '../tasks';
import type { DataJobSpec } from './jobModel';

/**
 * The steps every backend takes before a fine-tuning or evaluation job runs, written once: the mapping check, the
 * job's name, and the data converted to canonical JSONL and split as the user asked.
 */

/** The data of a job as canonical JSONL (one key per task role), by part; a part with no record has no file. */
export interface JobData {
  readonly files: Partial<Record<SplitName, string>>;
  readonly counts: Readonly<Record<SplitName, number>>;
}

/** The user's data cannot run as it is; the message says what to fix, the problems are the first few. */
export class InvalidJobDataError extends Error {
  override readonly name = 'InvalidJobDataError';
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

/** Refuses a mapping that leaves a required role unmapped or names a role the task does not have. */
export function assertMappingComplete(spec: DataJobSpec): void {
  const problems = mappingProblems(spec.task, spec.data.mapping);
  if (problems.length > 0) throw new InvalidJobDataError(`The column mapping is incomplete: ${problems.map((p) => `${p.role} ${p.message}`).join('; ')}.`);
}

/** `Fine-tune tiny-sentiment on reviews.csv`: what the Jobs view calls a job the user did not name. */
export function jobDisplayName(spec: DataJobSpec, modelName: string): string {
  const asset = spec.data.asset;
  // A data asset's copy is named after the asset: `reviews:2`, `qa-and-ner:1/qa.jsonl`.
  const data = asset ? `${asset.name}:${asset.version}${asset.path ? `/${asset.path}` : ''}` : path.basename(spec.data.file);
  return spec.displayName ?? `${spec.kind === 'fineTune' ? 'Fine-tune' : 'Evaluate'} ${modelName} on ${data}`;
}

/** A translation's language codes: as given, or read from the column names (`en`, `text_de`…); none for other tasks. */
export function jobLanguages(spec: DataJobSpec): { source: string; target: string } | undefined {
  if (!TASKS[spec.task].languagePair) return undefined;
  if (spec.languages) return spec.languages;
  const source = spec.data.mapping.source ? languageFromColumnName(spec.data.mapping.source) : undefined;
  const target = spec.data.mapping.target ? languageFromColumnName(spec.data.mapping.target) : undefined;
  if (!source || !target) throw new InvalidJobDataError('Translation needs the source and target language codes (en, de…): choose them in the panel.');
  return { source, target };
}

export interface PrepareOptions {
  /** The split of a fine-tuning file when the user gave neither percentages nor files of their own. */
  readonly defaultSplit: SplitPercentages;
  readonly signal?: AbortSignal | undefined;
  readonly progress?: ((message: string) => void) | undefined;
  /**
   * Called for each record written to a part, in the order of that part's file, with the user's file it came from
   * and its physical line there (where a prediction leads back to).
   */
  readonly onPlaced?: ((part: SplitName, source: { readonly file: string; readonly line: number }) => void) | undefined;
}

/**
 * Converts the user's data into `folder`, validated record by record, never touching their files:
 * - evaluation: the whole file is test data;
 * - fine-tuning with the user's own validation or test file: the file is all training data, their files the other
 *   parts (each mapped the same way);
 * - otherwise the file is split by the user's percentages (`data.split`), or by `defaultSplit`; seeded by the
 *   job's seed and stratified by label, so the same seed gives the same split.
 */
export async function prepareJobData(spec: DataJobSpec, folder: string, options: PrepareOptions): Promise<JobData> {
  assertMappingComplete(spec);
  const seed = spec.settings?.seed ?? defaultTrainingSettings(spec.task).seed;
  const convert = async (file: string, split: SplitPercentages, part: string): Promise<ConvertResult> => {
    options.progress?.(`Checking and converting ${path.basename(file)}`);
    const purpose = spec.kind === 'evaluate' || split[0] === 0 ? 'evaluation' : 'training';
    const onPlaced = options.onPlaced && ((split: SplitName, line: number) => options.onPlaced?.(split, { file, line }));
    const converted = await convertDataset(file, spec.task, spec.data.mapping, path.join(folder, part), { split, seed, purpose, signal: options.signal, onPlaced });
    const { report } = converted;
    if (!report.valid) {
      const first = report.problems[0];
      const count = `${report.totalProblems} problem${report.totalProblems === 1 ? '' : 's'}`;
      throw new InvalidJobDataError(
        `${count} in ${path.basename(file)}${first ? `, first: ${formatProblem(first)}` : ''}. Fix them (the panel lists them) and submit again.`,
        report.problems.map(formatProblem),
      );
    }
    return converted;
  };
  const files: Partial<Record<SplitName, string>> = {};
  const counts: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  const take = (converted: ConvertResult, parts: readonly SplitName[]) => {
    for (const part of parts) {
      counts[part] = converted.written[part];
      if (converted.written[part] > 0) files[part] = converted.files[part];
      else delete files[part];
    }
  };
  if (spec.kind === 'evaluate') {
    take(await convert(spec.data.file, [0, 0, 100], 'data'), ['test']);
    return { files, counts };
  }
  const { validationFile, testFile } = spec.data;
  const ownFiles = Boolean(validationFile || testFile);
  take(await convert(spec.data.file, ownFiles ? [100, 0, 0] : (spec.data.split ?? options.defaultSplit), 'data'), ['train', 'validation', 'test']);
  if (validationFile) take(await convert(validationFile, [0, 100, 0], 'validation'), ['validation']);
  if (testFile) take(await convert(testFile, [0, 0, 100], 'test'), ['test']);
  if (!files.train) throw new InvalidJobDataError('No training data after the split; give the training part a share.');
  return { files, counts };
}

/** `48 training, 6 validation and 6 test records`, for a job's log. */
export function describeJobData(data: JobData): string {
  const parts = (['train', 'validation', 'test'] as const).filter((part) => data.counts[part] > 0);
  const words = parts.map((part) => `${data.counts[part]} ${part === 'train' ? 'training' : part}`);
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? 'no');
  return `${list} records`;
}
