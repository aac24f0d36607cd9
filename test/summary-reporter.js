const fs = require('node:fs');

/**
 * Ends a jest run with one plain line that any CI can read: "tests: N passed, N failed, N skipped".
 * With JEST_TALLY_FILE set (test/run.mjs runs jest twice), the counts are added to that file's so the
 * closing line of `npm test` covers every run.
 */
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const run = {
			passed: results.numPassedTests,
			failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
			skipped: results.numPendingTests + results.numTodoTests,
		};
		const file = process.env.JEST_TALLY_FILE;
		if (file) {
			const before = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { passed: 0, failed: 0, skipped: 0 };
			fs.writeFileSync(file, JSON.stringify({ passed: before.passed + run.passed, failed: before.failed + run.failed, skipped: before.skipped + run.skipped }));
		}
		process.stdout.write(`\ntests: ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped\n`);
	}
}
module.exports = SummaryReporter;
