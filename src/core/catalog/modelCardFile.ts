import path from 'node:path';
import { MAX_CARD_BYTES, MAX_CARD_FILE_BYTES, formatLimitBytes } from '../inputLimits';
import { openRegularFile, readPrefix } from '../inputFiles/regularFile';
import { otherEncoding } from '../inputFiles/textStream';

/** How much of a card file over `MAX_CARD_FILE_BYTES` is read, to show its beginning. */
const EXCERPT_BYTES = 16 * 1024;

/**
 * A model card's markdown from its file (a README.md): a regular file only (`InputFileError` otherwise), read whole
 * up to `MAX_CARD_FILE_BYTES`; past that, only its beginning, followed by a note on the card that says so. Bytes that
 * are not UTF-8 become U+FFFD, as an editor shows them; UTF-16 with a byte-order mark is decoded as such, and a
 * file with NUL bytes (not text) is a note on the card, not its bytes.
 */
export async function readModelCardFile(file: string, name = path.basename(file)): Promise<string> {
  const { handle, size } = await openRegularFile(file, name);
  try {
    const bytes = await readPrefix(handle, size > MAX_CARD_FILE_BYTES ? EXCERPT_BYTES : size);
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
    if (!utf16 && (otherEncoding(bytes) || bytes.includes(0))) return `> **${name} is not text** (it holds zero bytes: a binary file, or text in an encoding other than UTF-8): nothing to show.\n`;
    const text = new TextDecoder(utf16 ?? 'utf-8', { fatal: false }).decode(bytes);
    if (size <= MAX_CARD_FILE_BYTES) return text;
    return `${text}\n\n…\n\n> **${name} is ${formatLimitBytes(size)}**: cards render up to ${formatLimitBytes(MAX_CARD_BYTES)}, so only its beginning is shown here.\n`;
  } finally {
    await handle.close();
  }
}
