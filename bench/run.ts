// `npm run bench`: figures measured on this machine, printed as a table. Each later area adds its own section.
import path from 'node:path';
import { repoRoot } from '../test/harness/codeServerInstall';
import { measureActivation, type ActivationSample } from './activationTime';
import { bundleSizes, packageSizes } from './bundleSizes';
import { measureCardRender, measureCatalogFilter } from './catalogBench';
import { measureAzureLogStream, measureLocalLogStream } from './jobsBench';
import { measureMetrics } from './metricsBench';
import { measureDatasetThroughput, measurePreviewLatency } from './datasetThroughput';
import { inference, inferenceSweep } from './inferenceReport';

const describe = (s: ActivationSample) =>
  `activation ${s.activationMs.toFixed(1)} ms = bundle load ${s.bundleLoadMs.toFixed(1)} ms + ` +
  `extension host ${s.hostMs.toFixed(1)} ms + activate() ${s.activateMs.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  console.log('## Bundle sizes');
  for (const size of bundleSizes(path.join(repoRoot, 'dist'))) {
    console.log(`${size.name.padEnd(28)} ${kb(size.bytes).padStart(10)}  (gzip ${kb(size.gzipBytes)})`);
  }
  console.log('\n## Packages (.vsix per target)');
  for (const size of packageSizes(path.join(repoRoot, 'dist'))) {
    console.log(`${size.target.padEnd(14)} ${size.name.padEnd(38)} ${`${(size.bytes / 1024 / 1024).toFixed(1)} MB`.padStart(9)}`);
  }

  const runs = Number(process.env.FM_BENCH_ACTIVATION_RUNS ?? 3);
  console.log(`\n## Activation in the real extension host (code-server, ${runs} fresh starts)`);
  const samples: ActivationSample[] = [];
  for (let i = 0; i < runs; i++) {
    const sample = await measureActivation();
    samples.push(sample);
    console.log(`run ${i + 1}: ${describe(sample)}`);
  }
  const med = (key: keyof ActivationSample) => median(samples.map((s) => s[key]));
  console.log(`median: ${describe({ activationMs: med('activationMs'), bundleLoadMs: med('bundleLoadMs'), hostMs: med('hostMs'), activateMs: med('activateMs') })}`);
}

async function datasets(): Promise<void> {
  const megabytes = Number(process.env.FM_BENCH_DATASET_MB ?? 500);
  console.log(`\n## Datasets: validate and convert a ${megabytes} MB text-classification file (streaming)`);
  const { raw, rows } = await measureDatasetThroughput(megabytes);
  console.log(`raw read (page cache): CSV ${raw.csv?.toFixed(0)} MB/s, JSONL ${raw.jsonl?.toFixed(0)} MB/s`);
  for (const row of rows) {
    console.log(`${row.label.padEnd(16)} ${row.mbPerSecond.toFixed(1).padStart(7)} MB/s  = ${(row.ratioToRawRead * 100).toFixed(1)}% of raw read  RSS growth ${row.rssGrowthMb.toFixed(0)} MB`);
  }
  const preview = await measurePreviewLatency(5);
  console.log(`preview of the first ${preview.rows} rows of a 5 GB CSV: ${preview.ms.toFixed(1)} ms`);
}

function catalog(): void {
  const count = 10_000;
  console.log(`\n## Catalog over ${count.toLocaleString('en')} models (median of 50 runs)`);
  for (const row of measureCatalogFilter(count)) console.log(`${row.label.padEnd(28)} ${row.ms.toFixed(2).padStart(8)} ms`);
  const card = measureCardRender(200);
  console.log(`model card render (markdown-it + sanitize-html), ${card.kilobytes.toFixed(0)} KB: first ${card.firstMs.toFixed(1)} ms, median of 20 ${card.medianMs.toFixed(1)} ms`);
}

async function jobs(): Promise<void> {
  console.log('\n## Jobs: the log streams');
  for (const line of await measureLocalLogStream()) console.log(line);
  for (const line of await measureAzureLogStream()) console.log(line);
}

function metrics(): void {
  const { pairs, words, rows } = measureMetrics(Number(process.env.FM_BENCH_METRICS_PAIRS ?? 10_000));
  console.log(`\n## Metrics over ${pairs.toLocaleString('en')} (hypothesis, reference) pairs of ~${words.toFixed(0)} words (best of 5)`);
  for (const row of rows) {
    console.log(`${row.label.padEnd(22)} ${row.ms.toFixed(1).padStart(8)} ms  ${Math.round(row.pairsPerSecond).toLocaleString('en').padStart(9)} pairs/s  (value ${row.value.toFixed(4)})`);
  }
}

/** FM_BENCH_SECTIONS=catalog,datasets runs only those sections; all but the inference sweep by default. */
const sections = new Set((process.env.FM_BENCH_SECTIONS ?? 'sizes,catalog,jobs,metrics,datasets,inference').split(','));
Promise.resolve()
  .then(() => (sections.has('sizes') ? main() : undefined))
  .then(() => (sections.has('catalog') ? catalog() : undefined))
  .then(() => (sections.has('jobs') ? jobs() : undefined))
  .then(() => (sections.has('metrics') ? metrics() : undefined))
  .then(() => (sections.has('datasets') ? datasets() : undefined))
  .then(() => (sections.has('inference') ? inference() : undefined))
  .then(() => (sections.has('inference-sweep') ? inferenceSweep() : undefined))
  .catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
