import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { LocalizedText } from '@etjanst/schemas';
import type { CaseActorKind, CaseChannel, CaseMessageDirection, CaseStatus, Database, RefundStatus } from '../db/tables.js';

/** A case as the inbox and the inbound API know it: a delivered submission and its handling. */
export interface CaseRecord {
  id: string;
  receiptNumber: string;
  eserviceId: string;
  eserviceTitle: LocalizedText;
  departmentId: string;
  version: number;
  submittedAt: Date;
  status: CaseStatus;
  channel: CaseChannel;
  applicantName: string | null;
  applicantPersonalIdentityNumber: string | null;
  organisationNumber: string | null;
  assignee: { id: string; name: string } | null;
  paperSummary: string | null;
  /** Messages from the citizen nobody in the municipality has read yet */
  unreadFromCitizen: number;
  /** The fee of a fee-carrying e-service (a case is delivered only once paid), and the latest refund a handler asked the provider for */
  payment: { amountOre: number; paidAt: Date | null; refundedAt: Date | null; refund: { status: RefundStatus; errorCode: string | null } | null } | null;
}

export interface CaseFilter {
  departmentId?: string | undefined;
  eserviceId?: string | undefined;
  status?: CaseStatus | undefined;
  /** Submitted on or after this day (YYYY-MM-DD, Swedish time) */
  from?: string | undefined;
  /** Submitted on or before this day (YYYY-MM-DD, Swedish time) */
  to?: string | undefined;
  receiptNumber?: string | undefined;
  /** At most this many (the newest); exports take all */
  limit?: number | undefined;
}

/** The latest refund of the submission a query is on (payment/: earlier ones all ended in ERROR). */
const latestRefund = (eb: ExpressionBuilder<Database, 'submissions'>) =>
  eb.selectFrom('refund_requests').whereRef('refund_requests.submission_id', '=', 'submissions.id').orderBy('refund_requests.created_at', 'desc').limit(1);

/**
 * Delivered cases of a municipality, newest first. Submissions still waiting for signatures
 * are not cases yet: nothing has been delivered to the municipality.
 */
export async function listCases(db: Kysely<Database>, municipalityId: string, filter: CaseFilter): Promise<CaseRecord[]> {
  let query = db
    .selectFrom('submissions')
    .innerJoin('eservices', (join) =>
      join.onRef('eservices.municipality_id', '=', 'submissions.municipality_id').onRef('eservices.id', '=', 'submissions.eservice_id'),
    )
    .innerJoin('eservice_versions', (join) =>
      join
        .onRef('eservice_versions.municipality_id', '=', 'submissions.municipality_id')
        .onRef('eservice_versions.eservice_id', '=', 'submissions.eservice_id')
        .onRef('eservice_versions.version', '=', 'submissions.version'),
    )
    .leftJoin('staff_accounts', 'staff_accounts.id', 'submissions.assigned_to')
    .select((eb) => [
      'submissions.id',
      'submissions.receipt_number',
      'submissions.eservice_id',
      'eservices.department_id',
      'submissions.version',
      'submissions.submitted_at',
      'submissions.case_status',
      'submissions.channel',
      'submissions.applicant_name',
      'submissions.applicant_personal_identity_number',
      'submissions.organisation_number',
      'submissions.paper_summary',
      'submissions.fee_ore',
      'submissions.paid_at',
      'submissions.refunded_at',
      'staff_accounts.id as assignee_id',
      'staff_accounts.display_name as assignee_name',
      'eservice_versions.title',
      eb
        .selectFrom('case_messages')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('case_messages.submission_id', '=', 'submissions.id')
        .where('case_messages.municipality_id', '=', municipalityId)
        .where('case_messages.direction', '=', 'from-citizen')
        .where('case_messages.read_at', 'is', null)
        .as('unread'),
      latestRefund(eb).select('refund_requests.status').as('refund_status'),
      latestRefund(eb).select('refund_requests.error_code').as('refund_error_code'),
    ])
    .where('submissions.municipality_id', '=', municipalityId)
    .where('submissions.state', '=', 'submitted');
  if (filter.departmentId !== undefined) query = query.where('eservices.department_id', '=', filter.departmentId);
  if (filter.eserviceId !== undefined) query = query.where('submissions.eservice_id', '=', filter.eserviceId);
  if (filter.status !== undefined) query = query.where('submissions.case_status', '=', filter.status);
  if (filter.receiptNumber !== undefined) query = query.where('submissions.receipt_number', '=', filter.receiptNumber);
  if (filter.from !== undefined) query = query.where(sql<boolean>`(submissions.submitted_at at time zone 'Europe/Stockholm')::date >= ${filter.from}::date`);
  if (filter.to !== undefined) query = query.where(sql<boolean>`(submissions.submitted_at at time zone 'Europe/Stockholm')::date <= ${filter.to}::date`);
  let ordered = query.orderBy('submissions.submitted_at', 'desc').orderBy('submissions.receipt_number', 'desc');
  if (filter.limit !== undefined) ordered = ordered.limit(filter.limit);
  const rows = await ordered.execute();
  return rows.map((row) => ({
    id: row.id,
    receiptNumber: row.receipt_number,
    eserviceId: row.eservice_id,
    eserviceTitle: row.title,
    departmentId: row.department_id,
    version: row.version,
    submittedAt: row.submitted_at,
    status: row.case_status,
    channel: row.channel,
    applicantName: row.applicant_name,
    applicantPersonalIdentityNumber: row.applicant_personal_identity_number,
    organisationNumber: row.organisation_number,
    assignee: row.assignee_id && row.assignee_name ? { id: row.assignee_id, name: row.assignee_name } : null,
    paperSummary: row.paper_summary,
    unreadFromCitizen: Number(row.unread ?? 0), // bigint as a string on pg
    payment:
      row.fee_ore === null
        ? null
        : { amountOre: Number(row.fee_ore), paidAt: row.paid_at, refundedAt: row.refunded_at, refund: row.refund_status ? { status: row.refund_status, errorCode: row.refund_error_code ?? null } : null },
  }));
}

