import type { TokenCredential } from '@azure/core-auth';
import type { BlockBlobClient, ContainerClient, Pipeline, RequestPolicy, RequestPolicyFactory, WebResource } from '@azure/storage-blob';
import * as z from 'zod';
import { isLoopbackHttp } from './azureHttp';
import type { WorkspaceRest } from './workspaceRest';

/**
 * A datastore of the workspace as a blob container this extension reads and writes, the way azure-ai-ml reaches it
 * (`_artifacts/_artifact_utilities.py` `get_datastore_info`, `operations/_datastore_operations.py`
 * `_fetch_and_populate_secret`; SETTLED.md #10): the default one (uploads, evaluation outputs) or one a data asset names
 * (`azureml://datastores/<name>/paths/…`), and a blob container a data asset names by URL (`https://<account>.blob…`),
 * reached with the user's own sign-in. Its blobs are reached
 *
 * - with an account key or a SAS token: the secret from `POST …/datastores/{name}/listSecrets`;
 * - otherwise (`credentials: None`, an identity-based datastore, common where storage accounts disallow shared keys):
 *   no `listSecrets` at all, and the user's own sign-in for the storage audience (`https://storage.azure.com/.default`,
 *   `@azure/storage-blob`'s default scope, audiences.json `storage`).
 *
 * Shapes: `GET {W}/datastores?isDefault=true`, `GET {W}/datastores/{name}` (`Datastore`, `AzureBlobDatastore`) and
 * `listSecrets` (`DatastoreSecrets`), test/fixtures/azureml/rest/datastore.json (2026-07-01).
 */

/** `@azure/storage-blob`'s default token scope (`StorageOAuthScopes`). */
const STORAGE_SCOPE = 'https://storage.azure.com/.default';

const DatastoreSchema = z.looseObject({
  name: z.string().min(1),
  properties: z.looseObject({
    datastoreType: z.string(),
    accountName: z.string().nullish(),
    containerName: z.string().nullish(),
    /** The storage endpoint suffix, e.g. `core.windows.net`. */
    endpoint: z.string().nullish(),
    protocol: z.string().nullish(),
    credentials: z.looseObject({ credentialsType: z.string() }),
  }),
});

const SecretsSchema = z.discriminatedUnion('secretsType', [
  z.looseObject({ secretsType: z.literal('AccountKey'), key: z.string().min(1) }),
  z.looseObject({ secretsType: z.literal('Sas'), sasToken: z.string().min(1) }),
]);

/** How the blobs are signed: a shared key, a SAS token, or the user's token for storage. */
type BlobAccess = { kind: 'key'; key: string } | { kind: 'sas'; sasToken: string } | { kind: 'identity'; credential: TokenCredential };

type DatastoreResource = z.infer<typeof DatastoreSchema>;

/** Where a blob container is: its account, the storage endpoint suffix (`core.windows.net`) and the protocol. */
export interface BlobContainerAddress {
  readonly account: string;
  readonly container: string;
  readonly endpoint?: string | null | undefined;
  readonly protocol?: string | null | undefined;
}

export class Datastore {
  private constructor(
    /** e.g. `workspaceblobstore`. */
    readonly name: string,
    private readonly account: string,
    private readonly containerUrl: string,
    private readonly access: BlobAccess,
  ) {}

  /** The workspace's default datastore and how to reach its blobs (its secret, or the user's sign-in). */
  static async workspaceDefault(rest: WorkspaceRest, signal?: AbortSignal): Promise<Datastore> {
    const { workspace } = rest.target;
    const datastores = await rest.listAll(rest.url('datastores'), DatastoreSchema, { query: 'isDefault=true', signal });
    const found = datastores.find(isBlobDatastore);
    if (!found) throw new Error(`Workspace ${workspace} has no default Azure Blob datastore to upload data to.`);
    return Datastore.of(rest, found, signal);
  }

  /** The datastore `name` of the workspace (`GET {W}/datastores/{name}`); only Azure Blob datastores are read here. */
  static async named(rest: WorkspaceRest, name: string, signal?: AbortSignal): Promise<Datastore> {
    const found = await rest.find(rest.url('datastores', name), DatastoreSchema, { signal });
    if (!found) throw new Error(`Workspace ${rest.target.workspace} has no datastore named ${name}.`);
    if (!isBlobDatastore(found)) throw new Error(`The datastore ${name} is ${found.properties.datastoreType}, not Azure Blob storage: Foundation Models reads data from Azure Blob datastores only.`);
    return Datastore.of(rest, found, signal);
  }

  /** A container named by its address, reached with the user's own sign-in (a data asset registered by URL). */
  static byAddress(rest: WorkspaceRest, address: BlobContainerAddress): Datastore {
    const credential = rest.credential;
    if (!credential) throw new Error(`The storage account ${address.account} is reached with your own sign-in, and there is none.`);
    return new Datastore(address.account, address.account, containerUrl(rest, address), { kind: 'identity', credential });
  }

