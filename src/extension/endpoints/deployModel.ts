import * as vscode from 'vscode';
import { requireService, type Backend, type DeployRequest, type EndpointRecord, type EndpointService } from '../../backends/backend';
import type { CatalogModel } from '../../core/catalog/catalogModel';
import { endpointNameProblem, suggestedEndpointName, type EndpointKind } from '../../core/endpoints/endpointModel';
import type { BackendHost } from '../backendHost';
import { COMMANDS } from '../commandIds';
import { describeError } from '../log';
import { isCancellation, withAbortableProgress } from '../progress';
import { BACK, runWizard, type WizardStep } from '../wizard';
import { PENDING_DEPLOYS_KEY, PendingDeploysSchema, type PendingDeploy } from './pendingDeploys';

/**
 * Deploy Model…: model, kind of endpoint, endpoint (new or existing), instance type and count, each asked only where
 * the backend has a choice (`EndpointService.kinds`, `choosesInstances`); then the backend's long-running deploy
 * under a cancellable notification. The deploy's resume token is kept in global state until it ends, so that a
 * window reload picks the deployment up where it was instead of losing it.
 */

interface DeployAnswers {
  readonly endpoints: EndpointService;
  /** The models that can be deployed here, for the model step. */
  readonly models: readonly CatalogModel[];
  model?: CatalogModel;
  kind?: EndpointKind;
  endpointName?: string;
  instanceType?: string;
  compute?: string;
  instanceCount: number;
}

const modelStep: WizardStep<DeployAnswers> = {
  what: 'model',
  shouldPrompt: (state) => !state.model,
  async prompt(state, title, ui) {
    const picked = await ui.pick(
      state.models.map((model) => ({
        label: model.displayName ?? model.name,
        description: [model.displayName ? model.name : undefined, model.task, model.version ? `v${model.version}` : undefined].filter(Boolean).join(' · '),
        detail: model.source ?? model.path,
        model,
      })),
      { title, placeHolder: 'The model to deploy', matchOnDescription: true, matchOnDetail: true },
    );
    if (picked === BACK) return BACK;
    state.model = picked?.model;
    return Boolean(picked);
  },
};

const kindStep: WizardStep<DeployAnswers> = {
  what: 'kind of endpoint',
  shouldPrompt: (state) => state.endpoints.kinds.length > 1,
  async prompt(state, title, ui) {
    const labels: Record<EndpointKind, { label: string; description: string }> = {
      online: { label: 'Real-time (online) endpoint', description: 'answers requests as they come' },
      batch: { label: 'Batch endpoint', description: 'scores files as jobs on a compute cluster' },
    };
    const picked = await ui.pick(state.endpoints.kinds.map((kind) => ({ ...labels[kind], endpointKind: kind })), { title });
    if (picked === BACK) return BACK;
    state.kind = picked?.endpointKind;
    return Boolean(picked);
  },
};

const endpointStep: WizardStep<DeployAnswers> = {
  what: 'endpoint',
  shouldPrompt: () => true,
  async prompt(state, title, ui) {
    const kind = state.kind ?? state.endpoints.kinds[0];
    const existing = (await state.endpoints.list().catch(() => [] as EndpointRecord[])).filter((e) => e.kind === kind);
    if (existing.length > 0) {
      const picked = await ui.pick(
        [{ label: '$(add) New endpoint…', name: undefined }, ...existing.map((e) => ({ label: e.name, description: `${e.state} · ${e.deployments.length} deployment(s)`, name: e.name }))],
        { title, placeHolder: 'A new endpoint, or an existing one to add this deployment to' },
      );
      if (picked === BACK || !picked) return picked === BACK ? BACK : false;
      if (picked.name) {
        state.endpointName = picked.name;
        return true;
      }
    }
    const name = await ui.input({
      title: `${title} name`,
      prompt: '3–32 characters: a letter first, then letters, digits and hyphens',
      value: suggestedEndpointName(state.model?.name ?? 'model'),
      validateInput: (text) => endpointNameProblem(text.trim()),
    });
    if (name === BACK) return BACK;
    state.endpointName = name?.trim();
    return Boolean(state.endpointName);
  },
};

const instanceTypeStep: WizardStep<DeployAnswers> = {
  what: 'instance type',
  shouldPrompt: (state) => state.endpoints.choosesInstances,
  async prompt(state, title, ui) {
    const kind = state.kind ?? state.endpoints.kinds[0] ?? 'online';
    const modelId = state.model?.id ?? '';
    // Real-time: VM sizes (the model's recommended ones first). Batch: the workspace's clusters it runs on.
    const types = await withAbortableProgress({ location: vscode.ProgressLocation.Window, title: kind === 'batch' ? 'Reading compute clusters' : 'Reading instance types' }, (signal) =>
      state.endpoints.instanceTypes(modelId, kind, signal),
    );
    if (kind === 'batch' && types.length === 0) {
      throw new Error('Batch endpoints run on a compute cluster, and the workspace has none; create one in Azure ML studio (Compute → Compute clusters).');
    }
    if (types.length === 0) return true;
    const picked = await ui.pick(
      types.map((t) => ({ label: t.name, description: [t.recommended ? 'recommended for this model' : undefined, t.description].filter(Boolean).join(' · ') })),
      { title: kind === 'batch' ? title.replace(/instance type$/, 'compute cluster') : title, placeHolder: kind === 'batch' ? 'The cluster the batch jobs run on' : 'The VM size of each instance' },
    );
    if (picked === BACK) return BACK;
    if (kind === 'batch') state.compute = picked?.label;
    else state.instanceType = picked?.label;
    return Boolean(picked);
  },
};

