import type { ModelImportResult, ModelImportService } from '../backend';
import { checkModelFolder, findCachedModel } from './huggingFaceCache';

/**
 * Import from Hugging Face… on this machine: a copy in the Hugging Face cache (or a folder the user chooses) joins
 * the catalog; its `config.json` says the task, so none is asked. A model not cached is offered for download (its
 * ONNX export, through `modelDownloads`), after which the editor imports the snapshot folder.
 */
export class LocalModelImport implements ModelImportService {
  readonly description = 'Downloads its ONNX export into the Hugging Face cache unless it is there already (or takes a folder you choose), and adds it to the catalog under On This Machine.';
  readonly tasks: readonly string[] = [];
  readonly defaultCompute = undefined;

  /** `env`: where the Hugging Face cache is read from (`HF_HUB_CACHE`, `HF_HOME`…), the process's by default. */
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async import(request: { readonly modelId: string; readonly folder?: string | undefined }): Promise<ModelImportResult> {
    if (request.folder) {
      const problem = await checkModelFolder(request.folder);
      if (problem) throw new Error(problem);
      return { kind: 'folder', folder: request.folder };
    }
    const cached = await findCachedModel(request.modelId.trim(), this.env);
    return 'folder' in cached ? { kind: 'folder', folder: cached.folder } : { kind: 'notFound', problem: cached.problem, download: { repo: request.modelId.trim() } };
  }
}
