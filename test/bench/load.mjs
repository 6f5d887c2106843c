// The submission path under load (issue 17), on PostgreSQL: autocannon in this process posts valid
// preschool applications over loopback and compares them with a route that only inserts the same JSON.
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import express from 'express';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { EXAMPLE_ANSWERS, TEMPLATES } from '../../schemas/dist/index.js';
import { AuditSealing } from '../../server/dist/audit/sealing.js';
import { verifyAuditChain } from '../../server/dist/audit/verify.js';
import { createApp } from '../../server/dist/app.js';
import { fastCheck } from '../../server/dist/checks/full-check.js';
import { migrateToLatest, openDatabase } from '../../server/dist/db/database.js';
import { DEMO_MUNICIPALITIES, templateFor } from '../../server/dist/demo/seed.js';
import { createEService, publishEService } from '../../server/dist/eservices/operations.js';
import { policyWithConfiguredTargets } from '../../server/dist/delivery/outbound.js';
import { unconfiguredDeliverySettings } from '../../server/dist/delivery/settings.js';
import { DeliveryWorker } from '../../server/dist/delivery/worker.js';
import { saveMunicipality } from '../../server/dist/municipalities/repository.js';
import { startCaseManagementSimulator } from '../../server/dist/simulators/case-management/simulator.js';
import { startMailboxSimulator } from '../../server/dist/simulators/mailbox/simulator.js';
import { loggedIn } from '../../server/dist/test-support/sessions.js';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** The bench's own database on the same server, made afresh each run, so it never meets the test suite's. */
const BENCH_DATABASE = process.env.BENCH_LOAD_DATABASE ?? 'etjanst_bench_load';
const CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 20);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const FIXED_RATE = 200;
const ESERVICE = 'forskoleplats';
const answers = EXAMPLE_ANSWERS.forskoleplats;
const body = JSON.stringify({ answers, language: 'sv' });

/** Solbacka and nine more municipalities, each with the preschool e-service published. */
const MUNICIPALITIES = [
  DEMO_MUNICIPALITIES[0],
  ...Array.from({ length: 9 }, (_, i) => ({
    id: `bench-${i + 1}`,
    name: { sv: `Bänkby ${i + 1} kommun`, en: `Benchby ${i + 1} Municipality` },
    receiptPrefix: `BN${i + 1}`,
    departments: DEMO_MUNICIPALITIES[0].departments,
  })),
];

/**
 * The 25-field preschool e-service, without signing: every submission is then 'submitted' at
 * once, so each one takes the whole path (validation, storage, receipt number, audit, outbox).
 */
const benchDefinition = (municipalityId) => ({ ...templateFor(TEMPLATES.find((t) => t.id === ESERVICE), municipalityId), signing: { required: false } });

/** A fresh database of the bench's own on the server DATABASE_URL names; undefined with the reason when none answers. */
async function freshDatabase(url) {
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`drop database if exists ${BENCH_DATABASE} with (force)`);
    await admin.query(`create database ${BENCH_DATABASE}`);
  } catch (error) {
    return { reason: `no PostgreSQL at ${url.replace(/\/\/[^@]*@/, '//')} (${error.message})` };
  } finally {
    await admin.end().catch(() => undefined);
  }
  const bench = new URL(url);
  bench.pathname = `/${BENCH_DATABASE}`;
  return { url: bench.toString() };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** How many requests a second each connection of a fixed-rate run sends. */
const PER_CONNECTION_RATE = 2;

/**
 * One autocannon run; each connection keeps one municipality (the `place` it is given) and its
 * own citizen session. Latencies are collected per response, since autocannon reports no p95.
 *
 * At a fixed `rate`: autocannon's rate limit lets each connection send its quota for a second
 * at once when the second begins, and all connections' seconds begin together, so 200/s over
 * 20 connections would be a burst of 200 requests every second (the latency of saturation, not
 * of 200/s). Instead the rate is spread over one-connection instances of PER_CONNECTION_RATE
 * each, started evenly across the first second, so requests arrive spread over every second as
 * they do from citizens. Its latencies are those of requests sent after that first second, once
 * every instance runs: starting an instance costs this process CPU the app then lacks.
 */