const instanceCountStep: WizardStep<DeployAnswers> = {
  what: 'instance count',
  shouldPrompt: (state) => state.endpoints.choosesInstances,
  async prompt(state, title, ui) {
    const count = await ui.input({ title, value: '1', validateInput: (text) => (/^[1-9]\d?$/.test(text.trim()) ? undefined : 'A whole number of instances from 1 to 99') });
    if (count === BACK) return BACK;
    if (count) state.instanceCount = Number(count.trim());
    return Boolean(count);
  },
};

const DEPLOY_STEPS = [modelStep, kindStep, endpointStep, instanceTypeStep, instanceCountStep];

/** The catalog's deployable models; a model named by its card must be one of them, or the backend says why not. */
async function deployableModels(backend: Backend, endpoints: EndpointService, modelId: string | undefined): Promise<{ models: CatalogModel[]; model?: CatalogModel }> {
  const listing = await withAbortableProgress({ location: vscode.ProgressLocation.Window, title: 'Reading the catalog' }, (signal) => backend.catalog.list({ signal }));
  const models = listing.models.filter((m) => endpoints.deployable(m).ok);
  if (modelId) {
    const known = listing.models.find((m) => m.id === modelId);
    if (!known) throw new Error(`Model "${modelId}" is not in the ${backend.displayName} catalog.`);
    const capability = endpoints.deployable(known);
    if (!capability.ok) throw new Error(capability.reason);
    return { models, model: known };
  }
  if (models.length === 0) {
    const reason = listing.models.map((m) => endpoints.deployable(m)).find((c) => !c.ok);
    throw new Error(`No model in the ${backend.displayName} catalog can be deployed here${reason && !reason.ok ? `: ${reason.reason}` : '.'}`);
  }
  return { models };
}

export class Deployments {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly backends: BackendHost,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private pending(): PendingDeploy[] {
    const parsed = PendingDeploysSchema.safeParse(this.context.globalState.get(PENDING_DEPLOYS_KEY));
    return parsed.success ? parsed.data : [];
  }

  private async setPending(entry: PendingDeploy, keep: boolean): Promise<void> {
    const others = this.pending().filter((p) => !(p.backend === entry.backend && p.endpointName === entry.endpointName));
    await this.context.globalState.update(PENDING_DEPLOYS_KEY, keep ? [...others, entry] : others);
  }

  /** The whole Deploy Model… flow; `modelId` when it comes from a model card. */
  async deploy(modelId?: string): Promise<void> {
    const backend = await this.backends.current();
    const endpoints = requireService(backend, 'endpoints');
    const state: DeployAnswers = { endpoints, ...(await deployableModels(backend, endpoints, modelId)), instanceCount: 1 };
    if (!(await runWizard('Deploy Model', DEPLOY_STEPS, state))) return;
    const { model, endpointName } = state;
    if (!model || !endpointName) return;
    const request: DeployRequest = {
      modelId: model.id,
      kind: state.kind ?? endpoints.kinds[0] ?? 'online',
      endpointName,
      instanceCount: state.instanceCount,
      ...(state.instanceType ? { instanceType: state.instanceType } : {}),
      ...(state.compute ? { compute: state.compute } : {}),
    };
    await this.run(backend, endpoints, endpointName, `Deploying ${model.name} to ${endpointName}`, (options) => endpoints.deploy(request, options));
  }

  /** Deployments a reload interrupted, for the current backend: polled again until they end. */
  async resumePending(): Promise<void> {
    const backend = await this.backends.current();
    const endpoints = backend.endpoints;
    if (!endpoints) return;
    for (const entry of this.pending().filter((p) => p.backend === backend.id)) {
      void this.run(backend, endpoints, entry.endpointName, `Deploying to ${entry.endpointName} (resumed after a reload)`, (options) => endpoints.resumeDeploy(entry.token, options)).catch(
        (error: unknown) => {
          if (!isCancellation(error)) void vscode.window.showErrorMessage(describeError(error));
        },
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
      // Cancel stops our waiting; where the work goes on elsewhere, the backend says so.
      const goesOn = isCancellation(error) ? endpoints.afterCancel('deploy', endpointName) : undefined;
      if (goesOn) void vscode.window.showWarningMessage(goesOn);
      throw error;
    }
    await this.setPending({ backend: backend.id, endpointName, token: '' }, false);
    this.log.info(`Endpoint ${endpoint.name} is ${endpoint.state}${endpoint.scoringUri ? ` at ${endpoint.scoringUri}` : ''}.`);
    const test = 'Test Endpoint';
    if (endpoint.kind === 'online' && (await vscode.window.showInformationMessage(`Endpoint ${endpoint.name} is ready.`, test)) === test) {
      await vscode.commands.executeCommand(COMMANDS.testEndpoint, { type: 'endpoint', endpoint });
    } else if (endpoint.kind === 'batch') {
      void vscode.window.showInformationMessage(`Batch endpoint ${endpoint.name} is ready.`);
    }
  }
}
