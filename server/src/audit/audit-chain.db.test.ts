import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Kysely } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../db/database.js';
import * as auditChainMigration from '../db/migrations/022-audit-chain.js';
import * as auditSealingMigration from '../db/migrations/040-audit-sealing.js';
import type { Database } from '../db/tables.js';
import { openTestDatabase, type TestDatabaseHandle } from '../test-support/database.js';
import { recordAudit, type AuditEvent } from './audit-log.js';
import { GENESIS_HASH } from './chain.js';
import { AuditRetention, removeExpiredAuditRows } from './retention.js';
import { AuditSealing, sealAuditLog } from './sealing.js';
import { verifyAuditChain } from './verify.js';

const cliPath = fileURLToPath(new URL('../../dist/audit/verify-cli.js', import.meta.url));

const event = (n: number, more: Partial<AuditEvent> = {}): AuditEvent => ({
  municipalityId: 'solbacka',
  actor: `staff:acc-${n} (Person ${n})`,
  action: 'case.viewed',
  subjectType: 'submission',
  subjectId: `sub-${n}`,
  details: { n, nested: { z: 'last', a: ['first', { y: 1, x: null }] } },
  ...more,
});

/** Appends `count` events and seals them, as the background sealer would a second later; returns every id. */
async function record(db: Kysely<Database>, count: number, from = 0): Promise<string[]> {
  for (let n = from; n < from + count; n++) await recordAudit(db, event(n));
  await sealAuditLog(db);
  const rows = await db.selectFrom('audit_log').select('id').orderBy('id').execute();
  return rows.map((r) => String(r.id));
}

const onPostgres = process.env.TEST_DATABASE === 'postgres';

/** The chain as the migrations leave it on an empty log (022 chains, 034 seals in the background). */
async function rebuildChain(db: Kysely<Database>, between: () => Promise<void> = async () => {}): Promise<void> {
  await auditSealingMigration.down(db as Kysely<unknown>);
  await auditChainMigration.down(db as Kysely<unknown>);
  await between();
  await auditChainMigration.up(db as Kysely<unknown>);
  await auditSealingMigration.up(db as Kysely<unknown>);
}

/** What an attacker with the database's rights does: switch the guard off, change, switch it on. */
async function tamper(db: Kysely<Database>, change: string): Promise<void> {
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
  try {
    await sql.raw(change).execute(db);
  } finally {
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
  }
}

async function addMunicipalities(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('municipalities')
    .values([
      { id: 'solbacka', name: { sv: 'Solbacka kommun', en: 'Solbacka Municipality' }, receipt_prefix: 'SOL' },
      { id: 'ekdala', name: { sv: 'Ekdala kommun', en: 'Ekdala Municipality' }, receipt_prefix: 'EKD' },
    ])
    .execute();
}

