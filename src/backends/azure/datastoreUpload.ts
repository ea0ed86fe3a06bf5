import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { checkRegularFile } from '../../core/inputFiles/regularFile';
import type { MlClient } from './azureHttp';
import type { AzureWorkspaceTarget } from './azureTarget';

/**
 * Uploads a local file to the workspace's default datastore and registers it as a `uri_file` data asset, the way
 * azure-ai-ml does for local job inputs: blob path `LocalUpload/<md5>/<file name>` (so the same content is
 * uploaded once), credentials from `datastores.listSecrets` (account key or SAS), `@azure/storage-blob` for the
 * transfer. The result is the `azureml://datastores/<name>/paths/…` URI a job input takes.
 */

const AzureBlobDatastoreSchema = z.looseObject({
  datastoreType: z.literal('AzureBlob'),
  accountName: z.string().min(1),
  containerName: z.string().min(1),
  /** The storage endpoint suffix, e.g. `core.windows.net`. */
  endpoint: z.string().min(1).default('core.windows.net'),
  protocol: z.string().default('https'),
});

const SecretsSchema = z.discriminatedUnion('secretsType', [
  z.looseObject({ secretsType: z.literal('AccountKey'), key: z.string().min(1) }),
  z.looseObject({ secretsType: z.literal('Sas'), sasToken: z.string().min(1) }),
]);

export interface UploadRequest {
  readonly client: MlClient;
  readonly target: AzureWorkspaceTarget;
  readonly file: string;
  /** Data asset name, e.g. `fm-text-classification-reviews`; the version is the content hash. */
  readonly assetName: string;
  /**
   * The blob service URL of an account, `{account}` and `{endpoint}` filled in. Azure's is
   * `{protocol}://{account}.blob.{endpoint}`; a local storage emulator gives its own (`http://127.0.0.1:10000/{account}`).
   */
  readonly blobServiceUrl?: string | undefined;
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

export async function uploadDataFile(request: UploadRequest): Promise<UploadedData> {
  const { client, target, file, signal, progress } = request;
  const { resourceGroup, workspace } = target;
  // A folder, a pipe or a device would block or never end the upload: refused in a sentence before anything else.
  await checkRegularFile(file);
  let datastoreName: string | undefined;
  let datastore: z.infer<typeof AzureBlobDatastoreSchema> | undefined;
  for await (const candidate of client.datastores.list(resourceGroup, workspace, { isDefault: true, abortSignal: signal })) {
    const parsed = AzureBlobDatastoreSchema.safeParse(candidate.properties);
    if (parsed.success && candidate.name) {
      datastoreName = candidate.name;
      datastore = parsed.data;
      break;
    }
  }
  if (!datastore || !datastoreName) throw new Error(`Workspace ${workspace} has no default Azure Blob datastore to upload data to.`);
  const secrets = SecretsSchema.safeParse(await client.datastores.listSecrets(resourceGroup, workspace, datastoreName, { abortSignal: signal }));
  if (!secrets.success) throw new Error(`The datastore ${datastoreName} gives neither an account key nor a SAS token; ask for access to its secrets.`);

  const hash = await md5Of(file, signal);
  const blobName = `LocalUpload/${hash}/${path.basename(file)}`;
  const serviceUrl = (request.blobServiceUrl ?? '{protocol}://{account}.blob.{endpoint}')
    .replace('{protocol}', datastore.protocol)
    .replace('{account}', datastore.accountName)
    .replace('{endpoint}', datastore.endpoint)
    .replace(/\/+$/, '');
  const storage = await import('@azure/storage-blob');
  const blobUrl = `${serviceUrl}/${datastore.containerName}/${blobName.split('/').map(encodeURIComponent).join('/')}`;
  const blob =
    secrets.data.secretsType === 'AccountKey'
      ? new storage.BlockBlobClient(blobUrl, new storage.StorageSharedKeyCredential(datastore.accountName, secrets.data.key))
      : new storage.BlockBlobClient(`${blobUrl}?${secrets.data.sasToken.replace(/^\?/, '')}`);

  const exists = await blob.exists({ abortSignal: signal });
  if (!exists) {
    const { size } = await stat(file);
    progress?.(`Uploading ${path.basename(file)} (${(size / 1024 / 1024).toFixed(1)} MB) to ${datastoreName}`);
    await blob.uploadFile(file, {
      abortSignal: signal,
      blobHTTPHeaders: { blobContentType: 'application/jsonl' },
      onProgress: ({ loadedBytes }) => progress?.(`Uploading ${path.basename(file)}: ${Math.round((loadedBytes / Math.max(size, 1)) * 100)}%`),
    });
  }
  const uri = `azureml://datastores/${datastoreName}/paths/${blobName}`;
  const version = hash.slice(0, 12);
  await client.dataVersions.createOrUpdate(
    resourceGroup,
    workspace,
    request.assetName,
    version,
    { properties: { dataType: 'uri_file', dataUri: uri, description: `Uploaded by Foundation Models from ${path.basename(file)}` } },
    { abortSignal: signal },
  );
  return { uri, assetId: `azureml:${request.assetName}:${version}`, uploaded: !exists };
}
