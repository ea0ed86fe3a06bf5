import { TASKS, type CanonicalRecord, type RoleSpec, type RuleProblem, type TaskId } from '../tasks';
import { MISSING, type RawRecord } from './rawRecord';
import { RoleRefusal, roleValue, type RoleValue } from './roleValues';

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

/** Reads a record's mapped columns into the task's canonical shape, or says every problem it has. */
export type RecordMapper = (record: RawRecord) => MappedRecord;

/**
 * The mapping made ready for many records: the task's roles that are mapped, each with its column, found once.
 * A role's value is the record's own field of that name, or the value at that dotted path into nested JSON.
 */
export function recordMapper(task: TaskId, mapping: ColumnMapping): RecordMapper {
  const mapped = TASKS[task].roles.flatMap((role) => {
    const column = mapping[role.name];
    return column ? [{ role, column }] : [];
  });
  const recordRules = TASKS[task].recordRules;
  const roles = mapped.map((m) => m.role);
  const columns = mapped.map((m) => m.column);
  return (record) => {
    let problems: RuleProblem[] | undefined;
    const canonical: Record<string, RoleValue> = {};
    for (let i = 0; i < roles.length; i++) {
      const role = roles[i] as RoleSpec;
      const column = columns[i] as string;
      const raw = record.value(column);
      if (raw === MISSING) {
        if (role.required) (problems ??= []).push({ role: role.name, rule: 'missing-field', message: `is missing (no "${column}" field in this record)` });
        continue;
      }
      const value = roleValue(role, raw);
      if (value instanceof RoleRefusal) (problems ??= []).push({ role: role.name, message: value.message, rule: value.rule });
      else if (value !== undefined) canonical[role.name] = value;
    }
    if (problems) return { ok: false, problems };
    const cross = recordRules?.(canonical) ?? [];
    return cross.length > 0 ? { ok: false, problems: cross } : { ok: true, record: canonical };
  };
}
