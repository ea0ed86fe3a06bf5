import { InputFileError } from '../inputFiles/regularFile';
import { PROBLEM_RULES, type ProblemRule } from './problemRules';

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
  /** The rule the record breaks (`empty`, `number-not-text`…), so that problems of one rule are told once with a count. */
  readonly rule?: ProblemRule | undefined;
}


/** Problems of one rule and role: how many, what it means, and the first few, each with its line. */
export interface ProblemGroup {
  readonly role?: string | undefined;
  readonly rule?: ProblemRule | undefined;
  /** What the problems of the group have in common (the rule's meaning, or the message for a one-off problem). */
  readonly summary: string;
  readonly count: number;
  readonly examples: readonly DatasetProblem[];
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

/** How many examples a group keeps. */
const GROUP_EXAMPLES = 3;

/**
 * Keeps the first `limit` problems and counts all of them, and groups them by role and rule as they come: one wrong
 * mapping breaks one rule in every record, and is then told once, with its count and first lines.
 */
export class ProblemCollector {
  readonly problems: DatasetProblem[] = [];
  total = 0;
  private readonly byRule = new Map<string, { role?: string | undefined; rule?: ProblemRule | undefined; summary: string; count: number; examples: DatasetProblem[] }>();

  constructor(readonly limit = 100) {}

  add(problem: DatasetProblem): void {
    this.total++;
    if (this.problems.length < this.limit) this.problems.push(problem);
    // A problem without a rule (a one-off: the file, the mapping) is a group of its own message.
    const key = `${problem.role ?? ''}\u0000${problem.rule ?? problem.message}`;
    let group = this.byRule.get(key);
    if (!group) {
      group = { role: problem.role, rule: problem.rule, summary: problem.rule ? PROBLEM_RULES[problem.rule] : problem.message, count: 0, examples: [] };
      this.byRule.set(key, group);
    }
    group.count++;
    if (group.examples.length < GROUP_EXAMPLES) group.examples.push(problem);
  }

  /** The groups, the largest first. */
  groups(): ProblemGroup[] {
    return [...this.byRule.values()].sort((a, b) => b.count - a.count);
  }
}
