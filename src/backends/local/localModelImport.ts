import type { ModelImportResult, ModelImportService } from '../backend';
import { checkModelFolder, findCachedModel } from './huggingFaceCache';

/**
 * Import from Hugging Face… on this machine: a copy already here (the Hugging Face cache, or a folder the user
 * chooses when it is not cached) joins the catalog; its `config.json` says the task, so none is asked.
 */
export class LocalModelImport implements ModelImportService {
  readonly description = 'Adds a copy already on this machine (the Hugging Face cache, or a folder you choose) to the catalog under On This Machine.';
  readonly tasks: readonly string[] = [];
  readonly defaultCompute = undefined;

  async import(request: { readonly modelId: string; readonly folder?: string | undefined }): Promise<ModelImportResult> {
    if (request.folder) {
      const problem = await checkModelFolder(request.folder);
      if (problem) throw new Error(problem);
      return { kind: 'folder', folder: request.folder };
    }
    const cached = await findCachedModel(request.modelId.trim());
    return 'folder' in cached ? { kind: 'folder', folder: cached.folder } : { kind: 'notFound', problem: cached.problem };
  }
}