function run(base, { path, place, headers = () => ({}), rate }) {
  const instances = rate ? Math.ceil(rate / PER_CONNECTION_RATE) : 1;
  const latencies = [];
  const statuses = new Map();
  let errors = 0;
  const durations = [];
  let slots = 0;
  const cpuAtStart = process.cpuUsage();
  const steadyFrom = performance.now() + (rate ? 1000 : 0);
  const instance = (delayMs) =>
    new Promise((resolve, reject) => {
      setTimeout(() => {
        let cannon;
        try {
          cannon = autocannon(
            {
              url: base,
              connections: rate ? 1 : CLIENTS,
              duration: SECONDS,
              ...(rate ? { connectionRate: PER_CONNECTION_RATE } : {}),
              requests: [
                {
                  method: 'POST',
                  setupRequest: (request, context) => {
                    context.slot ??= slots++;
                    return { ...request, path: path(place(context.slot)), headers: { 'content-type': 'application/json', ...headers(context.slot, place(context.slot)) }, body };
                  },
                },
              ],
            },
            (error, result) => {
              if (error) return reject(error);
              errors += result.errors + result.timeouts;
              durations.push(result.duration);
              resolve();
            },
          );
        } catch (error) {
          reject(error); // options refused: the run fails instead of waiting for ever
          return;
        }
        cannon.on('response', (_client, status, _bytes, ms) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 200 && status < 300 && performance.now() - ms >= steadyFrom) latencies.push(ms);
        });
      }, delayMs);
    });
  return Promise.all(Array.from({ length: instances }, (_, i) => instance((i * 1000) / instances))).then(() => {
    latencies.sort((a, b) => a - b);
    const ok = [...statuses].filter(([status]) => status >= 200 && status < 300).reduce((sum, [, count]) => sum + count, 0);
    const cpu = process.cpuUsage(cpuAtStart);
    // the mean of the instances' own durations: staggered, they start and end up to a second apart
    const seconds = durations.reduce((a, b) => a + b, 0) / durations.length;
    return {
      // this process's CPU time (app and autocannon) per response: less dependent on how busy the machine is
      cpuPerResponse: (cpu.user + cpu.system) / 1000 / Math.max(1, [...statuses.values()].reduce((a, b) => a + b, 0)),
      perSecond: ok / (seconds || SECONDS),
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      ok,
      failed: [...statuses].filter(([status]) => status >= 300).map(([status, count]) => `${count}×${status}`).join(', '),
      errors,
    };
  });
}

/**
 * The bench's submissions (not the baseline's rows) and the rows each must have come with, counted
 * in one statement: one snapshot, so a submission still committing is counted whole or not at all.
 */
async function storedWithTheirRows(db) {
  const { rows } = await sql`select
      (select count(*) from submissions where receipt_number not like 'BASELINE-%') as submissions,
      (select count(*) from audit_log where action = 'submission.received') as audited,
      (select count(*) from deliveries where connector_type = 'receipt-email') as receipt_emails,
      (select count(*) from deliveries where connector_type = 'case-management') as deliveries`.execute(db);
  const [counts] = rows;
  return { submissions: Number(counts.submissions), audited: Number(counts.audited), receiptEmails: Number(counts.receipt_emails), deliveries: Number(counts.deliveries) };
}

/** How long one delivery worker may drain the outbox before the bench stops it and reports what it did. */
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 60);

/**
 * What one delivery worker does (its default batch of 4, one round after another as it goes on
 * while rounds come back full), on the deliveries the load left due: each submission's
 * case-management delivery and receipt e-mail, sent to the case management and mailbox
 * simulators on loopback, so the time is the platform's own (claim, package, record), not a
 * back-office system's. For sizing: workers needed = deliveries per second at peak / this.
 */
