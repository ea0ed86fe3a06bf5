import type { PullProgress } from '../core/catalog/modelDownloads';
import { formatByteSize } from '../core/byteSize';

/** Files this big get a line every 10 %; smaller ones are over before a percentage helps. */
export const PERCENT_LINES_FROM_BYTES = 1_000_000;

/**
 * Turns a pull's progress events into readable lines for a terminal: the plan (what comes, and how much), one line
 * per file, a percentage every tenth of a large file, and each retry with its reason. Never one line per chunk.
 */
export function pullProgressLines(write: (line: string) => void): (event: PullProgress) => void {
  let lastTenth = 0;
  return (event) => {
    switch (event.type) {
      case 'plan': {
        const toFetch = event.files.filter((file) => !file.cached);
        const cached = event.files.length - toFetch.length;
        const resumed = toFetch.reduce((sum, file) => sum + file.partialBytes, 0);
        const head = `${event.repo} at ${event.revision} (commit ${event.commit.slice(0, 7)}): ${event.files.length} files, ${formatByteSize(event.totalBytes)}`;
        if (toFetch.length === 0) return write(`${head}, all in the cache already.`);
        const extra = [cached > 0 ? `${cached} already in the cache` : '', resumed > 0 ? `resuming ${formatByteSize(resumed)} fetched before` : ''].filter(Boolean).join(', ');
        return write(`${head}; ${formatByteSize(event.bytesToFetch)} to download${extra ? ` (${extra})` : ''}.`);
      }
      case 'file':
        lastTenth = event.size && event.resumeFrom ? Math.floor((event.resumeFrom / event.size) * 10) : 0;
        return write(
          `[${event.index}/${event.count}] ${event.path}${event.size === undefined ? '' : ` (${formatByteSize(event.size)}${event.resumeFrom > 0 ? `, resuming at ${formatByteSize(event.resumeFrom)}` : ''})`}`,
        );
      case 'bytes': {
        if (!event.fileTotal || event.fileTotal < PERCENT_LINES_FROM_BYTES) return;
        const tenth = Math.floor((event.fileDone / event.fileTotal) * 10);
        if (tenth <= lastTenth || tenth >= 10) return;
        lastTenth = tenth;
        const overall = event.total > 0 ? Math.floor((event.done / event.total) * 100) : 0;
        return write(`    ${tenth * 10}% of ${event.path} (${formatByteSize(event.fileDone)}; all files ${overall}%)`);
      }
      case 'retry':
        return write(`    trying again in ${(event.delayMs / 1000).toFixed(1)} s: ${event.reason}`);
    }
  };
}
