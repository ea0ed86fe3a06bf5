/**
 * Physical lines of a decoded text stream (line breaks already `\n`, see `textStream.ts`), with a bound on their
 * length: a line longer than `maxChars` is not kept in memory; it is reported once as too long (`text` undefined)
 * at its line number, and splitting goes on at the next line. Synchronous and callback-driven: a reader splits a
 * whole chunk without an await per line.
 */
export class LineSplitter {
  private carry = '';
  private line = 1;
  /** Inside a line already reported as too long: drop text until its end. */
  private skipping = false;

  constructor(private readonly maxChars: number) {}

  /** Calls `onLine` for each line that `text` completes, in order. */
  push(text: string, onLine: (line: number, text: string | undefined) => void): void {
    // One split per chunk: a native call per line (find the break, cut the line) cost more than the split.
    const pieces = text.split('\n');
    const last = pieces.length - 1;
    for (let i = 0; i < last; i++) {
      if (this.skipping) this.skipping = false;
      else {
        const piece = i === 0 && this.carry ? this.carry + (pieces[0] as string) : (pieces[i] as string);
        onLine(this.line, piece.length > this.maxChars ? undefined : piece);
      }
      if (i === 0) this.carry = '';
      this.line++;
    }
    if (this.skipping) return;
    const rest = pieces[last] as string;
    if (rest) this.carry += rest;
    if (this.carry.length > this.maxChars) {
      onLine(this.line, undefined);
      this.carry = '';
      this.skipping = true;
    }
  }

  /** The last line, when the text does not end with a line break. */
  end(onLine: (line: number, text: string | undefined) => void): void {
    if (!this.skipping && this.carry) onLine(this.line, this.carry);
    this.carry = '';
  }
}

/**
 * What `onLine` makes of the lines of each chunk of `chunks`, one array per chunk (`undefined` text: too long),
 * skipping what it returns undefined for: each chunk is split and mapped at once, with no await per line.
 */
export async function* mapLineBatches<T>(chunks: AsyncIterable<string>, maxChars: number, onLine: (line: number, text: string | undefined) => T | undefined): AsyncGenerator<T[]> {
  const splitter = new LineSplitter(maxChars);
  let items: T[] = [];
  const collect = (line: number, text: string | undefined) => {
    const item = onLine(line, text);
    if (item !== undefined) items.push(item);
  };
  for await (const chunk of chunks) {
    splitter.push(chunk, collect);
    if (items.length > 0) yield items;
    items = [];
  }
  splitter.end(collect);
  if (items.length > 0) yield items;
}

/** As `mapLineBatches`, one item at a time. */
export async function* mapLines<T>(chunks: AsyncIterable<string>, maxChars: number, onLine: (line: number, text: string | undefined) => T | undefined): AsyncGenerator<T> {
  for await (const items of mapLineBatches(chunks, maxChars, onLine)) yield* items;
}

/** The lines of `chunks`, one item each, for readers that take them one at a time. */
export function textLines(chunks: AsyncIterable<string>, maxChars: number): AsyncGenerator<{ readonly line: number; readonly text: string | undefined }> {
  return mapLines(chunks, maxChars, (line, text) => ({ line, text }));
}
