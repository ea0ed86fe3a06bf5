import type { CatalogModel } from '../catalog/catalogModel';
import type { EndpointKind } from '../endpoints/endpointModel';
import type { DataJobSpec } from '../jobs/jobModel';
import { defaultTrainingSettings, isTaskId, TASKS, type RoleKind, type TaskId } from '../tasks';

/**
 * What Show Code writes as code: an evaluation or a fine-tune as the model card would start it, or a deployment.
 * Started from a card there is no data yet, so the job reads placeholder files (`./YOUR-TRAIN-DATA.jsonl`…) whose records are
 * described key by key: for a fine-tune in the shape the `azureml` fine-tune component reads (the task table's
 * `shapeRecord`: SQuAD's nesting, columns named by language code), which `fm` reads too through `--map` paths; for an
 * evaluation with one key per task role. So the `fm` line and the Azure ML YAML read the same files.
 */

/** What the card offers to write: an evaluation of the model's task, a fine-tune for one of its tasks, a deployment. */
export type CodeAction = { readonly kind: 'evaluate' | 'fineTune'; readonly task: TaskId } | { readonly kind: 'deploy'; readonly endpoint: EndpointKind };

/** Only what the model can do: evaluation where its task is one of ours, fine-tuning for its fine-tuning tasks. */
export function codeActions(model: Pick<CatalogModel, 'task' | 'fineTuningTasks'>): CodeAction[] {
  return [
    ...(isTaskId(model.task) ? [{ kind: 'evaluate' as const, task: model.task }] : []),
    ...model.fineTuningTasks.filter((task) => TASKS[task].fineTunable).map((task) => ({ kind: 'fineTune' as const, task })),
    { kind: 'deploy', endpoint: 'online' },
    { kind: 'deploy', endpoint: 'batch' },
  ];
}

/** A data file the job reads: its part, its path, and one record as the job expects it. */
export interface DataFile {
  readonly part: 'train' | 'validation' | 'test';
  readonly path: string;
  readonly record: Readonly<Record<string, unknown>>;
}

/** A job to write as code: the spec the editor would submit, the model, and the files it reads. */
export interface JobCode {
  readonly spec: DataJobSpec;
  readonly model: CatalogModel;
  readonly files: readonly DataFile[];
}

/** A deployment to write as code, with the choices Deploy Model… would ask for. */
export interface DeploymentCode {
  readonly model: CatalogModel;
  readonly kind: EndpointKind;
  readonly endpointName: string;
  readonly instanceCount: number;
  /** The VM size of a real-time deployment, where the backend chose one; the model's recommended size otherwise. */
  readonly instanceType?: string | undefined;
  /** The cluster a batch deployment runs on, where the backend chose one. */
  readonly compute?: string | undefined;
}

export const PLACEHOLDER_FILES = { train: './YOUR-TRAIN-DATA.jsonl', validation: './YOUR-VALIDATION-DATA.jsonl', test: './YOUR-TEST-DATA.jsonl' } as const;

/** A translation's languages from the model's name (`opus-mt-en-de`), else placeholders to replace. */
export function languagePairOf(model: Pick<CatalogModel, 'name' | 'source'>): { source: string; target: string } {
  for (const text of [model.name, model.source ?? '']) {
    const pair = /(?:^|[-_/])([a-z]{2,3})[-_]([a-z]{2,3})$/i.exec(text);
    if (pair?.[1] && pair[2] && pair[1] !== pair[2]) return { source: pair[1].toLowerCase(), target: pair[2].toLowerCase() };
  }
  return { source: '<source-lang>', target: '<target-lang>' };
}

const EXAMPLE_VALUES: Readonly<Record<RoleKind, (role: string) => unknown>> = {
  string: (role) => `<${role}>`,
  label: (role) => `<${role}>`,
  'string-list': (role) => [`<${role}>`, '…'],
  integer: () => 0,
};

/**
 * The roles a placeholder file maps, each with the path `--map` reads it from, and one record in that shape: an
 * evaluation's required roles and its reference; a fine-tune's required roles, where the component reads them.
 */
export function placeholderRecord(kind: 'evaluate' | 'fineTune', task: TaskId, languages: { source: string; target: string } | undefined): { mapping: Record<string, string>; record: Record<string, unknown> } {
  const definition = TASKS[task];
  const roles = definition.roles.filter((role) => role.required || (kind === 'evaluate' && role.name === definition.referenceRole));
  const marker = (role: string) => `\u0000${role}`;
  const canonical = Object.fromEntries(roles.map((role) => [role.name, marker(role.name)]));
  const context = { mappedRoles: new Set(roles.map((role) => role.name)), languages };
  const shape = kind === 'fineTune' ? definition.azure.finetune?.shapeRecord : undefined;
  const shaped = shape ? shape(canonical, context) : canonical;
  const mapping: Record<string, string> = {};
  const example = (value: unknown, path: string): unknown => {
    const inList = Array.isArray(value) && value.length === 1 ? value[0] : undefined;
    const role = roles.find((r) => value === marker(r.name) || inList === marker(r.name));
    if (role) {
      mapping[role.name] = path;
      const sample = EXAMPLE_VALUES[role.kind](role.name);
      return value === marker(role.name) ? sample : [sample];
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, example(inner, path ? `${path}.${key}` : key)]));
    return value;
  };
  const record = example(shaped, '') as Record<string, unknown>;
  return { mapping: Object.fromEntries(roles.map((role) => [role.name, mapping[role.name] ?? role.name])), record };
}

/**
 * The job the card's Evaluate or Fine-tune would submit for `model`, on placeholder files: an evaluation reads
 * `./YOUR-TEST-DATA.jsonl`; a fine-tune `./YOUR-TRAIN-DATA.jsonl` and `./YOUR-VALIDATION-DATA.jsonl` (also its test data, as the Azure backend does
 * without a test file), with the task's default settings.
 */
export function placeholderJob(model: CatalogModel, kind: 'evaluate' | 'fineTune', task: TaskId, compute?: string): JobCode {
  const languages = TASKS[task].languagePair ? languagePairOf(model) : undefined;
  const { mapping, record } = placeholderRecord(kind, task, languages);
  const files: DataFile[] =
    kind === 'evaluate'
      ? [{ part: 'test', path: PLACEHOLDER_FILES.test, record }]
      : [
          { part: 'train', path: PLACEHOLDER_FILES.train, record },
          { part: 'validation', path: PLACEHOLDER_FILES.validation, record },
        ];
  const [first, validation] = files;
  const spec: DataJobSpec = {
    kind,
    task,
    modelId: model.id,
    data: { file: first?.path ?? PLACEHOLDER_FILES.test, mapping, ...(validation ? { validationFile: validation.path } : {}) },
    ...(languages ? { languages } : {}),
    ...(kind === 'fineTune' ? { settings: defaultTrainingSettings(task) } : {}),
    ...(compute ? { compute } : {}),
  };
  return { spec, model, files };
}
