import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TEXT_CLASSIFICATION_TRAINER } from '../../../src/backends/local/trainerScript';
import { tempFolder } from '../../support/tempFiles';

/**
 * The generated Trainer script, run with the system's Python (`/usr/bin/python3`, which has no transformers): its
 * plain functions (settings, data parts, label maps, the checkpoint to resume from) directly, and `main()` against
 * the stand-in modules of `test/fixtures/trainerStandIns`, which record what the script asks of transformers. Real
 * training needs torch and transformers, which this machine lacks; it is not run here.
 */
const PYTHON = '/usr/bin/python3';
const STAND_INS = path.resolve(__dirname, '../../fixtures/trainerStandIns');

function python(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(PYTHON, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', PYTHONDONTWRITEBYTECODE: '1', ...env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('the generated Trainer script, with the system Python and stand-in modules', function () {
  this.timeout(30_000);
  const tmp = tempFolder();
  let script = '';
  let config: Record<string, unknown> = {};

  /** Calls `expression` of the script's module (imported as `train`, without running main) and returns its JSON. */
  function call(expression: string): unknown {
    const driver = `import importlib.util, json, sys\nspec = importlib.util.spec_from_file_location("train", ${JSON.stringify(script)})\ntrain = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(train)\ntry:\n    print(json.dumps(${expression}))\nexcept train.ConfigError as error:\n    print(json.dumps({"ConfigError": str(error)}))\n`;
    const run = python(['-c', driver]);
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout);
  }

  before(function () {
    if (!existsSync(PYTHON)) this.skip();
    script = tmp.write('train.py', TEXT_CLASSIFICATION_TRAINER);
    const line = (label: unknown, i: number) => JSON.stringify({ sentence: `text ${i}`, label });
    const train = tmp.write('train.jsonl', [line('positive', 1), line('negative', 2), line(3, 3)].join('\n'));
    const validation = tmp.write('validation.jsonl', [line('positive', 4), line('neutral', 5)].join('\n'));
    config = { model: '/models/tiny', train, validation, test: '', output: path.join(tmp.dir(), 'output'), epochs: 2, learning_rate: 2e-5, batch_size: 8, max_length: 128, seed: 7 };
    tmp.write('config.json', JSON.stringify(config));
  });

  it('reads its settings and says which one is wrong: missing, of the wrong type, not above 0, a file that is not there', () => {
    const check = (changes: Record<string, unknown>, drop?: string) => {
      const changed: Record<string, unknown> = { ...config, ...changes };
      if (drop) delete changed[drop];
      return call(`train.read_config(${JSON.stringify(tmp.write('changed.json', JSON.stringify(changed)))})["seed"]`);
    };
    assert.equal(check({}), 7);
    assert.deepEqual(check({}, 'model'), { ConfigError: `${path.join(tmp.dir(), 'changed.json')} has no model` });
    assert.deepEqual(check({ epochs: '3' }), { ConfigError: 'epochs is "3", not a number' });
    assert.deepEqual(check({ batch_size: true }), { ConfigError: 'batch_size is true, not a whole number' });
    assert.deepEqual(check({ seed: 1.5 }), { ConfigError: 'seed is 1.5, not a whole number' });
    assert.deepEqual(check({ learning_rate: 0 }), { ConfigError: 'learning_rate must be above 0, not 0' });
    assert.deepEqual(check({ validation: '/nowhere/validation.jsonl' }), { ConfigError: 'the validation file /nowhere/validation.jsonl does not exist' });
    assert.match(String((call(`train.read_config(${JSON.stringify(tmp.write('broken.json', '{"model": '))})`) as { ConfigError: string }).ConfigError), /cannot read the settings file .*broken\.json/);
  });

  it('loads the parts the job has, maps every label of every part, and names the labels training never shows', () => {
    const configPath = path.join(tmp.dir(), 'config.json');
    assert.deepEqual(call(`train.data_files(train.read_config(${JSON.stringify(configPath)}))`), { train: config.train, validation: config.validation });
    assert.deepEqual(call(`train.label_maps(train.data_files(train.read_config(${JSON.stringify(configPath)})))`), [
      { '3': 0, negative: 1, neutral: 2, positive: 3 },
      { '0': '3', '1': 'negative', '2': 'neutral', '3': 'positive' },
      ['neutral'],
    ]);
    const noLabel = tmp.write('no-label.jsonl', '{"sentence": "x"}\n');
    assert.deepEqual(call(`train.read_labels(${JSON.stringify(noLabel)})`), { ConfigError: `${noLabel} line 1 has no label` });
  });

  it('finds the newest checkpoint to resume from, by step number, folders only', () => {
    const checkpoints = path.join(tmp.dir(), 'checkpoints');
    assert.equal(call(`train.last_checkpoint(${JSON.stringify(checkpoints)})`), null);
    for (const name of ['checkpoint-5', 'checkpoint-12', 'checkpoint-9', 'checkpoint-x']) mkdirSync(path.join(checkpoints, name), { recursive: true });
    writeFileSync(path.join(checkpoints, 'checkpoint-99'), 'a file, not a checkpoint');
    assert.equal(call(`train.last_checkpoint(${JSON.stringify(checkpoints)})`), path.join(checkpoints, 'checkpoint-12'));
  });

  it('runs main() against stand-in transformers: labels, settings, metrics, the saved model, and a resume on the second run', () => {
    const log = path.join(tmp.dir(), 'stand-in.log');
    const env = { PYTHONPATH: STAND_INS, FM_STAND_IN_LOG: log };
    const first = python([script, path.join(tmp.dir(), 'config.json')], env);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /^3 train records, 2 validation records; labels: 3, negative, neutral, positive$/m);
    assert.match(first.stdout, /^warning: no training record has the label neutral: the model cannot learn it$/m);
    assert.match(first.stdout, /^FM_METRICS \{"eval_loss": 0\.5, "eval_accuracy": 0\.5\}$/m);
    assert.ok(existsSync(path.join(String(config.output), 'model', 'config.json')));
    assert.ok(existsSync(path.join(String(config.output), 'model', 'tokenizer.json')));
    const events = () => readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const byEvent = (name: string) => events().filter((e) => e.event === name);
    assert.deepEqual(byEvent('set_seed'), [{ event: 'set_seed', seed: 7 }]);
    assert.deepEqual(byEvent('model')[0], { event: 'model', model: '/models/tiny', num_labels: 4, id2label: { '0': '3', '1': 'negative', '2': 'neutral', '3': 'positive' }, label2id: { '3': 0, negative: 1, neutral: 2, positive: 3 } });
    assert.deepEqual(byEvent('trainer')[0], { event: 'trainer', train: 3, validation: 2, labels: [3, 1, 0] });
    assert.deepEqual(byEvent('arguments')[0], { event: 'arguments', output_dir: `${String(config.output)}/checkpoints`, epochs: 2, learning_rate: 2e-5, batch_size: 8, seed: 7, save_strategy: 'epoch', eval_strategy: 'epoch' });
    assert.deepEqual(byEvent('train'), [{ event: 'train', resume_from_checkpoint: null }]);

    // The first run left a checkpoint: running the script again resumes from it.
    const second = python([script, path.join(tmp.dir(), 'config.json')], env);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /^Resuming from .*checkpoints\/checkpoint-3$/m);
    assert.deepEqual(byEvent('train')[1], { event: 'train', resume_from_checkpoint: `${String(config.output)}/checkpoints/checkpoint-3` });
  });

  it('stops with exit 2 and one sentence for bad settings, before importing anything', () => {
    const bad = tmp.write('bad.json', JSON.stringify({ ...config, max_length: 0 }));
    const run = python([script, bad]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'Cannot train: max_length must be above 0, not 0.\n');
    assert.equal(python([script]).status, 2);
  });
});
