// `npm run bench`: figures measured on this machine, printed as a table. Each later area adds its own section.
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../test/harness/codeServerInstall';
import { measureActivation, type ActivationSample } from './activationTime';
import { bundleSizes, packageSizes } from './bundleSizes';
import { measureCardRender, measureCatalogFilter } from './catalogBench';
import { measureCatalogListing } from './catalogListing';
import { measureAzureLiveLatency, measureAzureLogStream, measureLocalLogStream } from './jobsBench';
import { measureMetrics } from './metricsBench';
import { measureDatasetThroughput, measurePreviewLatency } from './datasetThroughput';
import { inference, inferenceSweep } from './inferenceReport';
import { measureHostileInputs } from './hostileBench';
import { median } from './stats';

const describe = (s: ActivationSample) =>
  `activation ${s.activationMs.toFixed(1)} ms = bundle load ${s.bundleLoadMs.toFixed(1)} ms + ` +
  `extension host ${s.hostMs.toFixed(1)} ms + activate() ${s.activateMs.toFixed(1)} ms; ` +
  `bundle load + activate() ${(s.bundleLoadMs + s.activateMs).toFixed(1)} ms (goal ≤ 15 ms)` +
  (s.workbenchMs === undefined ? '' : `; then the workbench, for the views' rows, ${s.workbenchMs.toFixed(1)} ms`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

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
  const med = (key: 'activationMs' | 'bundleLoadMs' | 'hostMs' | 'activateMs') => median(samples.map((s) => s[key]));
  const workbench = samples.flatMap((s) => (s.workbenchMs === undefined ? [] : [s.workbenchMs]));
  console.log(
    `median: ${describe({ activationMs: med('activationMs'), bundleLoadMs: med('bundleLoadMs'), hostMs: med('hostMs'), activateMs: med('activateMs'), workbenchMs: workbench.length ? median(workbench) : undefined })}`,
  );
  console.log(`median of bundle load + activate(): ${median(samples.map((s) => s.bundleLoadMs + s.activateMs)).toFixed(1)} ms`);
}

const spread = (values: readonly number[]) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;

async function datasets(): Promise<void> {
  const megabytes = Number(process.env.FM_BENCH_DATASET_MB ?? 500);
  const rounds = Number(process.env.FM_BENCH_DATASET_RUNS ?? 3);
  console.log(`\n## Datasets: validate and convert a ${megabytes} MB text-classification file (streaming), ${rounds} rounds, median (min–max)`);
  console.log(`load average at the start: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} (${os.cpus().length} cores)`);
  const ratios = (of: readonly number[], to: readonly number[]) => of.map((value, round) => value / (to[round] ?? NaN));
  const figure = (values: readonly number[], unit: string) => `${median(values).toFixed(2)}${unit} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
  for (const result of await measureDatasetThroughput(megabytes, rounds)) {
    console.log(`${result.format.toUpperCase()}: raw read (page cache) ${result.rawMbPerSecond.toFixed(0)} MB/s; ratios are taken round by round (the same load on both)`);
    for (const row of [result.yardstick, result.validate, result.convert]) {
      const ratio = row === result.yardstick ? 'yardstick' : `${figure(ratios(row.mbPerSecond, result.yardstick.mbPerSecond), '×')} the yardstick`;
      // In CPU time: the yardstick's CPU milliseconds over this row's, round by round.
      const cpu = row === result.yardstick ? '' : `, in CPU time ${figure(ratios(result.yardstick.cpuMs, row.cpuMs), '×')}`;
      console.log(`  ${row.label.padEnd(18)} ${median(row.mbPerSecond).toFixed(1).padStart(7)} MB/s (${spread(row.mbPerSecond)})  ${ratio}${cpu}; RSS growth ${row.rssGrowthMb.toFixed(0)} MB`);
    }
    // Time taken is the inverse of MB/s: convert's time over validate's is validate's MB/s over convert's.
    console.log(`  convert takes ${figure(ratios(result.validate.mbPerSecond, result.convert.mbPerSecond), '×')} validate's time`);
  }
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);
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

