import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { checkRegularFile } from '../../core/inputFiles/regularFile';
import { userFacing } from './azureErrors';
import { Datastore } from './datastore';
import type { WorkspaceRest } from './workspaceRest';

/**
 * Uploads a local file to the workspace's default datastore and registers it as a `uri_file` data asset, the way
 * azure-ai-ml does for local job inputs: blob path `LocalUpload/<md5>/<file name>` (so the same content is
 * uploaded once), the datastore's secret or the user's own sign-in (`Datastore`), `@azure/storage-blob` for
 * the transfer. The result is the `azureml://datastores/<name>/paths/…` URI a job input takes.
 */

export interface UploadRequest {
  readonly file: string;
  /** Data asset name, e.g. `fm-text-classification-reviews`; the version is the content hash. */
  readonly assetName: string;
  readonly signal?: AbortSignal | undefined;
  readonly progress?: ((message: string) => void) | undefined;
}

export interface UploadedData {
  /** `azureml://datastores/<datastore>/paths/LocalUpload/<md5>/<file>` */
  readonly uri: string;
  /** `azureml:<asset name>:<version>` */
  readonly assetId: string;
  /** False when a blob with the same content was already there. */
  readonly uploaded: boolean;
}

async function md5Of(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(file, { signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** `datastore`: the workspace's default datastore when the caller has it open already (several files of one job). */
export async function uploadDataFile(rest: WorkspaceRest, request: UploadRequest, open?: Datastore): Promise<UploadedData> {
  const { file, signal, progress } = request;
  const datastore = open ?? (await Datastore.workspaceDefault(rest, signal));
  // A folder, a pipe or a device would block or never end the upload: refused in a sentence before anything else.
  await checkRegularFile(file);
  const hash = await md5Of(file, signal);
  const blobName = `LocalUpload/${hash}/${path.basename(file)}`;
  const blob = await datastore.blob(blobName);
  const what = `Uploading ${path.basename(file)} to the workspace's datastore ${datastore.name}`;
  let exists: boolean;
  try {
    exists = await blob.exists({ abortSignal: signal });
    if (!exists) {
      const { size } = await stat(file);
      progress?.(`Uploading ${path.basename(file)} (${(size / 1024 / 1024).toFixed(1)} MB) to ${datastore.name}`);
      await blob.uploadFile(file, {
        abortSignal: signal,
        blobHTTPHeaders: { blobContentType: 'application/jsonl' },
        onProgress: ({ loadedBytes }) => progress?.(`Uploading ${path.basename(file)}: ${Math.round((loadedBytes / Math.max(size, 1)) * 100)}%`),
      });
    }
  } catch (error) {
    // The storage SDK's errors carry the blob URL (with a SAS datastore's token) in their request.
    throw userFacing(error, what, { storageAccount: datastore.accountName, workspace: rest.target.workspace });
  }
  const uri = datastore.uri(blobName);
  const version = hash.slice(0, 12);
  // `PUT {W}/data/{name}/versions/{version}` (`DataVersionBase`, `UriFileDataVersion`: rest/dataVersion.put.json).
  await rest.put(rest.url('data', request.assetName, 'versions', version), z.unknown(), {
    body: { properties: { dataType: 'uri_file', dataUri: uri, description: `Uploaded by Foundation Models from ${path.basename(file)}` } },
    signal,
  });
  return { uri, assetId: `azureml:${request.assetName}:${version}`, uploaded: !exists };
}
