import { createReadStream, createWriteStream, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { convertDataset } from '../src/core/datasets/convertDataset';
import { previewDataset } from '../src/core/datasets/previewDataset';
import { validateDataset } from '../src/core/datasets/validateDataset';

const MB = 1024 * 1024;
const WORDS = ['good', 'bad', 'product', 'arrived', 'quickly', 'broken', 'works', 'fine', 'battery', 'screen', 'love', 'return', 'cheap', 'sturdy', 'quiet', 'loud'];

/** Writes a text-classification file of about `megabytes` MB, CSV (with quotes and commas) or JSONL. */
async function generate(file: string, format: 'csv' | 'jsonl', megabytes: number): Promise<number> {
  const out = createWriteStream(file);
  let written = 0;
  let seed = 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  if (format === 'csv') {
    const header = 'id,review_text,stars\n';
    out.write(header);
    written += header.length;
  }
  let id = 0;
  while (written < megabytes * MB) {
    const words = Array.from({ length: 8 + Math.floor(random() * 30) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
    const text = `${words}, really`;
    const line = format === 'csv' ? `${id},"${text}",${1 + (id % 5)}\n` : `${JSON.stringify({ id, review_text: text, stars: 1 + (id % 5) })}\n`;
    id++;
    written += line.length;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return written;
}

async function rawRead(file: string): Promise<number> {
  const start = performance.now();
  for await (const _chunk of createReadStream(file, { highWaterMark: MB })) {
    // read only
  }
  return performance.now() - start;
}

export interface ThroughputRow {
  readonly label: string;
  readonly mbPerSecond: number;
  readonly ratioToRawRead: number;
  readonly rssGrowthMb: number;
}

async function measure(label: string, bytes: number, rawMs: number, run: () => Promise<unknown>): Promise<ThroughputRow> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { label, mbPerSecond: bytes / MB / (ms / 1000), ratioToRawRead: rawMs / ms, rssGrowthMb: (peak - rssBefore) / MB };
}

/** Validate and convert throughput on generated files, as ratios to a raw read of the same file in the same run. */
export async function measureDatasetThroughput(megabytes: number): Promise<{ raw: Record<string, number>; rows: ThroughputRow[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fm-bench-'));
  const rows: ThroughputRow[] = [];
  const raw: Record<string, number> = {};
  try {
    for (const format of ['csv', 'jsonl'] as const) {
      const file = path.join(dir, `reviews.${format}`);
      const bytes = await generate(file, format, megabytes);
      await rawRead(file); // warm the page cache, as a user's second pass would be
      const rawMs = await rawRead(file);
      raw[format] = bytes / MB / (rawMs / 1000);
      const mapping = { sentence: 'review_text', label: 'stars' };
      rows.push(await measure(`validate ${format.toUpperCase()}`, bytes, rawMs, () => validateDataset(file, 'text-classification', mapping)));
      rows.push(await measure(`convert ${format.toUpperCase()}`, bytes, rawMs, () =>
        convertDataset(file, 'text-classification', mapping, path.join(dir, `out-${format}`), { split: [80, 10, 10], seed: 1 })));
      rmSync(file);
      rmSync(path.join(dir, `out-${format}`), { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { raw, rows };
}

/** Preview latency on a 5 GB file: real rows at the start, the rest sparse. Only the first rows may be read. */
export async function measurePreviewLatency(gigabytes: number): Promise<{ ms: number; rows: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fm-bench-'));
  const file = path.join(dir, 'huge.csv');
  try {
    await generate(file, 'csv', 1);
    truncateSync(file, gigabytes * 1024 * MB);
    const start = performance.now();
    const preview = await previewDataset(file, 50);
    return { ms: performance.now() - start, rows: preview.records.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
