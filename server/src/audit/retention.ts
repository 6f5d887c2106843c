import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/tables.js';
import { PeriodicJob } from '../jobs/periodic-job.js';
import { recordAudit } from './audit-log.js';

/** Ten years, unless AUDIT_RETENTION_DAYS says otherwise. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 3650;

const DAY_MS = 86_400_000;

/**
 * Removes the rows older than the retention period from the start of the chain (sealed rows, in
 * chain order), at most `batch` per transaction, and moves the chain's anchor to the hash of the last row removed, so the
 * first remaining row still verifies. Only a prefix goes: the walk stops at the first row that
 * is kept, whatever times come after it. Each removal is itself an audit event. Returns the
 * number of rows removed.
 */
export async function removeExpiredAuditRows(db: Kysely<Database>, retentionDays: number, now = new Date(), batch = 10_000): Promise<number> {
  const olderThan = new Date(now.getTime() - retentionDays * DAY_MS);
  let total = 0;
  for (;;) {
    const pass = await db.transaction().execute(async (trx) => {
      // sealing waits meanwhile: the anchor and the rows move together
      await trx.selectFrom('audit_chain').select('anchor_hash').forUpdate().executeTakeFirstOrThrow();
      const oldest = await trx
        .selectFrom('audit_log')
        .select(['id', 'chain_seq', 'hash', 'occurred_at'])
        .where('chain_seq', 'is not', null)
        .orderBy('chain_seq')
        .limit(batch)
        .execute();
      const kept = oldest.findIndex((row) => row.occurred_at >= olderThan);
      const expired = kept === -1 ? oldest : oldest.slice(0, kept);
      const last = expired.at(-1);
      if (!last) return { removed: 0, more: false };
      // the append-only trigger lets this transaction, and only it, delete
      await sql`select set_config('etjanst.audit_retention', 'on', true)`.execute(trx);
      const { numDeletedRows } = await trx.deleteFrom('audit_log').where('chain_seq', '<=', last.chain_seq).executeTakeFirstOrThrow();
      await trx.updateTable('audit_chain').set({ anchor_hash: last.hash! }).execute();
      await recordAudit(trx, {
        municipalityId: null,
        actor: 'system:audit-retention',
        action: 'audit.rows-removed',
        subjectType: 'audit-log',
        subjectId: 'installation',
        details: { removed: Number(numDeletedRows), olderThan: olderThan.toISOString(), retentionDays, lastRemovedId: String(last.id), anchorHash: last.hash },
      });
      // a whole batch expired: there may be more behind it
      return { removed: Number(numDeletedRows), more: expired.length === batch };
    });
    total += pass.removed;
    if (!pass.more) return total;
  }
}

/**
 * Applies the retention period on a timer the app starts and stops (hourly: a pass that finds
 * nothing to remove reads one row). The timer never keeps the process alive.
 */
export class AuditRetention extends PeriodicJob<number> {
  constructor(db: Kysely<Database>, logger: Logger, options: { retentionDays: number; intervalMs?: number }) {
    super({
      job: 'audit-retention',
      name: 'audit retention',
      db,
      intervalMs: options.intervalMs ?? 3600_000,
      logger,
      failed: 0,
      pass: async (now) => {
        const count = await removeExpiredAuditRows(db, options.retentionDays, now);
        if (count > 0) logger.info({ auditRows: count, retentionDays: options.retentionDays }, 'audit rows past retention removed');
        return count;
      },
    });
  }
}
