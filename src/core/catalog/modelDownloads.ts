import type { TaskId } from '../tasks';
import type { CatalogModel } from './catalogModel';
import type { HubFileChoice } from './hubFiles';
import { repoIdProblem } from './hubRepoId';
import type { PytorchFileChoice } from './pytorchFiles';

/**
 * Models downloaded to this machine from a model hub (the Hugging Face Hub), as the editor and the CLI see them: what
 * a pull asks for, the progress it reports, what it gives back, what is cached, and what can go wrong. Plain data;
 * the downloading itself is the local backend's (`src/backends/local/hub/`), offered as `ModelDownloadService`.
 */

/**
 * What can go wrong with the Hub, each as one sentence a user can act on. `kind` lets a caller react without
 * reading the text (the editor offers "Sign in" for `unauthorized`, the CLI exits 130 for `canceled`).
 */
export type HubErrorKind =
  /** 401/403: gated or private; the user must accept the terms and give a token. */
  | 'unauthorized'
  /** 404: no such model, revision or file. */
  | 'not-found'
  /** The repository has no ONNX export this app can run. */
  | 'no-onnx'
  /** The repository has no PyTorch weights to fine-tune (an export, or TensorFlow/Flax weights only). */
  | 'no-pytorch'
  /** HF_HUB_OFFLINE is set and the model is not in the cache. */
  | 'offline'
  /** The Hub could not be reached, or kept failing after the retries. */
  | 'unreachable'
  /** The Hub answered something we cannot use (bad JSON, a changed file, a hash that does not match). */
  | 'bad-response'
  /** The caller's AbortSignal fired; partial files are kept for a later resume. */
  | 'canceled'
  /** A setting is wrong (HF_ENDPOINT, the repository id). */
  | 'config';

export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(
    readonly kind: HubErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isHubError(error: unknown, kind?: HubErrorKind): error is HubError {
  return error instanceof HubError && (kind === undefined || error.kind === kind);
}

export interface RetryNotice {
  /** The try that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

export interface PullRequest {
  /** `owner/name` on the Hub. */
  readonly repo: string;
  /** A branch, tag or commit hash; `main` when absent. */
  readonly revision?: string | undefined;
  /** Chooses the ONNX layout (an encoder-decoder pair for summarization and translation); guessed when absent. */
  readonly task?: TaskId | undefined;
  /**
   * The form to fetch: `onnx` (the default) the export that runs here, `pytorch` the weights fine-tuning trains
   * (config, tokenizer and safetensors or `.bin` weights: `pytorchFiles.ts`).
   */
  readonly weights?: WeightsForm | undefined;
}

/** The forms of a model's weights this app uses: an ONNX export runs here, PyTorch weights are fine-tuned here. */
export type WeightsForm = 'onnx' | 'pytorch';

export interface PlannedFile {
  readonly path: string;
  readonly size: number | undefined;
  /** Nothing to fetch: in this snapshot already, or its blob is (another revision had the same file). */
  readonly cached: boolean;
  /** Bytes of an interrupted download that will be resumed, not fetched again. */
  readonly partialBytes: number;
}

export type PullProgress =
  | { readonly type: 'plan'; readonly repo: string; readonly revision: string; readonly commit: string; readonly files: readonly PlannedFile[]; readonly totalBytes: number; readonly bytesToFetch: number }
  | { readonly type: 'file'; readonly path: string; readonly index: number; readonly count: number; readonly size: number | undefined; readonly resumeFrom: number }
  | { readonly type: 'bytes'; readonly path: string; readonly fileDone: number; readonly fileTotal: number | undefined; readonly done: number; readonly total: number }
  | ({ readonly type: 'retry'; readonly path: string | undefined } & RetryNotice);

export interface PulledModel {
  readonly repo: string;
  readonly revision: string;
  readonly commit: string;
  /** The snapshot folder, ready for transformers.js with `local_files_only` and `dtype` (or the Trainer's `from_pretrained`). */
  readonly folder: string;
  /** The ONNX export pulled; undefined for a pull of PyTorch weights. */
  readonly onnx: HubFileChoice | undefined;
  /** The PyTorch weights pulled (`weights: 'pytorch'`). */
  readonly pytorch?: PytorchFileChoice | undefined;
  /** Bytes that came over the network in this pull. */
  readonly fetchedBytes: number;
  /** `cache` when nothing was asked of the Hub (offline, a cached commit, or the Hub out of reach). */
  readonly source: 'hub' | 'cache';
  /** Why the cache was used when the Hub could not be reached. */
  readonly notice?: string | undefined;
}

export interface CachedSnapshot {
  readonly repo: string;
  readonly commit: string;
  /** The snapshot folder: what transformers.js loads (`local_files_only`). */
  readonly folder: string;
  /** The ONNX export's files, layout and data type, or undefined when the snapshot has none it can run. */
  readonly onnx: HubFileChoice | undefined;
  /** Its PyTorch weights, when the snapshot has them whole (a pull for fine-tuning, or Python tools' downloads). */
  readonly pytorch?: PytorchFileChoice | undefined;
}

export interface CachedHubModel extends CachedSnapshot {
  /** Branches and tags whose `refs/` entry points at this snapshot (empty for a commit pulled by hash). */
  readonly revisions: readonly string[];
  readonly sizeBytes: number;
  /** What `config.json`'s architecture does, when it says. */
  readonly task: TaskId | undefined;
  /** Downloads that stopped part-way (`blobs/*.incomplete`), resumed by the next pull. */
  readonly partialDownloads: number;
}

/**
 * The Hub repository a curated model's PyTorch weights come from for fine-tuning: its `source`, the original model
 * (exports such as its ONNX one are made from it). Undefined for a model with no Hub source (a folder, a registry).
 */
export function trainingSourceOf(model: Pick<CatalogModel, 'collection' | 'source'>): string | undefined {
  return model.collection === 'curated' && model.source && !repoIdProblem(model.source) ? model.source : undefined;
}
