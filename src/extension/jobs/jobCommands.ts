import path from 'node:path';
import * as vscode from 'vscode';
import { requireService } from '../../backends/backend';
import { JobRecordSchema, type JobRecord } from '../../core/jobs/jobModel';
import type { BackendHost } from '../backendHost';
import type { CatalogTreeProvider } from '../catalog/catalogTreeProvider';
import type { ModelCardPanels } from '../modelCard/modelCardPanel';

/** How to ask for a job when a command comes from the palette rather than a row of the Jobs view. */
export interface JobPick {
  readonly title: string;
  readonly accepts: (job: JobRecord) => boolean;
  /** Said when no job of the backend qualifies. */
  readonly none: string;
}

/**
 * The job a command acts on: its Jobs view row (or a command argument), validated since commands can be called with
 * anything; from the palette, one of the current backend's jobs the user picks. Undefined when they dismiss the pick.
 */
export async function jobFromArgument(value: unknown, backends: BackendHost, pick: JobPick): Promise<JobRecord | undefined> {
  const parsed = JobRecordSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const jobs = requireService(await backends.current(), 'jobs');
  const candidates = (await jobs.list()).filter(pick.accepts);
  if (candidates.length === 0) throw new Error(pick.none);
  const picked = await vscode.window.showQuickPick(
    candidates.map((job) => ({ label: job.displayName, description: `${job.status} · ${job.id}`, job })),
    { title: pick.title, placeHolder: 'Pick a job', matchOnDescription: true },
  );
  return picked?.job;
}

export const ANY_JOB: JobPick = { title: 'Show Job Log', accepts: () => true, none: 'There is no job yet: right-click a dataset file and choose Fine-tune… or Evaluate….' };
export const RUNNING_JOB: JobPick = {
  title: 'Cancel Job',
  accepts: (job) => job.status === 'queued' || job.status === 'running',
  none: 'No job is queued or running.',
};
/** A fine-tune whose curves the backend reads (`JobService.metricHistory`), running or done. */
export function hasCurves(job: JobRecord, backendReadsCurves: boolean): boolean {
  return backendReadsCurves && job.spec.kind === 'fineTune' && (job.status === 'running' || job.status === 'completed');
}

/** Jobs Show Metrics opens: those with metrics, and fine-tunes with curves where the backend reads them. */
export function jobWithMetrics(backendReadsCurves: boolean): JobPick {
  return {
    title: 'Show Metrics',
    accepts: (job) => Boolean(job.metrics) || hasCurves(job, backendReadsCurves),
    none: 'No job has metrics yet: they come when an evaluation completes (a fine-tune shows its curves while it runs).',
  };
}
export const JOB_WITH_MODEL: JobPick = {
  title: 'Register Model',
  accepts: (job) => job.status === 'completed' && Boolean(job.outputs?.model) && job.spec.kind === 'fineTune',
  none: 'No completed fine-tuning job has a model to register.',
};

export async function cancelJob(backends: BackendHost, value: unknown): Promise<void> {
  const job = await jobFromArgument(value, backends, RUNNING_JOB);
  if (!job) return;
  const cancel = 'Cancel Job';
  if ((await vscode.window.showWarningMessage(`Cancel ${job.displayName}?`, { modal: true }, cancel)) !== cancel) return;
  await requireService(await backends.current(), 'jobs').cancel(job.id);
}

/** Register Model…: a name for a completed fine-tune's model, which then joins the catalog. */
export async function registerModel(backends: BackendHost, catalogTree: CatalogTreeProvider, modelCards: ModelCardPanels, value: unknown): Promise<void> {
  const job = await jobFromArgument(value, backends, JOB_WITH_MODEL);
  if (!job) return;
  if (job.spec.kind === 'import') throw new Error(`${job.displayName} registers its model itself; find it under Workspace Models.`);
  if (job.spec.kind === 'batchScore') throw new Error(`${job.displayName} scores data; it trains no model to register.`);
  const { spec } = job;
  const name = await vscode.window.showInputBox({
    title: 'Register Model',
    prompt: `A name for the model ${job.displayName} produced`,
    value: `${path.basename(spec.data.file).replace(/\.[^.]+$/, '')}-${spec.task}`.replace(/[^A-Za-z0-9_.-]/g, '-'),
    validateInput: (text) => (/^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/.test(text) ? undefined : 'Letters, digits, "-", "_" and ".", starting with a letter or digit'),
  });
  if (!name) return;
  const modelId = await requireService(await backends.current(), 'jobs').registerModel(job.id, name);
  catalogTree.refresh();
  const open = 'Open Model Card';
  if ((await vscode.window.showInformationMessage(`Registered ${name}; it is in the catalog.`, open)) === open) await modelCards.show(modelId);
}
