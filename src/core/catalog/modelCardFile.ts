import path from 'node:path';
import { MAX_CARD_BYTES, MAX_CARD_FILE_BYTES, formatLimitBytes } from '../inputLimits';
import { openRegularFile, readPrefix } from '../inputFiles/regularFile';

/** How much of a card file over `MAX_CARD_FILE_BYTES` is read, to show its beginning. */
const EXCERPT_BYTES = 16 * 1024;

/**
 * A model card's markdown from its file (a README.md): a regular file only (`InputFileError` otherwise), read whole
 * up to `MAX_CARD_FILE_BYTES`; past that, only its beginning, followed by a note on the card that says so. Bytes that
 * are not UTF-8 become U+FFFD, as an editor shows them.
 */
export async function readModelCardFile(file: string, name = path.basename(file)): Promise<string> {
  const { handle, size } = await openRegularFile(file, name);
  try {
    const bytes = await readPrefix(handle, size > MAX_CARD_FILE_BYTES ? EXCERPT_BYTES : size);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (size <= MAX_CARD_FILE_BYTES) return text;
    return `${text}\n\n…\n\n> **${name} is ${formatLimitBytes(size)}**: cards render up to ${formatLimitBytes(MAX_CARD_BYTES)}, so only its beginning is shown here.\n`;
  } finally {
    await handle.close();
  }
}
