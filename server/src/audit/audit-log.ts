import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { rowHash, storedDetails } from './chain.js';

export interface AuditEvent {
  /** null: an installation-level event (staff login, platform administration, the log's own upkeep) */
  municipalityId: string | null;
  actor: string;
  action: string;
  subjectType: 'eservice' | 'submission' | 'municipality' | 'staff-member' | 'inbound-api-key' | 'staff-account' | 'operating-message' | 'draft' | 'contact-details' | 'audit-log' | 'identity-provider' | 'group-mapping' | 'person';
  /** A person ('person') by personnummer, the way the log names citizens as actors; a thing by its id */
  subjectId: string;
  details?: Record<string, unknown>;
}

/**
 * Appends to the audit log, linked to the row before it (audit/chain.ts). Call it inside the
 * transaction of the change it records, best as that transaction's last write: it locks the
 * chain's head until the transaction ends, so appends take turns and never share a prev_hash.
 * Outside a transaction it opens its own.
 */
export async function recordAudit(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((trx) => recordAudit(trx, event));
  const head = await db.selectFrom('audit_chain').select('head_hash').forUpdate().executeTakeFirstOrThrow();
  const row = {
    // taken once the head is ours, so the chain's times follow its order on one clock
    occurredAt: new Date(),
    municipalityId: event.municipalityId,
    actor: event.actor,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    details: storedDetails(event.details),
  };
  const hash = rowHash(head.head_hash, row);
  const { id } = await db
    .insertInto('audit_log')
    .values({
      occurred_at: row.occurredAt,
      municipality_id: row.municipalityId,
      actor: row.actor,
      action: row.action,
      subject_type: row.subjectType,
      subject_id: row.subjectId,
      details: row.details,
      prev_hash: head.head_hash,
      hash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('audit_chain').set({ head_id: id, head_hash: hash }).execute();
}

export async function auditTrail(db: Kysely<Database>, municipalityId: string, subjectType: string, subjectId: string) {
  return db
    .selectFrom('audit_log')
    .select(['occurred_at', 'actor', 'action', 'details'])
    .where('municipality_id', '=', municipalityId)
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute();
}
