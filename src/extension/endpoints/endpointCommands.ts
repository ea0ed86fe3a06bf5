import path from 'node:path';
import * as vscode from 'vscode';
import { requireService } from '../../backends/backend';
import { EndpointRecordSchema, type DeploymentRecord, type EndpointRecord } from '../../core/endpoints/endpointModel';
import type { BackendHost } from '../backendHost';
import type { JobLogs } from '../jobs/jobLogs';
import type { JobsTreeProvider } from '../jobs/jobsTreeProvider';
import { isCancellation, withAbortableProgress } from '../progress';
import type { EndpointRequests } from './endpointRequests';
import type { EndpointsTreeProvider } from './endpointsTreeProvider';

/** How to ask for an endpoint when a command comes from the palette rather than a row of the Endpoints view. */
interface EndpointPick {
  readonly title: string;
  readonly accepts: (endpoint: EndpointRecord) => boolean;
  readonly none: string;
}

const ANY_ENDPOINT: EndpointPick = { title: 'Pick an Endpoint', accepts: () => true, none: 'There is no endpoint yet: run Deploy Model… first.' };
export const READY_ONLINE_ENDPOINT: EndpointPick = {
  title: 'Test Endpoint',
  accepts: (endpoint) => endpoint.kind === 'online' && endpoint.state === 'ready',
  none: 'No real-time endpoint is ready: run Deploy Model… first.',
};
const READY_BATCH_ENDPOINT: EndpointPick = {
  title: 'Invoke a Batch Endpoint',
  accepts: (endpoint) => endpoint.kind === 'batch' && endpoint.state === 'ready',
  none: 'No batch endpoint is ready; deploy a model to a batch endpoint first.',
};

/**
 * The endpoint a command acts on (and the deployment, for a deployment row): its Endpoints view row or a command
 * argument, validated since commands can be called with anything; from the palette, one the user picks.
 */
export async function endpointFromArgument(value: unknown, backends: BackendHost, pick: EndpointPick): Promise<{ endpoint: EndpointRecord; deployment?: DeploymentRecord } | undefined> {
  const candidate = value && typeof value === 'object' && 'endpoint' in value ? (value as { endpoint: unknown }).endpoint : value;
  const parsed = EndpointRecordSchema.safeParse(candidate);
  if (parsed.success) {
    const deployment = value && typeof value === 'object' && 'deployment' in value ? parsed.data.deployments.find((d) => d.name === (value as { deployment: { name?: unknown } }).deployment.name) : undefined;
    return { endpoint: parsed.data, ...(deployment ? { deployment } : {}) };
  }
  const endpoints = requireService(await backends.current(), 'endpoints');
  const candidates = (await endpoints.list()).filter(pick.accepts);
  if (candidates.length === 0) throw new Error(pick.none);
  const picked = await vscode.window.showQuickPick(
    candidates.map((endpoint) => ({ label: endpoint.name, description: `${endpoint.kind === 'online' ? 'real-time' : 'batch'} · ${endpoint.state}`, endpoint })),
    { title: pick.title, placeHolder: 'Pick an endpoint' },
  );
  return picked && { endpoint: picked.endpoint };
}

export async function copyScoringUri(backends: BackendHost, node: unknown): Promise<void> {
  const { endpoint } = (await endpointFromArgument(node, backends, { ...ANY_ENDPOINT, title: 'Copy Scoring URI' })) ?? {};
  if (!endpoint) return;
  if (!endpoint.scoringUri) throw new Error(`${endpoint.name} has no scoring URI yet (it is ${endpoint.state}).`);
  await vscode.env.clipboard.writeText(endpoint.scoringUri);
  vscode.window.setStatusBarMessage(`$(check) Copied ${endpoint.scoringUri}`, 4000);
}