  private static async of(rest: WorkspaceRest, found: DatastoreResource, signal: AbortSignal | undefined): Promise<Datastore> {
    const { accountName = '', containerName = '', credentials, endpoint, protocol } = found.properties;
    const access = await blobAccess(rest, found.name, credentials.credentialsType, signal);
    return new Datastore(found.name, accountName ?? '', containerUrl(rest, { account: accountName ?? '', container: containerName ?? '', endpoint, protocol }), access);
  }

  /** `azureml://datastores/{name}/paths/{blobPath}`: how a job input names a blob of this datastore. */
  uri(blobPath: string): string {
    return `azureml://datastores/${this.name}/paths/${blobPath}`;
  }

  /** Whether the blobs are reached with the user's own sign-in (an identity-based datastore). */
  get identityBased(): boolean {
    return this.access.kind === 'identity';
  }

  /** The storage account, for messages. */
  get accountName(): string {
    return this.account;
  }

  /** A client for one blob of the container (`@azure/storage-blob`, loaded on first use). */
  async blob(blobPath: string): Promise<BlockBlobClient> {
    return this.client(`${this.containerUrl}/${blobPath.split('/').map(encodeURIComponent).join('/')}`, (storage, url, credential) => new storage.BlockBlobClient(url, credential));
  }

  /** A client for the container itself (to list its blobs). */
  async container(): Promise<ContainerClient> {
    return this.client(this.containerUrl, (storage, url, credential) => new storage.ContainerClient(url, credential));
  }

  /** `make` with the URL (a SAS appended) and the pipeline that signs its requests. */
  private async client<T>(url: string, make: (storage: StorageModule, url: string, pipeline: Pipeline) => T): Promise<T> {
    const storage = await import('@azure/storage-blob');
    const { access } = this;
    switch (access.kind) {
      case 'key':
        return make(storage, url, storage.newPipeline(new storage.StorageSharedKeyCredential(this.account, access.key)));
      case 'sas':
        return make(storage, `${url}?${access.sasToken.replace(/^\?/, '')}`, storage.newPipeline());
      case 'identity':
        // The SDK's bearer policy refuses plain http; a local fake of storage gets the same header from a policy of ours.
        if (isLoopbackHttp(url)) return make(storage, url, new storage.Pipeline([loopbackStorageSigner(access.credential)]));
        return make(storage, url, storage.newPipeline(access.credential));
    }
  }
}

type StorageModule = typeof import('@azure/storage-blob');

function isBlobDatastore(d: DatastoreResource): boolean {
  return d.properties.datastoreType === 'AzureBlob' && Boolean(d.properties.accountName && d.properties.containerName);
}

/** `{protocol}://{account}.blob.{endpoint}/{container}` (or the cloud's own template for its blob service). */
function containerUrl(rest: WorkspaceRest, address: BlobContainerAddress): string {
  const serviceUrl = (rest.cloud.blobServiceUrl ?? '{protocol}://{account}.blob.{endpoint}')
    .replace('{protocol}', address.protocol || 'https')
    .replace('{account}', address.account)
    .replace('{endpoint}', address.endpoint || 'core.windows.net')
    .replace(/\/+$/, '');
  return `${serviceUrl}/${address.container}`;
}

/** The secret of a key or SAS datastore (`listSecrets`); the user's sign-in for any other, without asking for secrets. */
async function blobAccess(rest: WorkspaceRest, name: string, credentialsType: string, signal: AbortSignal | undefined): Promise<BlobAccess> {
  if (credentialsType === 'AccountKey' || credentialsType === 'Sas') {
    const parsed = SecretsSchema.safeParse(await rest.post(`${rest.url('datastores', name)}/listSecrets`, z.unknown(), { signal }));
    if (!parsed.success) throw new Error(`The datastore ${name} gives neither an account key nor a SAS token; ask for access to its secrets.`);
    return parsed.data.secretsType === 'AccountKey' ? { kind: 'key', key: parsed.data.key } : { kind: 'sas', sasToken: parsed.data.sasToken };
  }
  const credential = rest.credential;
  if (!credential) throw new Error(`The datastore ${name} is identity-based: its blobs are reached with your own sign-in, and there is none.`);
  return { kind: 'identity', credential };
}

/** Signs each request to a loopback storage emulator with the user's token for storage (what the SDK's bearer policy does over https). */
function loopbackStorageSigner(credential: TokenCredential): RequestPolicyFactory {
  return {
    create: (next: RequestPolicy): RequestPolicy => ({
      async sendRequest(request: WebResource) {
        const token = await credential.getToken(STORAGE_SCOPE, { abortSignal: request.abortSignal });
        if (!token) throw new Error('The sign-in gave no token for Azure Storage.');
        request.headers.set('authorization', `Bearer ${token.token}`);
        return next.sendRequest(request);
      },
    }),
  };
}
