import assert from 'node:assert/strict';
import path from 'node:path';
import { createBackend } from '../../../src/backends/registry';
import type { Backend } from '../../../src/backends/backend';
import { startScoringServer, type ScoringServer } from '../../../src/backends/local/scoringServer';
import type { CatalogModel } from '../../../src/core/catalog/catalogModel';
import type { TaskId } from '../../../src/core/tasks';

const MODELS = path.resolve(__dirname, '../../fixtures/models');

async function post(server: ScoringServer, body: unknown): Promise<{ status: number; body: { predictions?: Record<string, unknown>[]; error?: string } }> {
  const response = await fetch(`${server.url}/score`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { predictions?: Record<string, unknown>[]; error?: string } };
}

/** Each task's fixture, the sample request Test Endpoint opens for it, what the answer holds, and requests it refuses. */
const TASK_CASES: readonly { folder: string; task: TaskId; check: (prediction: Record<string, unknown>) => void; refused: [unknown, RegExp][] }[] = [
  {
    folder: 'tiny-ner',
    task: 'token-classification',
    check: (p) => assert.ok(Array.isArray(p.entities), JSON.stringify(p)),
    refused: [
      [{ inputs: [{ text: 'a', text_pair: 'b' }] }, /^inputs\[0\] has an unknown key "text_pair": an input is a string or \{text\}\.$/],
      [{ inputs: [{ question: 'q', context: 'c' }] }, /^inputs\[0\] has unknown keys "question", "context": an input is a string or \{text\}\.$/],
    ],
  },
  {
    folder: 'tiny-qa',
    task: 'question-answering',
    check: (p) => assert.ok(typeof p.answer === 'string' && typeof p.start === 'number' && typeof p.end === 'number' && typeof p.score === 'number', JSON.stringify(p)),
    refused: [
      [{ inputs: ['When?'] }, /^inputs\[0\] must be \{question, context\}, not a string\.$/],
      [{ inputs: [{ question: 'When?' }] }, /^inputs\[0\]\.context is missing: an input is \{question, context\}\.$/],
      [{ inputs: [{ text: 'When?', text_pair: 'Then.' }] }, /^inputs\[0\] has unknown keys "text", "text_pair": an input is \{question, context\}\.$/],
      [{ inputs: 'When?' }, /^inputs must be an array of \{question, context\}, not a string\.$/],
      [{ text: 'x' }, /^inputs is missing: send \{"inputs": \[\{"question": "…", "context": "…"\}\]\}\.$/],
    ],
  },
  {
    folder: 'tiny-fill-mask',
    task: 'fill-mask',
    check: (p) => assert.ok(Array.isArray(p.tokens) && p.tokens.length > 0, JSON.stringify(p)),
    refused: [
      [{ inputs: ['No mask here.'] }, /^inputs\[0\] has no mask: a fill-mask model fills the \[MASK\] in a text\.$/],
      [{ inputs: ['a [MASK]'], parameters: { top_k: 0 } }, /^parameters\.top_k must be at least 1, not the number 0\.$/],
      [{ inputs: ['a [MASK]'], parameters: { temperature: 1 } }, /^parameters has an unknown key "temperature": it takes top_k and max_new_tokens\.$/],
    ],
  },
  {
    folder: 'tiny-summarizer',
    task: 'summarization',
    check: (p) => assert.ok(typeof p.text === 'string' && p.text.length > 0, JSON.stringify(p)),
    refused: [[{ inputs: ['x'], parameters: { max_new_tokens: 'many' } }, /^parameters\.max_new_tokens must be a number, not a string\.$/]],
  },
  {
    folder: 'tiny-translator-en-ro',
    task: 'translation',
    check: (p) => assert.ok(typeof p.text === 'string', JSON.stringify(p)),
    refused: [[{ inputs: [7] }, /^inputs\[0\] must be a string or \{text\}, not the number 7\.$/]],
  },
  {
    folder: 'tiny-generator',
    task: 'text-generation',
    check: (p) => assert.ok(typeof p.text === 'string', JSON.stringify(p)),
    refused: [[{ inputs: [] }, /^inputs is empty: give at least one text\.$/]],
  },
];

describe('local scoring server: every task answers its sample request', function () {
  this.timeout(60_000);
  let backend: Backend;

  before(async () => {
    backend = await createBackend('local');
  });
  after(() => backend.dispose());

  for (const { folder, task, check, refused } of TASK_CASES) {
    it(`${task}: ${folder}`, async () => {
      const server = await startScoringServer({ modelFolder: path.join(MODELS, folder) });
      try {
        assert.equal(server.task, task, 'the task comes from the folder');
        const health = (await (await fetch(`${server.url}/health`)).json()) as { task: string };
        assert.equal(health.task, task);
        const model = { task, name: folder } as Pick<CatalogModel, 'task' | 'name'>;
        const sample = backend.endpoints?.sampleRequest(model);
        const answer = await post(server, sample);
        assert.equal(answer.status, 200, `${JSON.stringify(sample)}: ${answer.body.error ?? ''}`);
        assert.equal(answer.body.predictions?.length, 1);
        check(answer.body.predictions?.[0] ?? {});
        for (const [body, message] of refused) {
          const bad = await post(server, body);
          assert.equal(bad.status, 400, JSON.stringify(body));
          assert.match(bad.body.error ?? '', message, JSON.stringify(body));
        }
      } finally {
        await server.close();
      }
    });
  }

  it('answers with exactly what the model says: entities with offsets, the answer span, top-k tokens and labels', async () => {
    const ner = await startScoringServer({ modelFolder: path.join(MODELS, 'tiny-ner') });
    const qa = await startScoringServer({ modelFolder: path.join(MODELS, 'tiny-qa'), task: 'question-answering' });
    const mask = await startScoringServer({ modelFolder: path.join(MODELS, 'tiny-fill-mask') });
    const sentiment = await startScoringServer({ modelFolder: path.join(MODELS, 'tiny-sentiment') });
    try {
      const text = 'Maria Lopez joined Northwind Traders in Lisbon last spring.';
      const entities = (await post(ner, { inputs: [text] })).body.predictions?.[0]?.entities as { type: string; start: number; end: number; text: string }[];
      assert.deepEqual(entities.map((e) => [e.type, e.text, text.slice(e.start, e.end)]), [['PER', 'Maria Lopez', 'Maria Lopez'], ['ORG', 'Northwind Traders', 'Northwind Traders'], ['LOC', 'Lisbon', 'Lisbon']]);
      const answer = (await post(qa, { inputs: [{ question: 'When was the Harbour Point lighthouse built?', context: 'The Harbour Point lighthouse was built in 1872 from local granite.' }] })).body.predictions?.[0];
      assert.deepEqual([answer?.answer, answer?.start, answer?.end], ['1872', 42, 46]);
      const tokens = (await post(mask, { inputs: ['The battery lasts two full [MASK] and charging is quick.'], parameters: { top_k: 2 } })).body.predictions?.[0]?.tokens as { token: string }[];
      assert.equal(tokens.length, 2);
      assert.equal(tokens[0]?.token, 'days');
      const labels = (await post(sentiment, { inputs: ['Great value.'], parameters: { top_k: 3 } })).body.predictions?.[0];
      assert.equal(typeof labels?.label, 'string');
      assert.equal((labels?.labels as unknown[]).length, 3, 'top_k above 1 lists the labels too');
    } finally {
      await Promise.all([ner.close(), qa.close(), mask.close(), sentiment.close()]);
    }
  });
});
