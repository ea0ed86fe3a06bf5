import type { CatalogModel } from '../catalog/catalogModel';
import type { DataJobSpec } from '../jobs/jobModel';
import type { TaskId } from '../tasks';
import { shellLine, shellLines } from './shellQuote';

/**
 * `fm` command lines for what the editor does (src/cli: `fm job submit`, `fm serve`, `fm model pull`), built from
 * the same spec the editor submits, every argument quoted for a POSIX shell. Nothing here invents a command: where `fm`
 * has none (it deploys nothing), the caller says so.
 */

/** A command line two ways: one line to copy, and one flag a line to read. */
export interface CommandLine {
  readonly line: string;
  readonly wrapped: string;
  readonly args: readonly string[];
}

function commandLine(groups: readonly (readonly string[])[]): CommandLine {
  const args = groups.flat();
  return { line: shellLine(args), wrapped: shellLines(groups), args };
}

/**
 * A flag with its value: `--flag value`, or `--flag=value` when the value starts with `-` (node's parseArgs, which `fm`
 * reads its flags with, would otherwise refuse it as an option in the place of a value).
 */
function flag(name: string, value: string | number): string[] {
  const text = String(value);
  return text.startsWith('-') ? [`--${name}=${text}`] : [`--${name}`, text];
}

/** The `--map` text; `fm` splits it at `,` and `=` and trims each part, so a column that holds those cannot be named. */
export function mapArgument(mapping: Readonly<Record<string, string>>): string {
  return Object.entries(mapping)
    .map(([role, column]) => {
      if (/[,=]/.test(column) || column.trim() !== column || !column) throw new Error(`fm --map cannot name the column "${column}" (it holds "," or "=", or spaces at an end); rename it, or convert the file first.`);
      return `${role}=${column}`;
    })
    .join(',');
}

/** What `--model` takes for a catalog model: the folder of a model on this machine, else its catalog id. */
export function fmModelArgument(model: Pick<CatalogModel, 'id' | 'collection' | 'path'>): string {
  return model.collection === 'local-folder' && model.path ? model.path : model.id;
}

/**
 * `fm job submit` for `spec`, on the backend `backendFlags` choose (`--backend azure --subscription …`): the task,
 * model, data files and mapping, the compute, a translation's languages and a fine-tune's settings, as the editor would
 * submit them.
 */
export function fmJobSubmit(spec: DataJobSpec, model: string, backendFlags: readonly string[]): CommandLine {
  const { data } = spec;
  const fineTune = spec.kind === 'fineTune';
  const groups: string[][] = [['fm', 'job', 'submit'], ...pairs(backendFlags), flag('task', spec.task), flag('model', model)];
  groups.push(flag(fineTune ? 'train' : 'test', data.file));
  if (fineTune && data.validationFile) groups.push(flag('validation', data.validationFile));
  if (fineTune && data.testFile) groups.push(flag('test', data.testFile));
  if (fineTune && data.split) groups.push(flag('split', data.split.join(',')));
  groups.push(flag('map', mapArgument(data.mapping)));
  if (spec.compute) groups.push(flag('compute', spec.compute));
  if (spec.languages) groups.push([...flag('source-lang', spec.languages.source), ...flag('target-lang', spec.languages.target)]);
  const settings = fineTune ? spec.settings : undefined;
  if (settings) {
    groups.push(flag('epochs', settings.epochs), flag('learning-rate', settings.learningRate), flag('batch-size', settings.batchSize));
    groups.push(flag('max-length', settings.maxSequenceLength), flag('seed', settings.seed));
  }
  return commandLine(groups);
}

/** Flags as the groups a reader sees: a `--flag` with the value after it. */
function pairs(flags: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (const arg of flags) {
    const last = groups.at(-1);
    if (last?.length === 1 && last[0]?.startsWith('--') && !last[0].includes('=') && !arg.startsWith('--')) last.push(arg);
    else groups.push([arg]);
  }
  return groups;
}

/**
 * How `fm` serves the model on this machine, as the local backend's Deploy does: `fm serve` of its folder, or of the
 * folder `fm model pull` prints for its ONNX export; undefined when the model has neither.
 */
export function fmServe(model: Pick<CatalogModel, 'path' | 'onnxSource'>, task: TaskId | undefined): string | undefined {
  const taskFlag = task ? flag('task', task) : [];
  if (model.path) return shellLine(['fm', 'serve', model.path, ...taskFlag]);
  if (!model.onnxSource) return undefined;
  return `fm serve "$(${shellLine(['fm', 'model', 'pull', model.onnxSource.repo, ...taskFlag])})"${taskFlag.length ? ` ${shellLine(taskFlag)}` : ''}`;
}
