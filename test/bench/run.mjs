#!/usr/bin/env node
// npm run bench: speed as medians and ratios from one run on this machine, never as pass/fail.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { checkDefinition as checkDefinitionRules, compileAnswerValidator, EXAMPLE_ANSWERS, TEMPLATES, validateDefinition } from '../../schemas/dist/index.js';
import { createApp } from '../../server/dist/app.js';
import { closeSharedBrowser } from '../../server/dist/checks/browser.js';
import { migrateToLatest, openDatabase } from '../../server/dist/db/database.js';
import { seedDemo } from '../../server/dist/demo/seed.js';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function timeEach(runs, action) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await action(i);
    times.push(performance.now() - start);
  }
  return median(times);
}
const ms = (value) => `${value.toFixed(3)} ms`;
const rows = [];
const report = (what, value, note = '') => rows.push([what, value, note]);

const preschool = TEMPLATES.find((t) => t.id === 'forskoleplats');
const answers = EXAMPLE_ANSWERS.forskoleplats;

const checkDefinition = await timeEach(50, () => validateDefinition(preschool));
report('validate the preschool definition (format + references)', ms(checkDefinition));

const compileAndValidate = await timeEach(50, () => compileAnswerValidator(preschool)(answers));
const cached = compileAnswerValidator(preschool);
const validateCached = await timeEach(2000, () => cached(answers));
report('validate answers, compiling the schema each time', ms(compileAndValidate));
report('validate answers with the cached validator', ms(validateCached), `${(compileAndValidate / validateCached).toFixed(0)}x faster than compiling`);

const database = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
await migrateToLatest(database.db);
await seedDemo(database.db);
const app = createApp({
  config: { bodyLimitBytes: 1024 * 1024, clientDir: undefined, publicUrl: 'http://127.0.0.1' },
  database,
  logger: pino({ level: 'silent' }),
  identity: { sessions: { idleSeconds: 1200, absoluteSeconds: 28800, secureCookies: true }, loginMethods: [] },
});
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const health = await timeEach(200, () => fetch(`${base}/health`).then((r) => r.text()));
const catalogue = await timeEach(100, () => fetch(`${base}/api/municipalities/solbacka/catalogue?q=forskola`).then((r) => r.text()));
const submit = await timeEach(200, () =>
  fetch(`${base}/api/municipalities/solbacka/eservices/felanmalan/versions/1/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ answers: EXAMPLE_ANSWERS.felanmalan }),
  }).then((r) => r.text()),
);
report('HTTP round trip, /health (baseline)', ms(health));
report('catalogue search over HTTP (PGlite)', ms(catalogue), `${(catalogue / health).toFixed(1)}x the baseline`);
report('accept a submission over HTTP (PGlite, one transaction)', ms(submit), `${(submit / health).toFixed(1)}x the baseline`);
server.close();
await database.close();

// the full must-requirement check of the preschool e-service: fast rules + browser scan of every
// step (clean and after an empty Next) + keyboard walk, in Debian's Chromium against the built client
const checkDatabase = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
await migrateToLatest(checkDatabase.db);
const checkServer = createServer();
checkServer.listen(0, '127.0.0.1');
await new Promise((resolve) => checkServer.once('listening', resolve));
const checkBase = `http://127.0.0.1:${checkServer.address().port}`;
checkServer.on(
  'request',
  createApp({
    config: { bodyLimitBytes: 1024 * 1024, clientDir: fileURLToPath(new URL('../../client/dist', import.meta.url)), publicUrl: checkBase },
    database: checkDatabase,
    logger: pino({ level: 'silent' }),
    identity: { sessions: { idleSeconds: 1200, absoluteSeconds: 28800, secureCookies: true }, loginMethods: [] },
    checks: { cacheScans: false },
  }),
);
const fullCheck = () =>
  fetch(`${checkBase}/api/checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(preschool) }).then(async (r) => {
    const body = await r.json();
    if (body.verdict !== 'passed') throw new Error(`the preschool e-service did not pass: ${JSON.stringify(body)}`);
  });
const firstCheck = await timeEach(1, fullCheck);
const fullCheckMedian = await timeEach(5, fullCheck);
const fastCheck = await timeEach(50, () => checkDefinitionRules(preschool));
report('must-requirements, fast rules (designer checklist)', ms(fastCheck));
report('full must-requirement check of the preschool e-service (browser scan)', ms(fullCheckMedian), `median of 5; the first, starting the browser: ${ms(firstCheck)}`);
await closeSharedBrowser();
checkServer.close();
await checkDatabase.close();

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\nE-tjänstplattformen bench (median; Node ${process.version})\n`);
for (const [what, value, note] of rows) console.log(`${what.padEnd(width)}  ${value.padStart(12)}  ${note}`);
