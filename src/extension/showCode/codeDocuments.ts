import * as vscode from 'vscode';

/** The scheme of Show Code's documents: `foundation-models-code:/<model>-<action>.md`. */
export const CODE_SCHEME = 'foundation-models-code';

/**
 * Show Code's documents, held in memory and shown read-only (a content provider's documents cannot be edited): the
 * tab names the model and the action, closing one asks nothing, and File › Save As… keeps a copy. Showing a document
 * of the same name again replaces its text.
 */
export class CodeDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(CODE_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  /** Opens `text` as the document `name` (`bert-base-uncased-evaluate.md`: Markdown by its extension). */
  async show(name: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: CODE_SCHEME, path: `/${name}` });
    const known = this.texts.has(uri.path);
    this.texts.set(uri.path, text);
    if (known) this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: false });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
