/**
 * Physical lines of a decoded text stream (line breaks already `\n`, see `textStream.ts`), with a bound on their
 * length: a line longer than `maxChars` is not kept in memory; it comes out once as `tooLong` at its line number,
 * and reading goes on at the next line.
 */
export type TextLine = { readonly line: number; readonly text: string; readonly tooLong?: undefined } | { readonly line: number; readonly tooLong: true };

export async function* textLines(chunks: AsyncIterable<string>, maxChars: number): AsyncGenerator<TextLine> {
  let carry = '';
  let line = 1;
  // Inside a line already reported as too long: drop text until its end.
  let skipping = false;
  for await (const text of chunks) {
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      if (skipping) skipping = false;
      else {
        const piece = carry ? carry + text.slice(start, end) : text.slice(start, end);
        yield piece.length > maxChars ? { line, tooLong: true } : { line, text: piece };
      }
      carry = '';
      line++;
      start = end + 1;
    }
    if (skipping) continue;
    if (start < text.length) carry += text.slice(start);
    if (carry.length > maxChars) {
      yield { line, tooLong: true };
      carry = '';
      skipping = true;
    }
  }
  if (!skipping && carry) yield { line, text: carry };
}
