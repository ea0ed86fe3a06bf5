import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../support/captureIo';
import { ensureHostileCorpus } from '../../support/hostileCorpus';
import { hostileCliCases } from './cliCases';
import { assertNothingLeaks, memoryBound } from './hostileChecks';

/**
 * Every hostile file of the corpus (test/fixtures/hostile and the large and special files made at test time)
 * through the `fm` CLI, in this process: the exit code and the clear message the case expects, nothing of the
 * machinery leaking (stack traces, errno codes, function source), within the case's time and the suite's memory.
 */
/** How many times a case's usual time (`withinMs`) it may take before it counts as frozen. */
const FREEZE_FACTOR = 10;

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
      // A freeze guard, not a speed test (speed is the bench's): a case that runs into a quadratic path or a wait takes
      // minutes, so only ten times its usual time fails it, which a loaded CI machine does not reach.
      const freezeMs = FREEZE_FACTOR * (c.withinMs ?? 2000);
      assert.ok(ms < freezeMs, `took ${Math.round(ms)} ms, more than ${freezeMs}: does it freeze on this input?`);
      memory.check(c.name);
    });
  }

  after(() => {
    // What the suite's peak memory was, for the record (the bound is checked after each case).
    const peak = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(`      hostile CLI corpus: ${hostileCliCases().length} cases, peak memory of the test process ${peak} MB`);
  });
});
