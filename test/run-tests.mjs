#!/usr/bin/env node
// Runs the whole suite (two vitest processes side by side, see below) and ends with one plain summary line
// ("N passed, N failed, N skipped") that CI reads whatever the reporter prints.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'test-results');
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });

// The browser journeys drive the production build, so build first (tsc also type-checks the code).
if (process.env.SKIP_BUILD !== '1') {
  // vitest only strips the tests' types, so they are checked here (test/tsconfig.json)
  for (const [command, args] of [['npm', ['run', 'build']], ['npx', ['tsc', '-p', 'test']]]) {
    const step = run(command, args);
    if (step.status !== 0) {
      console.log('0 passed, 1 failed');
      process.exit(step.status ?? 1);
    }
  }
}

/**
 * The browser journeys run one file at a time (each starts an app and a browser), which leaves a
 * core idle on a 2-core machine; so they run as a vitest process of their own beside the rest
 * instead of after it, together with the server's browser scans and a few long server tests
 * (server-beside-browser), so that both processes end at about the same time. A run given
 * arguments (files, -t) is one process as before.
 */
// named, not negated: vitest takes two negated --project filters as "either", which ran e2e in both
const withoutBrowser = ['schemas', 'client', 'server', ...(process.env.TEST_DATABASE_URL ? ['server-postgres'] : [])];
const groups = process.argv.length > 2 ? [{ name: 'all', projects: [] }] : [{ name: 'without-browser', projects: withoutBrowser }, { name: 'e2e', projects: ['server-beside-browser', 'e2e'] }];
const resultsOf = (group) => path.join(resultsDir, `vitest-${group.name}.json`);
mkdirSync(resultsDir, { recursive: true });
for (const group of groups) rmSync(resultsOf(group), { force: true });

const runGroup = (group) =>
  new Promise((resolve) => {
    const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsOf(group)}`, ...group.projects.map((p) => `--project=${p}`), ...process.argv.slice(2)];
    const child = spawn('npx', args, { cwd: root, stdio: 'inherit', env: process.env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
const codes = await Promise.all(groups.map(runGroup));

const totals = { passed: 0, failed: 0, skipped: 0, total: 0 };
// CI keeps only the end of the output, so the failures are named again just above the summary line
const failures = [];
let summary;
try {
  for (const [index, group] of groups.entries()) {
    const results = JSON.parse(readFileSync(resultsOf(group), 'utf8'));
    const failuresBefore = failures.length;
    // a file whose setup (beforeAll) failed has no failed test, only skipped ones: it counts as one failure
    const failedSetups = results.testResults.filter((file) => file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed')).length;
    for (const file of results.testResults) {
      const where = path.relative(root, file.name);
      const failedTests = file.assertionResults.filter((a) => a.status === 'failed');
      if (file.status === 'failed' && failedTests.length === 0) failures.push(`${where}: ${(file.message || 'setup failed').split('\n')[0]}`);
      for (const test of failedTests) failures.push(`${where} > ${test.fullName}: ${(test.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300)}`);
    }
    // vitest also fails a run for an error outside any test (an unhandled rejection)
    if (codes[index] !== 0 && failures.length === failuresBefore) failures.push(`the ${group.name} process ended with exit code ${codes[index]} and no failed test: look for "Unhandled Errors" in its output`);
    totals.passed += results.numPassedTests;
    totals.failed += results.numFailedTests + failedSetups;
    totals.skipped += results.numPendingTests + results.numTodoTests;
    totals.total += results.numTotalTests;
  }
  summary = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`;
  if (totals.total === 0) summary = '0 passed, 0 failed';
} catch {
  summary = '0 passed, 1 failed';
}
if (failures.length > 0) console.log(`\nFailed:\n${failures.map((failure) => `  ${failure}`).join('\n')}`);
console.log(`\n${summary}`);
process.exit(codes.find((code) => code !== 0) ?? 0);
