import * as vscode from 'vscode';
import type { JobMode } from '../../protocol/jobPanelMessages';
import type { BackendHost } from '../backendHost';
import type { JobPanels } from './jobPanel';

/**
 * Stands in for the job panels until one is first opened. The panels and the dataset core they use are a separate
 * bundle, `dist/jobPanel.js`, so that they cost nothing at activation.
 */
export class LazyJobPanels implements vscode.Disposable {
  private loaded: Promise<JobPanels> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly backends: BackendHost,
    private readonly log: vscode.LogOutputChannel,
    /** Where data assets' files are read to. */
    private readonly dataAssetCache: string,
  ) {}

  /**
   * Fine-tune… and Evaluate…: `target` is a dataset from the explorer (a Uri), or a model id from its card (then
   * the user picks the dataset).
   */
  async open(mode: JobMode, target: unknown): Promise<void> {
    let file = target instanceof vscode.Uri ? target : undefined;
    const modelId = typeof target === 'string' ? target : undefined;
    if (!file) {
      const picked = await vscode.window.showOpenDialog({
        title: mode === 'fineTune' ? 'Choose the training data' : 'Choose the test data',
        filters: { Datasets: ['jsonl', 'csv', 'tsv', 'json'] },
        canSelectMany: false,
      });
      file = picked?.[0];
    }
    if (file) await this.show(file, mode, modelId);
  }

  async show(uri: vscode.Uri, mode: JobMode, modelId?: string): Promise<void> {
    await (await this.panels()).show(uri, mode, modelId);
  }

  /** Evaluate / Fine-tune with a Data Asset…: the backend's registered data assets as the job's data. */
  async openDataAsset(mode: JobMode): Promise<void> {
    await (await this.panels()).openDataAsset(mode);
  }

  private panels(): Promise<JobPanels> {
    this.loaded ??= import('./jobPanel').then(({ JobPanels }) => new JobPanels(this.extensionUri, this.backends, this.log, this.dataAssetCache));
    return this.loaded;
  }

  dispose(): void {
    void this.loaded?.then((panels) => panels.dispose());
  }
}
