import assert from 'node:assert/strict';
import { pollDelayMs } from '../../../src/core/jobs/logCursor';
import { cliPolling, livePolling, runAgeMs, ThrottleBackoff } from '../../../src/core/jobs/logPolling';

const MINUTE = 60_000;

describe('log polling', () => {
  it('the CLI yardstick reads status and logs together, a minute apart for a job half an hour old', () => {
    const cli = cliPolling();
    assert.equal(cli.tailDelayMs(0), undefined, 'no reads between status polls');
    assert.equal(cli.statusDelayMs({ runMs: 30 * MINUTE, streamMs: 0 }), pollDelayMs(30 * MINUTE));
    assert.ok(cli.statusDelayMs({ runMs: 30 * MINUTE, streamMs: 0 }) > 59_000);
    assert.equal(cli.statusDelayMs({ runMs: 0, streamMs: 30 * MINUTE }), 2_000, 'on the run\'s clock, as for a panel that followed the job from its start');
  });

  it('the live policy reads the logs being written every second at any age, and the status at most 20 s apart', () => {
    const live = livePolling();
    assert.equal(live.tailDelayMs(0), 1_000);
    assert.equal(live.tailDelayMs(119_000), 1_000, 'a log quiet for under two minutes is still read every second');
    assert.equal(live.statusDelayMs({ runMs: 30 * MINUTE, streamMs: 0 }), 2_000, 'a stream just opened sees the status change soon');
    assert.equal(live.statusDelayMs({ runMs: 30 * MINUTE, streamMs: 30 * MINUTE }), 20_000);
  });

  it('reads a quiet log less and less often, up to once every 15 s', () => {
    const live = livePolling();
    assert.equal(live.tailDelayMs(120_000), 1_000);
    assert.equal(live.tailDelayMs(150_000), 4_000);
    assert.equal(live.tailDelayMs(260_000), 15_000);
    assert.equal(live.tailDelayMs(3_600_000), 15_000);
    const tuned = livePolling({ tailMs: 10, quietAfterMs: 100, quietTailMs: 50 });
    assert.deepEqual([tuned.tailDelayMs(99), tuned.tailDelayMs(300), tuned.tailDelayMs(10_000)], [10, 30, 50]);
  });

  it('doubles the wait while the service throttles, never below its Retry-After, and comes back as it stops', () => {
    const backoff = new ThrottleBackoff(8);
    assert.equal(backoff.delay(1_000), 1_000);
    backoff.update(true);
    backoff.update(true);
    assert.equal(backoff.delay(1_000), 4_000);
    assert.equal(backoff.delay(1_000, 10_000), 10_000, 'Retry-After wins when longer');
    for (let i = 0; i < 5; i++) backoff.update(true);
    assert.equal(backoff.delay(1_000), 8_000, 'up to the largest factor');
    backoff.update(false);
    assert.equal(backoff.delay(1_000), 4_000);
    for (let i = 0; i < 5; i++) backoff.update(false);
    assert.equal(backoff.delay(1_000), 1_000);
  });

  it('takes a run\'s age from its start time, or from the stream\'s when it has none', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    assert.equal(runAgeMs('2026-11-30T11:30:00Z', now, now - 5_000), 30 * MINUTE);
    assert.equal(runAgeMs(null, now, now - 5_000), 5_000);
    assert.equal(runAgeMs('not a time', now, now - 5_000), 5_000);
    assert.equal(runAgeMs('2026-11-30T12:10:00Z', now, now - 5_000), 5_000, 'a start in the future (clock skew) is not trusted');
  });
});