async function drainOutbox(db) {
  const [mailbox, registry] = await Promise.all([startMailboxSimulator(), startCaseManagementSimulator()]);
  try {
    const settings = {
      ...unconfiguredDeliverySettings('http://127.0.0.1'),
      secret: 'bench-delivery-secret',
      mail: { smtpUrl: mailbox.smtpUrl, from: 'Bänkby kommun <noreply@bench.example.se>' },
      caseManagement: { url: registry.url, authkey: registry.authkey },
      outbound: policyWithConfiguredTargets([], [registry.url]),
    };
    const worker = new DeliveryWorker({ db, logger: pino({ level: 'silent' }), settings, policy: { maxAttempts: 1, baseDelayMs: 1000, maxDelayMs: 1000, leaseMs: 300_000 } });
    const due = await sql`select count(*)::int as n from deliveries where state = 'pending'`.execute(db);
    const start = performance.now();
    let claimed = 0;
    for (let round; round !== 0 && performance.now() - start < DRAIN_SECONDS * 1000; claimed += round) round = await worker.runOnce();
    const seconds = (performance.now() - start) / 1000;
    const { rows } = await sql`select state, count(*)::int as n from deliveries group by state order by state`.execute(db);
    const states = rows.map((r) => `${r.n} ${r.state}`).join(', ');
    return `one delivery worker (batch 4), ${due.rows[0].n} due, to the case management and mailbox simulators on loopback: ${claimed} handled in ${seconds.toFixed(1)} s = ${(claimed / seconds).toFixed(1)} deliveries/s (load average ${loadavg()[0].toFixed(1)})${claimed < due.rows[0].n ? ` (stopped after ${DRAIN_SECONDS} s)` : ''}; now ${states}`;
  } finally {
    await Promise.all([mailbox.close(), registry.close()]);
  }
}

const figures = (r) => `${r.perSecond.toFixed(0)}/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; process CPU ${r.cpuPerResponse.toFixed(2)} ms a response`;
const troubles = (r) => [r.failed && `refused: ${r.failed}`, r.errors > 0 && `${r.errors} connection errors or timeouts`].filter(Boolean).join('; ');
const met = (ok) => (ok ? 'met' : 'not met');

/**
 * Runs the load bench and returns the lines to print (each figure with its target and whether it
 * was met), or one line saying why it was skipped.
 */
