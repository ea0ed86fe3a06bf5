/** Escapes text from registries, folders or jobs so that a MarkdownString shows it as text, never as markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
