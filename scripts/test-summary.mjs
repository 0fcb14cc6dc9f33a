// Adds up the vitest and Playwright JSON reports into one closing line, and fails when either
// runner ran no test at all (a green run that tested nothing is not green).
import { existsSync, readFileSync } from 'node:fs';

const [vitestFile, playwrightFile] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

if (vitestFile && existsSync(vitestFile)) {
  const report = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  if (report.numFailedTestSuites) problems.push(`${report.numFailedTestSuites} vitest file(s) failed to run`);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (!report.numTotalTests) problems.push('vitest ran no test');
} else problems.push('no vitest report');

if (playwrightFile && existsSync(playwrightFile)) {
  const stats = JSON.parse(readFileSync(playwrightFile, 'utf8')).stats ?? {};
  passed += stats.expected ?? 0;
  failed += (stats.unexpected ?? 0) + (stats.flaky ?? 0);
  skipped += stats.skipped ?? 0;
  if (!((stats.expected ?? 0) + (stats.unexpected ?? 0) + (stats.flaky ?? 0))) problems.push('Playwright ran no test');
} else problems.push('no Playwright report');

for (const problem of problems) console.error(`FAIL: ${problem}`);
console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(problems.length || failed || skipped ? 1 : 0);
