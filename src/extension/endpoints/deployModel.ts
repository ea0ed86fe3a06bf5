import * as vscode from 'vscode';
import * as z from 'zod';
import type { Backend, DeployRequest, EndpointRecord, EndpointService } from '../../backends/backend';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import { endpointNameProblem, suggestedEndpointName, type EndpointKind } from '../../core/endpoints/endpointModel';
import type { BackendHost } from '../backendHost';
import { describeError } from '../log';
import { PENDING_DEPLOYS_KEY as PENDING_KEY } from './lazyEndpointActions';
import { withAbortableProgress } from '../progress';

/**
 * Deploy Model…: model, real-time or batch, endpoint (new or existing), instance type and count, then the
 * backend's long-running deploy under a cancellable notification. The deploy's resume token is kept in global
 * state until it ends, so that a window reload picks the deployment up where it was instead of losing it.
 */

const PendingSchema = z.array(z.object({ backend: z.string(), endpointName: z.string(), token: z.string() }));
type Pending = z.infer<typeof PendingSchema>[number];

function deployableModels(backend: Backend, models: CatalogModel[]): CatalogModel[] {
  // Locally only models with files on this machine can be served; on Azure, model assets.
  return backend.id === 'local' ? models.filter((m) => m.path) : models.filter((m) => m.source?.startsWith('azureml://'));
}

async function pickModel(backend: Backend, modelId: string | undefined): Promise<CatalogModel | undefined> {
  const listing = await withAbortableProgress({ location: vscode.ProgressLocation.Window, title: 'Reading the catalog' }, (signal) => backend.catalog.list({ signal }));
  const models = deployableModels(backend, listing.models);
  if (modelId) {
    const model = models.find((m) => m.id === modelId);
    if (model) return model;
    const known = listing.models.find((m) => m.id === modelId);
    throw new Error(
      known
        ? backend.id === 'local'
          ? `${known.name} has no files on this machine to serve; add its folder (with an ONNX export) to foundationModels.localModelPaths, or deploy it on Azure.`
          : `${known.name} is not an Azure ML model asset, so it cannot be deployed to Azure ML.`
        : `Model "${modelId}" is not in the ${backend.displayName} catalog.`,
    );
  }
  if (models.length === 0) {
    throw new Error(
      backend.id === 'local'
        ? 'No model on this machine to serve: add a model folder with an ONNX export to foundationModels.localModelPaths.'
        : 'The Azure catalog has no model to deploy; refresh the catalog.',
    );
  }
  const picked = await vscode.window.showQuickPick(
    models.map((model) => ({ label: model.name, description: [model.task, model.version ? `v${model.version}` : undefined].filter(Boolean).join(' · '), detail: model.source ?? model.path, model })),
    { title: 'Deploy Model (1/4): model', placeHolder: 'The model to deploy', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.model;
}

async function pickKind(backend: Backend): Promise<EndpointKind | undefined> {
  if (backend.id === 'local') return 'online';
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Real-time (online) endpoint', description: 'answers requests as they come', endpointKind: 'online' as const },
      { label: 'Batch endpoint', description: 'scores files as jobs on a compute cluster', endpointKind: 'batch' as const },
    ],
    { title: 'Deploy Model (2/4): kind of endpoint' },
  );
  return picked?.endpointKind;
}

async function pickEndpointName(endpoints: EndpointService, kind: EndpointKind, model: CatalogModel): Promise<string | undefined> {
  const existing = (await endpoints.list().catch(() => [] as EndpointRecord[])).filter((e) => e.kind === kind);
  if (existing.length > 0) {
    const picked = await vscode.window.showQuickPick(
      [{ label: '$(add) New endpoint…', name: undefined }, ...existing.map((e) => ({ label: e.name, description: `${e.state} · ${e.deployments.length} deployment(s)`, name: e.name }))],
      { title: 'Deploy Model (3/4): endpoint', placeHolder: 'A new endpoint, or an existing one to add this deployment to' },
    );
    if (!picked) return undefined;
    if (picked.name) return picked.name;
  }
  return vscode.window.showInputBox({
    title: 'Deploy Model (3/4): endpoint name',
    prompt: '3–32 characters: a letter first, then letters, digits and hyphens',
    value: suggestedEndpointName(model.name),
    validateInput: (text) => endpointNameProblem(text.trim()),
  }).then((name) => name?.trim());
}

