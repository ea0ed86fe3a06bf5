import { createHash } from 'node:crypto';
import type http from 'node:http';
import { errorReply, type Reply, type RequestContext, same } from './armConventions';
import { endpointKeys } from './onlineEndpoints';
import type { FakeAzureMlSeed, FakeModelVersion, FakeOnlineDeployment, FakeOnlineEndpoint, FakeSignature, FakeWorkspace } from './types';

/**
 * `POST /score/{endpoint}`: the scoring URI of a managed online endpoint (`scoringUri` of the endpoint resource), signed
 * with the endpoint's key. It answers as the MLflow "no-code" scoring script of the `azureml` registry's inference
 * environment does (azureml-assets `assets/training/model_management/environments/mlflow-model-inference/context/
 * mlflow_score_script.py`), checking the body against the deployed model's input signature (audit F9):
 *
 * - a base model of the `azureml` registry has one unnamed string input (MLmodel signature `[{"type": "string"}]`):
 *   `{"input_data": ["…", "…"]}`, or the list of texts itself; a question-answering one `{"input_data": {"question": …, "context": …}}` (the model
 *   cards at assets 4b41f8cc). `{"input_data": {"input_string": […]}}` is the legacy form, taken only with `parameters`.
 * - a model fine-tuned by the `azureml` fine-tune pipelines takes its training columns, in pandas' split orientation:
 *   `{"input_data": {"columns": […], "index": […], "data": [[…]]}}` (azureml-examples `sdk/python/foundation-models/
 *   system/finetune/*` notebooks). The columns are the fine-tune job's `*_key` inputs (the language code for
 *   translation), or a seeded model's `signature`. The acft packages that write these signatures are not public
 *   (SETTLED.md #7): this is inferred from the samples.
 *
 * A body the signature refuses is answered 400 with MLflow's schema-enforcement words ("Model is missing inputs …");
 * their exact form in the inference server's answer is not in public sources. The deployment's
 * `requestSettings.requestTimeout` (default `PT5S`, rest/onlineDeployment.put.json) bounds how long the model may take:
 * sequence-to-sequence models on CPU take longer (simulated, not waited for), so they answer 408 under the default, as
 * how-to-troubleshoot-online-endpoints.md describes ("408: the model took longer than request_timeout_ms"; audit F8).
 */

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json => Boolean(value) && typeof value === 'object' && !Array.isArray(value);


/** Simulated time to answer one request on the deployment's instance, by task: generation of text is slow on CPU. */
const LATENCY_MS: Readonly<Record<string, number>> = { summarization: 8_000, 'text-summarization': 8_000, translation: 7_000, 'text-translation': 7_000, 'text-generation': 9_000 };
const DEFAULT_LATENCY_MS = 600;

const FINETUNE_KEYS = ['sentence1_key', 'sentence2_key', 'token_key', 'question_key', 'context_key', 'document_key', 'source_lang'];

/** The seeded model version a deployment's `model` names (a registry asset id, or a workspace model's ARM id). */
function versionOf(seed: FakeAzureMlSeed, modelId: string): FakeModelVersion | undefined {
  const registry = /^azureml:\/\/registries\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(modelId);
  const workspace = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(modelId);
  const models = registry
    ? seed.registries.find((r) => same(r.name, registry[1] ?? ''))?.models
    : seed.workspaces.find((w) => workspace && same(w.subscriptionId, workspace[1] ?? '') && same(w.resourceGroup, workspace[2] ?? '') && same(w.name, workspace[3] ?? ''))?.models;
  const [name, version] = registry ? [registry[2], registry[3]] : [workspace?.[4], workspace?.[5]];
  return models?.find((m) => m.name === name)?.versions.find((v) => v.version === version);
}

/** A version's task: its system metadata's inference task, its `task` tag, or its transformers flavor's. */
function taskOf(version: FakeModelVersion | undefined): string {
  const tasks = version?.systemMetadata?.tasks;
  const parsed = typeof tasks === 'string' ? (JSON.parse(tasks) as Json) : tasks;
  const inference = isJson(parsed) && Array.isArray(parsed.inferenceTasks) ? String(parsed.inferenceTasks[0]) : undefined;
  return inference ?? version?.tags?.task ?? version?.flavors?.transformers?.data?.task ?? '';
}

/** The signature of a deployed model: a seeded one's, a model fine-tuned by a job of the fake's, or its task's. */
function signatureOf(seed: FakeAzureMlSeed, ws: FakeWorkspace, version: FakeModelVersion | undefined): FakeSignature {
  if (version?.signature) return version.signature;
  const job = /^azureml:\/\/jobs\/([^/]+)\/outputs\//.exec(version?.modelUri ?? '')?.[1];
  const node = job ? Object.values((ws.jobs?.find((j) => j.name === job)?.spec?.jobs as Json | undefined) ?? {}).find(isJson) : undefined;
  if (node && isJson(node.inputs)) {
    const inputs = node.inputs;
    const columns = FINETUNE_KEYS.flatMap((key) => (isJson(inputs[key]) ? [String(inputs[key].value)] : []));
    if (columns.length > 0) return { kind: 'columns', columns };
  }
  return taskOf(version).includes('question-answering') ? { kind: 'qa' } : { kind: 'strings' };
}

const strings = (value: unknown): boolean => typeof value === 'string' || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'));

