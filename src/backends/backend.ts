import * as z from 'zod';
import type { CatalogModel } from '../core/catalog/catalogModel';

export const BACKEND_IDS = ['local', 'azure'] as const;
export const BackendIdSchema = z.enum(BACKEND_IDS);
export type BackendId = z.infer<typeof BackendIdSchema>;

export const BACKEND_LABELS: Readonly<Record<BackendId, string>> = {
  local: 'Local (this machine, no account)',
  azure: 'Azure Machine Learning',
};

/** The models a backend can offer. */
export interface CatalogService {
  list(signal?: AbortSignal): Promise<CatalogModel[]>;
  get(id: string, signal?: AbortSignal): Promise<CatalogModel | undefined>;
  /** Forget anything cached, so that the next `list` reads the sources again. */
  refresh(): void;
}

/**
 * What the VS Code layer and the CLI talk to. They never know which implementation is behind it.
 * Jobs, data and endpoints join this interface as their issues land.
 */
export interface Backend {
  readonly id: BackendId;
  readonly displayName: string;
  readonly catalog: CatalogService;
  dispose(): void;
}

/** A capability this backend does not offer (yet); the message is shown to the user as it is. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
}

/**
 * Checked by name, not `instanceof`: the Azure backend is a separate bundle with its own copy of the class.
 */
export function isBackendUnavailable(error: unknown): error is BackendUnavailableError {
  return error instanceof Error && error.name === 'BackendUnavailableError';
}
