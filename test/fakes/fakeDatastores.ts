/**
 * A fake of the Azure ML datastore and data-asset operations a local upload uses, over real HTTP, for the upload
 * contract test (with Azurite as the blob storage behind the datastore). Shapes from the REST specification,
 * Azure/azure-rest-api-specs `specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/
 * stable/2022-10-01/mfe.json`: `DatastoreResource` with `AzureBlobDatastore` properties (`datastoreType`,
 * `accountName`, `containerName`, `endpoint`, `protocol`, `credentials`, `isDefault`), `POST …/listSecrets` →
 * `AccountKeyDatastoreSecrets` (`secretsType: "AccountKey"`, `key`), and `PUT …/data/{name}/versions/{version}` with a
 * `DataVersionBaseResource` (`properties.dataType`, `dataUri`) answered 201 with the resource.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeDatastores {
  readonly url: string;
  readonly token: string;
  /** Data versions registered, by `name:version`. */
  readonly dataVersions: Map<string, { dataType: string; dataUri: string }>;
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startFakeDatastores(storage: { account: string; key: string; container: string }, token = 'fake-token'): Promise<FakeDatastores> {
  const dataVersions = new Map<string, { dataType: string; dataUri: string }>();
  const requests: string[] = [];
  const W = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)/i;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${request.method} ${url.pathname}`);
    const send = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.headers.authorization !== `Bearer ${token}`) return send(401, { error: { code: 'AuthenticationFailed', message: 'no valid token' } });
    const workspace = W.exec(url.pathname);
    if (!workspace) return send(404, { error: { code: 'NotFound', message: url.pathname } });
    const rest = url.pathname.slice(workspace[0].length);
    const datastore = {
      id: `${workspace[0]}/datastores/workspaceblobstore`,
      name: 'workspaceblobstore',
      type: 'Microsoft.MachineLearningServices/workspaces/datastores',
      properties: {
        datastoreType: 'AzureBlob',
        accountName: storage.account,
        containerName: storage.container,
        endpoint: 'core.windows.net',
        protocol: 'https',
        credentials: { credentialsType: 'AccountKey' },
        isDefault: true,
      },
    };
    if (request.method === 'GET' && rest === '/datastores') {
      const onlyDefault = url.searchParams.get('isDefault') === 'true';
      return send(200, { value: [...(onlyDefault ? [] : [{ ...datastore, name: 'other', properties: { ...datastore.properties, isDefault: false } }]), datastore] });
    }
    if (request.method === 'POST' && rest === '/datastores/workspaceblobstore/listSecrets') return send(200, { secretsType: 'AccountKey', key: storage.key });
    const data = /^\/data\/([^/]+)\/versions\/([^/]+)$/.exec(rest);
    if (request.method === 'PUT' && data) {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const parsed = JSON.parse(body) as { properties: { dataType: string; dataUri: string } };
        dataVersions.set(`${data[1]}:${data[2]}`, { dataType: parsed.properties.dataType, dataUri: parsed.properties.dataUri });
        send(201, { id: `${workspace[0]}${rest}`, name: data[2], type: 'Microsoft.MachineLearningServices/workspaces/data/versions', properties: { ...parsed.properties, isAnonymous: false, isArchived: false } });
      });
      return;
    }
    send(404, { error: { code: 'NotFound', message: url.pathname } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, token, dataVersions, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
