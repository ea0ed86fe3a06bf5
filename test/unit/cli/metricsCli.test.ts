import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo as capture } from '../../support/captureIo';
import { tempFolder } from '../../support/tempFiles';

const files = tempFolder();
const jsonl = (records: unknown[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

describe('fm metrics', () => {
  it('scores a classification run and prints a metric table with the per-class figures', async () => {
    // scikit-learn's precision_recall_fscore_support docstring example (see classification.test.ts).
    const predictions = files.write('cls-pred.jsonl', jsonl(['cat', 'pig', 'dog', 'cat', 'cat', 'dog'].map((prediction) => ({ prediction }))));
    const references = files.write('cls-ref.jsonl', jsonl(['cat', 'dog', 'pig', 'cat', 'dog', 'pig'].map((reference) => ({ reference }))));
    const io = capture();
    assert.equal(await runCli(['metrics', '--task', 'text-classification', '--predictions', predictions, '--references', references], io), 0, io.stderr);
    assert.match(io.stdout, /^metric {20}value\naccuracy {18}0\.3333\nf1_score_macro {12}0\.2667\n/);
    assert.match(io.stdout, /\nlabel  precision  recall  f1      support\ncat    0\.6667     1\.0000  0\.8000  2\n/);
    assert.match(io.stdout, /\n6 records\n$/);
  });

  it('--json prints the report; QA references may be lists, and blank lines are skipped', async () => {
    const predictions = files.write('qa-pred.jsonl', jsonl([{ prediction: '1976' }, { prediction: 'Beyonce' }, { prediction: 'climate change' }]));
    const references = files.write('qa-ref.jsonl', `${jsonl([{ references: ['1976'] }, { references: ['Beyoncé and Bruno Mars'] }])}\n${jsonl([{ reference: 'climate change' }])}`);
    const io = capture();
    assert.equal(await runCli(['metrics', '--task', 'question-answering', '--predictions', predictions, '--references', references, '--json'], io), 0, io.stderr);
    const report = JSON.parse(io.stdout) as { task: string; count: number; metrics: Record<string, number> };
    assert.equal(report.task, 'question-answering');
    assert.equal(report.count, 3);
    assert.ok(Math.abs((report.metrics.exact_match ?? 0) - 66.6667) < 1e-4);
  });

  it('scores translation with sacrebleu and bleu_1..bleu_4', async () => {
    const predictions = files.write('mt-pred.jsonl', jsonl(['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'].map((prediction) => ({ prediction }))));
    const references = files.write('mt-ref.jsonl', jsonl([
      { references: ['The dog bit the man.', 'The dog had bit the man.'] },
      { references: ['It was not unexpected.', 'No one was surprised.'] },
      { references: ['The man bit him first.', 'The man had bitten the dog.'] },
    ]));
    const io = capture();
    assert.equal(await runCli(['metrics', '--task', 'translation', '--predictions', predictions, '--references', references], io), 0, io.stderr);
    assert.match(io.stdout, /^sacrebleu +48\.5308$/m);
    assert.match(io.stdout, /^bleu_4 +0\.5147$/m);
  });

  it('names the file and line of a bad record and exits 1', async () => {
    const good = files.write('ner-pred.jsonl', jsonl([{ prediction: ['B-PER', 'O'] }, { prediction: ['O'] }]));
    const cases: [string, string, RegExp][] = [
      ['bad-json.jsonl', '{"reference": ["O", "O"]}\n{"reference": [\n', /^bad-json\.jsonl:2: not valid JSON: expected "," or "\]", found the end of the line at column 16\n$/],
      ['no-field.jsonl', jsonl([{ reference: ['B-PER', 'O'] }, { label: ['O'] }]), /^no-field\.jsonl:2: no "reference" or "references" field\n$/],
      ['both.jsonl', jsonl([{ reference: ['O', 'O'], references: [['O', 'O']] }]), /^both\.jsonl:1: both "reference" and "references": give one\n$/],
      ['wrong-shape.jsonl', jsonl([{ reference: ['B-PER', 'O'] }, { reference: 'O' }]), /^wrong-shape\.jsonl:2: reference: Invalid input: expected array, received string\n$/],
      ['empty-tag.jsonl', jsonl([{ reference: ['B-PER', ''] }, { reference: ['O'] }]), /^empty-tag\.jsonl:1: reference: \[1\]: a tag is empty\n$/],
      ['length.jsonl', jsonl([{ reference: ['B-PER', 'O'] }, { reference: ['O', 'O'] }]), /^ner-pred\.jsonl:2: 1 tags for 2 reference tags; there must be one tag per token\n$/],
      ['count.jsonl', jsonl([{ reference: ['B-PER', 'O'] }]), /^ner-pred\.jsonl has 2 predictions but count\.jsonl has 1 references/],
      ['array.jsonl', '[1, 2]\n', /^array\.jsonl:1: expected a JSON object such as \{"reference": …\}\n$/],
    ];
    for (const [name, content, message] of cases) {
      const io = capture();
      const code = await runCli(['metrics', '--task', 'token-classification', '--predictions', good, '--references', files.write(name, content)], io);
      assert.equal(code, 1, name);
      assert.match(io.stderr, message, name);
      assert.equal(io.stdout, '', name);
    }
  });

  it('exits 2 for usage errors and a missing file', async () => {
    const predictions = files.write('u-pred.jsonl', jsonl([{ prediction: 'a' }]));
    const cases = [
      [['metrics', '--predictions', predictions, '--references', predictions], /--task is required/],
      [['metrics', '--task', 'sentiment', '--predictions', predictions, '--references', predictions], /Unknown task "sentiment"/],
      [['metrics', '--task', 'summarization', '--references', predictions], /--predictions FILE is required/],
      [['metrics', '--task', 'summarization', '--predictions', predictions], /--references FILE is required/],
      [['metrics', '--task', 'summarization', '--predictions', predictions, '--references', predictions, '--frob'], /Unknown option '--frob'/],
      [['metrics', '--task', 'summarization', '--predictions', predictions, '--references', path.join(files.dir(), 'nope.jsonl')], /nope\.jsonl: file not found/],
    ] as const;
    for (const [argv, message] of cases) {
      const io = capture();
      assert.equal(await runCli([...argv], io), 2, argv.join(' '));
      assert.match(io.stderr, message);
    }
  });
});
