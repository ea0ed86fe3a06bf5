import type * as vscode from 'vscode';
import type { BackendHost } from '../backendHost';
import type { Deployments } from './deployModel';
import { PENDING_DEPLOYS_KEY } from './pendingDeploys';

/**
 * Stands in for Deploy Model… and Import from Hugging Face… until one is first used: they are a bundle of their
 * own, `dist/endpointActions.js`, so that activation does not load them.
 */
export class LazyEndpointActions {
  private loaded: Promise<typeof import('./endpointActions')> | undefined;
  private deployments: Promise<Deployments> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly backends: BackendHost,
    /** Passed in, not imported: the lazy bundle must write to the extension's one log. */
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private load(): Promise<typeof import('./endpointActions')> {
    return (this.loaded ??= import('./endpointActions'));
  }

  private async deploymentsOnce(): Promise<Deployments> {
    this.deployments ??= this.load().then(({ Deployments }) => new Deployments(this.context, this.backends, this.log));
    return this.deployments;
  }

  async deploy(modelId: string | undefined): Promise<void> {
    await (await this.deploymentsOnce()).deploy(modelId);
  }

  async importFromHuggingFace(): Promise<void> {
    await (await this.load()).importFromHuggingFace(this.backends, this.context.secrets);
  }

  /** Resumes interrupted deployments; loads nothing when there are none. */
  async resumePending(): Promise<void> {
    const pending = this.context.globalState.get<unknown>(PENDING_DEPLOYS_KEY);
    if (!Array.isArray(pending) || pending.length === 0) return;
    await (await this.deploymentsOnce()).resumePending();
  }
}
