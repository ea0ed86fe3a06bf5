import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleCli, runCliProcess, startCli, type CliRun } from '../../support/cliProcess';
import { ensureHostileCorpus, fixture, generated, HOSTILE_TMP, special } from '../../support/hostileCorpus';
import { assertNoFreeze, assertNothingLeaks } from './hostileChecks';

const TC_MAP = ['--task', 'text-classification', '--map', 'sentence=text,label=label'];

function clean(run: CliRun): void {
  assert.equal(run.signal, null, `ended by ${run.signal}`);
  assertNothingLeaks(run.stdout + run.stderr);
}

/** Waits until `check` holds, polling; fails past `ms`. */
async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A process id that was used and is free now (a child that has exited). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** The corpus, and the CLI bundled once for the suites of this file. */
function useBundledCli(): () => string {
  let cli = '';
  before(async function () {
    this.timeout(120_000);
    ensureHostileCorpus();
    cli ||= await bundleCli(path.join(HOSTILE_TMP, 'bin', 'cli.js'));
  });
  return () => cli;
}

/** Measured figures of the "done when" checks, printed once at the end for the record. */
const measured: string[] = [];
const record = (what: string, run: CliRun) => measured.push(`${what}: ${Math.round(run.ms)} ms from start to exit, peak ${Math.round(run.peakMb)} MB`);
after(() => {
  if (measured.length > 0) console.log(measured.map((line) => `      ${line}`).join('\n'));
});

/**
 * The hostile corpus's limits as a user meets them: `fm` as a process of its own, timed from its start to its exit,
 * its peak memory measured. These are the "done when" checks.
 */
describe('hostile inputs: fm as a process (time and memory)', function () {
  this.timeout(120_000);
  const bundled = useBundledCli();

  for (const [what, file, says] of [
    ['a FIFO', special('fifo', '.csv'), /fifo\.csv: is a named pipe \(FIFO\), not a regular file/],
    ['a folder', special('folder', '.csv'), /folder\.csv: is a folder, not a file/],
    ['a symlink loop', special('loop', '.csv'), /loop\.csv: is a symbolic link that leads back to itself/],
    ['/dev/zero', '/dev/zero', /zero: is a device, not a regular file/],
  ] as const) {
    it(`[hang] fm dataset validate on ${what} returns at once with a sentence`, async function () {
      const run = await runCliProcess(bundled(), ['dataset', 'validate', file, ...TC_MAP], 20_000);
      clean(run);
      assert.equal(run.code, 2);
      assert.match(run.stderr, says);
      assert.equal(run.stderr.trim().split('\n').length, 1, 'one line');
      assertNoFreeze(run.ms, 1000, `fm dataset validate on ${what}`);
      record(`fm dataset validate on ${what}`, run);
    });
  }

  it('[crash] a 100,000-deep JSON line gives FILE:LINE: nested too deeply, in 256 MB of heap', async () => {
    const run = await runCliProcess(bundled(), ['dataset', 'validate', generated('deep-100k.jsonl'), ...TC_MAP], 30_000, ['--max-old-space-size=256']);
    clean(run);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^deep-100k\.jsonl:1: nested too deeply \(more than 64 levels of objects and arrays\)$/m);
    assertNoFreeze(run.ms, 1000, 'a 100,000-deep JSON line');
    record('a 100,000-deep JSON line', run);
  });

  it('[freeze] a 1 MB nested-div card is refused with its reason at once', async function () {
    const run = await runCliProcess(bundled(), ['card', 'render', generated('card-nested-1mb.md')], 20_000);
    clean(run);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^<p class="card-limit"><strong>This model card is 966\.8 KB, more than the 256 KB a card renders/);
    assertNoFreeze(run.ms, 1000, 'a 1 MB nested-div card');
    record('fm card render of a 1 MB nested-div card', run);
  });

  it('[freeze] ROUGE on a pair of 200,000-token texts refuses at once and under 300 MB', async () => {
    const run = await runCliProcess(bundled(), ['metrics', '--task', 'summarization', '--predictions', generated('rouge-200k-pred.jsonl'), '--references', generated('rouge-200k-ref.jsonl')], 30_000);
    clean(run);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^rouge-200k-pred\.jsonl:1: the prediction has 200,000 tokens and its reference 200,000/);
    assertNoFreeze(run.ms, 1000, 'ROUGE on 200,000-token texts');
    assert.ok(run.peakMb < 300, `${Math.round(run.peakMb)} MB`);
    record('ROUGE on a pair of 200,000-token texts', run);
  });

  it('[freeze] ROUGE on a pair of 5,000-token texts finishes, under 300 MB', async () => {
    const run = await runCliProcess(bundled(), ['metrics', '--task', 'summarization', '--predictions', generated('rouge-5k-pred.jsonl'), '--references', generated('rouge-5k-ref.jsonl')], 60_000);
    clean(run);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^rougeLsum +0\.\d{4}$/m);
    assert.ok(run.peakMb < 300, `${Math.round(run.peakMb)} MB`);
    record('ROUGE on a pair of 5,000-token texts', run);
  });

  it('[freeze] a record that never ends (a stray quote in 40 MB) is refused in bounded memory', async () => {
    const run = await runCliProcess(bundled(), ['dataset', 'validate', generated('unterminated-quote-big.csv'), ...TC_MAP], 60_000);
    clean(run);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /unterminated-quote-big\.csv:3: this record runs on for more than 16 MB without ending/);
    assert.ok(run.peakMb < 400, `${Math.round(run.peakMb)} MB`);
  });

});

