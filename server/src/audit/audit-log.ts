import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';

export interface AuditEvent {
  /** null for installation-level events (a local administrator's login, the admin CLI) */
  municipalityId: string | null;
  actor: string;
  action: string;
  subjectType: 'eservice' | 'submission' | 'municipality' | 'staff-member' | 'inbound-api-key' | 'staff-account' | 'operating-message';
  subjectId: string;
  details?: Record<string, unknown>;
}

/** Appends to the audit log; called inside the transaction of the change it records. */
export async function recordAudit(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      municipality_id: event.municipalityId,
      actor: event.actor,
      action: event.action,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      details: event.details ?? {},
    })
    .execute();
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
