import { sql, type Kysely } from 'kysely';

/** The append-only guard of 022, refusing every UPDATE, DELETE (but retention's) and TRUNCATE. */
const APPEND_ONLY = sql`create or replace function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and current_setting('etjanst.audit_retention', true) = 'on' then
        return old;
      end if;
      raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
    end $$`;

/**
 * The audit log is sealed into its hash chain by a background step (audit/sealing.ts) instead
 * of by each appending transaction: an append is a plain insert, so appends no longer queue on
 * the chain's head row for the rest of their transactions. A row is unsealed (no chain_seq,
 * prev_hash, hash) until the sealer links it; chain_seq is its place in the chain, which the
 * verifier walks (it is the id order for the rows chained so far). The append-only guard lets
 * an unsealed row be sealed once, and nothing else of it change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_log add column chain_seq bigint`.execute(db);
  // the guard first: numbering the chained rows is itself a sealing update
  await sql`create or replace function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and current_setting('etjanst.audit_retention', true) = 'on' then
        return old;
      end if;
      if tg_op = 'UPDATE' then
        -- sealing: an unsealed row gets its place in the chain and its hashes, once; nothing else changes
        if old.chain_seq is null and new.chain_seq is not null
          and (new.id, new.occurred_at, new.municipality_id, new.actor, new.action, new.subject_type, new.subject_id, new.details)
            is not distinct from (old.id, old.occurred_at, old.municipality_id, old.actor, old.action, old.subject_type, old.subject_id, old.details) then
          return new;
        end if;
      end if;
      raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`update audit_log set chain_seq = numbered.seq
    from (select id, row_number() over (order by id) as seq from audit_log) as numbered where audit_log.id = numbered.id`.execute(db);
  await sql`alter table audit_log
    alter column prev_hash drop not null, alter column hash drop not null,
    add constraint audit_log_sealed_whole check ((chain_seq is null) = (hash is null) and (hash is null) = (prev_hash is null)),
    add constraint audit_log_chain_seq_unique unique (chain_seq)`.execute(db);
  await sql`create index audit_log_unsealed on audit_log (id) where chain_seq is null`.execute(db);
  await sql`alter table audit_chain add column head_seq bigint not null default 0`.execute(db);
  await sql`update audit_chain set head_seq = (select coalesce(max(chain_seq), 0) from audit_log)`.execute(db);
}

/**
 * Back to chaining in each appending transaction. Unsealed rows must be sealed first (run the
 * sealer, or verify), and the old verifier walks in id order, which rows sealed out of it break.
 */
export async function down(db: Kysely<unknown>): Promise<void> {
  await APPEND_ONLY.execute(db);
  await sql`alter table audit_chain drop column head_seq`.execute(db);
  await sql`drop index audit_log_unsealed`.execute(db);
  await sql`alter table audit_log drop constraint audit_log_chain_seq_unique, drop constraint audit_log_sealed_whole,
    alter column prev_hash set not null, alter column hash set not null`.execute(db);
  await sql`alter table audit_log drop column chain_seq`.execute(db);
}
