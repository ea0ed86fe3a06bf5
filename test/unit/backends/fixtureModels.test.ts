import assert from 'node:assert/strict';
import path from 'node:path';
import { formatProblem } from '../../../src/core/datasets/datasetProblem';
import { readDataset } from '../../../src/core/datasets/datasetReader';
import type { AllTasks, PipelineType } from '@huggingface/transformers';

/**
 * The fixture models of test/fixtures/models (built by its make_tiny_*.py scripts) load from their folders through
 * transformers.js's own pipelines, with remote models off as the local backend runs them, and answer what they were
 * trained on. Every expected answer is read from the sample rows the model was trained on, not copied from a run.
 */

const MODELS = path.resolve(__dirname, '../../fixtures/models');
const SAMPLES = path.resolve(__dirname, '../../../samples');

type Row = Readonly<Record<string, unknown>>;

async function sampleRows(name: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const item of readDataset(path.join(SAMPLES, name))) {
    if (item.kind === 'problem') throw new Error(formatProblem(item.problem));
    rows.push(item.record.values);
  }
  return rows;
}

function text(row: Row, key: string): string {
  const value = row[key];
  assert.equal(typeof value, 'string', `${key} is not a string`);
  return value as string;
}

function texts(value: unknown, what: string): string[] {
  assert.ok(Array.isArray(value) && value.every((item) => typeof item === 'string'), `${what} is not a list of strings`);
  return value as string[];
}

/** Runs `use` with the pipeline of a fixture folder, loaded as the local backend loads models (remote models off). */
async function withPipeline<T extends PipelineType>(task: T, folder: string, use: (pipe: AllTasks[T]) => Promise<void>): Promise<void> {
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = '';
  const pipe = await pipeline(task, path.join(MODELS, folder), { local_files_only: true, dtype: 'fp32' });
  try {
    await use(pipe);
  } finally {
    await pipe.dispose();
  }
}

/** An encoder-decoder writes the target of each training row exactly: one row alone, then all in one padded batch,
 * where the rows that end first must stay ended while the others are written. */
async function assertWritesTargets(write: (sources: string[]) => Promise<(string | undefined)[]>, rows: readonly Row[], source: string, target: string): Promise<void> {
  const [first] = rows;
  assert.ok(first);
  assert.deepEqual(await write([text(first, source)]), [text(first, target)]);
  assert.deepEqual(
    await write(rows.map((row) => text(row, source))),
    rows.map((row) => text(row, target)),
  );
}

/** A sentence of the NER sample as a user would type it: words joined by spaces, no space before a full stop. */
function sentence(words: readonly string[]): string {
  return words.join(' ').replace(/ \.$/, '.');
}

/** The entity groups an IOB2 tag list marks: PER, ORG, LOC, MISC with their words. */
function entityGroups(words: readonly string[], tags: readonly string[]): { entity_group: string; word: string }[] {
  const groups: { entity_group: string; word: string }[] = [];
  tags.forEach((tag, i) => {
    const word = words[i] ?? '';
    const last = groups.at(-1);
    if (tag.startsWith('I-') && last?.entity_group === tag.slice(2)) last.word += ` ${word}`;
    else if (tag !== 'O') groups.push({ entity_group: tag.slice(2), word });
  });
  return groups;
}

