import type { CatalogModel } from './catalogModel';
import { repoIdProblem } from './hubRepoId';

/** One part of an Azure ML asset id: a registry, model or version name (letters, digits, `.`, `_`, `-`; no `..`). */
const ASSET_PART = /^[A-Za-z0-9][\w.-]{0,254}$/;
const REGISTRY_ASSET = /^azureml:\/\/registries\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/;

/**
 * The page for people where a model comes from, from its `source`: a Hugging Face id is its Hub page; a registry asset
 * (`azureml://registries/R/models/N/versions/V`) is its page in Azure ML studio. Undefined for a folder on this
 * machine, a workspace asset (its page needs the subscription) and anything that is not plainly one of these, so a
 * hostile id never becomes a link.
 */
export function sourceUrl(model: Pick<CatalogModel, 'collection' | 'source'>): string | undefined {
  const source = model.source;
  if (!source || model.collection === 'local-folder') return undefined;
  const asset = REGISTRY_ASSET.exec(source);
  if (asset) {
    const parts = asset.slice(1);
    if (!parts.every((part) => ASSET_PART.test(part) && !part.includes('..'))) return undefined;
    const [registry, name, version] = parts.map(encodeURIComponent);
    return `https://ml.azure.com/registries/${registry}/models/${name}/version/${version}`;
  }
  if (source.includes(':') || repoIdProblem(source) !== undefined) return undefined;
  return `https://huggingface.co/${source.split('/').map(encodeURIComponent).join('/')}`;
}
