// Mocha's spec reporter, plus one closing line in the form CI reads from any runner:
//   Tests: 12 passed, 0 failed, 1 skipped
'use strict';
const Mocha = require('mocha');

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      // Printed after the spec reporter's epilogue (registered first), so it is the last line.
      process.nextTick(() => console.log(`Tests: ${passes} passed, ${failures} failed, ${pending} skipped`));
    });
  }
}

module.exports = SummaryReporter;
