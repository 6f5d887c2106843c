import { getJson, postJson, segment } from '../shared/api';

export const CASE_STATUSES = ['received', 'in-progress', 'more-information-needed', 'decided', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const isCaseStatus = (value: string): value is CaseStatus => (CASE_STATUSES as readonly string[]).includes(value);

export interface StatusChange {
  status: CaseStatus;
  actorKind: 'platform' | 'handler' | 'system';
  /** Not given to the citizen */
  actorName?: string;
  note: string | null;
  changedAt: string;
}

export interface CaseMessage {
  id: string;
  direction: 'to-citizen' | 'from-citizen';
  authorKind: 'handler' | 'system' | 'citizen';
  authorName: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

/** The citizen's case as GET /api/me/submissions/{id}/case describes it. */
export interface OwnCase {
  receiptNumber: string;
  status: CaseStatus;
  history: StatusChange[];
  messages: CaseMessage[];
}

const casePath = (submissionId: string) => `/api/me/submissions/${segment(submissionId)}/case`;

export const fetchOwnCase = (submissionId: string, signal?: AbortSignal) => getJson<OwnCase>(casePath(submissionId), signal);

export const replyToCase = (submissionId: string, body: string) => postJson<CaseMessage>(`${casePath(submissionId)}/messages`, { body });

export const markCaseMessagesRead = (submissionId: string) => postJson<{ marked: number }>(`${casePath(submissionId)}/messages/read`);
