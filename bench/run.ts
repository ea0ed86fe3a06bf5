// `npm run bench`: figures measured on this machine, printed as a table. Each later area adds its own section.
import path from 'node:path';
import { repoRoot } from '../test/harness/codeServerInstall';
import { measureActivation } from './activationTime';
import { bundleSizes } from './bundleSizes';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  console.log('## Bundle sizes');
  for (const size of bundleSizes(path.join(repoRoot, 'dist'))) {
    console.log(`${size.name.padEnd(28)} ${kb(size.bytes).padStart(10)}  (gzip ${kb(size.gzipBytes)})`);
  }

  const runs = Number(process.env.FM_BENCH_ACTIVATION_RUNS ?? 3);
  console.log(`\n## Activation in the real extension host (code-server, ${runs} fresh starts)`);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const sample = await measureActivation();
    samples.push(sample);
    console.log(`run ${i + 1}: activation ${sample.activationMs.toFixed(1)} ms, activate() ${sample.activateMs.toFixed(1)} ms`);
  }
  console.log(
    `median: activation ${median(samples.map((s) => s.activationMs)).toFixed(1)} ms, ` +
      `activate() ${median(samples.map((s) => s.activateMs)).toFixed(1)} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
