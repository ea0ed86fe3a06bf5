// Preloaded (node --require) into a CLI process a test runs: at exit, writes the process's peak resident memory
// (kilobytes) and its age (milliseconds since it started, module loading included) to the file named by
// FM_TEST_PEAK_FILE, so the test can hold the command to a time and a memory bound.
const { writeFileSync } = require('node:fs');

process.once('exit', () => {
  const file = process.env.FM_TEST_PEAK_FILE;
  if (file) writeFileSync(file, JSON.stringify({ peakKb: process.resourceUsage().maxRSS, ms: performance.now() }));
});
