import * as z from 'zod';
import { CatalogModelSchema, type CatalogModel, type CollectionId } from '../../core/catalog/catalogModel';
import { normalizeTaskName, parseFineTuningTasks } from '../../core/catalog/modelTask';

/**
 * Registry and workspace model assets mapped onto catalog models. Shapes follow the REST specification
 * (`ModelContainer`, `ModelVersion` in mfe.json and registries.json); only the fields the catalog reads are
 * declared, and unknown ones are kept, since the service adds fields over time.
 */
const StringMapSchema = z.record(z.string(), z.string().nullable()).nullish();

/** `ResourceBase` and `isArchived`, which containers and versions share. */
const AssetPropertiesShape = {
  description: z.string().nullish(),
  tags: StringMapSchema,
  properties: StringMapSchema,
  isArchived: z.boolean().nullish(),
};

export const ModelContainerSchema = z.looseObject({
  name: z.string().min(1),
  properties: z.looseObject({ ...AssetPropertiesShape, latestVersion: z.string().nullish() }).default({}),
});
export type ModelContainer = z.infer<typeof ModelContainerSchema>;

export const ModelVersionSchema = z.looseObject({
  name: z.string().min(1),
  properties: z.looseObject({ ...AssetPropertiesShape, modelType: z.string().nullish(), modelUri: z.string().nullish() }).default({}),
});
export type ModelVersion = z.infer<typeof ModelVersionSchema>;

type StringMap = Record<string, string | null> | null | undefined;

/** Tag lookup that ignores case: registries spell `Task`, `task`, `license`, `License`. */
function tag(maps: StringMap[], ...names: string[]): string | undefined {
  for (const map of maps) {
    if (!map) continue;
    for (const [key, value] of Object.entries(map)) {
      if (value && names.includes(key.toLowerCase())) return value.trim() || undefined;
    }
  }
  return undefined;
}

export interface ModelSource {
  readonly collection: CollectionId;
  /** Prefix of catalog ids, e.g. `azureml` → `azureml/bert-base-uncased`. */
  readonly idPrefix: string;
  /** Who publishes models here when a model does not say, e.g. the registry name. */
  readonly publisher: string;
  /** The asset id of a version, e.g. `azureml://registries/azureml/models/NAME/versions/3`. */
  assetId(name: string, version: string | undefined): string;
}

export function toCatalogModel(source: ModelSource, container: ModelContainer, version: ModelVersion | undefined): CatalogModel {
  const maps = [version?.properties.tags, container.properties.tags, version?.properties.properties, container.properties.properties];
  const task = tag(maps, 'task');
  const versionName = version?.name ?? container.properties.latestVersion ?? undefined;
  return CatalogModelSchema.parse({
    id: `${source.idPrefix}/${container.name}`,
    name: container.name,
    collection: source.collection,
    task: task ? normalizeTaskName(task) : 'unknown',
    // azureml-assets writes `finetuning-tasks` into properties (MLFlowModelProperties.FINETUNING_TASKS).
    fineTuningTasks: parseFineTuningTasks(tag(maps, 'finetuning-tasks', 'finetuning_tasks', 'finetuningtasks')),
    license: tag(maps, 'license') ?? 'unknown',
    description: version?.properties.description || container.properties.description || '',
    publisher: tag(maps, 'author', 'publisher', 'model_provider_name') ?? source.publisher,
    version: versionName,
    source: source.assetId(container.name, versionName),
  });
}
