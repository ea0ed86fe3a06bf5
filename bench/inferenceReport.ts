import type { InferenceSettings } from '../src/backends/local/inferenceSettings';
import { benchSettings, measureClassification, measureGeneration, textsPerSecond, withBenchEncoder, type ClassificationFigures, type GenerationRun } from './inferenceBench';
import { median, spread } from './stats';

/** The `npm run bench` sections for local inference: the figures at the default settings, and a sweep to choose them. */

const rounds = () => Number(process.env.FM_BENCH_INFERENCE_ROUNDS ?? 5);
const textCount = () => Number(process.env.FM_BENCH_INFERENCE_TEXTS ?? 256);
const describeSettings = (s: InferenceSettings) => `batch ${s.batchSize}, ${s.threads === undefined ? 'threads: onnxruntime default' : `${s.threads} intra-op thread${s.threads === 1 ? '' : 's'}`}`;

function classificationLines(figures: ClassificationFigures): string[] {
  const { texts, rounds: results } = figures;
  const ours = results.map((r) => textsPerSecond(texts, r.ours));
  const bare = results.map((r) => textsPerSecond(texts, r.bare));
  const ratio = results.map((r) => r.bare.ms / r.ours.ms);
  const cpuRatio = results.map((r) => r.bare.cpuMs / r.ours.cpuMs);
  return [
    `local evaluation path ${spread(ours, 0).padStart(18)} texts/s  (CPU ${spread(results.map((r) => textsPerSecond(texts, r.ours, true)), 0)} texts per CPU-second)`,
    `bare onnxruntime      ${spread(bare, 0).padStart(18)} texts/s  (CPU ${spread(results.map((r) => textsPerSecond(texts, r.bare, true)), 0)} texts per CPU-second)`,
    `ratio (ours / bare)   wall ${spread(ratio)}   CPU time ${spread(cpuRatio)}   goal ≥ 0.90`,
  ];
}

const sum = (runs: readonly GenerationRun[], key: 'tokens' | 'totalMs') => runs.reduce((total, run) => total + run[key], 0);
const tokensPerSecond = (runs: readonly GenerationRun[]) => sum(runs, 'tokens') / (sum(runs, 'totalMs') / 1000);
const firstToken = (runs: readonly GenerationRun[]) => median(runs.map((run) => run.firstTokenMs));

export async function inference(): Promise<void> {
  const settings = benchSettings();
  const n = rounds();
  await withBenchEncoder(async (folder, parameters) => {
    const figures = await measureClassification(folder, parameters, settings, textCount(), n);
    console.log(`\n## Local inference: text classification, ${(parameters / 1e6).toFixed(1)}M-parameter encoder, ${figures.texts} texts of ${figures.meanTokens.toFixed(0)} tokens on average, ${describeSettings(settings)} (${n} rounds: median (range))`);
    for (const line of classificationLines(figures)) console.log(line);
  });
  const generation = await measureGeneration(settings, Number(process.env.FM_BENCH_GENERATION_PROMPTS ?? 20), 48, n);
  const tokens = generation.rounds[0] ? sum(generation.rounds[0].bare, 'tokens') : 0;
  console.log(`\n## Local inference: streamed generation, tiny-generator fixture, ${generation.prompts} prompts one at a time (${tokens} tokens a round, greedy, same text as the bare loop: ${generation.sameText ? 'yes' : 'NO'}; ${n} rounds)`);
  const ours = generation.rounds.map((r) => tokensPerSecond(r.ours));
  const bare = generation.rounds.map((r) => tokensPerSecond(r.bare));
  console.log(`local playground path  ${spread(ours, 0).padStart(18)} tokens/s   first token ${spread(generation.rounds.map((r) => firstToken(r.ours)), 1)} ms (the streamer's first text)`);
  console.log(`bare greedy loop       ${spread(bare, 0).padStart(18)} tokens/s   first token ${spread(generation.rounds.map((r) => firstToken(r.bare)), 1)} ms`);
  const plain = generation.rounds.map((r) => tokensPerSecond(r.plain));
  console.log(`local evaluation path  ${spread(plain, 0).padStart(18)} tokens/s   (not streamed)`);
  console.log(`ratio (ours / bare)    tokens/s streamed ${spread(generation.rounds.map((r, i) => (ours[i] ?? 0) / (bare[i] ?? 1)))}, not streamed ${spread(generation.rounds.map((r, i) => (plain[i] ?? 0) / (bare[i] ?? 1)))}`);
}

/** FM_BENCH_SECTIONS=inference-sweep: texts/s of both sides over batch sizes and thread counts, to choose the defaults. */
export async function inferenceSweep(): Promise<void> {
  const batches = (process.env.FM_BENCH_SWEEP_BATCHES ?? '1,4,8,16,32,64').split(',').map(Number);
  const threadCounts = (process.env.FM_BENCH_SWEEP_THREADS ?? '1,2,0').split(',').map(Number);
  const n = Number(process.env.FM_BENCH_INFERENCE_ROUNDS ?? 3);
  await withBenchEncoder(async (folder, parameters) => {
    console.log(`\n## Local inference sweep: ${(parameters / 1e6).toFixed(1)}M-parameter encoder, ${textCount()} texts (${n} rounds: median (range); threads 0 = onnxruntime default)`);
    console.log('batch threads   ours texts/s          bare texts/s          ours texts/CPU-s      bare texts/CPU-s      ratio wall        ratio CPU');
    for (const threads of threadCounts) {
      for (const batchSize of batches) {
        const figures = await measureClassification(folder, parameters, { batchSize, threads: threads || undefined }, textCount(), n);
        const r = figures.rounds;
        console.log(
          `${String(batchSize).padStart(5)} ${String(threads).padStart(7)}   ${spread(r.map((x) => textsPerSecond(figures.texts, x.ours)), 0).padEnd(20)}  ${spread(r.map((x) => textsPerSecond(figures.texts, x.bare)), 0).padEnd(20)}  ` +
            `${spread(r.map((x) => textsPerSecond(figures.texts, x.ours, true)), 0).padEnd(20)}  ${spread(r.map((x) => textsPerSecond(figures.texts, x.bare, true)), 0).padEnd(20)}  ` +
            `${spread(r.map((x) => x.bare.ms / x.ours.ms)).padEnd(16)}  ${spread(r.map((x) => x.bare.cpuMs / x.ours.cpuMs))}`,
        );
      }
    }
  });
}
