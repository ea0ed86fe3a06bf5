import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findCachedHubModel, pullHubModel } from '../../../src/backends/local/hub';
import { DEFAULT_INFERENCE_SETTINGS } from '../../../src/backends/local/inferenceSettings';
import { loadTaskModel } from '../../../src/backends/local/localInference';
import type { InferenceInput, InferenceOutput } from '../../../src/core/inference/inferenceTypes';
import { TASKS, type TaskId } from '../../../src/core/tasks';
import { startFakeHub, TINY_SENTIMENT } from '../../fakes/fakeHub';

/** A sample input of each fixture repository's task and what its answer must hold (each fixture's training rows). */
const CASES: readonly { repo: string; task: TaskId; input: InferenceInput; check: (output: InferenceOutput) => void }[] = [
  {
    repo: 'fm-test/tiny-sentiment',
    task: 'text-classification',
    input: { text: 'The battery lasts all day and the screen is lovely.' },
    check: (output) => {
      const labels = Object.values((JSON.parse(readFileSync(path.join(TINY_SENTIMENT, 'config.json'), 'utf8')) as { id2label: Record<string, string> }).id2label);
      assert.ok(output.kind === 'labels' && labels.includes(output.labels[0]?.label ?? ''), JSON.stringify(output));
    },
  },
  {
    repo: 'fm-test/tiny-ner',
    task: 'token-classification',
    input: { text: 'Maria Lopez joined Northwind Traders in Lisbon last spring.' },
    check: (output) => assert.deepEqual(output.kind === 'entities' && output.entities.map((e) => `${e.type} ${e.text}`), ['PER Maria Lopez', 'ORG Northwind Traders', 'LOC Lisbon']),
  },
  {
    repo: 'fm-test/tiny-qa',
    task: 'question-answering',
    input: { question: 'When was the Harbour Point lighthouse built?', context: 'The Harbour Point lighthouse was built in 1872 from local granite.' },
    check: (output) => assert.equal(output.kind === 'answer' && output.answer, '1872'),
  },
  {
    repo: 'fm-test/tiny-fill-mask',
    task: 'fill-mask',
    input: { text: 'The battery lasts two full [MASK] and charging is quick.' },
    check: (output) => assert.equal(output.kind === 'tokens' && output.tokens[0]?.token, 'days'),
  },
  {
    repo: 'fm-test/tiny-translator-en-ro',
    task: 'translation',
    input: { text: "The train leaves at eight o'clock." },
    check: (output) => assert.equal(output.kind === 'text' && output.text, 'Trenul pleacă la ora opt.'),
  },
  {
    repo: 'fm-test/tiny-summarizer',
    task: 'summarization',
    input: { text: 'x' },
    check: (output) => assert.ok(output.kind === 'text' && output.text.length > 0),
  },
  {
    repo: 'fm-test/tiny-generator',
    task: 'text-generation',
    input: { text: 'The blender crushes' },
    check: (output) => assert.equal(output.kind === 'text' && output.text, ' ice in seconds, and it is easy to clean.'),
  },
];

describe('a pulled snapshot runs with no network', function () {
  this.timeout(120_000);

  it('each task\'s fixture, pulled from the fake Hub in its layout, loads and answers with the Hub stopped', async () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'fm-hub-run-'));
    const hub = await startFakeHub();
    const env = { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache };
    try {
      const pulled: { folder: string }[] = [];
      for (const { repo, task } of CASES) pulled.push(await pullHubModel({ repo, task }, { env }));
      await hub.stop();
      for (const [i, { repo, task, input, check }] of CASES.entries()) {
        const folder = pulled[i]?.folder ?? '';
        // The editor's lookup finds the same folder from disk alone, in the task's layout.
        const found = await findCachedHubModel(repo, 'main', task, { env: { HF_HUB_CACHE: cache } });
        assert.equal(found?.folder, folder, repo);
        assert.equal(found?.onnx?.dtype, 'fp32');
        assert.equal(found?.onnx?.layout, TASKS[task].localPipeline === 'summarization' || task === 'translation' ? 'seq2seq' : 'single', repo);
        const model = await loadTaskModel(folder, task, DEFAULT_INFERENCE_SETTINGS);
        try {
          const [output] = await model.run([input]);
          assert.ok(output, repo);
          check(output);
        } finally {
          await model.dispose();
        }
      }
    } finally {
      await hub.stop();
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