export async function findCaseByReceiptNumber(db: Kysely<Database>, municipalityId: string, receiptNumber: string, departmentId?: string): Promise<CaseRecord | undefined> {
  const [found] = await listCases(db, municipalityId, { receiptNumber, departmentId });
  return found;
}

export interface NewStatusChange {
  submissionId: string;
  status: CaseStatus;
  actorKind: CaseActorKind;
  actorName: string;
  note?: string | undefined;
}

/** Adds a status change to the case's history, without touching its current status. */
export async function insertStatusHistory(db: Kysely<Database>, municipalityId: string, change: NewStatusChange): Promise<void> {
  await db.insertInto('case_status_changes').values(statusHistoryRow(municipalityId, change)).execute();
}

/** The case_status_changes row of a change (insertStatusHistory's, or one statement's part). */
export const statusHistoryRow = (municipalityId: string, change: NewStatusChange) => ({
  municipality_id: municipalityId,
  submission_id: change.submissionId,
  status: change.status,
  actor_kind: change.actorKind,
  actor_name: change.actorName,
  note: change.note ?? null,
});

/** Records a status change and makes it the case's current status (call inside a transaction). */
export async function insertStatusChange(db: Kysely<Database>, municipalityId: string, change: NewStatusChange): Promise<void> {
  await insertStatusHistory(db, municipalityId, change);
  await db
    .updateTable('submissions')
    .set({ case_status: change.status })
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', change.submissionId)
    .execute();
}

export interface StatusChange {
  status: CaseStatus;
  actorKind: CaseActorKind;
  actorName: string;
  note: string | null;
  changedAt: Date;
}

/** A case's status history, oldest first. */
export async function listStatusChanges(db: Kysely<Database>, municipalityId: string, submissionId: string): Promise<StatusChange[]> {
  const rows = await db
    .selectFrom('case_status_changes')
    .select(['status', 'actor_kind', 'actor_name', 'note', 'changed_at'])
    .where('municipality_id', '=', municipalityId)
    .where('submission_id', '=', submissionId)
    .orderBy('changed_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ status: r.status, actorKind: r.actor_kind, actorName: r.actor_name, note: r.note, changedAt: r.changed_at }));
}

export interface NewCaseMessage {
  submissionId: string;
  direction: CaseMessageDirection;
  authorKind: 'handler' | 'system' | 'citizen';
  authorName: string;
  body: string;
}

export interface CaseMessage {
  id: string;
  direction: CaseMessageDirection;
  authorKind: 'handler' | 'system' | 'citizen';
  authorName: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

const toMessage = (r: { id: string; direction: CaseMessageDirection; author_kind: CaseMessage['authorKind']; author_name: string; body: string; created_at: Date; read_at: Date | null }): CaseMessage => ({
  id: r.id,
  direction: r.direction,
  authorKind: r.author_kind,
  authorName: r.author_name,
  body: r.body,
  createdAt: r.created_at,
  readAt: r.read_at,
});

export async function insertMessage(db: Kysely<Database>, municipalityId: string, message: NewCaseMessage): Promise<CaseMessage> {
  const row = await db
    .insertInto('case_messages')
    .values({
      municipality_id: municipalityId,
      submission_id: message.submissionId,
      direction: message.direction,
      author_kind: message.authorKind,
      author_name: message.authorName,
      body: message.body,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMessage(row);
}

/** A case's messages both ways, oldest first. */
export async function listMessages(db: Kysely<Database>, municipalityId: string, submissionId: string): Promise<CaseMessage[]> {
  const rows = await db
    .selectFrom('case_messages')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('submission_id', '=', submissionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toMessage);
}

/** Marks the messages that came in one direction as read; returns how many were unread. */
export async function markMessagesRead(db: Kysely<Database>, municipalityId: string, submissionId: string, direction: CaseMessageDirection): Promise<number> {
  const result = await db
    .updateTable('case_messages')
    .set({ read_at: new Date() })
    .where('municipality_id', '=', municipalityId)
    .where('submission_id', '=', submissionId)
    .where('direction', '=', direction)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function setAssignee(db: Kysely<Database>, municipalityId: string, submissionId: string, staffMemberId: string | null): Promise<void> {
  await db.updateTable('submissions').set({ assigned_to: staffMemberId }).where('municipality_id', '=', municipalityId).where('id', '=', submissionId).execute();
}

export interface CaseAttachment {
  id: string;
  fieldPath: string;
  name: string;
  mediaType: string;
  size: number;
}

/** The files a submission carries (their descriptions; the bytes are fetched one by one). */
export async function listCaseAttachments(db: Kysely<Database>, municipalityId: string, submissionId: string): Promise<CaseAttachment[]> {
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'field_path', 'original_name', 'media_type', 'size'])
    .where('municipality_id', '=', municipalityId)
    .where('submission_id', '=', submissionId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, fieldPath: r.field_path, name: r.original_name, mediaType: r.media_type, size: r.size }));
}
