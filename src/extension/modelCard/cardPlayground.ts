import type { Backend, Remedy } from '../../backends/backend';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import { normalizeTaskName } from '../../core/catalog/modelTask';
import type { EndpointRecord } from '../../core/endpoints/endpointModel';
import { outputFromEndpoint } from '../../core/inference/endpointAnswers';
import type { InferenceInput, InferenceOptions } from '../../core/inference/inferenceTypes';
import { maskTokenOf, playgroundSample } from '../../core/inference/playgroundSample';
import { isTaskId, TASKS, type TaskId } from '../../core/tasks';
import type { Playground, PlaygroundRunner, TryResult } from '../../protocol/modelCardMessages';
import type { EndpointKeys } from '../endpoints/endpointKeys';

/** How much of an answer the playground shows as it came, when it has no shape the playground draws. */
const RAW_CHARS = 20_000;

/** The task the playground runs a model for: its own, when it is one of ours. */
function playgroundTask(model: CatalogModel): TaskId | undefined {
  const task = normalizeTaskName(model.task);
  return isTaskId(task) ? task : undefined;
}

/** An online endpoint of the workspace that is ready and serves `model`. */
function servesModel(endpoint: EndpointRecord, model: CatalogModel): boolean {
  if (endpoint.kind !== 'online' || endpoint.state !== 'ready') return false;
  return endpoint.model === model.id || endpoint.deployments.some((d) => d.model === model.id || (model.source !== undefined && d.model === model.source));
}

/**
 * Where a card's playground runs its model on `backend`: here when the backend runs models (downloading first when
 * the model is not here yet), else on an online endpoint that serves it; else nowhere, with why and what would do.
 */
async function runnerFor(backend: Backend, model: CatalogModel, task: TaskId, labelOf: RemedyLabel): Promise<PlaygroundRunner> {
  if (backend.inference) {
    const capability = backend.inference.supports(model, task);
    if (capability.ok) return { kind: 'thisMachine' };
    return { kind: 'unavailable', reason: capability.reason, remedies: remediesOf([capability.remedy], labelOf) };
  }
  // Without an inference service (Azure), a model runs on an endpoint that serves it; without endpoints, first what
  // brings them (a sign-in, a workspace), and the local backend either way.
  const endpointsAbsent = backend.absent?.endpoints;
  if (!backend.endpoints) {
    const reason = endpointsAbsent?.reason ?? `The ${backend.displayName} backend cannot run ${model.name}.`;
    return { kind: 'unavailable', reason, remedies: remediesOf([endpointsAbsent?.remedy, backend.absent?.inference?.remedy], labelOf) };
  }
  const endpoints = await backend.endpoints.list().catch(() => []);
  const serving = endpoints.filter((endpoint) => servesModel(endpoint, model)).map((endpoint) => endpoint.name);
  if (serving.length > 0) return { kind: 'endpoints', endpoints: serving };
  const reason = `No ready online endpoint of the ${backend.displayName} backend (${backend.location}) serves ${model.name}: deploy it (Deploy above) to try it here, or try it on the local backend.`;
  return { kind: 'unavailable', reason, remedies: remediesOf([backend.absent?.inference?.remedy], labelOf) };
}

/** A remedy's button label (`Download Model`), or undefined when the editor offers no button for it. */
export type RemedyLabel = (remedy: Remedy) => string | undefined;

/** The remedies' buttons, each once, those the editor has a button for. */
function remediesOf(remedies: readonly (Remedy | undefined)[], labelOf: RemedyLabel): Extract<PlaygroundRunner, { kind: 'unavailable' }>['remedies'] {
  return [...new Set(remedies)].flatMap((remedy) => {
    const label = remedy ? labelOf(remedy) : undefined;
    return remedy && label ? [{ label, remedy }] : [];
  });
}

/** The playground of `model`'s card on `backend`, or undefined for a model of a task the product does not run. */
export async function playgroundFor(backend: Backend, model: CatalogModel, labelOf: RemedyLabel): Promise<Playground | undefined> {
  const task = playgroundTask(model);
  if (!task) return undefined;
  const { inference, displayName } = TASKS[task];
  const sample = playgroundSample(model, task);
  const maskToken = 'text' in sample ? maskTokenOf(sample.text) : undefined;
  return { task, taskName: displayName, input: inference.input, output: inference.output, sample, ...(task === 'fill-mask' && maskToken ? { maskToken } : {}), runner: await runnerFor(backend, model, task, labelOf) };
}

export interface TryRequest {
  readonly input: InferenceInput;
  readonly options: InferenceOptions;
  readonly endpoint?: string | undefined;
}

/**
 * Runs one playground input: on this machine (`onText` gets a generation's text so far, token by token), or on the
 * chosen endpoint, whose answer is drawn when it has a shape the playground knows and shown as it came otherwise.
 */
export async function tryModel(backend: Backend, keys: EndpointKeys, model: CatalogModel, request: TryRequest, signal: AbortSignal, onText: (text: string) => void): Promise<TryResult> {
  const task = playgroundTask(model);
  if (!task) throw new Error(`${model.name} is a ${model.task} model, which the playground does not run.`);
  if (request.endpoint) {
    const endpoints = backend.endpoints;
    if (!endpoints) throw new Error(`The ${backend.displayName} backend has no endpoints.`);
    const body = endpoints.requestFor({ ...model, task }, request.input, request.options);
    const answer = await keys.invoke(backend, request.endpoint, body, signal);
    const raw = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body, null, 2);
    if (answer.status >= 400) throw new Error(`${request.endpoint} answered ${answer.status}: ${(raw ?? '').slice(0, 500)}`);
    const output = outputFromEndpoint(TASKS[task].inference.output, answer.body, request.input);
    return { ...(output ? { output } : { raw: (raw ?? '').slice(0, RAW_CHARS) }), durationMs: Math.round(answer.durationMs), where: `endpoint ${request.endpoint}` };
  }
  if (!backend.inference) throw new Error(backend.absent?.inference?.reason ?? `The ${backend.displayName} backend does not run models on this machine.`);
  let text = '';
  const result = await backend.inference.run(model, request.input, {
    ...request.options,
    task,
    signal,
    onToken: (piece) => {
      text += piece;
      onText(text);
    },
  });
  return { output: result.output, durationMs: result.durationMs, where: 'this machine' };
}
