import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseJobArgs, specFrom } from '../../../../src/cli/jobCommands';
import { fmJobSubmit, fmModelArgument, fmServe, mapArgument } from '../../../../src/core/code/fmCommands';
import { placeholderJob } from '../../../../src/core/code/jobCode';
import { shellLine, shellLines, shellQuote } from '../../../../src/core/code/shellQuote';
import { captureIo } from '../../../support/captureIo';
import { catalogModel } from '../../../support/catalogModels';
import { tempFolder } from '../../../support/tempFiles';

/** The arguments a POSIX shell reads from `line`, as `printf` gets them (NUL-separated: a newline is an argument's own). */
function throughSh(line: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

/** Names a shell would otherwise split, expand, run or redirect. */
const HOSTILE = [
  'reviews 2024.jsonl',
  "it's.jsonl",
  'say "hi".jsonl',
  'a\'b"c\'\'d.jsonl',
  '$HOME.jsonl',
  '`id`.jsonl',
  '$(touch pwned).jsonl',
  'a;b|c&d.jsonl',
  '*.jsonl',
  '?[a].jsonl',
  '~/data.jsonl',
  '#hash.jsonl',
  'two\nlines.jsonl',
  'tab\there.jsonl',
  'back\\slash.jsonl',
  '!bang.jsonl',
  'données é 日本.jsonl',
  '<in>out.jsonl',
  '',
];

/** The spec as plain JSON (fm's mapping has no prototype, so that `--map __proto__=x` is a role like any other). */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const model = catalogModel;

describe('Show Code: fm command lines', () => {
  const tmp = tempFolder();

  it('quotes an argument only when a shell would read it otherwise, and sh reads every one back as it was', () => {
    assert.equal(shellQuote('./train.jsonl'), './train.jsonl');
    assert.equal(shellQuote('sentence=review_text,label=stars'), 'sentence=review_text,label=stars');
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote(''), "''");
    assert.throws(() => shellQuote('a\0b'), /NUL/);
    assert.deepEqual(throughSh(shellLine(HOSTILE)), HOSTILE);
    assert.deepEqual(throughSh(shellLines(HOSTILE.map((name) => ['--file', name]))), HOSTILE.flatMap((name) => ['--file', name]));
  });

  it('writes fm job submit for a fine-tune with files of hostile names, which sh and fm read back as the same job', async () => {
    const dir = tmp.dir();
    const [train, validation] = ["my 'reviews' \"v2\" $(id).jsonl", 'val\n`x`;|&.jsonl'].map((name) => path.join(dir, name));
    for (const file of [train, validation]) writeFileSync(file ?? '', '{"sentence": "Great battery.", "label": "positive"}\n{"sentence": "Broke at once.", "label": "negative"}\n');
    const job = placeholderJob(model(), 'fineTune', 'text-classification', 'gpu cluster');
    const spec = { ...job.spec, data: { ...job.spec.data, file: train ?? '', validationFile: validation } };
    const backend = ['--backend', 'azure', '--subscription', '0000-1111', '--resource-group', 'rg one', '--workspace', 'ws'];
    const command = fmJobSubmit(spec, 'azureml/bert-base-uncased', backend);
    assert.deepEqual(throughSh(command.line), command.args);
    assert.deepEqual(throughSh(command.wrapped), command.args);
    assert.deepEqual(command.args.slice(0, 3), ['fm', 'job', 'submit']);
    const { values } = parseJobArgs(command.args.slice(3));
    assert.equal(values.subscription, '0000-1111');
    assert.equal(values['resource-group'], 'rg one');
    assert.equal(values.compute, 'gpu cluster');
    assert.deepEqual(plain(await specFrom(values, [], captureIo())), spec);
  });

  it('writes an evaluation and a translation as fm reads them: --test alone, the languages, no training settings', async () => {
    const dir = tmp.dir();
    const test = path.join(dir, 'en→de test.jsonl');
    writeFileSync(test, '{"source": "Good morning", "target": "Guten Morgen"}\n');
    const job = placeholderJob(model({ name: 'opus-mt-en-de', task: 'translation', fineTuningTasks: ['translation'] }), 'evaluate', 'translation');
    const spec = { ...job.spec, data: { ...job.spec.data, file: test } };
    const command = fmJobSubmit(spec, fmModelArgument(job.model), ['--backend', 'local']);
    assert.deepEqual(throughSh(command.wrapped), command.args);
    assert.ok(!command.args.includes('--epochs') && !command.args.includes('--train'));
    assert.deepEqual(plain(await specFrom(parseJobArgs(command.args.slice(3)).values, [], captureIo())), spec);
  });

  it('gives a value that starts with a dash as --flag=value, which parseArgs takes where it would refuse --flag -value', () => {
    const job = placeholderJob(model(), 'evaluate', 'text-classification');
    const command = fmJobSubmit({ ...job.spec, task: 'text-classification', data: { ...job.spec.data, file: '-data.jsonl' } }, '-model', []);
    assert.ok(command.args.includes('--test=-data.jsonl') && command.args.includes('--model=-model'));
    const { values } = parseArgs({ args: throughSh(command.line).slice(3), options: { test: { type: 'string' }, model: { type: 'string' }, task: { type: 'string' }, map: { type: 'string' } } });
    assert.equal(values.test, '-data.jsonl');
    assert.equal(values.model, '-model');
    assert.throws(() => parseArgs({ args: ['--test', '-data.jsonl'], options: { test: { type: 'string' } } }), /argument is ambiguous/);
  });

  it('refuses a column --map cannot name, rather than write a line that maps another', () => {
    assert.equal(mapArgument({ sentence: 'review text', label: 'answers.label' }), 'sentence=review text,label=answers.label');
    for (const column of ['a,b', 'a=b', ' padded', '']) assert.throws(() => mapArgument({ sentence: column }), /cannot name the column/);
  });

  it('names a model folder by its path and any other model by its catalog id; serves a folder or a pulled ONNX export', () => {
    assert.equal(fmModelArgument(model({ id: 'local-folder//models/my model', collection: 'local-folder', path: '/models/my model' })), '/models/my model');
    assert.equal(fmModelArgument(model()), 'azureml/bert-base-uncased');
    assert.equal(fmServe({ path: '/models/my model' }, 'text-classification'), "fm serve '/models/my model' --task text-classification");
    assert.equal(fmServe({ onnxSource: { repo: 'Xenova/t5-small', verified: 'x' } }, 'translation'), 'fm serve "$(fm model pull Xenova/t5-small --task translation)" --task translation');
    assert.equal(fmServe({}, 'translation'), undefined);
  });
});
