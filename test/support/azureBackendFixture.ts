import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { BlobServiceClient, StorageSharedKeyCredential, type ContainerClient } from '@azure/storage-blob';
import type { AzureCloudEndpoints } from '../../src/backends/azure/azureCloud';
import { createMlClient, type MlClient } from '../../src/backends/azure/azureHttp';
import type { AzureWorkspaceTarget } from '../../src/backends/azure/azureTarget';
import type { Backend } from '../../src/backends/backend';
import { createBackend, type AzureBackendOptions } from '../../src/backends/registry';
import { SAMPLE_DATA_BLOBS, SAMPLE_IDS, sampleClusters, sampleComponents, sampleDataAssets, sampleSeed, startFakeAzureMl, type FakeAzureMl, type FakeAzureMlSeed, type FakeWorkspace } from '../fakes/azureMl';
import { AZURITE_ACCOUNT, AZURITE_KEY, startAzurite, type RunningAzurite } from './azurite';

/**
 * The Azure tests' common setup: the fake Azure ML REST API (and, for uploads, Azurite as the workspace's blob
 * storage) with the Azure backend, an SDK client or the backend's options pointed at it. Each test says only what
 * it changes (the seed's parts, the cloud, the backend's options).
 */

/**
 * The sample seed where jobs run: `fm-dev` with its clusters and data assets (their blobs: `sampleDataBlobs`), the
 * `azureml` registry with the components jobs use.
 */
export function jobsSeed(): FakeAzureMlSeed {
  return sampleSeed({ workspace: { computes: sampleClusters(), dataAssets: sampleDataAssets() }, azureml: { components: sampleComponents() } });
}

/** The blobs of the sample data assets (`SAMPLE_DATA_BLOBS`), read from `samples/`: blob path → bytes. */
export function sampleDataBlobs(): Record<string, Buffer> {
  const samples = path.resolve(__dirname, '../../samples');
  return Object.fromEntries(
    Object.entries(SAMPLE_DATA_BLOBS).map(([blob, source]) => {
      if ('text' in source) return [blob, Buffer.from(source.text, 'utf8')];
      const text = readFileSync(path.join(samples, source.file), 'utf8');
      return [blob, Buffer.from(source.lines === undefined ? text : `${text.split('\n').slice(0, source.lines).join('\n')}\n`, 'utf8')];
    }),
  );
}

/** The workspace the Azure tests use: `fm-dev` of the sample seed. */
export const DEV_WORKSPACE: AzureWorkspaceTarget = { subscriptionId: SAMPLE_IDS.devSubscription, resourceGroup: 'rg-foundation-models', workspace: 'fm-dev' };

const AUTHORITY_HOST = 'https://login.microsoftonline.com';

/** The storage account of an identity-based default datastore (no key: the fake serves its blobs to the user's token). */
export const IDENTITY_STORAGE = { account: 'fmdevstore', container: 'azureml-blobstore-fm-dev' } as const;

/**
 * A credential like the user's sign-in: a token of the fake's for whatever scope is asked (ARM, Azure ML, storage),
 * issued at each call (a test may rotate the fake's key).
 */
export function fakeTokenCredential(fake: FakeAzureMl): TokenCredential {
  return {
    getToken: async (scopes: string | string[]): Promise<AccessToken> => ({
      token: fake.tokenFor(Array.isArray(scopes) ? (scopes[0] ?? '') : scopes),
      expiresOnTimestamp: Date.now() + 3_600_000,
    }),
  };
}

/** What VS Code's sign-in credential does with no session: `ChainedTokenCredential` moves on by this name. */
export const notSignedInToEditor: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    const error = new Error('Not signed in to Microsoft in VS Code.');
    error.name = 'CredentialUnavailableError';
    throw error;
  },
};

/** Azurite's blob service with one container: the storage account behind a workspace's default datastore. */
export interface BlobStorage {
  readonly azurite: RunningAzurite;
  readonly container: string;
  /** The container, read and written with the account key. */
  containerClient(): ContainerClient;
  stop(): Promise<void>;
}

export async function startBlobStorage(container: string): Promise<BlobStorage> {
  const azurite = await startAzurite();
  const service = new BlobServiceClient(azurite.blobServiceUrl.replace('{account}', AZURITE_ACCOUNT), new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY));
  await service.getContainerClient(container).create();
  return { azurite, container, containerClient: () => service.getContainerClient(container), stop: () => azurite.stop() };
}

