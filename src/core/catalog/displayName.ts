/** A model's name for people, from its card's first `# heading`: `DistilBERT base uncased, SST-2` for `distilbert-…-sst-2-english`. */

const MAX_LENGTH = 80;

/** The first level-one heading of a markdown card as plain text, or undefined when it has none worth showing. */
export function displayNameFromCard(markdown: string): string | undefined {
  const heading = /^[ \t]{0,3}#[ \t]+(.+?)[ \t#]*$/m.exec(markdown)?.[1];
  if (!heading) return undefined;
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/`([^`]*)`/g, '$1')
    // Emphasis around words; an underscore inside a name (`go_emotions`) is not emphasis.
    .replace(/(^|[^\w])(\*\*|__|\*|_)(\S(?:.*?\S)?)\2(?=[^\w]|$)/g, '$1$3')
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return undefined;
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}
