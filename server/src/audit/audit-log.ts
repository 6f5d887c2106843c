import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { storedDetails } from './chain.js';

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
 * Appends to the audit log. Call it inside the transaction of the change it records, so the
 * row commits with the change or not at all. The row is unsealed until the sealer links it into
 * the hash chain (audit/sealing.ts), a second or so later: the append takes no lock, so
 * transactions that record events (every submission) never wait for each other here.
 */
export async function recordAudit(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(event)).execute();
}

/** The audit_log row of an event (recordAudit's, or one statement's part, as a submission's). */
export function auditRow(event: AuditEvent) {
  return {
    // the app takes the time at millisecond precision: it is hashed as ISO text when sealed
    occurred_at: new Date(),
    municipality_id: event.municipalityId,
    actor: event.actor,
    action: event.action,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    details: storedDetails(event.details),
  };
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
