import type { Backend } from '../../backends/backend';
import { BACKEND_IDS, type BackendCode, type BackendId, type BackendOptions } from '../../backends/registry';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import { codeFiles, type CodeSection } from '../../core/code/codeDocument';
import { deploymentCodeDocument, jobCodeDocument } from '../../core/code/codeSections';
import { fmJobSubmit, fmModelArgument, fmServe } from '../../core/code/fmCommands';
import { placeholderJob, type CodeAction, type DeploymentCode, type JobCode } from '../../core/code/jobCode';
import { suggestedEndpointName } from '../../core/endpoints/endpointModel';
import { isTaskId, TASKS } from '../../core/tasks';

/**
 * Show Code's document for a model and an action, without VS Code: the card's job on placeholder files (or the
 * deployment Deploy Model… would make), the `fm` line on the backend in use, and each backend's own code
 * (`BackendCode` of the registry: Azure ML CLI v2). A backend sees the choices of the backend in use (its compute,
 * its recommended instance type) only when it is that backend: the others write placeholders.
 */

/** Where the code comes from: the backend in use, each backend's options as the editor configures it, their code. */
export interface CodeContext {
  readonly current: { readonly id: BackendId; readonly displayName: string };
  readonly options: (id: BackendId) => BackendOptions;
  readonly code: (id: BackendId) => Promise<BackendCode>;
}

/** What the backend in use would choose where the user does not: a job's compute, a deployment's size or cluster. */
export interface OwnChoices {
  readonly compute?: string | undefined;
  readonly instanceType?: string | undefined;
}

export interface WrittenCode {
  /** The document's name, after the model and the action: `bert-base-uncased-fine-tune-text-classification.md`. */
  readonly name: string;
  /** The document's heading, for messages: `Fine-tune BERT base (uncased) for text classification`. */
  readonly title: string;
  readonly text: string;
  /** The one `fm` line, for Copy fm Command; none where `fm` has no command for it. */
  readonly fmLine?: string | undefined;
  /** The files the document's blocks are meant to be saved as (Save YAML Files…). */
  readonly files: readonly { readonly file: string; readonly text: string }[];
}

/** The action in words, for the pick and the document's name. */
export function actionLabel(action: CodeAction): { readonly label: string; readonly slug: string } {
  if (action.kind === 'deploy') return action.endpoint === 'online' ? { label: 'Deploy to a real-time endpoint', slug: 'deploy-online' } : { label: 'Deploy to a batch endpoint', slug: 'deploy-batch' };
  const task = TASKS[action.task].displayName.toLowerCase();
  return action.kind === 'evaluate' ? { label: `Evaluate (${task})`, slug: 'evaluate' } : { label: `Fine-tune for ${task}`, slug: `fine-tune-${action.task}` };
}

/**
 * What the backend in use would pick: a job's compute (a GPU one for a fine-tune where it wants one), a deployment's
 * recommended size or cluster. Nothing where it cannot say (signed out, no workspace): the code keeps placeholders.
 */
export async function ownChoices(backend: Backend, model: CatalogModel, action: CodeAction, signal?: AbortSignal): Promise<OwnChoices> {
  try {
    if (action.kind === 'deploy') {
      const endpoints = backend.endpoints;
      if (!endpoints?.choosesInstances || !endpoints.kinds.includes(action.endpoint)) return {};
      const choices = await endpoints.instanceTypes(model.id, action.endpoint, signal);
      const best = choices.find((choice) => choice.recommended)?.name;
      return action.endpoint === 'online' ? { instanceType: best } : { compute: best ?? choices[0]?.name };
    }
    const jobs = backend.jobs;
    const computes = (await jobs?.computes(signal)) ?? [];
    const gpu = action.kind === 'fineTune' && jobs?.fineTuningWantsGpu ? computes.find((c) => c.gpu) : undefined;
    return { compute: (gpu ?? computes[0])?.name };
  } catch {
    return {};
  }
}

/** Each backend's sections for the request, the backend in use given its own choices. */
async function backendSections(context: CodeContext, write: (code: BackendCode, own: boolean, options: BackendOptions) => CodeSection[] | undefined): Promise<CodeSection[]> {
  const sections: CodeSection[] = [];
  for (const id of BACKEND_IDS) sections.push(...(write(await context.code(id), id === context.current.id, context.options(id)) ?? []));
  return sections;
}

export async function writeModelCode(model: CatalogModel, action: CodeAction, context: CodeContext, choices: OwnChoices): Promise<WrittenCode> {
  const name = `${model.name.replace(/[/\\:]/g, '-')}-${actionLabel(action).slug}.md`;
  const title = (text: string) => (text.split('\n', 1)[0] ?? '').replace(/^# /, '');
  if (action.kind === 'deploy') {
    const request: DeploymentCode = { model, kind: action.endpoint, endpointName: suggestedEndpointName(model.name), instanceCount: 1 };
    const own = { ...request, instanceType: choices.instanceType, compute: choices.compute };
    const sections = await backendSections(context, (code, isOwn, options) => code.deployment?.(isOwn ? own : request, options));
    const text = deploymentCodeDocument(request, sections);
    return { name, title: title(text), text, fmLine: fmServe(model, isTaskId(model.task) ? model.task : undefined), files: codeFiles(sections) };
  }
  const request = placeholderJob(model, action.kind, action.task);
  const own: JobCode = { ...request, spec: { ...request.spec, ...(choices.compute ? { compute: choices.compute } : {}) } };
  const flags = (await context.code(context.current.id)).fmFlags(context.options(context.current.id));
  const sections = await backendSections(context, (code, isOwn, options) => code.job?.(isOwn ? own : request, options));
  const text = jobCodeDocument(own, { displayName: context.current.displayName, flags }, sections);
  return { name, title: title(text), text, fmLine: fmJobSubmit(own.spec, fmModelArgument(model), flags).line, files: codeFiles(sections) };
}
