import { bilingual, formatAmount } from '@etjanst/schemas';
import { notFound } from '../problems/problem.js';
import type { CaseMessage, CaseRecord, StatusChange } from './repository.js';

const RECEIPT_NUMBER = /^[A-Za-z0-9]{1,20}-\d{4}-\d{1,12}$/;

/** A receipt number from a path, or the 404 an unknown case gets (a malformed one is unknown too). */
export function receiptNumberParam(value: string): string {
  if (!RECEIPT_NUMBER.test(value)) throw caseNotFound();
  return value;
}

export const caseNotFound = () => notFound(bilingual('Ärendet', 'The case'));

/** One case as a list row, JSON-ready. */
export const caseSummaryJson = (record: CaseRecord) => ({
  receiptNumber: record.receiptNumber,
  eserviceId: record.eserviceId,
  eserviceTitle: record.eserviceTitle,
  departmentId: record.departmentId,
  version: record.version,
  submittedAt: record.submittedAt.toISOString(),
  status: record.status,
  channel: record.channel,
  applicantName: record.applicantName,
  assignee: record.assignee,
  unreadFromCitizen: record.unreadFromCitizen,
  payment: record.payment && {
    amount: formatAmount(record.payment.amountOre / 100),
    currency: 'SEK',
    paidAt: record.payment.paidAt?.toISOString() ?? null,
    refundedAt: record.payment.refundedAt?.toISOString() ?? null,
    refund: record.payment.refund,
  },
});

export const historyJson = (changes: StatusChange[]) =>
  changes.map((c) => ({ status: c.status, actorKind: c.actorKind, actorName: c.actorName, note: c.note, changedAt: c.changedAt.toISOString() }));

export const messagesJson = (messages: CaseMessage[]) =>
  messages.map((m) => ({ id: m.id, direction: m.direction, authorKind: m.authorKind, authorName: m.authorName, body: m.body, createdAt: m.createdAt.toISOString(), readAt: m.readAt?.toISOString() ?? null }));