/** Ctrl-C, SIGTERM and SIGKILL in the middle of a conversion, and what the next run finds. */
describe('hostile inputs: fm as a process (signals)', function () {
  this.timeout(30_000);
  const bundled = useBundledCli();

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`[interrupted] ${signal} during dataset convert removes the staging folder and says so`, async () => {
      const out = path.join(HOSTILE_TMP, `interrupted-${signal}`);
      const running = startCli(bundled(), ['dataset', 'convert', generated('convert-big.csv'), ...TC_MAP, '--out', out], 20_000);
      await until(() => existsSync(out) && readdirSync(out).some((name) => name.startsWith('.fm-convert-')), 10_000, 'the staging folder');
      running.child.kill(signal);
      const run = await running.done;
      clean(run);
      assert.equal(run.code, signal === 'SIGINT' ? 130 : 143);
      assert.match(run.stderr, /^Stopped before the end: nothing was left half-written\.$/m);
      assert.deepEqual(readdirSync(out), [], 'no staging folder and no partial file');
    });
  }

  it('[interrupted] a staging folder left by a killed run is removed by the next one; a running one\'s is kept', async () => {
    const out = path.join(HOSTILE_TMP, 'stale-staging');
    const stale = path.join(out, `.fm-convert-${deadPid()}-abc123`);
    mkdirSync(stale, { recursive: true });
    writeFileSync(path.join(stale, 'train.jsonl'), '{"partial": ');
    const live = path.join(out, `.fm-convert-${process.pid}-live00`);
    mkdirSync(live);
    const run = await runCliProcess(bundled(), ['dataset', 'convert', fixture('datasets/mixed-crlf-lf.csv'), ...TC_MAP, '--out', out], 10_000);
    clean(run);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(readdirSync(out).sort(), [path.basename(live), 'test.jsonl', 'train.jsonl', 'validation.jsonl']);
  });

  it('[hang] a convert killed outright (SIGKILL) leaves its staging folder to the next run, which removes it', async () => {
    const out = path.join(HOSTILE_TMP, 'killed');
    const running = startCli(bundled(), ['dataset', 'convert', generated('convert-big.csv'), ...TC_MAP, '--out', out], 20_000);
    await until(() => existsSync(out) && readdirSync(out).some((name) => name.startsWith('.fm-convert-')), 10_000, 'the staging folder');
    running.child.kill('SIGKILL');
    await running.done;
    assert.equal(readdirSync(out).filter((name) => name.startsWith('.fm-convert-')).length, 1, 'SIGKILL cannot be cleaned up after');
    const again = await runCliProcess(bundled(), ['dataset', 'convert', fixture('datasets/mixed-crlf-lf.csv'), ...TC_MAP, '--out', out], 10_000);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(readdirSync(out).sort(), ['test.jsonl', 'train.jsonl', 'validation.jsonl']);
  });
});
