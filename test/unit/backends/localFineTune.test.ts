import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createBackend } from '../../../src/backends/registry';
import type { DataJobSpec, JobLogEvent } from '../../../src/core/jobs/jobModel';
import { SAMPLES, tempFolder } from '../../support/tempFiles';

/**
 * Local fine-tuning runs the Trainer script in the user's Python. No machine here has torch, so these tests use
 * stand-in Pythons (shell scripts) for the environment check and the run: what they pin is the job's plumbing
 * (the check before start, data conversion, the script's output into the log, metrics, outputs, failure).
 */
function standInPython(dir: string, name: string, modules: Record<string, boolean>, run: string): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `#!/bin/sh\nif [ "$1" = "-c" ]; then echo '${JSON.stringify({ python: '3.11.2', modules })}'; exit 0; fi\n${run}\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

describe('local jobs: fine-tuning in the user\'s Python', function () {
  this.timeout(30_000);
  const tmp = tempFolder();
  let model = '';
  const spec = (): DataJobSpec => ({
    kind: 'fineTune',
    task: 'text-classification',
    modelId: `local-folder/${model}`,
    data: { file: path.join(SAMPLES, 'reviews.csv'), mapping: { sentence: 'review_text', label: 'sentiment' } },
    settings: { learningRate: 2e-5, epochs: 1, batchSize: 8, maxSequenceLength: 128, seed: 7 },
  });
  const backendWith = (pythonPath: string) =>
    createBackend('local', { localModelPaths: [model], localJobsFolder: path.join(tmp.dir(), 'jobs'), pythonPath });

  before(() => {
    model = path.join(tmp.dir(), 'tiny-bert');
    mkdirSync(model, { recursive: true });
    writeFileSync(path.join(model, 'config.json'), JSON.stringify({ architectures: ['BertForSequenceClassification'], model_type: 'bert' }));
    writeFileSync(path.join(model, 'model.safetensors'), '');
  });

  it('stops at once, naming the missing packages and the command that installs them', async () => {
    const python = standInPython(tmp.dir(), 'python-bare', { torch: false, transformers: false, datasets: true, accelerate: true }, 'exit 3');
    const { jobs } = await backendWith(python);
    await assert.rejects(jobs!.submit(spec()), (error: Error) => {
      assert.match(error.message, /needs the Python packages torch transformers datasets accelerate/);
      assert.match(error.message, /lacks torch, transformers\. Install them with: .*python-bare -m pip install torch transformers\. Or choose a Python that has them/);
      return true;
    });
    // The panel asks the same when it opens, before any Submit, with the command that installs what is missing.
    const check = await jobs!.prerequisites?.('fineTune');
    assert.ok(check && !check.ok);
    assert.equal(check.installCommand, `${python} -m pip install torch transformers`);
    assert.equal(check.interpreter, python);
    assert.deepEqual(await jobs!.prerequisites?.('evaluate'), { ok: true });
    const full = standInPython(tmp.dir(), 'python-ready', { torch: true, transformers: true, datasets: true, accelerate: true }, 'exit 0');
    assert.deepEqual(await (await backendWith(full)).jobs!.prerequisites?.('fineTune'), { ok: true, summary: `${full} (Python 3.11.2) has torch, transformers, datasets and accelerate.` });
    assert.deepEqual(await jobs!.list(), [], 'no job was created');
    const missing = (await backendWith(path.join(tmp.dir(), 'no-such-python'))).jobs!;
    await assert.rejects(missing.submit(spec()), /was not found\. Install Python 3/);
  });

  it('refuses a model folder without PyTorch weights', async () => {
    const python = standInPython(tmp.dir(), 'python-full', { torch: true, transformers: true, datasets: true, accelerate: true }, 'exit 0');
    const { jobs } = await createBackend('local', {
      localModelPaths: [path.resolve(__dirname, '../../fixtures/models/tiny-sentiment')],
      localJobsFolder: path.join(tmp.dir(), 'jobs-onnx'),
      pythonPath: python,
    });
    await assert.rejects(jobs!.submit({ ...spec(), modelId: `local-folder/${path.resolve(__dirname, '../../fixtures/models/tiny-sentiment')}` }), /has no PyTorch weights to fine-tune/);
  });

  it('converts the data, runs the script with its settings, streams its output and keeps its metrics and model', async () => {
    // The stand-in "trains": it checks the script and settings it was given, prints like the Trainer, saves a model.
    const python = standInPython(
      tmp.dir(),
      'python-trains',
      { torch: true, transformers: true, datasets: true, accelerate: true },
      [
        'config="$2"',
        'grep -q "Trainer(" "$1" || exit 9',
        'out=$(sed -n \'s/.*"output": "\\(.*\\)",/\\1/p\' "$config")',
        'echo "training with $(grep -c . $(sed -n \'s/.*"train": "\\(.*\\)",/\\1/p\' "$config")) records"',
        "echo \"{'loss': 1.05, 'epoch': 1.0}\"",
        "echo \"{'eval_loss': 0.9, 'eval_accuracy': 0.6, 'eval_runtime': 0.1, 'epoch': 1.0}\"",
        'echo "a warning on stderr" >&2',
        'mkdir -p "$out/model" && echo \'{"architectures": ["BertForSequenceClassification"]}\' > "$out/model/config.json"',
        'echo \'FM_METRICS {"accuracy": 0.75, "loss": 0.61}\'',
      ].join('\n'),
    );
    const { jobs } = await backendWith(python);
    const job = await jobs!.submit(spec());
    const events: JobLogEvent[] = [];
    for await (const event of jobs!.follow(job.id)) events.push(event);
    const lines = events.flatMap((e) => (e.type === 'line' ? [e.text] : []));
    assert.deepEqual(events.at(-1), { type: 'end', status: 'completed', error: undefined }, lines.join('\n'));
    assert.ok(lines.includes('48 training and 12 validation records'), lines.join('\n'));
    assert.ok(lines.includes('training with 48 records'));
    assert.ok(lines.includes("{'loss': 1.05, 'epoch': 1.0}"));
    assert.ok(lines.includes('a warning on stderr'));
    const done = await jobs!.get(job.id);
    assert.deepEqual(done?.metrics, { accuracy: 0.75, loss: 0.61 });
    // The Trainer's log lines are the job's curves.
    assert.deepEqual(await jobs!.metricHistory?.(job.id), {
      axis: 'epoch',
      series: [{ key: 'loss', points: [{ x: 1, value: 1.05 }] }, { key: 'eval_loss', points: [{ x: 1, value: 0.9 }] }, { key: 'eval_accuracy', points: [{ x: 1, value: 0.6 }] }],
    });
    assert.ok(existsSync(path.join(done?.outputs?.model ?? '', 'config.json')));
    const settings = JSON.parse(readFileSync(path.join(tmp.dir(), 'jobs', job.id, 'train-config.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual([settings.epochs, settings.learning_rate, settings.batch_size, settings.max_length, settings.seed], [1, 2e-5, 8, 128, 7]);

    // Register Model: the trained folder joins the local catalog under the chosen name, and is never replaced.
    const backend = await backendWith(python);
    const modelId = await backend.jobs!.registerModel(job.id, 'reviews-sentiment');
    const registered = await backend.catalog.get(modelId);
    assert.equal(registered?.name, 'reviews-sentiment');
    assert.equal(registered?.task, 'text-classification');
    await assert.rejects(backend.jobs!.registerModel(job.id, 'reviews-sentiment'), /already registered; choose another name/);
    await assert.rejects(backend.jobs!.registerModel(job.id, '../escape'), /not a valid model name/);
    assert.deepEqual((await backend.catalog.list()).warnings, []);
  });

  /** A stand-in Python that prints how many records each part of the data it was given holds. */
  const countingPython = () =>
    standInPython(
      tmp.dir(),
      'python-counts',
      { torch: true, transformers: true, datasets: true, accelerate: true },
      [
        'config="$2"',
        'for part in train validation test; do',
        '  file=$(sed -n "s/.*\\"$part\\": \\"\\(.*\\)\\",/\\1/p" "$config")',
        '  if [ -n "$file" ]; then echo "$part: $(grep -c . "$file") $(basename "$file")"; else echo "$part: none"; fi',
        'done',
        'out=$(sed -n \'s/.*"output": "\\(.*\\)",/\\1/p\' "$config")',
        'mkdir -p "$out/model"',
        "echo 'FM_METRICS {}'",
      ].join('\n'),
    );

  const partsSeen = async (python: string, data: DataJobSpec['data']) => {
    const { jobs } = await backendWith(python);
    const job = await jobs!.submit({ ...spec(), data });
    const events: JobLogEvent[] = [];
    for await (const event of jobs!.follow(job.id)) events.push(event);
    const lines = events.flatMap((e) => (e.type === 'line' ? [e.text] : []));
    assert.deepEqual(events.at(-1), { type: 'end', status: 'completed', error: undefined }, lines.join('\n'));
    return lines;
  };

  it('splits the training file by the user\'s percentages (70/15/15), seeded and stratified', async () => {
    const mapping = { sentence: 'review_text', label: 'sentiment' };
    const lines = await partsSeen(countingPython(), { file: path.join(SAMPLES, 'reviews.csv'), mapping, split: [70, 15, 15] });
    // 60 records, 20 per label: 14/3/3 of each label.
    assert.ok(lines.includes('42 training, 9 validation and 9 test records'), lines.join('\n'));
    assert.ok(lines.includes('train: 42 train.jsonl'), lines.join('\n'));
    assert.ok(lines.includes('validation: 9 validation.jsonl'), lines.join('\n'));
    assert.ok(lines.includes('test: 9 test.jsonl'), lines.join('\n'));
  });

  it('takes the user\'s own validation and test files, mapped like the training file, which is then all training data', async () => {
    const header = 'review_text,sentiment';
    const validation = tmp.write('my-validation.csv', `${header}\nGreat value,positive\nBroke in a week,negative\nIt is fine,neutral\n`);
    const test = tmp.write('my-test.csv', `${header}\nLove it,positive\nNever again,negative\n`);
    const mapping = { sentence: 'review_text', label: 'sentiment' };
    const lines = await partsSeen(countingPython(), { file: path.join(SAMPLES, 'reviews.csv'), mapping, validationFile: validation, testFile: test });
    assert.ok(lines.includes('60 training, 3 validation and 2 test records'), lines.join('\n'));
    assert.ok(lines.includes('train: 60 train.jsonl'), lines.join('\n'));
    assert.ok(lines.includes('validation: 3 validation.jsonl'), lines.join('\n'));
    assert.ok(lines.includes('test: 2 test.jsonl'), lines.join('\n'));
  });

  it('refuses a validation file with problems, naming the file and line, and runs nothing', async () => {
    const bad = tmp.write('bad-validation.csv', 'review_text,sentiment\nGreat value,positive\n,negative\n');
    const { jobs } = await backendWith(countingPython());
    const job = await jobs!.submit({ ...spec(), data: { file: path.join(SAMPLES, 'reviews.csv'), mapping: { sentence: 'review_text', label: 'sentiment' }, validationFile: bad } });
    const events: JobLogEvent[] = [];
    for await (const event of jobs!.follow(job.id)) events.push(event);
    const lines = events.flatMap((e) => (e.type === 'line' ? [e.text] : []));
    assert.ok(lines.includes('bad-validation.csv:3: sentence: is empty'), lines.join('\n'));
    assert.ok(!lines.some((line) => line.startsWith('train: ')), 'the script did not run');
    assert.match((await jobs!.get(job.id))?.error ?? '', /1 problem in bad-validation\.csv, first: bad-validation\.csv:3: sentence: is empty/);
  });

  it('fails with the script\'s last error line when training fails', async () => {
    const python = standInPython(tmp.dir(), 'python-oom', { torch: true, transformers: true, datasets: true, accelerate: true }, 'echo "step 1"; echo "torch.OutOfMemoryError: CUDA out of memory." >&2; exit 1');
    const { jobs } = await backendWith(python);
    const job = await jobs!.submit(spec());
    for await (const event of jobs!.follow(job.id)) if (event.type === 'end') assert.equal(event.status, 'failed');
    assert.equal((await jobs!.get(job.id))?.error, 'The training script exited with 1: torch.OutOfMemoryError: CUDA out of memory.');
  });
});