export interface AzureFixtureOptions {
  /** The seed the fake starts with; `sampleSeed()` when left out. */
  readonly seed?: FakeAzureMlSeed;
  /** The workspace the backend and `workspace` name; `DEV_WORKSPACE` when left out. */
  readonly target?: AzureWorkspaceTarget;
  /**
   * The workspace's default datastore: Azurite storage behind an account key (and the cloud's `blobServiceUrl`), or
   * `identity`, an identity-based datastore whose blobs the fake serves (`IDENTITY_STORAGE`).
   */
  readonly storage?: BlobStorage | 'identity';
  /** More of the cloud's endpoints (e.g. `scope`). */
  readonly cloud?: Partial<AzureCloudEndpoints>;
  /** The backend's options, after the defaults of `AzureFixture.options`. */
  readonly backend?: Partial<AzureBackendOptions>;
  /** The Azure ML resource the fake stands for (`https://ml.azure.com` unless a sovereign cloud's is given). */
  readonly mlResource?: string;
}

export interface AzureFixture {
  readonly fake: FakeAzureMl;
  readonly cloud: AzureCloudEndpoints;
  readonly target: AzureWorkspaceTarget;
  /** The seed's workspace that `target` names. */
  readonly workspace: FakeWorkspace;
  /** Backend options: the fake's token, the cloud, the target workspace, the `azureml` registry, then `overrides`. */
  options(overrides?: Partial<AzureBackendOptions>): AzureBackendOptions;
  /** An Azure backend against the fake (`options(overrides)`); `close` disposes it. */
  backend(overrides?: Partial<AzureBackendOptions>): Promise<Backend>;
  /** The SDK client on the fake, in the target's subscription, signed in with `credential` (the fake's token by default). */
  client(credential?: TokenCredential): MlClient;
  /**
   * The cloud as a user's settings or FM_AZURE_CUSTOM_CLOUD give it: those may name no scope of another host
   * (`customCloudProblem`), so from here on the fake's Azure ML resource is a path of its own host (`<url>/aml`), still
   * a resource apart from ARM's, and the cloud names that scope.
   */
  customCloud(): AzureCloudEndpoints;
  /** Writes blobs to the workspace's default datastore: the fake's identity-based storage, or Azurite's container. */
  writeBlobs(blobs: Readonly<Record<string, Buffer>>): Promise<void>;
  /** Disposes the backends made here and stops the fake (not the blob storage, which a suite shares). */
  close(): Promise<void>;
}

export async function startAzureFixture(options: AzureFixtureOptions = {}): Promise<AzureFixture> {
  const seed = options.seed ?? sampleSeed();
  const target = options.target ?? DEV_WORKSPACE;
  const workspace = seed.workspaces.find((ws) => ws.subscriptionId === target.subscriptionId && ws.resourceGroup === target.resourceGroup && ws.name === target.workspace);
  if (!workspace) throw new Error(`The seed has no workspace ${target.workspace}.`);
  const { storage } = options;
  if (storage === 'identity') workspace.storage = { ...IDENTITY_STORAGE };
  else if (storage) workspace.storage = { account: AZURITE_ACCOUNT, key: AZURITE_KEY, container: storage.container };
  const fake = await startFakeAzureMl(seed, options.mlResource ? { mlResource: options.mlResource } : {});
  const blobServiceUrl = storage === 'identity' ? `${fake.url}/storage/{account}` : storage?.azurite.blobServiceUrl;
  const cloud: AzureCloudEndpoints = {
    resourceManager: fake.url,
    registryDiscovery: fake.url,
    authorityHost: AUTHORITY_HOST,
    // Named: a custom cloud without it asks for its resource manager's token where Azure ML's is wanted. (Settings and
    // FM_AZURE_CUSTOM_CLOUD may not name a scope of another host: tests that go through them leave it out.)
    mlScope: `${fake.mlResource}/.default`,
    ...(blobServiceUrl ? { blobServiceUrl } : {}),
    ...options.cloud,
  };
  const backends: Backend[] = [];
  const backendOptions = (overrides: Partial<AzureBackendOptions> = {}): AzureBackendOptions => ({
    signIn: fakeTokenCredential(fake),
    cloud,
    workspace: target,
    registries: ['azureml'],
    ...options.backend,
    ...overrides,
  });
  return {
    fake,
    cloud,
    target,
    workspace,
    options: backendOptions,
    async backend(overrides) {
      const backend = await createBackend('azure', { azure: backendOptions(overrides) });
      backends.push(backend);
      return backend;
    },
    client: (credential) => createMlClient(credential ?? fakeTokenCredential(fake), target.subscriptionId, cloud),
    async writeBlobs(blobs) {
      for (const [name, bytes] of Object.entries(blobs)) {
        if (storage === 'identity') fake.writeBlob(IDENTITY_STORAGE.account, IDENTITY_STORAGE.container, name, bytes);
        else if (storage) await storage.containerClient().getBlockBlobClient(name).uploadData(bytes);
        else throw new Error('The workspace has no datastore to write blobs to: start the fixture with `storage`.');
      }
    },
    customCloud() {
      fake.mlResource = `${fake.url}/aml`;
      return { ...cloud, mlScope: `${fake.mlResource}/.default` };
    },
    async close() {
      for (const backend of backends.splice(0)) backend.dispose();
      await fake.close();
    },
  };
}
