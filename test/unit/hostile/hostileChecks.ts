import assert from 'node:assert/strict';

/** What must never reach a user: stack frames, error class names, errno codes, function source, JavaScript's own words for nothing. */
const LEAKS: readonly [RegExp, string][] = [
  [/^\s+at .+(:\d+:\d+\)?|\(native\))$/m, 'a stack trace'],
  [/\b(RangeError|TypeError|ReferenceError|InternalError|AggregateError)\b|\bError: /, 'an error class name'],
  [/Maximum call stack/, 'a stack overflow'],
  [/\b(ENOENT|EISDIR|ELOOP|EACCES|EPERM|ENOTDIR|EEXIST|EMFILE|ENFILE|EAGAIN|ENXIO|EIO|EINVAL|ESPIPE|ENOSPC|EROFS|EBADF|ENAMETOOLONG|EBUSY|ECONNRESET|EPIPE)\b|\bERR_[A-Z_]+/, 'an errno code'],
  [/\[native code\]|\bfunction \w*\(/, 'function source'],
  [/\[object Object\]|\bundefined\b|\bNaN\b/, 'a JavaScript placeholder'],
];

export function assertNothingLeaks(text: string): void {
  for (const [pattern, what] of LEAKS) {
    const match = pattern.exec(text);
    assert.equal(match, null, `the output shows ${what}: ${match?.[0]} in\n${text.slice(0, 1500)}`);
  }
}

/**
 * Memory bounds for cases run in this process, from the kernel's high-water mark of its resident memory (so a spike
 * between two checks counts too): no case may raise the peak by more than `perCaseMb`, and the peak may never pass
 * `totalMb` (a case that held a whole large file, or a table the square of its input, fails here). Each command's
 * own peak is measured exactly where it runs as a process of its own (hostileProcess.test.ts).
 */
export function memoryBound(perCaseMb: number, totalMb: number): { before(): void; check(name: string): void } {
  const peak = () => process.resourceUsage().maxRSS / 1024;
  let start = peak();
  return {
    before() {
      start = peak();
    },
    check(name) {
      const now = peak();
      assert.ok(now - start < perCaseMb, `${name}: raised the peak memory by ${Math.round(now - start)} MB, more than ${perCaseMb} MB`);
      assert.ok(now < totalMb, `${name}: peak memory ${Math.round(now)} MB, more than ${totalMb} MB`);
    },
  };
}

/** How many times a case's usual time (on a quiet machine) it may take before it counts as frozen. */
export const FREEZE_FACTOR = 10;

/**
 * A freeze guard, not a speed test (speed is the bench's): an input that sends the code down a quadratic path or into
 * a wait takes minutes, so only ten times the usual time fails, which a loaded CI machine does not reach.
 */
export function assertNoFreeze(ms: number, usualMs: number, what: string): void {
  const limit = FREEZE_FACTOR * usualMs;
  assert.ok(ms < limit, `${what}: took ${Math.round(ms)} ms, more than ${limit} ms (${FREEZE_FACTOR} × its usual ${usualMs}): does it freeze on this input?`);
}
