// Preloaded (node --require) into a CLI process a test runs: at exit, writes the process's peak resident memory
// (kilobytes) and its age (milliseconds since it started, module loading included) to the file named by
// FM_TEST_PEAK_FILE, so the test can hold the command to a time and a memory bound. On Linux the peak is the
// memory map's high-water mark (VmHWM), which starts afresh at exec; getrusage's maxrss can carry the parent's.
const { readFileSync, writeFileSync } = require('node:fs');

function peakKb() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

process.once('exit', () => {
  const file = process.env.FM_TEST_PEAK_FILE;
  if (file) writeFileSync(file, JSON.stringify({ peakKb: peakKb(), ms: performance.now() }));
});
