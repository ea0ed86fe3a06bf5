import assert from 'node:assert/strict';
import path from 'node:path';
import { DEFAULT_INFERENCE_SETTINGS, inferenceSettings, sessionOptions } from '../../../src/backends/local/inferenceSettings';
import { lengthBatches } from '../../../src/backends/local/lengthBatches';
import { loadTaskModel } from '../../../src/backends/local/localInference';
import { inferenceFromEnv } from '../../../src/cli/cliBackends';
import type { InferenceOutput } from '../../../src/core/inference/inferenceTypes';

const TINY_SENTIMENT = path.resolve(__dirname, '../../fixtures/models/tiny-sentiment');

const TEXTS = [
  'Works perfectly with my old laptop, no drivers needed.',
  'Too heavy.',
  'Decent quality, though the colour is a bit darker than pictured, and the strap digs into your shoulder after an hour.',
  'The battery lasts two full days and charging is quick.',
  'Mixed feelings: good screen, poor speakers.',
  'Bad.',
  'The sound is warm and clear, with deep bass at low volume.',
];

/** Labels as they are; scores to six places (a batch's shape may change the last bits of a float sum). */
const rounded = (outputs: readonly (InferenceOutput | undefined)[]) =>
  outputs.map((output) => (output?.kind === 'labels' ? output.labels.map(({ label, score }) => ({ label, score: score.toFixed(6) })) : output));

describe('local inference: batches of like lengths, defaults chosen by the bench', () => {
  it('puts every input in one batch, shortest first, equal lengths in their own order', () => {
    const inputs = [{ text: 'ccc' }, { text: 'a' }, { question: 'q', context: 'cc' }, { text: 'bbbbbb' }, { text: 'b' }, { text: 'x', textPair: 'yy' }];
    const batches = lengthBatches(inputs, 4);
    assert.deepEqual(batches, [[1, 4, 0, 2], [5, 3]]);
    assert.deepEqual(lengthBatches([], 8), []);
    assert.deepEqual(lengthBatches(inputs, 1).flat().sort(), [0, 1, 2, 3, 4, 5]);
  });

  it('answers in the order of the inputs, as one by one, whatever the batch size', async function () {
    this.timeout(60_000);
    const model = await loadTaskModel(TINY_SENTIMENT, 'text-classification', { ...DEFAULT_INFERENCE_SETTINGS, batchSize: 3 });
    try {
      const progress: number[] = [];
      const together = await model.run(TEXTS.map((text) => ({ text })), { topK: 3, onProgress: (done) => progress.push(done) });
      const alone: (InferenceOutput | undefined)[] = [];
      for (const text of TEXTS) alone.push(...(await model.run([{ text }], { topK: 3 })));
      assert.equal(together.length, TEXTS.length);
      assert.deepEqual(rounded(together), rounded(alone));
      assert.deepEqual(progress, [3, 6, 7], 'progress counts the inputs done after each batch');
    } finally {
      await model.dispose();
    }
  });

  it('runs batches of 8 on one onnxruntime thread unless told otherwise; 0 threads lets onnxruntime choose', () => {
    assert.deepEqual(inferenceSettings(), { batchSize: 8, threads: 1 });
    assert.deepEqual(sessionOptions(inferenceSettings()), { intraOpNumThreads: 1, interOpNumThreads: 1 });
    assert.deepEqual(inferenceSettings({ batchSize: 32, threads: 4 }), { batchSize: 32, threads: 4 });
    assert.deepEqual(inferenceSettings({ threads: 0 }), { batchSize: 8, threads: undefined });
    assert.deepEqual(sessionOptions(inferenceSettings({ threads: 0 })), {});
    assert.deepEqual(inferenceSettings({ batchSize: 0, threads: -1 }), { batchSize: 8, threads: 1 }, 'out of range is the default');
    assert.deepEqual(inferenceFromEnv({ FM_INFERENCE_THREADS: '0', FM_INFERENCE_BATCH_SIZE: '4' }), { batchSize: 4, threads: 0 });
    assert.throws(() => inferenceFromEnv({ FM_INFERENCE_BATCH_SIZE: '0' }), /FM_INFERENCE_BATCH_SIZE must be a whole number of at least 1, not "0"/);
    assert.throws(() => inferenceFromEnv({ FM_INFERENCE_THREADS: 'two' }), /FM_INFERENCE_THREADS must be a whole number of at least 0, not "two"/);
  });
});