export async function benchSubmissionLoad() {
  const target = await freshDatabase(process.env.DATABASE_URL ?? DEFAULT_URL);
  if (!target.url) return [`skipped: ${target.reason}`];
  const database = await openDatabase({ kind: 'postgres', url: target.url });
  let server;
  let sealing;
  try {
    await migrateToLatest(database.db);
    for (const municipality of MUNICIPALITIES) {
      await saveMunicipality(database.db, municipality);
      const ctx = { db: database.db, municipalityId: municipality.id, actor: 'bench' };
      await createEService(ctx, benchDefinition(municipality.id));
      await publishEService(ctx, ESERVICE, fastCheck);
    }
    // each connection its own citizen session in each municipality (a login is to one municipality)
    const sessions = new Map();
    for (const municipality of MUNICIPALITIES) {
      sessions.set(municipality.id, await Promise.all(Array.from({ length: CLIENTS }, () => loggedIn(database.db, { municipalityId: municipality.id }))));
    }
    // no delivery worker in this process: the receipt e-mails and deliveries wait in the outbox, as
    // on servers with DELIVERY_WORKER=false beside `npm run worker` processes; the audit log is
    // sealed in the background as every server does
    sealing = new AuditSealing(database.db, pino({ level: 'silent' })).start();
    const product = createApp({
      config: { bodyLimitBytes: 1024 * 1024, clientDir: undefined, publicUrl: 'http://127.0.0.1' },
      database,
      logger: pino({ level: 'silent' }),
      identity: { sessions: { idleSeconds: 1200, absoluteSeconds: 28800, secureCookies: true }, loginMethods: [] },
    });
    // The baseline, mounted only here: the same JSON inserted into the same table, nothing else.
    const app = express();
    let baselineNumber = 0;
    app.post('/bench/baseline/:municipality', express.json({ limit: '1mb' }), async (req, res) => {
      const row = await database.db
        .insertInto('submissions')
        .values({ municipality_id: req.params.municipality, eservice_id: ESERVICE, version: 1, receipt_number: `BASELINE-${++baselineNumber}`, answers: JSON.stringify(req.body.answers), language: 'sv', state: 'submitted' })
        .returning('id')
        .executeTakeFirstOrThrow();
      res.status(201).json({ submissionId: row.id });
    });
    app.use(product);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${server.address().port}`;

    const submissionPath = (municipalityId) => `/api/municipalities/${municipalityId}/eservices/${ESERVICE}/versions/1/submissions`;
    // as the portal sends it: a new Idempotency-Key for each submission
    const citizen = (slot, municipalityId) => {
      const session = sessions.get(municipalityId)[slot % CLIENTS];
      return { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'idempotency-key': `"${randomUUID()}"` };
    };
    const one = () => MUNICIPALITIES[0].id;
    const ten = (slot) => MUNICIPALITIES[slot % MUNICIPALITIES.length].id;

    const warmUp = await run(base, { path: submissionPath, place: ten, headers: citizen });
    if (warmUp.ok === 0) throw new Error(`no submission was accepted: ${troubles(warmUp)}`);
    const baseline = await run(base, { path: (m) => `/bench/baseline/${m}`, place: one });
    const oneMunicipality = await run(base, { path: submissionPath, place: one, headers: citizen });
    const tenMunicipalities = await run(base, { path: submissionPath, place: ten, headers: citizen });
    const fixedRate = await run(base, { path: submissionPath, place: ten, headers: citizen, rate: FIXED_RATE });
    // what this machine gives the bare insert at the same rate: the floor under the target above
    const baselineFixedRate = await run(base, { path: (m) => `/bench/baseline/${m}`, place: ten, rate: FIXED_RATE });

    const ratio = oneMunicipality.perSecond / baseline.perSecond;
    const spread = oneMunicipality.perSecond / tenMunicipalities.perSecond;
    const accepted = [warmUp, oneMunicipality, tenMunicipalities, fixedRate].reduce((sum, r) => sum + r.ok, 0);
    const stored = await storedWithTheirRows(database.db);
    const chain = await verifyAuditChain(database.db);
    const whole = stored.submissions >= accepted && stored.audited === stored.submissions && stored.receiptEmails === stored.submissions && stored.deliveries === stored.submissions && chain.ok;
    const lines = [
      `${CLIENTS} clients, ${SECONDS} s a run, preschool application (25 fields, e-ID session, an Idempotency-Key each, no signing) over loopback; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores at the end`,
      `baseline (insert the same JSON into submissions): ${figures(baseline)}`,
      `submissions, one municipality: ${figures(oneMunicipality)}`,
      `submissions / baseline throughput: ${ratio.toFixed(2)}  target >= 0.60  ${met(ratio >= 0.6)}`,
      `p95 at a steady ${FIXED_RATE} submissions/s (${Math.ceil(FIXED_RATE / PER_CONNECTION_RATE)} connections of ${PER_CONNECTION_RATE}/s, spread over the second and over ten municipalities): ${fixedRate.p95.toFixed(1)} ms (reached ${fixedRate.perSecond.toFixed(0)}/s)  target < 50 ms  ${met(fixedRate.p95 < 50 && fixedRate.perSecond >= FIXED_RATE * 0.95)}`,
      `  for reference, the baseline at a steady ${FIXED_RATE}/s on this machine: p95 ${baselineFixedRate.p95.toFixed(1)} ms (reached ${baselineFixedRate.perSecond.toFixed(0)}/s)`,
      `submissions spread over ten municipalities: ${figures(tenMunicipalities)}`,
      `throughput, all load on one municipality / spread over ten: ${oneMunicipality.perSecond.toFixed(0)}/s / ${tenMunicipalities.perSecond.toFixed(0)}/s = ${spread.toFixed(2)}  target >= 0.80 (nothing queues per municipality)  ${met(spread >= 0.8)}`,
      `${accepted} acknowledged, ${stored.submissions} stored with ${stored.audited} audit rows, ${stored.receiptEmails} receipt e-mails and ${stored.deliveries} deliveries in the outbox; audit chain ${chain.ok ? `intact (${chain.rows} rows)` : 'BROKEN'}  target: each stored one with its rows  ${met(whole)}`,
    ];
    lines.push(await drainOutbox(database.db));
    for (const [name, r] of [['baseline', baseline], ['one municipality', oneMunicipality], ['ten municipalities', tenMunicipalities], ['fixed rate', fixedRate], ['baseline at the fixed rate', baselineFixedRate]]) {
      const trouble = troubles(r);
      if (trouble) lines.push(`  ${name}: ${trouble}`);
    }
    return lines;
  } finally {
    if (server) await new Promise((resolve) => server.close(resolve));
    sealing?.stop();
    await database.close();
  }
}
