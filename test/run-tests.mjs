#!/usr/bin/env node
// Runs the whole suite in one vitest run and ends with a plain summary line
// ("N passed, N failed, N skipped") that CI reads whatever the reporter prints.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = path.join(root, 'test-results', 'vitest.json');
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

mkdirSync(path.dirname(resultsFile), { recursive: true });
rmSync(resultsFile, { force: true });
const vitest = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)]);

let summary = 'no result file from vitest';
try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const skipped = results.numPendingTests + results.numTodoTests;
  // a file whose setup (beforeAll) failed has no failed test, only skipped ones: it counts as one failure
  const failedSetups = results.testResults.filter((file) => file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed')).length;
  summary = `${results.numPassedTests} passed, ${results.numFailedTests + failedSetups} failed${skipped ? `, ${skipped} skipped` : ''}`;
  if (results.numTotalTests === 0) summary = '0 passed, 0 failed';
} catch {
  summary = '0 passed, 1 failed';
}
console.log(`\n${summary}`);
process.exit(vitest.status ?? 1);
