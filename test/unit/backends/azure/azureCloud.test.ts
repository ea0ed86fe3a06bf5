import assert from 'node:assert/strict';
import { AZURE_CLOUDS, amlScope, customCloudProblem } from '../../../../src/backends/azure/azureCloud';
import { runCli } from '../../../../src/cli/main';
import { captureIo } from '../../../support/captureIo';

describe('custom clouds: token scopes belong to the resource manager', () => {
  const custom = { resourceManager: 'https://management.contoso.example', registryDiscovery: 'https://eastus.api.contoso.example', authorityHost: 'https://login.contoso.example' };

  it('accepts a custom cloud without scopes, and scopes of its own host or domain', () => {
    assert.equal(customCloudProblem(custom), undefined);
    assert.equal(customCloudProblem({ ...custom, scope: 'https://management.contoso.example/.default', mlScope: 'https://ml.contoso.example/.default' }), undefined);
    assert.equal(customCloudProblem({ resourceManager: 'http://127.0.0.1:40123', registryDiscovery: 'http://127.0.0.1:40123', authorityHost: 'https://login.microsoftonline.com', scope: 'http://127.0.0.1:40123/.default' }), undefined);
  });

  it('refuses a scope of another cloud, which would send a real Azure token to the custom host', () => {
    assert.match(customCloudProblem({ ...custom, scope: 'https://management.azure.com/.default' }) ?? '', /scope "https:\/\/management\.azure\.com\/\.default" does not belong to the resource manager's host management\.contoso\.example/);
    assert.match(customCloudProblem({ ...custom, mlScope: 'https://ml.azure.com/.default' }) ?? '', /^mlScope /);
    // A loopback address shares no domain with another: only its own host will do.
    assert.ok(customCloudProblem({ resourceManager: 'http://127.0.0.1:40123', registryDiscovery: 'http://127.0.0.1:40123', authorityHost: 'https://x', scope: 'http://127.0.0.2/.default' }));
    assert.ok(customCloudProblem({ ...custom, scope: 'not a url' }));
  });

  it("a custom cloud that names no Azure ML scope asks tokens for its resource manager, never the public cloud's", () => {
    assert.equal(amlScope(custom), 'https://management.contoso.example/.default');
    assert.equal(amlScope(AZURE_CLOUDS.AzureCloud), 'https://ml.azure.com/.default');
  });

  it('fm refuses such a custom cloud from FM_AZURE_CUSTOM_CLOUD before any request', async () => {
    const io = captureIo();
    const saved = process.env.FM_AZURE_CUSTOM_CLOUD;
    process.env.FM_AZURE_CUSTOM_CLOUD = JSON.stringify({ ...custom, scope: 'https://management.azure.com/.default' });
    try {
      const code = await runCli(['catalog', 'list', '--backend', 'azure', '--cloud', 'Custom'], io);
      assert.equal(code, 2);
      assert.match(io.stderr, /FM_AZURE_CUSTOM_CLOUD: scope .* does not belong to the resource manager's host/);
    } finally {
      if (saved === undefined) delete process.env.FM_AZURE_CUSTOM_CLOUD;
      else process.env.FM_AZURE_CUSTOM_CLOUD = saved;
    }
  });
});
