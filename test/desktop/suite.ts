// The integration suite that runs inside desktop VS Code's extension host (see runDesktopTests.mjs).
import assert from 'node:assert/strict';
import Mocha from 'mocha';
import * as vscode from 'vscode';

const EXTENSION_ID = 'foundation-models.foundation-models';

function defineTests(): void {
  suite('Foundation Models in desktop VS Code', () => {
    test('activates when its view opens, without a `*` activation event', async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, 'the extension is installed');
      const events = (extension.packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
      assert.ok(!events.includes('*'));
      await vscode.commands.executeCommand('foundationModels.catalog.focus');
      await extension.activate();
      assert.equal(extension.isActive, true);
    });

    test('registers every contributed command', async () => {
      const commands = new Set(await vscode.commands.getCommands(true));
      const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
        contributes: { commands: { command: string }[] };
      }).contributes.commands;
      for (const { command } of contributed) assert.ok(commands.has(command), `${command} is registered`);
    });

    test('refreshes the catalog and opens a model card from a model id', async () => {
      await vscode.commands.executeCommand('foundationModels.refreshCatalog');
      await vscode.commands.executeCommand('foundationModels.openModelCard', 'curated/t5-small');
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.equal(tab?.label, 't5-small');
    });
  });
}

/** Entry point called by the VS Code test runner. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: true, timeout: 30_000 });
  mocha.suite.emit('pre-require', globalThis, 'suite.js', mocha);
  defineTests();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} tests failed`)) : resolve()));
  });
}
