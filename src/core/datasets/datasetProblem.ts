import { InputFileError } from '../inputFiles/regularFile';

/**
 * One thing wrong with a dataset, located where the user can find it. `line` is the physical line (1-based) where
 * the record starts, or undefined for a problem with the whole file.
 */
export interface DatasetProblem {
  readonly file: string;
  readonly line?: number | undefined;
  /** The task role (or column) concerned, when there is one. */
  readonly role?: string | undefined;
  readonly message: string;
}

/** `reviews.csv:1043: label: is empty` — the form every surface (CLI, panel, log) prints. */
export function formatProblem(problem: DatasetProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return problem.role ? `${where}: ${problem.role}: ${problem.message}` : `${where}: ${problem.message}`;
}

/**
 * A file that cannot be read as a dataset at all (not found, not a regular file, not UTF-8, not of its extension's
 * format), or past a line. Every reader's `InputFileError` is one too, so callers catch `InputFileError`.
 */
export class DatasetReadError extends InputFileError {
  override readonly name: string = 'DatasetReadError';
  constructor(override readonly problem: DatasetProblem) {
    super(problem);
    this.message = formatProblem(problem);
  }
}

/** Keeps the first `limit` problems and counts all of them. */
export class ProblemCollector {
  readonly problems: DatasetProblem[] = [];
  total = 0;

  constructor(readonly limit = 100) {}

  add(problem: DatasetProblem): void {
    this.total++;
    if (this.problems.length < this.limit) this.problems.push(problem);
  }
}
