/**
 * Models from the Hugging Face Hub into the shared Hugging Face cache: what the editor and `fm model` call.
 * One job a module: `hubEnvironment` (HF_* settings), `hubHttp` (requests, retries), `hubApi` (the revision
 * listing), `blobTransfer` + `blobDownload` (one file, resumable), `hubCacheLayout` (the cache's folders),
 * `hubPull` (a whole model), `cachedHubModels` (what is on disk), `hubErrors` (the sentences).
 */
export { pullHubModel, type PullOptions } from './hubPull';
export type { PullRequest, PullProgress, PlannedFile, PulledModel, CachedSnapshot, CachedHubModel } from '../../../core/catalog/modelDownloads';
export { findCachedHubModel, listCachedHubModels, type CacheLookupOptions } from './cachedHubModels';
export { HubError, isHubError, type HubErrorKind } from './hubErrors';
export { hubSettings, DEFAULT_ENDPOINT, type HubSettings } from './hubEnvironment';