/** Issue 16 #4: the Azure catalog on the fake, each figure beside its goal and the former way measured in the same run. */
async function catalogListing(): Promise<void> {
  const count = Number(process.env.FM_BENCH_CATALOG_MODELS ?? 10_000);
  const bench = await measureCatalogListing(count, 50, 100, process.env.FM_BENCH_CATALOG_FORMER !== '0');
  const load = `load average ${os.loadavg()[0]?.toFixed(1)} on ${os.availableParallelism()} cores`;
  console.log(`\n## Azure catalog listing: ${count.toLocaleString('en')} registry models, ${bench.latencyMs} ms a request, pages of ${bench.pageSize} (${load})`);
  const former = bench.runs.find((run) => run.label.startsWith('former'));
  const ms = (value: number | undefined) => (value === undefined ? '—' : `${Math.round(value).toLocaleString('en')} ms`);
  const ratio = (value: number | undefined, yardstick: number | undefined) => (value === undefined || !yardstick ? '' : ` (${(value / yardstick).toFixed(2)}×)`);
  for (const run of bench.runs) {
    const goals = run.label.startsWith('second') ? { first: 200, full: 200 } : run.label.startsWith('former') ? undefined : { first: 2_000, full: 20_000 };
    const against = (value: number | undefined, goal: number | undefined, old: number | undefined) =>
      `${ms(value).padStart(9)}${goal ? ` goal ${ms(goal)}${ratio(value, goal)}` : ''}${old && run !== former ? `, former ${ms(old)}${ratio(value, old)}` : ''}`;
    console.log(`${run.label.padEnd(44)} first models ${against(run.firstModelsMs, goals?.first, former?.firstModelsMs)}`);
    console.log(`${''.padEnd(44)} whole listing ${against(run.fullMs, goals?.full, former?.fullMs)}; ${run.requests.toLocaleString('en')} requests, ${run.models.toLocaleString('en')} models`);
  }
}

async function jobs(): Promise<void> {
  console.log('\n## Jobs: the log streams');
  for (const line of await measureLocalLogStream()) console.log(line);
  for (const line of await measureAzureLogStream()) console.log(line);
  // FM_BENCH_LIVE_LOG_SECONDS: how long the log is written to for the default polling (150 s) and for the CLI's curve (90 s).
  const [seconds = 150, cliSeconds = 90] = (process.env.FM_BENCH_LIVE_LOG_SECONDS ?? '150,90').split(',').map(Number);
  console.log(`Azure live log: a job 30 minutes old, its log a line every 200 ms, on the fake server (load average ${os.loadavg()[0]?.toFixed(2)})`);
  for (const line of await measureAzureLiveLatency(seconds, cliSeconds)) console.log(line);
}

function metrics(): void {
  const { pairs, words, rows } = measureMetrics(Number(process.env.FM_BENCH_METRICS_PAIRS ?? 10_000));
  console.log(`\n## Metrics over ${pairs.toLocaleString('en')} (hypothesis, reference) pairs of ~${words.toFixed(0)} words (best of 5)`);
  for (const row of rows) {
    console.log(`${row.label.padEnd(22)} ${row.ms.toFixed(1).padStart(8)} ms  ${Math.round(row.pairsPerSecond).toLocaleString('en').padStart(9)} pairs/s  (value ${row.value.toFixed(4)})`);
  }
}

async function hostile(): Promise<void> {
  console.log('\n## Hostile inputs: `fm` as a process, from its start to its exit (median (range) of 5)');
  for (const line of await measureHostileInputs()) console.log(line);
}

/** FM_BENCH_SECTIONS=catalog,datasets runs only those sections; all but the inference sweep by default. */
const sections = new Set((process.env.FM_BENCH_SECTIONS ?? 'sizes,catalog,listing,jobs,metrics,datasets,inference,hostile').split(','));
Promise.resolve()
  .then(() => (sections.has('sizes') ? main() : undefined))
  .then(() => (sections.has('catalog') ? catalog() : undefined))
  .then(() => (sections.has('listing') ? catalogListing() : undefined))
  .then(() => (sections.has('jobs') ? jobs() : undefined))
  .then(() => (sections.has('metrics') ? metrics() : undefined))
  .then(() => (sections.has('datasets') ? datasets() : undefined))
  .then(() => (sections.has('inference') ? inference() : undefined))
  .then(() => (sections.has('inference-sweep') ? inferenceSweep() : undefined))
  .then(() => (sections.has('hostile') ? hostile() : undefined))
  .catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
