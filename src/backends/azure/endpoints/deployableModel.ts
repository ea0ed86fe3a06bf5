import type { CatalogService } from '../../backend';
import { armModelId } from '../assetIds';
import { ModelVersionSchema, readSystemMetadata, type ModelVersion } from '../azureModels';
import { DATA_PLANE_API_VERSION, registryDataPlaneBase } from '../registryDataPlane';
import type { WorkspaceRest } from '../workspaceRest';

/** The model a deployment names, and the inference sizes its asset allows and recommends. */

export interface ResolvedModel {
  readonly id: string;
  readonly name: string;
  /** `azureml://…/versions/{v}`. */
  readonly assetId: string;
  readonly task: string | undefined;
}

export interface ModelSkus {
  readonly allowed: string[];
  readonly recommended: string[];
}

/** The catalog model (or an `azureml://…/versions/{v}` asset id) as the asset a deployment names. */
export async function resolveModel(catalog: CatalogService, modelId: string, signal: AbortSignal | undefined): Promise<ResolvedModel> {
  if (modelId.startsWith('azureml://')) {
    const name = /\/models\/([^/]+)/.exec(modelId)?.[1] ?? modelId;
    if (!/\/versions\/[^/]+$/.test(modelId)) throw new Error(`${modelId} names no model version; pick a version to deploy.`);
    return { id: modelId, name, assetId: modelId, task: undefined };
  }
  const model = await catalog.get(modelId, signal ? { signal } : {});
  if (!model) throw new Error(`Model "${modelId}" is not in the Azure catalog; refresh the catalog and pick it again.`);
  if (!model.source?.startsWith('azureml://')) throw new Error(`${model.name} is not an Azure ML model asset, so Azure ML cannot deploy it.`);
  if (!/\/versions\/[^/]+$/.test(model.source)) throw new Error(`${model.name} has no version to deploy; refresh the catalog.`);
  return { id: model.id, name: model.name, assetId: model.source, task: model.task === 'unknown' ? undefined : model.task };
}


/**
 * The inference SKUs a model version allows and recommends: its system metadata's `supportedComputes.inferenceComputes`
 * and `SKU.inferenceRecommendedSkus` (what the `azureml` registry publishes since June 2026, audit F4), else the legacy
 * `inference_compute_allow_list` (a Python-list tag) and `inference-recommended-sku` (a comma list property) of older
 * versions (API.md §1.4.3). A registry model is read from the registry's data plane, a workspace model from ARM.
 */
export async function modelSkus(rest: WorkspaceRest, assetId: string, signal: AbortSignal | undefined): Promise<ModelSkus> {
  let version: ModelVersion;
  const registry = /^azureml:\/\/registries\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/.exec(assetId);
  if (registry) {
    const [, name = '', model = '', number = ''] = registry;
    const base = await registryDataPlaneBase(rest.client, rest.cloud, name, signal);
    const url = `${base}/models/${encodeURIComponent(model)}/versions/${encodeURIComponent(number)}?api-version=${DATA_PLANE_API_VERSION}`;
    version = await rest.send('GET', url, ModelVersionSchema, { signal });
  } else {
    const armId = armModelId(assetId);
    if (!armId.startsWith('/subscriptions/')) return { allowed: [], recommended: [] };
    version = await rest.get(`${rest.armBase}${armId}`, ModelVersionSchema, { signal });
  }
  const maps = [version.properties.tags, version.properties.properties];
  const metadata = readSystemMetadata(version);
  return {
    allowed: metadata?.supportedComputes?.inferenceComputes ?? parseSkuList(tagValue(maps, 'inference_compute_allow_list')),
    recommended: metadata?.SKU?.inferenceRecommendedSkus ?? parseSkuList(tagValue(maps, 'inference-recommended-sku')),
  };
}

/** `['Standard_DS3_v2', 'Standard_D4a_v4']` (a Python list, as azureml-assets writes tags), JSON, or a comma list. */
export function parseSkuList(text: string | null | undefined): string[] {
  if (!text) return [];
  const quoted = [...text.matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => (m[1] ?? m[2] ?? '').trim());
  const items = quoted.length > 0 ? quoted : text.replace(/[[\]]/g, '').split(',').map((s) => s.trim());
  return items.filter((s) => /^[A-Za-z0-9_-]+$/.test(s));
}

function tagValue(maps: Array<Record<string, string | null> | null | undefined>, name: string): string | undefined {
  for (const map of maps) {
    for (const [key, value] of Object.entries(map ?? {})) if (value && key.toLowerCase() === name) return value;
  }
  return undefined;
}
