import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import * as z from 'zod';
import { formatLimitBytes, MAX_DATA_ASSET_BYTES } from '../../core/inputLimits';
import { BackendUnavailableError, type DataAssetDownloadOptions, type DataAssetFile, type DataAssetService, type DataAssetSummary, type DataAssetType, type DataAssetVersion } from '../backend';
import { describeAzureError, isSignInError, userFacing } from './azureErrors';
import { Datastore } from './datastore';
import { isNotFound, type WorkspaceRest } from './workspaceRest';

/**
 * The workspace's registered data assets as job data (`DataAssetService`), through the routes of api-version 2026-07-01
 * (`DataContainers_List`, `DataContainers_Get`, `DataVersions_List` with `$orderBy=createdtime desc`, azure-ai-ml's way to
 * find the latest version): `uri_file` and `uri_folder` assets, any version, their files listed and read from the
 * datastore they are on (`Datastore`: its secret, or the user's own sign-in). An `mltable` is listed with the reason it
 * is not offered; an archived asset is not listed, and asked for by name it is refused in a sentence.
 */

const ContainerSchema = z.looseObject({
  name: z.string().min(1),
  properties: z.looseObject({
    dataType: z.string(),
    description: z.string().nullish(),
    isArchived: z.boolean().nullish(),
    latestVersion: z.string().nullish(),
  }),
});

const VersionSchema = z.looseObject({
  name: z.string().min(1),
  properties: z.looseObject({
    dataType: z.string(),
    dataUri: z.string().min(1),
    description: z.string().nullish(),
    isArchived: z.boolean().nullish(),
  }),
  systemData: z.looseObject({ createdAt: z.string().nullish() }).nullish(),
});

const MLTABLE_REASON =
  'is an MLTable: its rows are defined by an MLTable file (a query over other files), which Foundation Models cannot preview or map. Register the file itself as a uri_file asset, or choose a uri_file or uri_folder asset.';

/** Whether the asset's kind is one a job's data can be. */
function isDataAssetType(type: string): type is DataAssetType {
  return type === 'uri_file' || type === 'uri_folder';
}

/** Why an asset of this kind is not offered, or undefined. */
function unsupportedReason(name: string, type: string): string | undefined {
  if (isDataAssetType(type)) return undefined;
  if (type === 'mltable') return `Data asset ${name} ${MLTABLE_REASON}`;
  return `Data asset ${name} is of type ${type}; only uri_file and uri_folder assets can be a job's data here.`;
}

/** Where a data asset's data is: a blob path on a named datastore, or on a container named by its URL. */
type BlobLocation = { readonly datastore: string; readonly path: string } | { readonly account: string; readonly container: string; readonly endpoint: string; readonly path: string };

/**
 * `azureml://datastores/<ds>/paths/<path>`, its long form `azureml://subscriptions/…/workspaces/<w>/datastores/<ds>/paths/<path>`
 * (azure-ai-ml `_artifact_utilities.py` and `AzureMLDatastorePathUri`), or `https://<account>.blob.<endpoint>/<container>/<path>`.
 */
export function blobLocationOf(uri: string): BlobLocation | undefined {
  const datastore = /^azureml:\/\/(?:subscriptions\/[^/]+\/resource[gG]roups\/[^/]+\/(?:providers\/[^/]+\/)?workspaces\/[^/]+\/)?datastores\/([^/]+)\/paths\/(.*)$/.exec(uri);
  if (datastore?.[1]) return { datastore: decodeURIComponent(datastore[1]), path: decodePath(datastore[2] ?? '') };
  const blob = /^https:\/\/([^./]+)\.blob\.([^/]+)\/([^/]+)\/?(.*)$/.exec(uri);
  if (blob?.[1] && blob[2] && blob[3]) return { account: blob[1], endpoint: blob[2], container: blob[3], path: decodePath(blob[4] ?? '') };
  return undefined;
}

function decodePath(text: string): string {
  return text.split('/').map((part) => decodeURIComponent(part)).join('/');
}

export class AzureDataAssets implements DataAssetService {
  readonly location: string;
  private readonly datastores = new Map<string, Promise<Datastore>>();

  constructor(
    private readonly rest: WorkspaceRest,
    /** The largest file read (`MAX_DATA_ASSET_BYTES`; a test passes less). */
    private readonly maxBytes = MAX_DATA_ASSET_BYTES,
  ) {
    this.location = `workspace ${rest.target.workspace}`;
  }

