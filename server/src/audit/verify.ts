import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { chainedContentOf, rowHash } from './chain.js';
import { sealAuditLog } from './sealing.js';

const BATCH = 1000;

/**
 * - content-changed: the row's content no longer gives its hash (the row was altered)
 * - link-broken: the row does not link to the row before it (a row before it was removed, or
 *   altered and re-hashed)
 * - end-missing: the log ends before the head the last append recorded (rows removed from the end)
 */
export type ChainBreak = 'content-changed' | 'link-broken' | 'end-missing';

export interface RowRef {
  id: string;
  occurredAt: string;
}

export type ChainVerdict =
  | { ok: true; rows: number }
  | {
      ok: false;
      /** rows that verified before the break */
      rows: number;
      /** the first broken row (for end-missing: the last row there is, null when none is) */
      row: RowRef | null;
      problem: ChainBreak;
      detail: string;
    };

/**
 * Seals what is not sealed yet (audit/sealing.ts), then walks the whole chain in its order, in
 * one snapshot (appends, sealing and retention may run meanwhile), and names the first row that
 * breaks it.
 */
export async function verifyAuditChain(db: Kysely<Database>): Promise<ChainVerdict> {
  await sealAuditLog(db);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const chain = await trx.selectFrom('audit_chain').selectAll().executeTakeFirstOrThrow();
      let expected = chain.anchor_hash;
      let previous: RowRef | null = null;
      let after: string | null = null;
      let rows = 0;
      for (;;) {
        const batch = await trx
          .selectFrom('audit_log')
          .select(['id', 'occurred_at', 'municipality_id', 'actor', 'action', 'subject_type', 'subject_id', 'details', 'chain_seq', 'prev_hash', 'hash'])
          .where('chain_seq', 'is not', null)
          .$if(after !== null, (q) => q.where('chain_seq', '>', after!))
          .orderBy('chain_seq')
          .limit(BATCH)
          .execute();
        for (const row of batch) {
          const here: RowRef = { id: String(row.id), occurredAt: row.occurred_at.toISOString() };
          if (row.prev_hash !== expected) {
            const before = previous ? `row ${previous.id}` : 'the start of the log (its anchor)';
            return { ok: false, rows, row: here, problem: 'link-broken', detail: `prev_hash ${row.prev_hash} is not the hash of ${before}, ${expected}: a row before it was removed or rewritten` };
          }
          const actual = rowHash(row.prev_hash!, chainedContentOf(row));
          if (actual !== row.hash) {
            return { ok: false, rows, row: here, problem: 'content-changed', detail: `its content hashes to ${actual}, not to its stored hash ${row.hash}: the row was altered` };
          }
          expected = row.hash!;
          previous = here;
          after = String(row.chain_seq);
          rows += 1;
        }
        if (batch.length < BATCH) break;
      }
      if (expected !== chain.head_hash) {
        return {
          ok: false,
          rows,
          row: previous,
          problem: 'end-missing',
          detail: `the log ends ${previous ? `at row ${previous.id}` : 'empty'} but the last row sealed was row ${chain.head_id} (hash ${chain.head_hash}): rows were removed from the end`,
        };
      }
      return { ok: true, rows };
    });
}

/** One line for operators (the CLI, logs). */
export function verdictText(verdict: ChainVerdict): string {
  if (verdict.ok) return `audit log intact: ${verdict.rows} rows verified`;
  const where = verdict.row ? `row ${verdict.row.id} (occurred_at ${verdict.row.occurredAt})` : 'the log';
  return `audit log BROKEN at ${where}: ${verdict.problem}: ${verdict.detail}; ${verdict.rows} rows before it verified`;
}
