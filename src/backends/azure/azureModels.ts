import * as z from 'zod';
import { CatalogModelSchema, type CatalogModel, type CollectionId } from '../../core/catalog/catalogModel';
import { normalizeTaskName, parseFineTuningTasks } from '../../core/catalog/modelTask';
import { parseLiteralText } from './pythonLiteral';

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
  properties: z
    .looseObject({
      ...AssetPropertiesShape,
      modelType: z.string().nullish(),
      modelUri: z.string().nullish(),
      systemMetadata: z.record(z.string(), z.unknown()).nullish(),
      system_metadata: z.record(z.string(), z.unknown()).nullish(),
    })
    .default({}),
});
export type ModelVersion = z.infer<typeof ModelVersionSchema>;

const Names = z.array(z.string()).optional().catch(undefined);

/** The tag of a model registered from a fine-tuning job here: its training columns (JSON), its signature's inputs. */
export const INPUT_COLUMNS_TAG = 'foundation-models.inputColumns';

/**
 * The `system_metadata` block the `azureml` registry publishes its models with since June 2026 (Azure/azureml-assets
 * 0419839803 "Migrate models from tags/properties to system metadata"; publishing replaces the legacy tags, so current
 * versions carry only this). Only what the catalog and the deploy choices read is declared; a part that does not have
 * its shape is left out rather than failing the model.
 */
const SystemMetadataSchema = z.looseObject({
  tasks: z.looseObject({ inferenceTasks: Names, fineTuningTasks: Names }).optional().catch(undefined),
  license: z.string().optional().catch(undefined),
  supportedComputes: z.looseObject({ inferenceComputes: Names, evaluationComputes: Names, finetuneComputes: Names }).optional().catch(undefined),
  SKU: z.looseObject({ inferenceRecommendedSkus: Names, evaluationRecommendedSkus: Names, finetuneRecommendedSkus: Names }).optional().catch(undefined),
});
export type SystemMetadata = z.infer<typeof SystemMetadataSchema>;

/**
 * A version's system metadata. The field and form the registry data plane answers are not in public sources
 * (SETTLED.md #3; registryModels.json `wireFormat`): `systemMetadata`, else `system_metadata`; each top-level value
 * nested, or as the text the publisher sends (`stringify_dictionary`: a dict as JSON, a list as Python `str()`).
 */
export function readSystemMetadata(version: ModelVersion | undefined): SystemMetadata | undefined {
  const raw = version?.properties.systemMetadata ?? version?.properties.system_metadata;
  if (!raw) return undefined;
  const values = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, typeof value === 'string' && /^[[{(]/.test(value.trim()) ? (parseLiteralText(value) ?? value) : value]));
  return SystemMetadataSchema.parse(values);
}

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

/** `{inputColumns}` from the tag's JSON list, or nothing when it is absent or not a list of names. */
function inputColumnsOf(text: string | undefined): { inputColumns?: string[] } {
  const parsed = text ? z.array(z.string().min(1)).min(1).safeParse(parseLiteralText(text)) : undefined;
  return parsed?.success ? { inputColumns: parsed.data } : {};
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

/**
 * A model as the catalog shows it: task, license and fine-tuning tasks from the version's system metadata first, the
 * legacy tags and properties (`task`, `license`, `finetuning-tasks`) of versions published before the migration, or of
 * registries that never migrated (`HuggingFace`, a workspace's own), after.
 */
export function toCatalogModel(source: ModelSource, container: ModelContainer, version: ModelVersion | undefined): CatalogModel {
  const maps = [version?.properties.tags, container.properties.tags, version?.properties.properties, container.properties.properties];
  const metadata = readSystemMetadata(version);
  const task = metadata?.tasks?.inferenceTasks?.[0] ?? tag(maps, 'task');
  const fineTuning = metadata?.tasks?.fineTuningTasks?.join(',') ?? tag(maps, 'finetuning-tasks', 'finetuning_tasks', 'finetuningtasks');
  const versionName = version?.name ?? container.properties.latestVersion ?? undefined;
  return CatalogModelSchema.parse({
    id: `${source.idPrefix}/${container.name}`,
    name: container.name,
    collection: source.collection,
    task: task ? normalizeTaskName(task) : 'unknown',
    // azureml-assets wrote `finetuning-tasks` into properties before the migration (MLFlowModelProperties.FINETUNING_TASKS).
    fineTuningTasks: parseFineTuningTasks(fineTuning),
    license: metadata?.license?.trim() || (tag(maps, 'license') ?? 'unknown'),
    ...inputColumnsOf(tag(maps, INPUT_COLUMNS_TAG.toLowerCase())),
    description: version?.properties.description || container.properties.description || '',
    publisher: tag(maps, 'author', 'publisher', 'model_provider_name') ?? source.publisher,
    version: versionName,
    source: source.assetId(container.name, versionName),
  });
}
