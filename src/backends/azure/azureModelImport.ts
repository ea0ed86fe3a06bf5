import type { ModelImportResult, ModelImportService, SubmitOptions } from '../backend';
import type { AzureJobs } from './azureJobs';

/**
 * The tasks the `azureml` registry's `import_model` component takes (`task_name`; shared/azureml/API.md §3.2):
 * wider than the tasks we fine-tune, image tasks too.
 */
export const IMPORT_TASKS = [
  'fill-mask',
  'token-classification',
  'question-answering',
  'summarization',
  'text-generation',
  'text-classification',
  'translation',
  'image-classification',
  'text-to-image',
] as const;

/** The registry-safe model name azureml-examples derives from a Hub id: `owner/name` → `owner-name`. */
export function registeredNameFor(modelId: string): string {
  return modelId.trim().replace(/\//g, '-');
}

/** Import from Hugging Face… on Azure ML: the registry's import pipeline, as a job of the workspace. */
export class AzureModelImport implements ModelImportService {
  readonly description =
    "Runs the azureml registry's import_model pipeline in your workspace: it downloads the model from the Hub, converts it to MLflow and registers it under Workspace Models.";
  readonly tasks: readonly string[] = IMPORT_TASKS;
  readonly defaultCompute = { name: 'serverless', description: 'Azure ML picks the machine (the import pipeline’s default)' };

  constructor(private readonly jobs: AzureJobs) {}

  async import(request: { readonly modelId: string; readonly task?: string | undefined; readonly compute?: string | undefined }, options?: SubmitOptions): Promise<ModelImportResult> {
    if (!request.task) throw new Error(`Choose the task of ${request.modelId}: the import pipeline needs it.`);
    const modelId = request.modelId.trim();
    const job = await this.jobs.submit({ kind: 'import', modelId, importTask: request.task, compute: request.compute }, options);
    return { kind: 'job', job, note: `Importing ${modelId} as job ${job.id}; the model appears under Workspace Models when the job completes.` };
  }
}
