import { TASKS, type CanonicalRecord, type RuleProblem, type TaskId } from '../tasks';
import { valueAtPath } from './columnProfile';
import type { DatasetRecord } from './datasetReader';
import { roleValue, type RoleValue } from './roleValues';

/** Task role → the user's column (or dotted path into nested JSON, e.g. `answers.text`). */
export type ColumnMapping = Readonly<Record<string, string>>;

export type MappedRecord = { readonly ok: true; readonly record: CanonicalRecord } | { readonly ok: false; readonly problems: RuleProblem[] };

/** Problems with the mapping itself: unknown roles, required roles left unmapped, columns used twice. */
export function mappingProblems(task: TaskId, mapping: ColumnMapping, columns?: readonly string[]): RuleProblem[] {
  const spec = TASKS[task];
  const problems: RuleProblem[] = [];
  const known = new Set(spec.roles.map((r) => r.name));
  for (const role of Object.keys(mapping)) {
    if (!known.has(role)) problems.push({ role, message: `is not a role of ${task}; its roles are ${[...known].join(', ')}` });
  }
  for (const role of spec.roles) {
    const column = mapping[role.name];
    if (!column) {
      if (role.required) problems.push({ role: role.name, message: 'is not mapped to a column' });
      continue;
    }
    if (columns && !columns.includes(column) && !columns.some((c) => c.startsWith(`${column}.`))) {
      problems.push({ role: role.name, message: `is mapped to "${column}", which is not a column of this file (columns: ${columns.join(', ')})` });
    }
  }
  return problems;
}

function hasPath(values: Readonly<Record<string, unknown>>, column: string): boolean {
  return Object.hasOwn(values, column) || valueAtPath(values, column) !== undefined;
}

/** One record in the task's canonical shape, or every problem it has. */
export function mapRecord(task: TaskId, mapping: ColumnMapping, record: DatasetRecord): MappedRecord {
  const problems: RuleProblem[] = [];
  const canonical: Record<string, RoleValue> = {};
  for (const role of TASKS[task].roles) {
    const column = mapping[role.name];
    if (!column) continue;
    if (!hasPath(record.values, column)) {
      if (role.required) problems.push({ role: role.name, rule: 'missing-field', message: `is missing (no "${column}" field in this record)` });
      continue;
    }
    const result = roleValue(role, valueAtPath(record.values, column));
    if (!result.ok) problems.push({ role: role.name, message: result.message, rule: result.rule });
    else if (result.value !== undefined) canonical[role.name] = result.value;
  }
  if (problems.length > 0) return { ok: false, problems };
  const cross = TASKS[task].recordRules?.(canonical) ?? [];
  return cross.length > 0 ? { ok: false, problems: cross } : { ok: true, record: canonical };
}
