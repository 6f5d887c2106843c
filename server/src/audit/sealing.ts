import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
import { PeriodicJob } from '../jobs/periodic-job.js';
import { chainedContentOf, rowHash } from './chain.js';

const BATCH = 1000;

/**
 * Seals the audit log: links the committed rows not yet in the hash chain to its head, in id
 * order, each with its place (chain_seq), the hash before it and its own (audit/chain.ts), and
 * moves the head. One sealer at a time holds the head (the chain's one row); with `wait: false`
 * a pass that finds another sealer at work leaves it to that one. Returns the rows sealed.
 *
 * Appends commit unsealed and are sealed here, not in their own transactions, so they never
 * queue on the head. The price is a short window (until the next pass, about a second) in
 * which a row is stored but not yet protected by the chain.
 */
export async function sealAuditLog(db: Kysely<Database>, { wait = true }: { wait?: boolean } = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await db.transaction().execute(async (trx) => {
      const locking = trx.selectFrom('audit_chain').select(['head_hash', 'head_seq']).forUpdate();
      const head = await (wait ? locking : locking.skipLocked()).executeTakeFirst();
      if (!head) return 0;
      const rows = await trx
        .selectFrom('audit_log')
        .select(['id', 'occurred_at', 'municipality_id', 'actor', 'action', 'subject_type', 'subject_id', 'details'])
        .where('chain_seq', 'is', null)
        .orderBy('id')
        .limit(BATCH)
        .execute();
      const last = rows.at(-1);
      if (!last) return 0;
      let prevHash = head.head_hash;
      let seq = Number(head.head_seq);
      const links = rows.map((row) => {
        const hash = rowHash(prevHash, chainedContentOf(row));
        const link = sql`(${String(row.id)}::bigint, ${++seq}::bigint, ${prevHash}, ${hash})`;
        prevHash = hash;
        return link;
      });
      await sql`update audit_log set chain_seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
        from (values ${sql.join(links)}) as v (id, seq, prev_hash, hash) where audit_log.id = v.id`.execute(trx);
      await trx.updateTable('audit_chain').set({ head_id: String(last.id), head_hash: prevHash, head_seq: seq }).execute();
      return rows.length;
    });
    total += sealed;
    if (sealed < BATCH) return total;
  }
}

/**
 * Seals the audit log every second, on a timer the process starts and stops; every server and
 * worker runs one, and a pass that finds another instance sealing leaves the work to it.
 */
export class AuditSealing extends PeriodicJob<number> {
  constructor(db: Kysely<Database>, logger: Logger, options: { intervalMs?: number } = {}) {
    super({ job: 'audit-sealing', name: 'audit sealing', db, intervalMs: options.intervalMs ?? 1000, logger, failed: 0, pass: () => sealAuditLog(db, { wait: false }) });
  }
}
