import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_INFERENCE_SETTINGS } from '../../../src/backends/local/inferenceSettings';
import { InferenceInputError, loadTaskModel, type TaskModel } from '../../../src/backends/local/localInference';
import { LocalInferenceService } from '../../../src/backends/local/localInferenceService';
import { tokenOffsets, type TokenizerLike } from '../../../src/backends/local/tokenOffsets';
import type { CatalogModel } from '../../../src/core/catalog/catalogModel';
import type { TaskId } from '../../../src/core/tasks';
import { SAMPLES } from '../../support/tempFiles';

const MODELS = path.resolve(__dirname, '../../fixtures/models');

interface QaRow {
  readonly query: string;
  readonly passage: string;
  readonly answers: { readonly text: string[]; readonly answer_start: number[] };
}

const qaRows = (): QaRow[] => readFileSync(path.join(SAMPLES, 'qa.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as QaRow);

async function withModel(folder: string, task: TaskId, use: (model: TaskModel) => Promise<void>, batchSize = 16): Promise<void> {
  const model = await loadTaskModel(path.join(MODELS, folder), task, { ...DEFAULT_INFERENCE_SETTINGS, batchSize });
  try {
    await use(model);
  } finally {
    await model.dispose();
  }
}

function folderModel(folder: string, task: string, extra: Partial<CatalogModel> = {}): CatalogModel {
  return { id: `local-folder/${folder}`, name: path.basename(folder), collection: 'local-folder', task, fineTuningTasks: [], license: 'mit', description: '', path: path.join(MODELS, folder), weights: ['onnx'], ...extra };
}

describe('local inference: every task through its transformers.js pipeline', function () {
  this.timeout(60_000);

  it('finds each token of a text in the text, for WordPiece, byte-level BPE and SentencePiece tokenizers', async () => {
    const { AutoTokenizer, env } = await import('@huggingface/transformers');
    env.allowRemoteModels = false;
    env.localModelPath = '';
    const text = "Maria Lopez's  train, Lisbon. Zürich!";
    for (const folder of ['tiny-ner', 'tiny-generator', 'tiny-summarizer', 'tiny-qa']) {
      const tokenizer = (await AutoTokenizer.from_pretrained(path.join(MODELS, folder), { local_files_only: true })) as unknown as TokenizerLike;
      const offsets = tokenOffsets(tokenizer, text);
      assert.ok(offsets.length > 0, folder);
      let previousEnd = 0;
      for (const { id, start, end } of offsets) {
        assert.ok(start >= previousEnd && end >= start && end <= text.length, `${folder}: ${start}-${end} after ${previousEnd}`);
        const piece = tokenizer.decode([id]).replace(/^##/, '').trim();
        if (!/UNK|unk|�/.test(piece)) assert.equal(text.slice(start, end).trim().toLowerCase(), piece.toLowerCase(), `${folder}: token ${id}`);
        previousEnd = end;
      }
      assert.equal(tokenOffsets(tokenizer, text, 3).length, 3, 'the first tokens only, as the model sees a truncated text');
    }
  });

  it('token classification: entities with offsets, one batch as one by one', async () => {
    await withModel('tiny-ner', 'token-classification', async (model) => {
      const texts = ['Maria Lopez joined Northwind Traders in Lisbon last spring.', 'nothing here'];
      const together = await model.run(texts.map((text) => ({ text })));
      const alone = [];
      for (const text of texts) alone.push(...(await model.run([{ text }])));
      assert.deepEqual(together, alone);
      const [first] = together;
      assert.ok(first?.kind === 'entities');
      for (const entity of first.entities) assert.equal(texts[0]?.slice(entity.start, entity.end), entity.text);
      assert.deepEqual(first.entities.map((e) => e.type), ['PER', 'ORG', 'LOC']);
    });
  });

  it('question answering: the answer is the span of the context, as written there (not "60, 000")', async () => {
    const rows = qaRows().slice(0, 24);
    await withModel('tiny-qa', 'question-answering', async (model) => {
      const outputs = await model.run(rows.map((row) => ({ question: row.query, context: row.passage })));
      outputs.forEach((output, i) => {
        const row = rows[i] as QaRow;
        assert.ok(output.kind === 'answer');
        assert.equal(output.answer, row.answers.text[0], row.query);
        assert.equal(output.start, row.answers.answer_start[0], row.query);
        assert.equal(row.passage.slice(output.start, output.end), output.answer);
        assert.ok(output.score > 0 && output.score <= 1);
      });
    }, 8);
  });

  it('fill-mask: [MASK] or <mask>, top-k tokens; a text without a mask is refused by its place', async () => {
    await withModel('tiny-fill-mask', 'fill-mask', async (model) => {
      const [bracket, angle] = await model.run([{ text: 'The battery lasts two full [MASK] and charging is quick.' }, { text: 'The battery lasts two full <mask> and charging is quick.' }], { topK: 3 });
      assert.ok(bracket?.kind === 'tokens' && angle?.kind === 'tokens');
      assert.equal(bracket.tokens.length, 3);
      assert.equal(bracket.tokens[0]?.token, 'days');
      assert.deepEqual(angle, bracket);
      assert.match(model.inputProblem({ text: 'No mask at all.' }) ?? '', /has no mask: a fill-mask model fills the \[MASK\]/);
      await assert.rejects(model.run([{ text: 'a [MASK]' }, { text: 'none' }]), (error: Error) => error instanceof InferenceInputError && error.index === 1);
    });
  });

  it('generation streams its text piece by piece, and stops between tokens when aborted', async () => {
    await withModel('tiny-generator', 'text-generation', async (model) => {
      const pieces: string[] = [];
      const [output] = await model.run([{ text: 'The blender crushes' }], { onToken: (piece) => pieces.push(piece) });
      assert.ok(output?.kind === 'text');
      assert.equal(output.text, ' ice in seconds, and it is easy to clean.');
      assert.ok(pieces.length > 3, `${pieces.length} pieces`);
      assert.equal(pieces.join('').trim(), output.text.trim());

      const abort = new AbortController();
      const started = performance.now();
      const stopped = model.run([{ text: 'The blender crushes' }], { signal: abort.signal, maxNewTokens: 2000, onToken: () => abort.abort() });
      await assert.rejects(stopped, { name: 'AbortError' });
      assert.ok(performance.now() - started < 5000);
      const [short] = await model.run([{ text: 'The blender crushes' }], { maxNewTokens: 2 });
      assert.ok(short?.kind === 'text' && short.text.split(' ').filter(Boolean).length <= 2, 'maxNewTokens limits what is written');
    });
  });

  it('the inference service says what a model needs, validates the input, and keeps the model loaded between runs', async () => {
    const service = new LocalInferenceService(DEFAULT_INFERENCE_SETTINGS);
    try {
      const curated: CatalogModel = { ...folderModel('x', 'translation'), id: 'curated/helsinki-nlp-opus-mt-en-ro', name: 'helsinki-nlp-opus-mt-en-ro', collection: 'curated', path: undefined, weights: undefined, onnxSource: { repo: 'Xenova/opus-mt-en-ro', verified: 'transformers.js docs' } };
      const notHere = service.supports(curated);
      assert.ok(!notHere.ok && notHere.remedy === 'downloadModel', JSON.stringify(notHere));
      assert.match(notHere.ok ? '' : notHere.reason, /not on this machine yet: download its ONNX export \(Xenova\/opus-mt-en-ro\)/);
      await assert.rejects(service.run(curated, { text: 'x' }), (error: Error & { remedy?: string; modelId?: string }) => error.remedy === 'downloadModel' && error.modelId === curated.id);

      const translator = folderModel('tiny-translator-en-ro', 'translation');
      assert.deepEqual(service.supports(translator), { ok: true });
      assert.ok(!service.supports(translator, 'summarization').ok, 'a translation model is not offered for summarization');
      await assert.rejects(service.run(translator, { question: 'q', context: 'c' }), /reads a text, not a question/);
      await assert.rejects(service.run(translator, { text: 'x' }, { maxNewTokens: 0 }), /The options are not valid: maxNewTokens: /);
      const first = await service.run(translator, { text: "The train leaves at eight o'clock." });
      assert.deepEqual(first.output, { kind: 'text', text: 'Trenul pleacă la ora opt.' });
      const second = await service.run(translator, { text: "The train leaves at eight o'clock." });
      assert.ok(second.durationMs <= first.durationMs + 50, `loaded once: ${first.durationMs} ms, then ${second.durationMs} ms`);

      const qa = await service.run(folderModel('tiny-qa', 'question-answering'), { question: 'When was the Harbour Point lighthouse built?', context: 'The Harbour Point lighthouse was built in 1872 from local granite.' });
      assert.deepEqual({ ...qa.output, score: 0 }, { kind: 'answer', answer: '1872', score: 0, start: 42, end: 46 });
    } finally {
      service.dispose();
    }
  });
});
