import { sql, type Kysely } from 'kysely';
import { GENESIS_HASH, rowHash } from '../../audit/chain.js';

const BATCH = 1000;

/**
 * The audit log becomes append-only and hash-chained (see audit/chain.ts): each row carries the
 * hash of the row before it (prev_hash) and its own (hash); `audit_chain` holds the chain's ends
 * (the anchor the first remaining row links to, which retention moves, and the head the next
 * row links to; appends lock it, so two never take the same prev_hash). Existing rows are
 * chained in id order, their times cut to the millisecond the app hashes at. Installation-level
 * events (staff logins, platform administration) have no municipality.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_log alter column municipality_id drop not null`.execute(db);
  // the app takes the time (milliseconds) and hashes it; a database default would add microseconds
  await sql`alter table audit_log alter column occurred_at drop default`.execute(db);
  await sql`update audit_log set occurred_at = date_trunc('milliseconds', occurred_at)`.execute(db);
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').addColumn('hash', 'text').execute();

  let prevHash = GENESIS_HASH;
  let lastId: string | null = null;
  for (;;) {
    const { rows } = await sql<{ id: string; municipality_id: string | null; occurred_at: Date; actor: string; action: string; subject_type: string; subject_id: string; details: unknown }>`
      select id, municipality_id, occurred_at, actor, action, subject_type, subject_id, details
      from audit_log where ${lastId === null ? sql`true` : sql`id > ${lastId}`} order by id limit ${BATCH}`.execute(db);
    if (rows.length === 0) break;
    const hashed = rows.map((row) => {
      const hash = rowHash(prevHash, {
        occurredAt: row.occurred_at,
        municipalityId: row.municipality_id,
        actor: row.actor,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        details: row.details,
      });
      const linked = sql`(${row.id}::bigint, ${prevHash}, ${hash})`;
      prevHash = hash;
      return linked;
    });
    await sql`update audit_log set prev_hash = v.prev_hash, hash = v.hash
      from (values ${sql.join(hashed)}) as v (id, prev_hash, hash) where audit_log.id = v.id`.execute(db);
    lastId = rows[rows.length - 1]!.id;
  }

  const HEX = sql`'^[0-9a-f]{64}$'`;
  await sql`alter table audit_log
    alter column prev_hash set not null, alter column hash set not null,
    add constraint audit_log_prev_hash_hex check (prev_hash ~ ${HEX}),
    add constraint audit_log_hash_hex check (hash ~ ${HEX})`.execute(db);

  await db.schema
    .createTable('audit_chain')
    // one row: the installation's one chain
    .addColumn('id', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn('anchor_hash', 'text', (c) => c.notNull())
    .addColumn('head_id', 'bigint')
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into audit_chain (anchor_hash, head_id, head_hash) values (${GENESIS_HASH}, ${lastId}, ${prevHash})`.execute(db);

  // Append-only: no UPDATE ever, DELETE only by the retention job (which sets the flag for its
  // own transaction), no TRUNCATE. Someone with the rights to disable triggers can still change
  // rows; the chain is what shows it.
  await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and current_setting('etjanst.audit_retention', true) = 'on' then
        return old;
      end if;
      raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`.execute(db);

  // retention removes the oldest rows; administrators page through one municipality's newest first
  await db.schema.createIndex('audit_log_by_time').on('audit_log').column('occurred_at').execute();
  await db.schema.createIndex('audit_log_by_municipality').on('audit_log').columns(['municipality_id', 'id']).execute();
}

/** Back to an unchained log; municipality_id stays nullable (another migration may need it). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_by_municipality').execute();
  await db.schema.dropIndex('audit_log_by_time').execute();
  await sql`drop trigger audit_log_no_truncate on audit_log`.execute(db);
  await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
  await sql`drop function audit_log_append_only()`.execute(db);
  await db.schema.dropTable('audit_chain').execute();
  await db.schema.alterTable('audit_log').dropColumn('hash').dropColumn('prev_hash').execute();
  await sql`alter table audit_log alter column occurred_at set default now()`.execute(db);
}