async function pickInstances(endpoints: EndpointService, backend: Backend, model: CatalogModel, kind: EndpointKind): Promise<Pick<DeployRequest, 'instanceType' | 'instanceCount' | 'compute'> | undefined> {
  if (backend.id === 'local') return { instanceCount: 1 };
  // Real-time: VM sizes (the model's recommended ones first). Batch: the workspace's clusters it runs on.
  const types = await withAbortableProgress({ location: vscode.ProgressLocation.Window, title: kind === 'batch' ? 'Reading compute clusters' : 'Reading instance types' }, (signal) =>
    endpoints.instanceTypes(model.id, kind, signal),
  );
  if (kind === 'batch' && types.length === 0) {
    throw new Error('Batch endpoints run on a compute cluster, and the workspace has none; create one in Azure ML studio (Compute → Compute clusters).');
  }
  let chosen: string | undefined;
  if (types.length > 0) {
    const picked = await vscode.window.showQuickPick(
      types.map((t) => ({ label: t.name, description: [t.recommended ? 'recommended for this model' : undefined, t.description].filter(Boolean).join(' · ') })),
      { title: `Deploy Model (4/4): ${kind === 'batch' ? 'compute cluster' : 'instance type'}`, placeHolder: kind === 'batch' ? 'The cluster the batch jobs run on' : 'The VM size of each instance' },
    );
    if (!picked) return undefined;
    chosen = picked.label;
  }
  const count = await vscode.window.showInputBox({
    title: 'Deploy Model (4/4): instance count',
    value: '1',
    validateInput: (text) => (/^[1-9]\d?$/.test(text.trim()) ? undefined : 'A whole number of instances from 1 to 99'),
  });
  if (!count) return undefined;
  return kind === 'batch' ? { compute: chosen, instanceCount: Number(count.trim()) } : { instanceType: chosen, instanceCount: Number(count.trim()) };
}

export class Deployments {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly backends: BackendHost,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private pending(): Pending[] {
    const parsed = PendingSchema.safeParse(this.context.globalState.get(PENDING_KEY));
    return parsed.success ? parsed.data : [];
  }

  private async setPending(entry: Pending, keep: boolean): Promise<void> {
    const others = this.pending().filter((p) => !(p.backend === entry.backend && p.endpointName === entry.endpointName));
    await this.context.globalState.update(PENDING_KEY, keep ? [...others, entry] : others);
  }

  /** The whole Deploy Model… flow; `modelId` when it comes from a model card. */
  async deploy(modelId?: string): Promise<void> {
    const backend = await this.backends.current();
    const endpoints = backend.endpoints;
    if (!endpoints) throw new Error(`The ${backend.displayName} backend cannot deploy: for Azure, pick a workspace with "Foundation Models: Sign in to Azure".`);
    const model = await pickModel(backend, modelId);
    if (!model) return;
    const kind = await pickKind(backend);
    if (!kind) return;
    const endpointName = await pickEndpointName(endpoints, kind, model);
    if (!endpointName) return;
    const instances = await pickInstances(endpoints, backend, model, kind);
    if (!instances) return;
    const request: DeployRequest = { modelId: model.id, kind, endpointName, ...instances };
    await this.run(backend, endpoints, endpointName, `Deploying ${model.name} to ${endpointName}`, (options) => endpoints.deploy(request, options));
  }

  /** Deployments a reload interrupted, for the current backend: polled again until they end. */
  async resumePending(): Promise<void> {
    const backend = await this.backends.current();
    const endpoints = backend.endpoints;
    if (!endpoints) return;
    for (const entry of this.pending().filter((p) => p.backend === backend.id)) {
      void this.run(backend, endpoints, entry.endpointName, `Deploying to ${entry.endpointName} (resumed after a reload)`, (options) => endpoints.resumeDeploy(entry.token, options)).catch(
        (error: unknown) => void vscode.window.showErrorMessage(describeError(error)),
      );
    }
  }

  private async run(
    backend: Backend,
    endpoints: EndpointService,
    endpointName: string,
    title: string,
    work: (options: { signal: AbortSignal; progress: (message: string) => void; onResumeToken: (token: string) => void }) => Promise<EndpointRecord>,
  ): Promise<void> {
    let endpoint: EndpointRecord;
    try {
      endpoint = await withAbortableProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (signal, report) =>
        work({ signal, progress: report, onResumeToken: (token) => void this.setPending({ backend: backend.id, endpointName, token }, true) }),
      );
    } catch (error) {
      await this.setPending({ backend: backend.id, endpointName, token: '' }, false);
      if (signal(error)) {
        void vscode.window.showWarningMessage(
          backend.id === 'azure'
            ? `Stopped following the deployment to ${endpointName}; what Azure already started goes on there. Delete the endpoint from the Endpoints view if you do not want it.`
            : `Deployment to ${endpointName} cancelled.`,
        );
        return;
      }
      throw error;
    }
    await this.setPending({ backend: backend.id, endpointName, token: '' }, false);
    this.log.info(`Endpoint ${endpoint.name} is ${endpoint.state}${endpoint.scoringUri ? ` at ${endpoint.scoringUri}` : ''}.`);
    const test = 'Test Endpoint';
    if (endpoint.kind === 'online' && (await vscode.window.showInformationMessage(`Endpoint ${endpoint.name} is ready.`, test)) === test) {
      await vscode.commands.executeCommand('foundationModels.testEndpoint', { type: 'endpoint', endpoint });
    } else if (endpoint.kind === 'batch') {
      void vscode.window.showInformationMessage(`Batch endpoint ${endpoint.name} is ready.`);
    }
  }
}

/** The user stopped it (Cancel, or the AbortSignal it follows). */
function signal(error: unknown): boolean {
  return error instanceof vscode.CancellationError || (error instanceof Error && error.name === 'AbortError');
}
