import * as vscode from 'vscode';

/**
 * The icon of the extension's editor tabs, in a colour for light themes and one for dark (high-contrast ones take
 * these too): a tab icon cannot follow the theme's colour (`currentColor` draws black on a high-contrast black tab).
 */
export function panelIcon(extensionUri: vscode.Uri): { light: vscode.Uri; dark: vscode.Uri } {
  return {
    light: vscode.Uri.joinPath(extensionUri, 'media', 'foundation-models-light.svg'),
    dark: vscode.Uri.joinPath(extensionUri, 'media', 'foundation-models-dark.svg'),
  };
}
