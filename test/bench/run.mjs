#!/usr/bin/env node
// npm run bench: speed as medians and ratios from one run on this machine, never as pass/fail.
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { compileAnswerValidator, EXAMPLE_ANSWERS, TEMPLATES, validateDefinition } from '../../schemas/dist/index.js';
import { createApp } from '../../server/dist/app.js';
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

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\nE-tjänstplattformen bench (median; Node ${process.version})\n`);
for (const [what, value, note] of rows) console.log(`${what.padEnd(width)}  ${value.padStart(12)}  ${note}`);
