import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import { describeError, extensionLog } from './log';
import type { Workbench } from './workbench';

/**
 * Registers every id of `COMMANDS` at activation with a stand-in that loads the workbench on first use and runs the
 * command's body there (`commandHandlers` in commands.ts, under the extension's error rule). A new command needs
 * no line here: its id in `COMMANDS` and its body in `commandHandlers`.
 */
export function registerLazyCommands(workbench: () => Promise<Workbench>): vscode.Disposable[] {
  return Object.values(COMMANDS).map((id) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      let loaded: Workbench;
      try {
        loaded = await workbench();
      } catch (error) {
        extensionLog().error(`${id} failed: the extension could not load: ${describeError(error)}`);
        void vscode.window.showErrorMessage(`Foundation Models could not load: ${describeError(error)}`);
        return;
      }
      await loaded.run(id, args);
    }),
  );
}

/** A panel's serializer, registered at activation: the panel itself is restored by the workbench. */
export function lazyPanelSerializer(workbench: () => Promise<Workbench>, panel: keyof Workbench['panels']): vscode.WebviewPanelSerializer {
  return {
    deserializeWebviewPanel: async (webviewPanel, state) => (await workbench()).panels[panel].deserializeWebviewPanel(webviewPanel, state),
  };
}