/** The rows a body gives a model of `signature`, or the reason the signature refuses it. */
export function checkSignature(signature: FakeSignature, body: unknown): { rows: unknown[] } | { problem: string } {
  // A bare list of texts is taken as the input data of a model with one unnamed string input.
  if (signature.kind === 'strings' && Array.isArray(body) && body.length > 0 && body.every((v) => typeof v === 'string')) return { rows: body };
  const input = isJson(body) ? body.input_data : undefined;
  if (input === undefined) return { problem: "The request has no 'input_data'." };
  if (signature.kind === 'strings') {
    if (Array.isArray(input) && input.length > 0 && input.every((v) => typeof v === 'string')) return { rows: input };
    if (isJson(input) && Array.isArray(input.input_string) && isJson(input.parameters)) return { rows: input.input_string };
    return { problem: "Failed to enforce schema of data with schema ['string']: the model takes a list of strings as input_data." };
  }
  if (signature.kind === 'qa') {
    if (isJson(input) && strings(input.question) && strings(input.context)) return { rows: [input.question].flat() };
    return { problem: "Model is missing inputs ['question', 'context']." };
  }
  const given = isJson(input) && Array.isArray(input.columns) ? input.columns.map(String) : [];
  const missing = signature.columns.filter((c) => !given.includes(c));
  const extra = given.filter((c) => !signature.columns.includes(c));
  if (missing.length > 0) return { problem: `Model is missing inputs ${JSON.stringify(missing)}.${extra.length ? ` Note that there were extra inputs: ${JSON.stringify(extra)}.` : ''}` };
  const data = isJson(input) ? input.data : undefined;
  if (!Array.isArray(data) || !data.every((row) => Array.isArray(row) && row.length === given.length)) {
    return { problem: 'input_data.data must be a list of rows, each with one value per column.' };
  }
  return { rows: data };
}

/** The deployment a request goes to: the one it names, else the one with the most traffic. */
function pickDeployment(endpoint: FakeOnlineEndpoint, asked: string | string[] | undefined): FakeOnlineDeployment | Reply {
  if (typeof asked === 'string' && asked) {
    return endpoint.deployments.find((d) => same(d.name, asked)) ?? errorReply(404, 'NotFound', `Endpoint '${endpoint.name}' has no deployment '${asked}'.`);
  }
  const ranked = Object.entries(endpoint.traffic ?? {}).filter(([, percent]) => percent > 0).sort((a, b) => b[1] - a[1]);
  const deployment = ranked.map(([d]) => endpoint.deployments.find((x) => x.name === d)).find(Boolean);
  return deployment ?? errorReply(404, 'NotFound', `Endpoint '${endpoint.name}' doesn't have any valid deployment with positive weight.`);
}

/** ISO 8601 `PT<n>S` / `PT<n>M` → milliseconds; the service's default `PT5S` when absent. */
function timeoutMs(deployment: FakeOnlineDeployment): number {
  const settings = isJson(deployment.body?.properties) ? (deployment.body.properties as Json).requestSettings : undefined;
  const text = isJson(settings) && typeof settings.requestTimeout === 'string' ? settings.requestTimeout : 'PT5S';
  const match = /^PT(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text);
  return match ? (Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 1000 : 5000;
}

export function routeScore(seg: string[], headers: http.IncomingHttpHeaders, seed: FakeAzureMlSeed, ctx: RequestContext): Reply {
  const [, name, ...rest] = seg;
  const ws = seed.workspaces.find((w) => (w.onlineEndpoints ?? []).some((e) => same(e.name, name ?? '')));
  const endpoint = ws?.onlineEndpoints?.find((e) => same(e.name, name ?? ''));
  if (!ws || !endpoint || rest.length > 0) return errorReply(404, 'NotFound', `No online endpoint '${name ?? ''}' answers here.`);
  if (ctx.method !== 'POST') return errorReply(405, 'MethodNotAllowed', 'Scoring takes POST.');
  const keys = endpointKeys(ws, endpoint);
  const sent = /^Bearer\s+(.+)$/i.exec(headers.authorization?.trim() ?? '')?.[1];
  if (!sent || (sent !== keys.primaryKey && sent !== keys.secondaryKey)) return errorReply(401, 'Unauthorized', 'The request has no valid endpoint key.', { 'www-authenticate': 'Bearer' });
  const deployment = pickDeployment(endpoint, headers['azureml-model-deployment']);
  if ('status' in deployment) return deployment;
  if ((deployment.provisioningState ?? 'Succeeded') !== 'Succeeded') {
    return errorReply(424, 'ModelError', `Deployment '${deployment.name}' is ${deployment.provisioningState}.`, { 'ms-azureml-model-error-statuscode': '503', 'ms-azureml-model-error-reason': 'model not ready' });
  }
  if (ctx.body === undefined) return errorReply(400, 'BadRequest', 'The request body is not JSON.');
  const version = versionOf(seed, deployment.model ?? '');
  const checked = checkSignature(signatureOf(seed, ws, version), ctx.body);
  if ('problem' in checked) return errorReply(400, 'BadRequest', checked.problem);
  const latency = LATENCY_MS[taskOf(version)] ?? DEFAULT_LATENCY_MS;
  if (latency > timeoutMs(deployment)) return errorReply(408, 'RequestTimeout', `The model did not answer within the request timeout (${timeoutMs(deployment)} ms).`);
  deployment.scored = (deployment.scored ?? 0) + 1;
  const predictions = checked.rows.map((row) => {
    const first = createHash('sha256').update(`${deployment.model ?? deployment.name}\n${JSON.stringify(row)}`).digest().readUInt16BE(0);
    return { label: first % 2 === 0 ? 'POSITIVE' : 'NEGATIVE', score: Math.round((0.5 + (first % 500) / 1000) * 1000) / 1000 };
  });
  return { status: 200, body: predictions, headers: { 'azureml-model-deployment': deployment.name } };
}
