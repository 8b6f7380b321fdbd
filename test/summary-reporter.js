const fs = require('node:fs');

/**
 * Prints one plain closing line ("Tests: N passed, N failed, N skipped") that CI tooling can read.
 * Written at process exit so that it comes after jest's own summary.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const crashedSuites = results.numRuntimeErrorTestSuites;
    const failed = results.numFailedTests + crashedSuites;
    const line = `Tests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
    process.once('exit', () => fs.writeSync(2, line));
  }
}

module.exports = SummaryReporter;