  async list(signal?: AbortSignal): Promise<DataAssetSummary[]> {
    return this.calling(`Listing the data assets of ${this.location}`, async () => {
      const containers = await this.rest.listAll(this.rest.url('data'), ContainerSchema, { signal });
      return containers
        .filter((c) => c.properties.isArchived !== true)
        .map((c) => ({
          name: c.name,
          dataType: c.properties.dataType,
          latestVersion: c.properties.latestVersion ?? undefined,
          description: c.properties.description ?? undefined,
          unsupported: unsupportedReason(c.name, c.properties.dataType),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    });
  }

  async versions(name: string, signal?: AbortSignal): Promise<DataAssetVersion[]> {
    return this.calling(`Reading data asset ${name}`, async () => {
      const container = await this.rest.find(this.rest.url('data', name), ContainerSchema, { signal });
      if (!container) throw new Error(`${this.location} has no data asset named ${name}: it may have been deleted or renamed. Choose another data asset.`);
      if (container.properties.isArchived) throw new Error(`Data asset ${name} is archived in ${this.location}. Restore it in Azure ML studio (Data → Archived), or choose another data asset.`);
      const found = await this.rest.listAll(this.rest.url('data', name, 'versions'), VersionSchema, { query: '%24orderBy=createdtime%20desc', signal });
      const versions = found.filter((v) => v.properties.isArchived !== true);
      const usable = versions.flatMap((v): DataAssetVersion[] => {
        const type = v.properties.dataType;
        if (!isDataAssetType(type)) return [];
        return [{ name, version: v.name, dataType: type, uri: v.properties.dataUri, description: v.properties.description ?? undefined, createdAt: v.systemData?.createdAt ?? undefined }];
      });
      if (usable.length === 0) {
        const type = versions[0]?.properties.dataType ?? container.properties.dataType;
        throw new Error(unsupportedReason(name, type) ?? `Data asset ${name} has no version to read.`);
      }
      return usable;
    });
  }

  async files(asset: DataAssetVersion, signal?: AbortSignal): Promise<DataAssetFile[]> {
    return this.calling(`Listing the files of data asset ${asset.name}:${asset.version}`, async () => {
      const { datastore, path: blobPath } = await this.locate(asset, signal);
      if (asset.dataType === 'uri_file') {
        const properties = await (await datastore.blob(blobPath)).getProperties({ abortSignal: signal });
        return [{ path: path.posix.basename(blobPath), bytes: properties.contentLength ?? 0 }];
      }
      const prefix = blobPath === '' || blobPath.endsWith('/') ? blobPath : `${blobPath}/`;
      const container = await datastore.container();
      const files: DataAssetFile[] = [];
      for await (const blob of container.listBlobsFlat({ prefix, abortSignal: signal })) {
        files.push({ path: blob.name.slice(prefix.length), bytes: blob.properties.contentLength ?? 0 });
      }
      return files.filter((f) => f.path !== '').sort((a, b) => a.path.localeCompare(b.path));
    });
  }

  async download(asset: DataAssetVersion, file: string | undefined, target: string, options: DataAssetDownloadOptions = {}): Promise<{ readonly bytes: number }> {
    const { signal, progress } = options;
    const label = file ?? path.posix.basename(blobLocationOf(asset.uri)?.path ?? asset.name);
    return this.calling(`Reading ${label} of data asset ${asset.name}:${asset.version}`, async () => {
      const { datastore, path: folderPath } = await this.locate(asset, signal);
      const blobPath = asset.dataType === 'uri_folder' ? joinBlobPath(folderPath, file ?? '') : folderPath;
      if (asset.dataType === 'uri_folder' && !file) throw new Error(`Data asset ${asset.name} is a folder: choose the file in it to read.`);
      const blob = await datastore.blob(blobPath);
      const total = (await blob.getProperties({ abortSignal: signal })).contentLength ?? 0;
      const max = this.maxBytes;
      if (total > max) {
        throw new Error(`${label} of data asset ${asset.name}:${asset.version} is ${formatLimitBytes(total)}, over the ${formatLimitBytes(max)} a data asset may have to be read here. Register a smaller file (a sample of it) as a data asset.`);
      }
      progress?.(`Downloading ${label}`);
      await mkdir(path.dirname(target), { recursive: true });
      const partial = `${target}.partial`;
      try {
        const answer = await blob.download(0, undefined, { abortSignal: signal });
        const body = answer.readableStreamBody;
        if (!body) throw new Error(`Azure Storage answered no content for ${label}.`);
        let read = 0;
        let shown = -1;
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            read += chunk.length;
            if (read > max) return done(new Error(`${label} grew past ${formatLimitBytes(max)} while it was read; register a smaller file.`));
            const percent = total ? Math.floor((read / total) * 100) : 0;
            if (percent >= shown + 10) {
              shown = percent;
              progress?.(`Downloading ${label}: ${percent}%`);
            }
            done(null, chunk);
          },
        });
        await pipeline(body, counter, createWriteStream(partial), { signal });
        await rename(partial, target);
        return { bytes: read };
      } finally {
        await rm(partial, { force: true });
      }
    });
  }

  /** The datastore an asset's data is on and the blob path there; one that cannot be read here is refused in a sentence. */
  private async locate(asset: DataAssetVersion, signal: AbortSignal | undefined): Promise<{ datastore: Datastore; path: string }> {
    const location = blobLocationOf(asset.uri);
    if (!location) {
      throw new Error(`Data asset ${asset.name}:${asset.version} is at ${asset.uri}, which Foundation Models cannot read: only assets on an Azure Blob datastore (azureml://datastores/…) or an https blob URL are read here.`);
    }
    if ('datastore' in location) return { datastore: await this.datastore(location.datastore, signal), path: location.path };
    return { datastore: Datastore.byAddress(this.rest, location), path: location.path };
  }

  private datastore(name: string, signal: AbortSignal | undefined): Promise<Datastore> {
    let found = this.datastores.get(name);
    if (!found) {
      found = Datastore.named(this.rest, name, signal);
      this.datastores.set(name, found);
      found.catch(() => this.datastores.delete(name));
    }
    return found;
  }

  /** Runs `work`; a missing sign-in becomes the error that offers Sign in, a service refusal one sentence with what to do. */
  private async calling<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isSignInError(error)) throw new BackendUnavailableError(describeAzureError(error, what), 'signIn');
      if (isNotFound(error)) throw new Error(`${what}: not found in ${this.location} (404). It may have been deleted; choose another data asset.`, { cause: error });
      throw userFacing(error, what, { workspace: this.rest.target.workspace });
    }
  }
}

/** `folder/file` with one `/` between them. */
function joinBlobPath(folder: string, file: string): string {
  if (file.split('/').some((part) => part === '..' || part === '.')) throw new Error(`${file} is not a file of the folder.`);
  return folder === '' ? file : `${folder.replace(/\/+$/, '')}/${file.replace(/^\/+/, '')}`;
}