// Runs on embedded PGlite and, in the server-postgres project, on a PostgreSQL server.
describe(`the audit log's hash chain on ${process.env.TEST_DATABASE ?? 'pglite'}`, () => {
  let database: TestDatabaseHandle;
  let db: Kysely<Database>;
  beforeAll(async () => {
    database = await openTestDatabase();
    db = database.db;
    await addMunicipalities(db);
  });
  afterAll(async () => database?.close());

  // every test starts from an empty chain: what the migrations leave on an empty log
  beforeEach(async () => {
    await sealAuditLog(db); // the 034 migration's down wants every row sealed
    await rebuildChain(db, async () => {
      await sql`delete from audit_log`.execute(db);
    });
  });

  it('verifies a chain of real events, of municipalities and of the installation', async () => {
    await record(db, 5);
    await recordAudit(db, event(5, { municipalityId: null, actor: 'staff:acc-admin (Plattform Admin)', action: 'staff.logged-in', subjectType: 'staff-member', subjectId: 'acc-admin' }));
    await db.transaction().execute(async (trx) => {
      await recordAudit(trx, event(6, { municipalityId: 'ekdala' }));
      await recordAudit(trx, event(7, { details: { at: new Date('2026-03-01T00:00:00Z'), skipped: undefined } }));
    });
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 8 });
    const rows = await db.selectFrom('audit_log').select(['prev_hash', 'hash']).orderBy('id').execute();
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const [first] = await record(db, 2);
    await expect(db.updateTable('audit_log').set({ actor: 'someone else' }).where('id', '=', first!).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('id', '=', first!).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 2 });
  });

  it('stores an append unsealed, and lets only the sealer link it into the chain, once', async () => {
    await recordAudit(db, event(1));
    const unsealed = await db.selectFrom('audit_log').select(['id', 'chain_seq', 'prev_hash', 'hash']).executeTakeFirstOrThrow();
    expect(unsealed).toMatchObject({ chain_seq: null, prev_hash: null, hash: null });
    // its content stays as appended, also when sealing
    await expect(db.updateTable('audit_log').set({ actor: 'someone else' }).where('id', '=', unsealed.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set chain_seq = 1, prev_hash = ${GENESIS_HASH}, hash = ${GENESIS_HASH}, actor = 'someone else' where id = ${unsealed.id}`.execute(db)).rejects.toThrow(/append-only/);

    const job = new AuditSealing(db, pino({ level: 'silent' }));
    expect(await job.runOnce()).toBe(1);
    const sealed = await db.selectFrom('audit_log').select(['chain_seq', 'prev_hash', 'hash']).where('id', '=', unsealed.id).executeTakeFirstOrThrow();
    expect(Number(sealed.chain_seq)).toBe(1);
    expect(sealed.prev_hash).toBe(GENESIS_HASH);
    const head = await db.selectFrom('audit_chain').select(['head_id', 'head_hash']).executeTakeFirstOrThrow();
    expect([String(head.head_id), head.head_hash]).toEqual([String(unsealed.id), sealed.hash]);
    // sealed once: no second place in the chain
    await expect(sql`update audit_log set chain_seq = 7 where id = ${unsealed.id}`.execute(db)).rejects.toThrow(/append-only/);
    expect(await job.runOnce()).toBe(0);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 1 });
  });

  // PGlite runs one transaction at a time: concurrency needs the PostgreSQL server
  it.skipIf(!onPostgres)('appends in concurrent transactions without waiting on each other, and seals a late commit after the rows before it', async () => {
    await record(db, 1);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const openAppend = new Promise<void>((resolve) => (appended = resolve));
    const slow = db.transaction().execute(async (trx) => {
      await recordAudit(trx, event(10));
      appended();
      await held;
    });
    await openAppend;
    // another transaction appends and commits while the first still holds its append open
    const quick = db.transaction().execute((trx) => recordAudit(trx, event(11)));
    const timedOut = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 5000).unref());
    expect(await Promise.race([quick.then(() => 'committed'), timedOut])).toBe('committed');
    expect(await sealAuditLog(db)).toBe(1); // the open one is not visible yet
    release();
    await slow;
    expect(await sealAuditLog(db)).toBe(1);
    const places = await db.selectFrom('audit_log').select(['subject_id', 'chain_seq']).where('subject_id', 'in', ['sub-10', 'sub-11']).orderBy('chain_seq').execute();
    expect(places.map((p) => p.subject_id)).toEqual(['sub-11', 'sub-10']); // chain order is sealing order, not id order
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 3 });
  });

  it.skipIf(!onPostgres)('leaves the rows to the sealer at work when a background pass finds one', async () => {
    await recordAudit(db, event(1));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const headTaken = new Promise<void>((resolve) => (locked = resolve));
    const other = db.transaction().execute(async (trx) => {
      await trx.selectFrom('audit_chain').select('head_hash').forUpdate().execute();
      locked();
      await held;
    });
    await headTaken;
    expect(await sealAuditLog(db, { wait: false })).toBe(0);
    release();
    await other;
    expect(await sealAuditLog(db, { wait: false })).toBe(1);
  });

  it('names a row altered directly with SQL (content no longer gives its hash)', async () => {
    const ids = await record(db, 5);
    await tamper(db, `update audit_log set actor = 'staff:someone-else (Någon Annan)' where id = ${ids[2]}`);
    const verdict = await verifyAuditChain(db);
    expect(verdict).toMatchObject({ ok: false, rows: 2, row: { id: ids[2] }, problem: 'content-changed' });
    const altered = await db.selectFrom('audit_log').select('occurred_at').where('id', '=', ids[2]!).executeTakeFirstOrThrow();
    expect(verdict.ok || verdict.row?.occurredAt).toBe(altered.occurred_at.toISOString());
  });

  it('notices details changed in the database, however jsonb orders them', async () => {
    const ids = await record(db, 3);
    await tamper(db, `update audit_log set details = jsonb_set(details, '{n}', '99') where id = ${ids[1]}`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, row: { id: ids[1] }, problem: 'content-changed' });
  });

  it('names the row after one deleted in the middle (broken link)', async () => {
    const ids = await record(db, 5);
    await tamper(db, `delete from audit_log where id = ${ids[2]}`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, rows: 2, row: { id: ids[3] }, problem: 'link-broken' });
  });

  it('names the row after one altered and given a fresh hash of its own', async () => {
    const ids = await record(db, 4);
    await tamper(db, `update audit_log set subject_id = 'other', hash = repeat('a', 64) where id = ${ids[1]}`);
    // the altered row itself no longer hashes right; had the attacker recomputed it, the next link breaks
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, row: { id: ids[1] }, problem: 'content-changed' });
    await tamper(db, `update audit_log set prev_hash = repeat('b', 64) where id = ${ids[2]}`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, row: { id: ids[1] } });
  });

  it('notices rows removed from the end (the log stops before the last append)', async () => {
    const ids = await record(db, 4);
    await tamper(db, `delete from audit_log where id >= ${ids[2]}`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, rows: 2, row: { id: ids[1] }, problem: 'end-missing' });
  });

  it('keeps the chain whole when 20 transactions append at once', async () => {
    await record(db, 1);
    await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        n % 2 === 0
          ? db.transaction().execute(async (trx) => {
              await sql`select 1`.execute(trx);
              await recordAudit(trx, event(100 + n));
            })
          : recordAudit(db, event(100 + n)),
      ),
    );
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 21 });
    const links = await db.selectFrom('audit_log').select('prev_hash').execute();
    expect(new Set(links.map((l) => l.prev_hash)).size).toBe(21);
  });

  it('drops nothing of an appending transaction that rolls back', async () => {
    await record(db, 2);
    await expect(
      db.transaction().execute(async (trx) => {
        await recordAudit(trx, event(50));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await record(db, 1, 3);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 3 });
  });

  it('removes rows past retention from the start, anchors the chain, records the removal, and still verifies', async () => {
    await record(db, 5);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const kept = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const keptIds = (await record(db, 3, 5)).slice(5);
    const oldRows = await db.selectFrom('audit_log').select(['id', 'hash']).where('occurred_at', '<', kept).orderBy('id').execute();
    expect(oldRows).toHaveLength(5);

    // 30 days on from `kept`; two rows a transaction: three passes, each one recorded
    const removed = await removeExpiredAuditRows(db, 30, new Date(kept.getTime() + 30 * 86_400_000), 2);
    expect(removed).toBe(5);
    const left = await db.selectFrom('audit_log').select(['id', 'action', 'actor', 'municipality_id', 'details']).orderBy('id').execute();
    expect(left.slice(0, 3).map((r) => String(r.id))).toEqual(keptIds);
    const removals = left.filter((r) => r.action === 'audit.rows-removed');
    expect(removals.map((r) => r.details.removed)).toEqual([2, 2, 1]);
    expect(removals[2]).toMatchObject({ actor: 'system:audit-retention', municipality_id: null, details: { retentionDays: 30, lastRemovedId: String(oldRows[4]!.id), anchorHash: oldRows[4]!.hash } });
    expect(await db.selectFrom('audit_chain').select('anchor_hash').executeTakeFirstOrThrow()).toEqual({ anchor_hash: oldRows[4]!.hash });

    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 6 });
    await record(db, 1, 10);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 7 });
    // the first remaining row must still link to the anchor
    await tamper(db, `update audit_log set prev_hash = repeat('c', 64) where id = ${keptIds[0]}`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, rows: 0, row: { id: keptIds[0] }, problem: 'link-broken' });
  });

  it('removes nothing while every row is within retention', async () => {
    await record(db, 3);
    expect(await removeExpiredAuditRows(db, 30)).toBe(0);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 3 });
  });

  it('applies retention as the server\'s background job: a pass removes what is past retention; a failed pass does not throw', async () => {
    await record(db, 3);
    const job = new AuditRetention(db, pino({ level: 'silent' }), { retentionDays: 30, intervalMs: 60_000 });
    expect(await job.runOnce()).toBe(0);
    expect(await job.runOnce(new Date(Date.now() + 31 * 86_400_000))).toBe(3);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 1 });
    const closed = await openTestDatabase();
    await closed.close();
    expect(await new AuditRetention(closed.db, pino({ level: 'silent' }), { retentionDays: 30 }).runOnce()).toBe(0);
  });

  it('chains the rows already in the log when it migrates, cutting their times to milliseconds', async () => {
    await rebuildChain(db, async () => {
      // as rows were written before: the database's time (microseconds), any key order
      for (let n = 0; n < 3; n++) {
        await sql`insert into audit_log (municipality_id, occurred_at, actor, action, subject_type, subject_id, details)
          values ('solbacka', now() + make_interval(secs => ${n} + 0.000123), ${`api:10.0.0.${n}`}, 'eservice.created', 'eservice', ${`e${n}`}, ${JSON.stringify({ b: n, a: 'x' })}::jsonb)`.execute(db);
      }
    });
    // 034 gave the chained rows their places in id order
    expect((await db.selectFrom('audit_log').select('chain_seq').orderBy('id').execute()).map((r) => Number(r.chain_seq))).toEqual([1, 2, 3]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 3 });
    await record(db, 2, 3);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 5 });
  });
});

/** The operators' command, run for real as its own process against a database with a broken chain. */
describe(`npm run audit:verify on ${process.env.TEST_DATABASE ?? 'pglite'}`, () => {
  let database: DatabaseHandle;
  let env: NodeJS.ProcessEnv;
  let folder: string | undefined;
  beforeAll(async () => {
    if (process.env.TEST_DATABASE === 'postgres') {
      const handle = await openTestDatabase();
      database = handle;
      env = { ...process.env, DATABASE_URL: handle.url };
    } else {
      // PGlite is one process per data folder: the command opens the folder once this test has
      // closed it. The folder starts as a copy of the test run's migrated template (initdb is slow).
      folder = await mkdtemp(path.join(tmpdir(), 'etjanst-audit-verify-'));
      const template = inject('pgliteTemplate');
      if (template) await (await PGlite.create({ dataDir: folder, loadDataDir: new Blob([await readFile(template)]) })).close();
      database = await openDatabase({ kind: 'pglite', dataDir: folder });
      await migrateToLatest(database.db);
      env = { ...process.env, DATABASE_URL: '', DATA_DIR: folder };
    }
    await addMunicipalities(database.db);
  }, 180_000);
  afterAll(async () => {
    await database?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const verify = async () => {
    if (folder) await database.close();
    try {
      return await promisify(execFile)(process.execPath, [cliPath], { env, timeout: 120_000 }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout + error.stderr }),
      );
    } finally {
      if (folder) database = await openDatabase({ kind: 'pglite', dataDir: folder });
    }
  };

  // a process of its own opens the database twice: slow on a busy machine
  it('exits 0 on an intact log and 1 naming the altered row', { timeout: 300_000 }, async () => {
    const ids = await record(database.db, 4);
    expect(await verify()).toEqual({ code: 0, stdout: 'audit log intact: 4 rows verified\n' });

    await tamper(database.db, `update audit_log set action = 'case.nothing-to-see' where id = ${ids[1]}`);
    const { occurred_at } = await database.db.selectFrom('audit_log').select('occurred_at').where('id', '=', ids[1]!).executeTakeFirstOrThrow();
    const result = await verify();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`audit log BROKEN at row ${ids[1]} (occurred_at ${occurred_at.toISOString()}): content-changed`);
  });
});
