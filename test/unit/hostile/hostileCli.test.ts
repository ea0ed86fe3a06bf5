import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../support/captureIo';
import { ensureHostileCorpus } from '../../support/hostileCorpus';
import { hostileCliCases } from './cliCases';
import { assertNoFreeze, assertNothingLeaks, memoryBound } from './hostileChecks';

/**
 * Every hostile file of the corpus (test/fixtures/hostile and the large and special files made at test time)
 * through the `fm` CLI, in this process: the exit code and the clear message the case expects, nothing of the
 * machinery leaking (stack traces, errno codes, function source), within the case's time and the suite's memory.
 */
describe('hostile inputs through the fm CLI', function () {
  this.timeout(120_000);
  const memory = memoryBound(512, 1536);

  before(function () {
    this.timeout(120_000);
    ensureHostileCorpus();
  });

  for (const c of hostileCliCases()) {
    it(`[${c.class}] ${c.name}`, async () => {
      const io = captureIo();
      memory.before();
      const started = performance.now();
      const code = await runCli([...c.argv], io);
      const ms = performance.now() - started;
      const output = `${io.stdout}${io.stderr}`;
      assert.equal(code, c.code, `exit code; it printed:\n${output.slice(0, 2000)}`);
      assert.match(output, c.says, output.slice(0, 2000));
      if (c.never) assert.doesNotMatch(output, c.never);
      assertNothingLeaks(output);
      assertNoFreeze(ms, c.withinMs ?? 2000, c.name);
      memory.check(c.name);
    });
  }

  after(() => {
    // What the suite's peak memory was, for the record (the bound is checked after each case).
    const peak = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(`      hostile CLI corpus: ${hostileCliCases().length} cases, peak memory of the test process ${peak} MB`);
  });
});
