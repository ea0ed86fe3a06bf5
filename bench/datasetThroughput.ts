import { createReadStream, createWriteStream, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import * as esbuild from 'esbuild';
import type * as ConvertModule from '../src/core/datasets/convertDataset';
import type * as PreviewModule from '../src/core/datasets/previewDataset';
import type * as ValidateModule from '../src/core/datasets/validateDataset';

type DatasetCore = typeof ConvertModule & typeof PreviewModule & typeof ValidateModule;

/**
 * The dataset core as it ships: bundled by esbuild with the settings of esbuild.mjs's production build (one scope,
 * minified, node20), then loaded. Imported as sources instead, under tsx (which runs the bench), every call from one
 * module to another goes through an export getter, which cost the validation loop a third of its speed: a figure
 * for tsx, not for what users run.
 */
async function shippedDatasetCore(dir: string): Promise<DatasetCore> {
  const outfile = path.join(dir, 'datasetCore.js');
  await esbuild.build({
    stdin: {
      contents: ["export * from './src/core/datasets/convertDataset';", "export * from './src/core/datasets/previewDataset';", "export * from './src/core/datasets/validateDataset';"].join('\n'),
      resolveDir: path.resolve(__dirname, '..'),
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    outfile,
    logLevel: 'warning',
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  });
  return require(outfile) as DatasetCore;
}

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

/**
 * The CSV yardstick: papaparse's own streaming parse of the file, rows as arrays of strings, nothing done with them
 * (a Node read stream decoding UTF-8, the delimiter and line break given, as the reader once called it).
 */
function papaparseStream(file: string): Promise<number> {
  let rows = 0;
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(createReadStream(file, { encoding: 'utf8' }) as unknown as Papa.LocalFile, {
      delimiter: ',',
      newline: '\n',
      step: () => void rows++,
      complete: () => resolve(rows),
      error: reject,
    });
  });
}

/** The JSON Lines yardstick: a plain loop that splits the decoded stream into lines and `JSON.parse`s each. */
async function splitAndParse(file: string): Promise<number> {
  let rows = 0;
  let carry = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
    const lines = (carry + (chunk as string)).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) if (line) rows += JSON.parse(line) ? 1 : 0;
  }
  if (carry) rows += JSON.parse(carry) ? 1 : 0;
  return rows;
}

interface Sample {
  readonly ms: number;
  /** CPU time of the process (every thread), which other work on a shared machine sways less than wall time. */
  readonly cpuMs: number;
  readonly rssGrowthMb: number;
}

/** One measured run: wall time, CPU time, and RSS growth as the peak (sampled every 50 ms) over RSS before it. */
async function timed(run: () => Promise<unknown>): Promise<Sample> {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const start = performance.now();
  const cpu = process.cpuUsage();
  await run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, cpuMs: (used.user + used.system) / 1000, rssGrowthMb: (peak - rssBefore) / MB };
}

export interface ThroughputRow {
  readonly label: string;
  /** MB/s of each run, in run order. */
  readonly mbPerSecond: readonly number[];
  /** CPU milliseconds of each run. */
  readonly cpuMs: readonly number[];
  /** The largest RSS growth of any run. */
  readonly rssGrowthMb: number;
}

export interface FormatThroughput {
  readonly format: 'csv' | 'jsonl';
  readonly rawMbPerSecond: number;
  /** papaparse's streaming parse (CSV) or a split-and-`JSON.parse` loop (JSON Lines), measured in the same rounds. */
  readonly yardstick: ThroughputRow;
  readonly validate: ThroughputRow;
  readonly convert: ThroughputRow;
}

/**
 * Validate and convert throughput on a generated file, beside its yardstick: each round runs the yardstick, validate
 * and convert once, in that order, so that a busy machine weighs on all three alike.
 */
async function measureFormat(core: DatasetCore, dir: string, format: 'csv' | 'jsonl', megabytes: number, rounds: number): Promise<FormatThroughput> {
  const { convertDataset, validateDataset } = core;
  const file = path.join(dir, `reviews.${format}`);
  const bytes = await generate(file, format, megabytes);
  await rawRead(file); // warm the page cache, as a user's second pass would be
  const rawMs = await rawRead(file);
  const mapping = { sentence: 'review_text', label: 'stars' };
  const out = path.join(dir, `out-${format}`);
  const runs: Record<'yardstick' | 'validate' | 'convert', Sample[]> = { yardstick: [], validate: [], convert: [] };
  for (let round = 0; round < rounds; round++) {
    runs.yardstick.push(await timed(() => (format === 'csv' ? papaparseStream(file) : splitAndParse(file))));
    runs.validate.push(await timed(() => validateDataset(file, 'text-classification', mapping)));
    runs.convert.push(await timed(() => convertDataset(file, 'text-classification', mapping, out, { split: [80, 10, 10], seed: 1, overwrite: true })));
  }
  rmSync(file);
  rmSync(out, { recursive: true, force: true });
  const row = (label: string, samples: Sample[]): ThroughputRow => ({
    cpuMs: samples.map((s) => s.cpuMs),
    label,
    mbPerSecond: samples.map((s) => bytes / MB / (s.ms / 1000)),
    rssGrowthMb: Math.max(...samples.map((s) => s.rssGrowthMb)),
  });
  return {
    format,
    rawMbPerSecond: bytes / MB / (rawMs / 1000),
    yardstick: row(format === 'csv' ? 'papaparse stream' : 'split + JSON.parse', runs.yardstick),
    validate: row('validate', runs.validate),
    convert: row('convert', runs.convert),
  };
}

/** Validate and convert throughput on generated files, each beside its yardstick measured in the same run. */
export async function measureDatasetThroughput(megabytes: number, rounds: number): Promise<FormatThroughput[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fm-bench-'));
  try {
    const core = await shippedDatasetCore(dir);
    return [await measureFormat(core, dir, 'csv', megabytes, rounds), await measureFormat(core, dir, 'jsonl', megabytes, rounds)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Preview latency on a 5 GB file: real rows at the start, the rest sparse. Only the first rows may be read. */
export async function measurePreviewLatency(gigabytes: number): Promise<{ ms: number; rows: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fm-bench-'));
  const file = path.join(dir, 'huge.csv');
  try {
    await generate(file, 'csv', 1);
    truncateSync(file, gigabytes * 1024 * MB);
    const { previewDataset } = await shippedDatasetCore(dir);
    const start = performance.now();
    const preview = await previewDataset(file, 50);
    return { ms: performance.now() - start, rows: preview.records.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