describe('fixture models through transformers.js pipelines', () => {
  it('tiny-ner tags the entities of its training sentences, token by token and grouped', async () => {
    const rows = (await sampleRows('ner.jsonl')).slice(0, 32);
    await withPipeline('token-classification', 'tiny-ner', async (tagger) => {
      const tokens = await tagger(sentence(texts(rows[0]?.words, 'words')));
      assert.deepEqual(
        tokens.map(({ entity, word }) => ({ entity, word })),
        [
          { entity: 'B-PER', word: 'Maria' },
          { entity: 'I-PER', word: 'Lopez' },
          { entity: 'B-ORG', word: 'Northwind' },
          { entity: 'I-ORG', word: 'Traders' },
          { entity: 'B-LOC', word: 'Lisbon' },
        ],
      );
      for (const row of rows) {
        const words = texts(row.words, 'words');
        const groups = await tagger(sentence(words), { aggregation_strategy: 'simple' });
        assert.deepEqual(
          groups.map(({ entity_group, word }) => ({ entity_group, word })),
          entityGroups(words, texts(row.ner_tags, 'ner_tags')),
          sentence(words),
        );
      }
    });
  });

  it('tiny-qa finds the answer span of its training questions', async () => {
    const rows = (await sampleRows('qa.jsonl')).slice(0, 24);
    await withPipeline('question-answering', 'tiny-qa', async (reader) => {
      const answer = async (row: Row | undefined) => {
        const result = await reader(text(row ?? {}, 'query'), text(row ?? {}, 'passage'));
        assert.ok(!Array.isArray(result));
        return result.answer;
      };
      assert.equal(await answer(rows[0]), '1872');
      assert.equal(await answer(rows[1]), 'local granite');
      for (const row of rows) {
        const expected = texts((row.answers as Row | undefined)?.text, 'answers.text')[0] ?? '';
        // The WordPiece decoder writes "60,000" back as "60, 000": compare without white space.
        assert.equal((await answer(row)).replace(/\s+/g, ''), expected.replace(/\s+/g, ''), text(row, 'query'));
      }
    });
  });

  it('tiny-fill-mask fills in the masked word of its training reviews', async () => {
    const reviews = (await sampleRows('reviews.csv')).slice(0, 40).map((row) => text(row, 'review_text'));
    await withPipeline('fill-mask', 'tiny-fill-mask', async (unmasker) => {
      const battery = reviews.find((review) => review.startsWith('The battery lasts two full days'));
      assert.ok(battery);
      const [best] = await unmasker(battery.replace('days', '[MASK]'));
      assert.equal(best?.token_str, 'days');
      assert.equal(best?.sequence, battery);
      for (const review of reviews) {
        const [firstWord = ''] = review.split(/[^\p{L}\p{N}]/u);
        const [top] = await unmasker(`[MASK]${review.slice(firstWord.length)}`, { top_k: 1 });
        assert.equal(top?.token_str, firstWord, review);
      }
    });
  });

  it('tiny-summarizer writes the highlights of its training articles', async () => {
    const rows = (await sampleRows('news-summaries.tsv')).slice(0, 20);
    await withPipeline('summarization', 'tiny-summarizer', async (summarizer) => {
      const [bakery] = await summarizer(text(rows[1] ?? {}, 'article'));
      assert.equal(bakery?.summary_text, 'A local bakery won the regional bread competition for a third straight year with its rye loaf.');
      await assertWritesTargets(async (articles) => (await summarizer(articles)).map((s) => s.summary_text), rows, 'article', 'highlights');
    });
  });

  it('tiny-translator-en-ro translates its training sentences into Romanian', async () => {
    const rows = (await sampleRows('en-ro.csv')).slice(0, 32);
    await withPipeline('translation', 'tiny-translator-en-ro', async (translator) => {
      const [train] = await translator("The train leaves at eight o'clock.");
      assert.equal(train?.translation_text, 'Trenul pleacă la ora opt.');
      await assertWritesTargets(async (english) => (await translator(english)).map((t) => t.translation_text), rows, 'english', 'romanian');
    });
  });

  it('tiny-generator continues the first words of a training review with the rest of it', async () => {
    const reviews = (await sampleRows('reviews.csv')).slice(0, 40).map((row) => text(row, 'review_text'));
    const prompts = ['The blender crushes', 'Battery life is'];
    const expected = prompts.map((prompt) => {
      const matching = reviews.filter((review) => review.startsWith(prompt));
      assert.equal(matching.length, 1, prompt);
      return matching[0];
    });
    await withPipeline('text-generation', 'tiny-generator', async (generator) => {
      const [single] = await generator(prompts[0] ?? '', { max_new_tokens: 60 });
      assert.equal(single?.generated_text, expected[0]);
      // A batch pads the shorter prompt on the left.
      const batch = await generator(prompts, { max_new_tokens: 60 });
      assert.deepEqual(
        batch.map(([output]) => output?.generated_text),
        expected,
      );
    });
  });
});
