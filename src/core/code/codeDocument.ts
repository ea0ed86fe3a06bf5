/**
 * The Show Code document: one Markdown page with a title, a few sentences, then numbered sections of sentences and
 * fenced code blocks (the `fm` line, each YAML file, the `az ml` lines). Any backend contributes sections; this file
 * only lays them out, fencing each block so that nothing in it (a backtick in a file name) can end it early.
 */

export interface CodeBlock {
  /** A heading over the block: the file it is meant to be saved as, or what it does (`Run it`). */
  readonly heading?: string | undefined;
  /** The fence's language: `sh`, `yaml`, `json`. */
  readonly language: string;
  readonly text: string;
  /** The file name the block is meant to be saved under (Save Files… writes it so). */
  readonly file?: string | undefined;
}

export interface CodeSection {
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly blocks: readonly CodeBlock[];
}

/** The longest run of backticks in `text`. */
function longestBacktickRun(text: string): number {
  return Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
}

/** `text` as Markdown inline code, whatever backticks it holds (CommonMark §6.1). */
export function inlineCode(text: string): string {
  const fence = '`'.repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim()) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run inside (CommonMark §4.5). */
export function fencedBlock(language: string, text: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${language}\n${text.replace(/\n+$/, '')}\n${fence}`;
}

export function codeDocument(title: string, intro: readonly string[], sections: readonly CodeSection[]): string {
  const parts = [`# ${title}`, ...intro];
  sections.forEach((section, index) => {
    parts.push(`## ${index + 1}. ${section.title}`, ...section.paragraphs);
    for (const block of section.blocks) {
      if (block.heading) parts.push(`### ${block.heading}`);
      parts.push(fencedBlock(block.language, block.text));
    }
  });
  return `${parts.join('\n\n')}\n`;
}

/** The blocks meant to be saved as files, in document order, each name once (the first block of that name). */
export function codeFiles(sections: readonly CodeSection[]): { readonly file: string; readonly text: string }[] {
  const files = new Map<string, string>();
  for (const block of sections.flatMap((section) => section.blocks)) if (block.file && !files.has(block.file)) files.set(block.file, `${block.text.replace(/\n+$/, '')}\n`);
  return [...files].map(([file, text]) => ({ file, text }));
}
