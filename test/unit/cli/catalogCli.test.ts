import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';
import path from 'node:path';
import { renderModelCard } from '../../../src/core/catalog/modelCardHtml';
import { readFileSync } from 'node:fs';
import { captureIo } from '../../support/captureIo';
import { fakeAzureCli, withEnv } from '../../support/env';

describe('fm catalog', () => {
  it('lists models filtered by task, one per line', async () => {
    const io = captureIo();
    assert.equal(await runCli(['catalog', 'list', '--task', 'summarization'], io), 0);
    const lines = io.stdout.trim().split('\n');
    assert.ok(lines.length >= 2);
    for (const line of lines) assert.equal(line.split('\t')[1], 'summarization');
    assert.match(io.stderr, new RegExp(`^${lines.length} models`));
  });

  it('prints JSON that parses and honours search and license', async () => {
    const io = captureIo();
    assert.equal(await runCli(['catalog', 'list', '--search', 'opus', '--license', 'cc-by-4.0', '--json'], io), 0);
    const models = JSON.parse(io.stdout) as { name: string }[];
    assert.ok(models.length >= 1);
    assert.ok(models.every((m) => m.name.includes('opus-mt')));
  });

  it('shows one model, and exits 1 with a hint for an unknown id', async () => {
    const ok = captureIo();
    assert.equal(await runCli(['catalog', 'show', 'curated/gpt2'], ok), 0);
    assert.match(ok.stdout, /^gpt2 \(curated\/gpt2\)\ntask: text-generation/);
    const missing = captureIo();
    assert.equal(await runCli(['catalog', 'show', 'curated/gpt5'], missing), 1);
    assert.match(missing.stderr, /No model "curated\/gpt5".*fm catalog list/);
  });

  it('exits 2 with the usage for a wrong command, option or backend', async () => {
    for (const argv of [['catalog', 'lst'], ['catalog', 'list', '--colour'], ['catalog', 'list', '--backend', 'aws'], ['frobnicate']]) {
      const io = captureIo();
      assert.equal(await runCli(argv, io), 2, argv.join(' '));
      assert.match(io.stderr, /fm catalog list \[--backend/);
    }
  });

  it('exits 1 and says how to sign in when no Azure credential is found', async () => {
    const az = fakeAzureCli(undefined);
    try {
      const io = captureIo();
      const code = await withEnv({ AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential', PATH: `${az.bin}:${process.env.PATH ?? ''}`, FM_CACHE_DIR: az.bin }, () =>
        runCli(['catalog', 'list', '--backend', 'azure'], io),
      );
      assert.equal(code, 1);
      assert.match(io.stderr, /not signed in\. Sign in to Azure \(in VS Code, or with the Azure CLI: az login\)/);
      assert.equal(io.stderr.match(/not signed in/g)?.length, 1, 'said once, not once per registry');
    } finally {
      az.dispose();
    }
  });

  it('lists model folders given with --models, and card render prints exactly the sanitized card', async () => {
    const fixtures = path.resolve(__dirname, '../../fixtures/models');
    const list = captureIo();
    assert.equal(await runCli(['catalog', 'list', '--models', fixtures, '--search', 'hostile'], list), 0);
    assert.match(list.stdout, /^local-folder\/.*hostile-card-model\ttext-classification\tmit\t\n$/);

    const readme = path.join(fixtures, 'hostile-card-model', 'README.md');
    const card = captureIo();
    assert.equal(await runCli(['card', 'render', readme], card), 0);
    assert.equal(card.stdout, `${renderModelCard(readFileSync(readme, 'utf8'))}\n`);
    assert.doesNotMatch(card.stdout, /<script|onerror|<iframe/);

    const missing = captureIo();
    assert.equal(await runCli(['card', 'render', path.join(fixtures, 'nope.md')], missing), 1);
    assert.match(missing.stderr, /Cannot read .*nope\.md: no such file/);
  });
});
