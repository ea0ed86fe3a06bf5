/** YAML front matter at the very top of a Hugging Face README (`---` … `---`): metadata, not card text. */
const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

export interface SplitCard {
  /** The YAML text between the fences, when there is front matter. */
  readonly yaml: string | undefined;
  /** The markdown after it. */
  readonly body: string;
}

export function splitFrontMatter(text: string): SplitCard {
  const match = FRONT_MATTER.exec(text);
  return match ? { yaml: match[1] ?? '', body: text.slice(match[0].length) } : { yaml: undefined, body: text };
}