/** Output channels of deployment logs, one per deployment, reused when its logs are shown again. */
export class DeploymentLogChannels implements vscode.Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();

  constructor(private readonly backends: BackendHost) {}

  async show(node: unknown): Promise<void> {
    const picked = await endpointFromArgument(node, this.backends, { ...ANY_ENDPOINT, title: 'Show Deployment Logs' });
    if (!picked) return;
    const { endpoint } = picked;
    const deployment = picked.deployment?.name ?? endpoint.deployments[0]?.name;
    if (!deployment) throw new Error(`${endpoint.name} has no deployment yet.`);
    const endpoints = requireService(await this.backends.current(), 'endpoints');
    const text = await withAbortableProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the logs of ${endpoint.name}/${deployment}`, cancellable: true }, (signal) =>
      endpoints.deploymentLogs(endpoint.name, deployment, { lines: 500, signal }),
    );
    const key = `${endpoint.name}/${deployment}`;
    const channel = this.channels.get(key) ?? vscode.window.createOutputChannel(`Endpoint: ${key}`);
    this.channels.set(key, channel);
    channel.replace(text.endsWith('\n') || !text ? text || '(the deployment has written no log yet)\n' : `${text}\n`);
    channel.show(true);
  }

  dispose(): void {
    for (const channel of this.channels.values()) channel.dispose();
  }
}

/** Invoke on a File…: a data file scored by a batch endpoint, as a job the Jobs view follows. */
export async function invokeBatchEndpoint(backends: BackendHost, jobsTree: JobsTreeProvider, jobLogs: JobLogs, node: unknown): Promise<void> {
  const { endpoint } = (await endpointFromArgument(node, backends, READY_BATCH_ENDPOINT)) ?? {};
  if (!endpoint) return;
  const backend = await backends.current();
  const invokeBatch = backend.endpoints?.invokeBatch?.bind(backend.endpoints);
  if (endpoint.kind !== 'batch' || !invokeBatch) throw new Error(`${endpoint.name} is not a batch endpoint.`);
  const picked = await vscode.window.showOpenDialog({ title: `Data for ${endpoint.name} to score`, filters: { Datasets: ['jsonl', 'csv', 'tsv', 'json'] }, canSelectMany: false });
  const file = picked?.[0]?.fsPath;
  if (!file) return;
  const { jobName } = await withAbortableProgress({ location: vscode.ProgressLocation.Notification, title: `Scoring ${path.basename(file)} with ${endpoint.name}`, cancellable: true }, (signal, report) =>
    invokeBatch(endpoint.name, file, { signal, progress: report }),
  );
  jobsTree.refresh();
  const job = await backend.jobs?.get(jobName);
  if (job) await jobLogs.show(job);
  void vscode.window.showInformationMessage(`${endpoint.name} is scoring ${path.basename(file)} as job ${jobName}; follow it in the Jobs view.`);
}

export async function deleteEndpoint(backends: BackendHost, endpointsTree: EndpointsTreeProvider, endpointRequests: EndpointRequests, node: unknown): Promise<void> {
  const { endpoint } = (await endpointFromArgument(node, backends, { ...ANY_ENDPOINT, title: 'Delete Endpoint' })) ?? {};
  if (!endpoint) return;
  const backend = await backends.current();
  const endpoints = requireService(backend, 'endpoints');
  const remove = 'Delete Endpoint';
  if ((await vscode.window.showWarningMessage(`Delete the endpoint ${endpoint.name}?`, { modal: true, detail: endpoints.deletionNote(endpoint) }, remove)) !== remove) return;
  try {
    await withAbortableProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting ${endpoint.name}`, cancellable: true }, (signal, report) =>
      endpoints.delete(endpoint.name, endpoint.kind, { signal, progress: report }),
    );
  } catch (error) {
    const goesOn = isCancellation(error) && endpoints.afterCancel('delete', endpoint.name);
    if (!goesOn) throw error;
    void vscode.window.showInformationMessage(goesOn);
    return;
  }
  await endpointRequests.forget(backend.id, endpoint.name);
  endpointsTree.refresh();
}
