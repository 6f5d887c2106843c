// The scale benchmark (issue #17): the app's own query functions against 1 000 000 submissions
// over 10 000 e-service versions and 100 000 citizens in PostgreSQL, each with its plan.
// `npm run bench` runs it last; `node test/bench/scale.mjs` runs it alone (after `npm run build`).
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { EXAMPLE_ANSWERS, TEMPLATES } from '../../schemas/dist/index.js';
import { INBOX_PAGE_SIZE, parseCaseFilter } from '../../server/dist/cases/inbox-routes.js';
import { listCases } from '../../server/dist/cases/repository.js';
import { migrateToLatest } from '../../server/dist/db/database.js';
import { countStoredStatistics } from '../../server/dist/db/migrations/042-statistics-totals.js';
import { sumMonthlyTotals } from '../../server/dist/db/migrations/049-statistics-monthly-totals.js';
import { claimDueDeliveries } from '../../server/dist/delivery/repository.js';
import { listOwnSubmissions } from '../../server/dist/my-pages/repository.js';
import { municipalityStatistics, parsePeriod } from '../../server/dist/statistics/operations.js';

const TARGET_MS = 50;
const RUNS = 21;
const EXPECTED = { submissions: 1_000_000, versions: 10_000 };
const DATABASE = process.env.BENCH_SCALE_DATABASE ?? 'bench_scale';
/** What the worker claims in one round (its default batch) and holds for (DELIVERY_LEASE_SECONDS' default). */
const CLAIM = { batch: 4, leaseMs: 300_000 };

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(1)} ms`;
const count = (n) => Number(n).toLocaleString('sv-SE');
const withoutPassword = (url) => {
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  return shown.toString();
};

/** Creates the bench's own database beside the one in DATABASE_URL (the test suite's data is never touched). */
async function ensureDatabase(adminUrl) {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  await admin.connect();
  try {
    const { rows } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (rows.length === 0) await admin.query(`create database ${DATABASE}`);
    const { rows: [{ server_version: version }] } = await admin.query('show server_version');
    return version;
  } finally {
    await admin.end();
  }
}

/** Seeds with test/bench/scale-seed.sql unless the data is there already; returns what was done. */
async function seed(pool, db, databaseUrl) {
  const migrating = performance.now();
  const migrated = await migrateToLatest(db);
  const { rows: [held] } = await pool.query('select (select count(*) from submissions)::int as submissions, (select count(*) from eservice_versions)::int as versions');
  if (held.submissions === EXPECTED.submissions && held.versions === EXPECTED.versions) {
    // migrations new since the seed ran on its million rows, as they would in production
    // what autovacuum would do after a migration's bulk insert (index-only scans need the visibility map)
    if (migrated.includes('042-statistics-totals')) await pool.query('vacuum analyze statistics_totals');
    if (migrated.includes('049-statistics-monthly-totals')) await pool.query('vacuum analyze statistics_monthly_totals');
    return `seed reused${migrated.length ? `; migrated it (${migrated.join(', ')}) in ${((performance.now() - migrating) / 1000).toFixed(0)} s` : ''}`;
  }
  if (held.submissions !== 0 || held.versions !== 0) {
    throw new Error(`${DATABASE} holds ${held.submissions} submissions and ${held.versions} versions, not the seed's; drop it (dropdb ${DATABASE}) to seed anew`);
  }
  const start = performance.now();
  // one connection of its own: the seed's temporary tables and functions end with it
  const seeding = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }) });
  try {
    // the six example e-services and their example answers, the seed's raw material
    const templates = TEMPLATES.map((definition) => ({ definition, answers: EXAMPLE_ANSWERS[definition.id] }));
    const seedSql = await readFile(fileURLToPath(new URL('./scale-seed.sql', import.meta.url)), 'utf8');
    await seeding.transaction().execute(async (trx) => {
      await sql`create temporary table bench_templates (n int, definition json, answers jsonb)`.execute(trx);
      await sql`insert into bench_templates select ord - 1, t -> 'definition', (t -> 'answers')::jsonb from json_array_elements(${JSON.stringify(templates)}::json) with ordinality as x(t, ord)`.execute(trx);
      await sql.raw(seedSql).execute(trx);
      // the seed wrote with the statistics' triggers off: its rows are counted once, as the migrations count stored rows
      await countStoredStatistics(trx);
      await sumMonthlyTotals(trx);
    });
  } finally {
    await seeding.destroy();
  }
  await pool.query('vacuum analyze');
  const seconds = (performance.now() - start) / 1000;
  return `seeded in ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** Node types (first seen order), indexes used and tables read whole, from EXPLAIN's JSON. */
function planSummary(explained) {
  const nodes = [];
  const indexes = new Set();
  const seqScans = [];
  const walk = (node) => {
    if (!nodes.includes(node['Node Type'])) nodes.push(node['Node Type']);
    if (node['Index Name']) indexes.add(node['Index Name']);
    if (node['Node Type'] === 'Seq Scan') seqScans.push(`seq scan on ${node['Relation Name']} (${count(node['Actual Rows'] * node['Actual Loops'] + (node['Rows Removed by Filter'] ?? 0) * node['Actual Loops'])} rows read)`);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(explained.Plan);
  const jit = explained.JIT ? `; JIT ${ms(explained.JIT.Timing.Total)}` : '';
  return `${ms(explained['Execution Time'])}: ${nodes.join(', ')}; ${indexes.size ? `indexes ${[...indexes].join(', ')}` : 'no index'}${seqScans.length ? `; ${seqScans.join(', ')}` : '; no seq scan'}${jit}`;
}

/** EXPLAIN (ANALYZE) of statements as the app sent them, in a transaction rolled back (the claim writes). */
async function explain(pool, queries) {
  const client = await pool.connect();
  try {
    const plans = [];
    for (const query of queries) {
      await client.query('begin');
      const { rows } = await client.query(`explain (analyze, format json) ${query.sql}`, query.parameters);
      await client.query('rollback');
      plans.push(planSummary(rows[0]['QUERY PLAN'][0]));
    }
    return plans;
  } finally {
    client.release();
  }
}

/**
 * Times one of the app's functions: warmed once (call 0), then the median of calls 1 to RUNS;
 * the statements of the last call are explained.
 */
async function measure(pool, captured, action) {
  await action(0);
  const times = [];
  let result;
  for (let i = 1; i <= RUNS; i++) {
    captured.length = 0;
    const start = performance.now();
    result = await action(i);
    times.push(performance.now() - start);
  }
  const statements = captured.filter((q) => !/^(begin|commit|rollback)/i.test(q.sql));
  return { median: median(times), result, plans: await explain(pool, statements) };
}

const ROLLBACK = new Error('rolled back: the bench leaves the due deliveries due');

export async function benchScale() {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  console.log('\nScale (issue 17): Mina sidor, inbox, statistics and the delivery claim at 1 000 000 submissions');
  let version;
  try {
    version = await ensureDatabase(adminUrl);
  } catch (error) {
    console.log(`skipped: PostgreSQL at ${withoutPassword(adminUrl)} does not answer (${error.message})`);
    return;
  }
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  const captured = [];
  const db = new Kysely({ dialect: new PostgresDialect({ pool }), log: (event) => event.level === 'query' && captured.push(event.query) });
  try {
    const seeding = await seed(pool, db, url.toString());
    const { rows: [sizes] } = await pool.query(`select (select count(*) from submissions)::int as submissions, (select count(*) from eservice_versions)::int as versions,
      (select count(distinct applicant_personal_identity_number) from submissions)::int as citizens, (select count(*) from audit_log)::int as audit,
      (select count(*) from deliveries where state = 'pending' and next_attempt_at <= now() or state = 'in-flight' and lease_until < now())::int as due,
      pg_size_pretty(pg_database_size(current_database())) as size`);
    console.log(`PostgreSQL ${version}, database ${DATABASE} (${sizes.size}): ${count(sizes.submissions)} submissions, ${count(sizes.versions)} versions, ${count(sizes.citizens)} citizens, ${count(sizes.audit)} audit rows, ${count(sizes.due)} deliveries due; ${seeding}`);

    const { rows: municipalities } = await pool.query('select id from municipalities order by id');
    const municipalityOf = (i) => municipalities[i % municipalities.length].id;
    // citizens with submissions, a fixed sample
    const { rows: citizens } = await pool.query(`select municipality_id, applicant_personal_identity_number as pnr
      from submissions tablesample bernoulli (0.01) repeatable (17) where applicant_personal_identity_number is not null limit ${RUNS + 1}`);
    const lastYear = new Date().getFullYear() - 1;
    const inboxFilter = parseCaseFilter({ status: 'in-progress' }, 'utbildning');
    const period = parsePeriod({ from: `${lastYear}-01-01` });

    const measured = [
      ['Mina sidor: one citizen\'s submissions', await measure(pool, captured, (i) => listOwnSubmissions(db, citizens[i].municipality_id, citizens[i].pnr)), (r) => `${r.length} rows`],
      [`inbox, first page: department utbildning, status in-progress (at most ${INBOX_PAGE_SIZE + 1})`, await measure(pool, captured, (i) => listCases(db, municipalityOf(i), { ...inboxFilter, limit: INBOX_PAGE_SIZE + 1 })), (r) => `${r.length} rows`],
      [`statistics: one municipality, ${lastYear}`, await measure(pool, captured, (i) => municipalityStatistics({ db, municipalityId: municipalityOf(i), actor: 'bench' }, period)), (r) => `${count(r.totals.digital)} digital cases, ${count(r.totals.started)} started`],
      [`delivery claim: ${CLAIM.batch} due of ${count(sizes.due)} (rolled back)`, await measure(pool, captured, async () => {
        let claimed;
        await db.transaction().execute(async (trx) => {
          claimed = await claimDueDeliveries(trx, CLAIM.batch, CLAIM.leaseMs);
          throw ROLLBACK;
        }).catch((error) => { if (error !== ROLLBACK) throw error; });
        return claimed;
      }), (r) => `${r.length} claimed`],
    ];
    // the figures are wall-clock times on this machine: they say more next to how busy it was
    console.log(`load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
    for (const [what, { median: value, result, plans }, describe] of measured) {
      console.log(`${what}: ${ms(value)}  target < ${TARGET_MS} ms  ${value < TARGET_MS ? 'met' : 'not met'}  (median of ${RUNS}; ${describe(result)})`);
      for (const plan of plans) console.log(`  plan ${plan}`);
    }
  } finally {
    await db.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchScale();
